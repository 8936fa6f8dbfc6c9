// Conformance with the public Pabulib reference data (../shared/conformance/pabulib): (a) real city
// instances against the outcome the city used, (b) every case of expected_outcomes.json.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { conformancePath } from '../../../../test/conformance.ts';
import { chooseAmongTied } from './equal-shares.ts';
import { createApprovalInstance, readPbFile } from './pb-file.ts';
import { type PbRuleOptions, runPbRule } from './rules.ts';

const root = conformancePath('pabulib');

type Official = {
  file: string;
  rule_in_meta: string;
  budget: string;
  num_projects: number;
  num_voters: number;
  selected: string[];
  total_cost_selected: number;
};
type Handmade = {
  name: string;
  projects: Record<string, number>;
  budget: number;
  ballots: string[][];
  expected: Record<string, string[][]>;
};
type TieExample = {
  tied: { id: string; cost: number; initial_votes: number; effective: number }[];
  select: string;
};
type Expected = {
  pabulib_official: Official[];
  handmade_pabutools: Handmade[];
  tiebreak_equalshares_net: { rule: string; examples: TieExample[] }[];
};

const expected: Expected | null = root
  ? (JSON.parse(readFileSync(join(root, 'expected_outcomes.json'), 'utf8')) as Expected)
  : null;
const suite = expected ? describe : describe.skip;

const sorted = (ids: string[]) => [...ids].sort();

suite('Pabulib real instances: the official outcome', () => {
  for (const entry of expected?.pabulib_official ?? []) {
    it(`${entry.file} (${entry.rule_in_meta}, ${entry.num_voters} voters)`, () => {
      const instance = readPbFile(readFileSync(join(root as string, entry.file), 'utf8'));
      expect(instance.budget).toBe(entry.budget);
      expect(instance.projects).toHaveLength(entry.num_projects);
      expect(instance.votes).toHaveLength(entry.num_voters);
      const outcome = runPbRule(instance, { rule: instance.meta['rule'] as 'greedy' });
      expect(sorted(outcome.selected)).toEqual(sorted(entry.selected));
      expect(outcome.cost).toBe(String(entry.total_cost_selected));
      // The file's own `selected` column says the same.
      const marked = instance.projects.filter((p) => p.fields['selected'] === '1').map((p) => p.id);
      expect(sorted(outcome.selected)).toEqual(sorted(marked));
    });
  }
});

// Each expected key names a rule variant (pabutools' test names); `same_with_*` keys modify the last key
// that is not itself a `same_with_*`. Wildcards (`greedy_*`) stand for both utilities.
function optionsFor(key: string, previous: PbRuleOptions[] | null): PbRuleOptions[] {
  const utilities = (suffix: string): ('cost' | 'cardinality')[] =>
    suffix === '*' ? ['cost', 'cardinality'] : suffix === 'cost_sat' ? ['cost'] : ['cardinality'];
  let match = /^greedy_(cost_sat|cardinality_sat|\*)$/.exec(key);
  if (match) return utilities(match[1] as string).map((utility) => ({ rule: 'greedy', utility }));
  match = /^max_welfare_(cost_sat|cardinality_sat|\*)$/.exec(key);
  if (match) return utilities(match[1] as string).map((utility) => ({ rule: 'max-welfare', utility }));
  match = /^mes_(cost_sat|cardinality_sat|\*)$/.exec(key);
  if (match) return utilities(match[1] as string).map((utility) => ({ rule: 'equalshares', utility }));
  match = /^mes_iterated_voter_increment_([0-9.]+)_(cost_sat|cardinality_sat)$/.exec(key);
  if (match) {
    const step = match[1] as string;
    return utilities(match[2] as string).map((utility) => ({
      rule: 'equalshares',
      utility,
      completion: { kind: 'voter-budget-increment', step },
    }));
  }
  if (key === 'seq_phragmen') return [{ rule: 'seq-phragmen' }];
  match = /^mes_cost_sat_then_exhaustion_by_budget_increase\(step=([0-9/]+) of total budget units\)$/.exec(
    key,
  );
  if (match) {
    return [
      {
        rule: 'equalshares',
        utility: 'cost',
        completion: { kind: 'budget-increase', step: match[1] as string },
      },
    ];
  }
  if (key === 'mes_cost_sat_then_greedy_cost_sat') {
    return [{ rule: 'equalshares', utility: 'cost', completion: { kind: 'greedy' } }];
  }
  if (key === 'mes_cost_sat_then_seq_phragmen') {
    return [{ rule: 'equalshares', utility: 'cost', completion: { kind: 'seq-phragmen' } }];
  }
  match = /^same_with_initial_allocation_\[(.+)\]$/.exec(key);
  if (match && previous) {
    const initialSelection = (match[1] as string).split(',').map((s) => s.trim());
    return previous.map((o) => ({ ...o, initialSelection }));
  }
  match = /^same_with_step_([0-9/.]+)$/.exec(key);
  if (match && previous) {
    const step = match[1] as string;
    return previous.map((o) => ({ ...o, completion: { kind: 'budget-increase', step } }));
  }
  throw new Error(`no rule variant is mapped to the expected key "${key}"`);
}

suite('expected_outcomes.json: hand-made instances (pabutools)', () => {
  for (const entry of expected?.handmade_pabutools ?? []) {
    const instance = createApprovalInstance({
      projects: Object.entries(entry.projects).map(([id, cost]) => ({ id, cost: String(cost) })),
      budget: String(entry.budget),
      ballots: entry.ballots,
    });
    let base: PbRuleOptions[] | null = null;
    for (const [key, outcomes] of Object.entries(entry.expected)) {
      const variants = optionsFor(key, base);
      if (!key.startsWith('same_with_')) base = variants;
      for (const options of variants) {
        const label = `${options.rule}${options.utility ? `/${options.utility}` : ''}`;
        it(`${entry.name} — ${key} [${label}]`, () => {
          const outcome = runPbRule(instance, options);
          const allowed = outcomes.map((o) => JSON.stringify(sorted(o)));
          expect(allowed, `selected ${JSON.stringify(outcome.selected)}`).toContain(
            JSON.stringify(sorted(outcome.selected)),
          );
        });
      }
    }
  }
});

suite('expected_outcomes.json: equalshares.net tie-breaking examples', () => {
  const examples = expected?.tiebreak_equalshares_net.flatMap((group) => group.examples) ?? [];
  examples.forEach((example, n) => {
    it(`example ${n + 1}: ${example.tied.map((t) => `${t.id} (cost ${t.cost}, votes ${t.initial_votes})`).join(', ')}`, () => {
      // Only the projects with the highest effective vote count are tied.
      const top = Math.max(...example.tied.map((t) => t.effective));
      const tied = example.tied.filter((t) => t.effective === top);
      const asTied = (order: string[]) =>
        tied.map((t) => ({ cost: BigInt(t.cost), votes: t.initial_votes, rank: order.indexOf(t.id) }));
      const ids = tied.map((t) => t.id);
      const choice = chooseAmongTied(asTied(ids), 'equalshares');
      if (/^lot/.test(example.select)) {
        expect(choice.decidedBy).toBe('order');
        // The drawn order decides: reversing it reverses the choice.
        const reversed = [...ids].reverse();
        expect(tied[chooseAmongTied(asTied(reversed), 'equalshares').index]?.id).toBe(reversed[0]);
      } else {
        expect(tied[choice.index]?.id).toBe(example.select);
      }
    });
  });
});
