import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { conformancePath } from '../../../../test/conformance.ts';
import { countDecision, type DecisionBallot, type DecisionBasis } from './decision.ts';

// Worked examples of RONR thresholds (other/proposal_thresholds_examples.json): each case is re-enacted
// with ballots and the count must reach the source's denominator, votes needed and outcome.

type Case = {
  source: string;
  basis: string;
  present_entitled?: number;
  ballots_returned?: number;
  valid_yes_no?: number;
  blank_abstain?: number;
  illegal?: number;
  denominator?: number;
  votes_needed?: number;
  members?: number;
  present?: number;
  yes?: number;
  no?: number;
  abstain?: number | string;
  result?: string;
  votes_cast?: number;
};

const path = conformancePath('other', 'proposal_thresholds_examples.json');
const cases: Case[] = path ? JSON.parse(readFileSync(path, 'utf8')).cases : [];

function ballots(counts: { yes: number; no: number; abstain?: number; invalid?: number }): DecisionBallot[] {
  const out: DecisionBallot[] = [];
  for (const choice of ['yes', 'no', 'abstain', 'invalid'] as const) {
    for (let i = 0; i < (counts[choice] ?? 0); i++) out.push({ choice });
  }
  return out;
}

function decide(c: Case, eligible: number, counts: Parameters<typeof ballots>[0], basis?: DecisionBasis) {
  return countDecision({
    eligible,
    ballots: ballots(counts),
    rules: {
      threshold: c.basis.includes('two-thirds') ? 'two-thirds' : 'majority',
      basis: basis ?? (c.basis.includes('present') ? 'ballots-cast' : 'votes-cast'),
    },
  });
}

function check(c: Case): void {
  if (c.valid_yes_no !== undefined) {
    // Only the split is unknown: every split must need the same number of votes.
    for (let yes = 0; yes <= c.valid_yes_no; yes++) {
      const r = decide(c, c.present_entitled!, {
        yes,
        no: c.valid_yes_no - yes,
        abstain: c.blank_abstain,
        invalid: c.illegal,
      });
      expect(r.counts.ballots).toBe(c.ballots_returned);
      expect(r.threshold.denominator.exact).toEqual({ num: BigInt(c.denominator!), den: 1n });
      expect(r.threshold.votesNeeded).toBe(BigInt(c.votes_needed!));
      expect(r.passed).toBe(yes >= c.votes_needed!);
    }
    return;
  }
  if (c.yes !== undefined && typeof c.abstain === 'number') {
    const counts = { yes: c.yes, no: c.no!, abstain: c.abstain };
    expect(c.yes + c.no! + c.abstain).toBe(c.present);
    const r = decide(c, c.members!, counts);
    expect(r.threshold.votesNeeded).toBe(BigInt(c.votes_needed!));
    expect(r.passed).toBe(c.result === 'passes');
    expect(r.outcome).toBe('rejected');
    // The contrast the source draws: under RONR's default basis the same ballots pass.
    expect(decide(c, c.members!, counts, 'votes-cast').passed).toBe(true);
    return;
  }
  if (c.yes !== undefined) {
    // The number of abstentions is not stated: the result must hold for any number of them.
    for (let abstain = 0; abstain <= 20; abstain++) {
      const counts = { yes: c.yes, no: c.no!, abstain };
      const r = decide(c, c.yes + c.no! + abstain, counts);
      expect(r.passed).toBe(c.result!.startsWith('passes'));
      expect(r.threshold.votesNeeded).toBe(17n);
      // "Counting abstentions in the denominator was the error": doing so would fail it.
      if (abstain > 0) expect(decide(c, c.yes + c.no! + abstain, counts, 'ballots-cast').passed).toBe(false);
    }
    return;
  }
  if (c.votes_cast !== undefined) {
    for (let yes = c.votes_needed! - 5; yes <= c.votes_needed! + 5; yes++) {
      const r = decide(c, c.votes_cast, { yes, no: c.votes_cast - yes });
      expect(r.threshold.votesNeeded).toBe(BigInt(c.votes_needed!));
      expect(r.passed).toBe(yes >= c.votes_needed!);
    }
    return;
  }
  throw new Error(`case shape not understood: ${JSON.stringify(c)}`);
}

describe.skipIf(!path)('proposal thresholds (RONR worked examples)', () => {
  it('has the four cases', () => expect(cases).toHaveLength(4));
  for (const [i, c] of cases.entries()) {
    it(`case ${i + 1}: ${c.basis} (${c.source})`, () => check(c));
  }
});
