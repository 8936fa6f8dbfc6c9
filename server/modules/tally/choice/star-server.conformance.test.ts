import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { conformancePath } from '../../../../test/conformance.ts';
import { countChoice } from './count.ts';
import type { ChoiceBallot, ChoiceRules } from './types.ts';

// star-server's tabulator tests (other/star_server_vectors.json): approval, STAR and equal shares on
// score ballots, counted by our own methods.

type Case = {
  name: string;
  candidates: string[];
  ballots: number[][];
  seats?: number;
  tiebreak_order?: number[];
  expected: Record<string, unknown>;
};

const path = conformancePath('other', 'star_server_vectors.json');
const data = path
  ? JSON.parse(readFileSync(path, 'utf8'))
  : { approval: [], star: [], mes_committee_score_ballots: { cases: [] } };

const toBallots = (c: Case): ChoiceBallot[] =>
  c.ballots.map((row) => ({ scores: Object.fromEntries(c.candidates.map((name, i) => [name, row[i]!])) }));

/** star-server's tie-break order gives each candidate a number; lower numbers win ties. */
function tiebreakOrder(c: Case): Pick<ChoiceRules, 'tiebreakOrder'> {
  if (!c.tiebreak_order) return {};
  const order = c.candidates
    .map((name, i) => ({ name, rank: c.tiebreak_order![i]! }))
    .sort((a, b) => a.rank - b.rank);
  return { tiebreakOrder: order.map((x) => x.name) };
}

describe.skipIf(!path)('star-server vectors', () => {
  describe('approval', () => {
    for (const c of data.approval as Case[]) {
      it(c.name, () => {
        const r = countChoice({
          method: 'approval',
          options: c.candidates,
          ballots: toBallots(c),
          rules: { seats: c.seats ?? 1, ...tiebreakOrder(c) },
        });
        const e = c.expected as {
          elected: string[];
          totals: Record<string, number>;
          ranking?: string[];
          nUnderVotes?: number;
          nValidVotes?: number;
          nOutOfBoundsVotes?: number;
        };
        expect(r.winners).toEqual(e.elected);
        expect(
          Object.fromEntries(Object.entries(r.scores!).map(([o, f]) => [o, Number(f.exact.num)])),
        ).toEqual(e.totals);
        if (e.ranking) expect(r.order).toEqual(e.ranking);
        if (e.nUnderVotes !== undefined) expect(r.ballots.blank).toBe(e.nUnderVotes);
        if (e.nValidVotes !== undefined) expect(r.ballots.counted).toBe(e.nValidVotes);
        if (e.nOutOfBoundsVotes !== undefined) {
          expect(r.ballots.rejected).toHaveLength(e.nOutOfBoundsVotes);
          expect(r.ballots.rejected.every((x) => x.code === 'SCORE_OUT_OF_RANGE')).toBe(true);
        }
      });
    }
  });

  describe('STAR', () => {
    for (const c of data.star as Case[]) {
      it(c.name, () => {
        const r = countChoice({
          method: 'star',
          options: c.candidates,
          ballots: toBallots(c),
          rules: tiebreakOrder(c),
        });
        const e = c.expected as {
          elected?: string;
          runner_up?: string;
          nTallyVotes?: number;
          nOutOfBoundsVotes?: number;
          nAbstentions?: number;
        };
        if (e.elected) expect(r.winners).toEqual([e.elected]);
        if (e.runner_up) {
          expect(r.details?.kind === 'star' && r.details.rounds[0]!.runnerUp).toBe(e.runner_up);
          expect(r.order[1]).toBe(e.runner_up);
        }
        if (e.nTallyVotes !== undefined) expect(r.ballots.counted).toBe(e.nTallyVotes);
        if (e.nOutOfBoundsVotes !== undefined) expect(r.ballots.rejected).toHaveLength(e.nOutOfBoundsVotes);
        if (e.nAbstentions !== undefined) expect(r.ballots.blank).toBe(e.nAbstentions);
      });
    }
  });

  describe('equal shares on score ballots (star-server variant: unit cost per seat)', () => {
    for (const c of data.mes_committee_score_ballots.cases as Case[]) {
      it(c.name, () => {
        const r = countChoice({
          method: 'score-equal-shares',
          options: c.candidates,
          ballots: toBallots(c),
          rules: { seats: c.seats, equalShares: 'unit-cost' },
        });
        expect(r.winners).toEqual((c.expected as { elected_in_order: string[] }).elected_in_order);
      });
    }
  });
});
