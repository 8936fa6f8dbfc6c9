// `mutual tally --pb FILE.pb [--rule …] [--utility …] [--format json]`: re-counts a participatory budget
// from its Pabulib file.

import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import type { CliIo } from '../cli.ts';
import { PbFormatError, type PbInstance, readPbFile } from './pb-file.ts';
import { type PbOutcome, type PbRule, type PbStep, runPbRule } from './rules.ts';

const cliRules = ['greedy', 'equalshares', 'equalshares/add1'] as const;
const usage =
  'usage: mutual tally --pb FILE.pb [--rule greedy|equalshares|equalshares/add1] [--utility cost|cardinality] [--format json]';

export async function pbCommand(args: string[], io: CliIo): Promise<number> {
  let values: { pb?: string; rule?: string; utility?: string; format?: string };
  try {
    values = parseArgs({
      args,
      options: {
        pb: { type: 'string' },
        rule: { type: 'string' },
        utility: { type: 'string' },
        format: { type: 'string' },
      },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (error) {
    io.stderr(`${error instanceof Error ? error.message : String(error)}\n${usage}\n`);
    return 2;
  }
  if (!values.pb) {
    io.stderr(`--pb needs a file\n${usage}\n`);
    return 2;
  }
  if (values.format !== undefined && values.format !== 'json' && values.format !== 'text') {
    io.stderr(`--format must be json or text, not "${values.format}"\n`);
    return 2;
  }
  if (values.utility !== undefined && values.utility !== 'cost' && values.utility !== 'cardinality') {
    io.stderr(`--utility must be cost or cardinality, not "${values.utility}"\n`);
    return 2;
  }
  if (values.rule !== undefined && !(cliRules as readonly string[]).includes(values.rule)) {
    io.stderr(`--rule must be one of ${cliRules.join(', ')}, not "${values.rule}"\n`);
    return 2;
  }

  let instance: PbInstance;
  try {
    instance = readPbFile(await readFile(values.pb, 'utf8'));
  } catch (error) {
    const reason =
      error instanceof PbFormatError
        ? error.message
        : error instanceof Error && 'code' in error && error.code === 'ENOENT'
          ? 'no such file'
          : error instanceof Error
            ? error.message
            : String(error);
    io.stderr(`${values.pb}: ${reason}\n`);
    return 1;
  }

  const rule = (values.rule ?? instance.meta['rule']) as string | undefined;
  if (!rule || !(cliRules as readonly string[]).includes(rule)) {
    io.stderr(
      `${values.pb}: the file names no rule this tool counts (META rule is "${rule ?? ''}"); choose one with --rule\n`,
    );
    return 1;
  }
  const outcome = runPbRule(instance, {
    rule: rule as PbRule,
    utility: values.utility as 'cost' | 'cardinality',
  });

  if (values.format === 'json') {
    io.stdout(
      `${JSON.stringify({ rule: outcome.rule, selected: outcome.selected, cost: outcome.cost }, null, 2)}\n`,
    );
    return 0;
  }
  for (const warning of instance.warnings.slice(0, 5)) io.stderr(`warning: ${warning}\n`);
  if (instance.warnings.length > 5) io.stderr(`warning: … and ${instance.warnings.length - 5} more\n`);
  io.stdout(formatOutcome(instance, outcome));
  return 0;
}

function table(rows: string[][], rightAligned: Set<number>): string {
  const widths = rows[0]?.map((_, c) => Math.max(...rows.map((r) => [...(r[c] ?? '')].length))) ?? [];
  return rows
    .map((row) =>
      row
        .map((cell, c) => {
          const pad = ' '.repeat((widths[c] ?? 0) - [...cell].length);
          return rightAligned.has(c) ? pad + cell : cell + pad;
        })
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

function shorten(text: string, length: number): string {
  const chars = [...text];
  return chars.length <= length ? text : `${chars.slice(0, length - 1).join('')}…`;
}

// A report for people: the projects with their votes and whether they are funded, then how the rule got
// there in a few lines.
export function formatOutcome(instance: PbInstance, outcome: PbOutcome): string {
  const { explanation } = outcome;
  const funded = new Set(outcome.selected);
  const votes = new Map<string, number>();
  for (const vote of instance.votes) for (const id of vote.projects) votes.set(id, (votes.get(id) ?? 0) + 1);
  const title = [instance.meta['description'], instance.meta['instance']].filter(Boolean).join(' — ');
  const lines: string[] = [];
  if (title) lines.push(title);
  lines.push(
    `rule: ${outcome.rule}${outcome.rule === 'greedy' ? '' : ` (${explanation.utility} utilities)`}`,
    `budget: ${explanation.budget}   voters: ${explanation.voters}   projects: ${instance.projects.length}`,
    '',
  );
  const ordered = [...instance.projects].sort(
    (a, b) =>
      Number(funded.has(b.id)) - Number(funded.has(a.id)) || (votes.get(b.id) ?? 0) - (votes.get(a.id) ?? 0),
  );
  lines.push(
    table(
      [
        ['', 'project', 'cost', 'votes', 'name'],
        ...ordered.map((p) => [
          funded.has(p.id) ? '✓' : ' ',
          p.id,
          p.cost,
          String(votes.get(p.id) ?? 0),
          shorten(p.fields['name'] ?? '', 60),
        ]),
      ],
      new Set([2, 3]),
    ),
    '',
    `funded: ${outcome.selected.length} project${outcome.selected.length === 1 ? '' : 's'}, cost ${outcome.cost} of ${explanation.budget}`,
  );
  lines.push(...describeSteps(explanation.steps), ...explanation.notes.map((n) => `note: ${n}`));
  return `${lines.join('\n')}\n`;
}

function describeSteps(steps: PbStep[]): string[] {
  const lines: string[] = [];
  const budgetSteps = steps.filter((s) => s.kind === 'budget-step');
  if (budgetSteps.length > 0) {
    const kept = budgetSteps.filter((s) => s.result !== 'overspends');
    const last = kept[kept.length - 1];
    const stop = budgetSteps.find((s) => s.result === 'overspends');
    lines.push(
      `per-voter budget: raised from ${budgetSteps[0]?.perVoter} to ${last?.perVoter} in ${kept.length - 1} steps` +
        (stop ? `; at ${stop.perVoter} the outcome would cost ${stop.cost} (over budget)` : ''),
    );
  }
  const rounds = steps.filter((s) => s.kind === 'equal-shares');
  if (rounds.length > 0) {
    lines.push('equal shares rounds:');
    for (const r of rounds) {
      const tie =
        r.tiedWith.length > 0 ? `  (tied with ${r.tiedWith.join(', ')}; decided by ${r.decidedBy})` : '';
      lines.push(
        `  ${r.round}. ${r.project}: effective votes ${r.effectiveVotes}, pays at most ${r.maxPayment}${tie}`,
      );
    }
  }
  const completion = steps.filter((s) => s.kind === 'greedy' && s.phase === 'completion' && s.funded);
  if (completion.length > 0) {
    lines.push(
      `completed by votes with: ${completion.map((s) => (s.kind === 'greedy' ? s.project : '')).join(', ')}`,
    );
  }
  for (const s of steps) {
    if (s.kind === 'comparison') {
      lines.push(
        `comparison with greedy: ${s.prefersRule} voters prefer this outcome, ${s.prefersGreedy} prefer greedy` +
          (s.switchedToGreedy ? ' — switched to the greedy outcome' : ''),
      );
    }
  }
  return lines;
}
