import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { countRankedChoice } from './count.ts';
import type { RankedBallot, RankedChoiceRules } from './types.ts';

const names = ['A', 'B', 'C', 'D', 'E'];

// A ballot ranks up to four distinct candidates, one per rank, sometimes with a blank or an overvote.
const ballotArb = fc
  .tuple(fc.shuffledSubarray(names, { minLength: 0, maxLength: 4 }), fc.integer({ min: 0, max: 9 }))
  .map(([order, shape]): RankedBallot => {
    const ranks: string[][] = order.map((n) => [n]);
    if (shape === 0 && ranks.length > 1) ranks.splice(1, 0, []);
    if (shape === 1 && ranks.length > 2) ranks.splice(0, 2, [ranks[0]![0]!, ranks[1]![0]!]);
    return { ranks };
  });

const rulesArb = fc.constantFrom<RankedChoiceRules[]>(
  { winnerElectionMode: 'singleWinnerMajority', numberOfWinners: 1 },
  {
    winnerElectionMode: 'singleWinnerMajority',
    numberOfWinners: 1,
    batchElimination: true,
    tiebreakMode: 'random',
    randomSeed: 3,
  },
  {
    winnerElectionMode: 'multiWinnerAllowMultipleWinnersPerRound',
    numberOfWinners: 2,
    overvoteRule: 'exhaustImmediately',
  },
  {
    winnerElectionMode: 'multiWinnerAllowOnlyOneWinnerPerRound',
    numberOfWinners: 3,
    nonIntegerWinningThreshold: true,
  },
  {
    winnerElectionMode: 'multiPassIrv',
    numberOfWinners: 2,
    tiebreakMode: 'previousRoundCountsThenRandom',
    randomSeed: 9,
  },
);

describe('ranked-choice properties', () => {
  it('the order of ballots never changes the result', () => {
    fc.assert(
      fc.property(
        fc.array(ballotArb, { minLength: 1, maxLength: 40 }),
        rulesArb,
        fc.integer(),
        (ballots, rules, seed) => {
          const shuffled = fc.sample(
            fc.shuffledSubarray(ballots, { minLength: ballots.length, maxLength: ballots.length }),
            { numRuns: 1, seed },
          )[0]!;
          const a = countRankedChoice({ candidates: names, ballots, rules });
          const b = countRankedChoice({ candidates: names, ballots: shuffled, rules });
          expect(b).toEqual(a);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('one more ballot ranking only the IRV winner first never makes them lose', () => {
    const rules: RankedChoiceRules = { winnerElectionMode: 'singleWinnerMajority', numberOfWinners: 1 };
    fc.assert(
      fc.property(fc.array(ballotArb, { minLength: 1, maxLength: 40 }), (ballots) => {
        const before = countRankedChoice({ candidates: names, ballots, rules });
        fc.pre(before.winners.length === 1);
        const winner = before.winners[0]!;
        const after = countRankedChoice({
          candidates: names,
          ballots: [...ballots, { ranks: [[winner]] }],
          rules,
        });
        expect(after.winners).toEqual([winner]);
      }),
      { numRuns: 300 },
    );
  });
});
