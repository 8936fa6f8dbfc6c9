import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { type BallotFile, countBallotFile, readBallotFile } from './ballot-file.ts';
import { bltRankedBallots, readBlt } from './blt.ts';
import { display } from './choice/common.ts';
import { countChoice } from './choice/count.ts';
import type { DecisionResult } from './choice/decision.ts';
import { percent } from './choice/share.ts';
import type { ChoiceResult } from './choice/types.ts';
import { BALLOT_KINDS, isChoiceMethod } from './choice/types.ts';
import type { CliIo } from './cli.ts';
import type { CommitteeOutcome, PbOutcome, PbStep } from './pb/index.ts';
import * as Q from './rational.ts';
import { countRankedChoice, renderRoundsTable } from './rcv/index.ts';

const usage = 'usage: mutual tally --ballots FILE [--method METHOD] [--format json]';

/**
 * `mutual tally --ballots FILE [--method METHOD] [--format json]`: re-counts a Mutual published-ballot
 * file (JSON) or a BLT file. BLT files are counted by IRV (one seat) or STV unless a method is given.
 * Returns the exit code: 0 counted, 1 the file cannot be counted, 2 bad arguments.
 */
export async function ballotsCommand(args: string[], io: CliIo): Promise<number> {
  let values: { ballots?: string; method?: string; format?: string };
  try {
    values = parseArgs({
      args,
      options: { ballots: { type: 'string' }, method: { type: 'string' }, format: { type: 'string' } },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (error) {
    io.stderr(`${firstLine(error)}\n${usage}\n`);
    return 2;
  }
  const { ballots: path, method, format } = values;
  if (!path || (format !== undefined && format !== 'json' && format !== 'table')) {
    io.stderr(`${usage}\n`);
    return 2;
  }
  try {
    const text = await readFile(path, 'utf8');
    const report = text.trimStart().startsWith('{') ? countPublished(text, method) : countBlt(text, method);
    io.stdout(format === 'json' ? `${toJsonText(report.json)}\n` : report.table);
    return 0;
  } catch (error) {
    io.stderr(`mutual tally: ${path}: ${firstLine(error)}\n`);
    return 1;
  }
}

type Report = { json: unknown; table: string };

function countPublished(text: string, method: string | undefined): Report {
  const file = readBallotFile(text);
  const counted = countBallotFile(file, method === undefined ? {} : { method });
  const title = `${file.contest.title} (${file.contest.id})`;
  const names = new Map(file.options.map((o) => [o.id, o.name ?? o.id]));
  const json = { contest: file.contest, ...counted };
  const notes = counted.ignoredRules
    ? [`Rules not used by ${counted.method}: ${counted.ignoredRules.join(', ')}`]
    : [];
  switch (counted.kind) {
    case 'decision':
      return { json, table: decisionTable(title, counted.result, notes) };
    case 'choice':
      return { json, table: choiceTable(title, counted.result, names, notes) };
    case 'ranked-choice':
      return { json, table: renderRoundsTable(counted.result, `${title} — ${counted.method}`) };
    case 'pb':
      return { json, table: budgetTable(title, file, counted.result, notes) };
    case 'committee':
      return { json, table: committeeTable(title, counted.result, names, notes) };
  }
}

const MAX_STEP_LINES = 40;

function stepLines(lines: string[]): string[] {
  if (lines.length <= MAX_STEP_LINES) return lines;
  return [
    ...lines.slice(0, MAX_STEP_LINES),
    `  … ${lines.length - MAX_STEP_LINES} more steps (--format json has them all)`,
  ];
}

function describePbStep(step: PbStep): string {
  switch (step.kind) {
    case 'greedy':
      return `  ${step.phase}: ${step.project} (${step.votes} votes, cost ${step.cost}) ${step.funded ? 'funded' : 'does not fit'}, ${step.remaining} left`;
    case 'free':
      return `  ${step.project} costs nothing: funded`;
    case 'equal-shares':
      return `  round ${step.round}: ${step.project} funded, effective votes ${step.effectiveVotes}, pays at most ${step.maxPayment}${step.tiedWith.length > 0 ? ` (tied with ${step.tiedWith.join(', ')}; decided by ${step.decidedBy})` : ''}`;
    case 'budget-step':
      return `  per-voter budget ${step.perVoter}: ${step.funded} funded, cost ${step.cost} — ${step.result}`;
    case 'seq-phragmen':
      return `  ${step.project}: load ${step.load}, ${step.funded ? 'funded' : 'does not fit'}`;
    case 'comparison':
      return `  ${step.prefersRule} voters prefer this outcome, ${step.prefersGreedy} the greedy one${step.switchedToGreedy ? ': switched to greedy' : ''}`;
  }
}

function budgetTable(title: string, file: BallotFile, r: PbOutcome, notes: string[]): string {
  const funded = new Set(r.selected);
  const approvals = new Map<string, number>();
  for (const b of file.ballots)
    for (const id of b.approve ?? []) approvals.set(id, (approvals.get(id) ?? 0) + (b.weight ?? 1));
  const width = Math.max(6, ...file.options.map((o) => (o.name ?? o.id).length));
  const e = r.explanation;
  const lines = [
    title,
    `Participatory budget: rule ${r.rule}${r.rule === 'greedy' ? '' : ` (${e.utility} utilities)`}, budget ${e.budget}, ${e.voters} voters`,
    ...notes,
    '',
    row(['', 'option', 'cost', 'approvals'], [6, width, 10, 9]),
    ...file.options.map((o) =>
      row(
        [
          funded.has(o.id) ? 'funded' : '',
          o.name ?? o.id,
          String(o.cost ?? 0),
          String(approvals.get(o.id) ?? 0),
        ],
        [6, width, 10, 9],
      ),
    ),
    '',
    `Spent ${r.cost} of ${e.budget}.`,
    ...stepLines(e.steps.map(describePbStep)),
    ...e.notes.map((n) => `Note: ${n}`),
  ];
  return `${lines.map((l) => l.trimEnd()).join('\n')}\n`;
}

function committeeTable(
  title: string,
  r: CommitteeOutcome,
  names: ReadonlyMap<string, string>,
  notes: string[],
): string {
  const name = (id: string) => names.get(id) ?? id;
  const lines = [
    title,
    `Committee: rule ${r.rule}, ${r.seats} seat${r.seats === 1 ? '' : 's'}`,
    ...notes,
    `Elected: ${r.committee.map(name).join(', ')}`,
    ...stepLines(
      r.explanation.steps.map(
        (s) =>
          `  ${s.phase}: ${name(s.candidate)} ${s.value}${s.tiedWith.length > 0 ? ` (tied with ${s.tiedWith.map(name).join(', ')})` : ''}`,
      ),
    ),
    ...r.explanation.notes.map((n) => `Note: ${n}`),
  ];
  return `${lines.join('\n')}\n`;
}

function countBlt(text: string, method: string | undefined): Report {
  const blt = readBlt(text);
  const title = blt.title || 'BLT election';
  const chosen = method ?? (blt.seats === 1 ? 'irv' : 'stv');
  if (chosen === 'irv' || chosen === 'stv') {
    const withdrawn = new Set(blt.withdrawn);
    const result = countRankedChoice({
      candidates: blt.candidates.map((name, i) => (withdrawn.has(i + 1) ? { name, excluded: true } : name)),
      ballots: blt.ballots.map((b) => ({
        ranks: b.ranking.map((tier) => tier.map((k) => blt.candidates[k - 1]!)),
        count: b.weight,
      })),
      rules: {
        winnerElectionMode:
          chosen === 'irv' ? 'singleWinnerMajority' : 'multiWinnerAllowMultipleWinnersPerRound',
        numberOfWinners: chosen === 'irv' ? 1 : blt.seats,
        tiebreakMode: 'useCandidateOrder',
      },
    });
    return {
      json: { title, seats: blt.seats, method: chosen, result },
      table: renderRoundsTable(
        result,
        `${title} — ${chosen}, ${blt.seats} seat${blt.seats === 1 ? '' : 's'}`,
      ),
    };
  }
  if (!isChoiceMethod(chosen) || !BALLOT_KINDS[chosen].includes('ranking')) {
    throw new Error(`method "${chosen}" cannot count the ranked ballots of a BLT file`);
  }
  const { options, ballots } = bltRankedBallots(blt);
  const result = countChoice({
    method: chosen,
    options,
    ballots,
    rules: { seats: Math.min(blt.seats, options.length) },
  });
  return {
    json: { title, seats: blt.seats, method: chosen, result },
    table: choiceTable(title, result, new Map(), []),
  };
}

function decisionTable(title: string, r: DecisionResult, notes: string[]): string {
  const lines = [title, `Decision: ${r.outcome.toUpperCase()}`, ...notes, ''];
  if (r.classes.length > 1 || r.weighted) {
    lines.push(
      row(['class', 'eligible', 'yes', 'no', 'abstain', 'turnout', 'share'], [10, 8, 6, 6, 7, 8, 8]),
      ...r.classes.map((c) =>
        row(
          [
            c.class,
            c.eligible.toString(),
            c.counts.yes.toString(),
            c.counts.no.toString(),
            c.counts.abstain.toString(),
            c.turnout ? percent(c.turnout.exact, 1) : '-',
            c.share ? percent(c.share.exact, 1) : '-',
          ],
          [10, 8, 6, 6, 7, 8, 8],
        ),
      ),
      '',
    );
  }
  lines.push(...r.explanation);
  return `${lines.join('\n')}\n`;
}

function choiceTable(
  title: string,
  r: ChoiceResult,
  names: ReadonlyMap<string, string>,
  notes: string[],
): string {
  const name = (id: string) => names.get(id) ?? id;
  const tierOf = new Map(r.ranking.flatMap((tier, i) => tier.map((o) => [o, i + 1] as const)));
  const width = Math.max(6, ...r.options.map((o) => name(o).length));
  const lines = [
    title,
    `Method: ${r.method}${r.variant ? ` (${r.variant})` : ''}, ${r.seats} seat${r.seats === 1 ? '' : 's'}`,
    ...notes,
    '',
    row(['place', 'option', r.scores ? 'score' : '', ''], [5, width, 12, 7]),
    ...r.order.map((o, i) =>
      row(
        [
          String(tierOf.get(o) ?? i + 1),
          name(o),
          r.scores?.[o] ? display(r.scores[o].exact) : '',
          r.winners.includes(o) ? 'elected' : '',
        ],
        [5, width, 12, 7],
      ),
    ),
    '',
    ...r.explanation,
  ];
  return `${lines.map((l) => l.trimEnd()).join('\n')}\n`;
}

function row(cells: string[], widths: number[]): string {
  return cells.map((c, i) => (i === 1 || i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
}

/** JSON with exact numbers: rationals as "num/den" text, other bigints as decimal text. */
export function toJsonText(value: unknown): string {
  return JSON.stringify(
    value,
    (_key, v: unknown) => (Q.isRational(v) ? Q.toString(v) : typeof v === 'bigint' ? v.toString() : v),
    2,
  );
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0] ?? message;
}
