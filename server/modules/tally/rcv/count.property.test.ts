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

// RCTab re-walks every ballot from its first rank each round; the core only re-walks ballots of
// candidates who left. Replaying single-winner counts with a literal full re-walk must give the same
// tallies and inactive ballots in every round, whatever the ballot rules.
describe('incremental counting equals a full re-walk each round', () => {
  type Category = 'overvotes' | 'skippedRankings' | 'exhaustedChoices' | 'repeatedRankings';
  const walkRules = fc.record({
    overvoteRule: fc.constantFrom(
      'exhaustImmediately' as const,
      'alwaysSkipToNextRank' as const,
      'exhaustIfMultipleContinuing' as const,
    ),
    maxSkippedRanksAllowed: fc.constantFrom(0, 1, 'unlimited' as const),
    exhaustOnDuplicateCandidate: fc.boolean(),
    batchElimination: fc.boolean(),
  });
  const messyBallot = fc
    .array(fc.subarray(names, { maxLength: 2 }), { maxLength: 5 })
    .map((ranks): RankedBallot => ({ ranks }));

  function rewalk(
    ranks: readonly (readonly string[])[],
    continuing: Set<string>,
    rules: RankedChoiceRules,
  ): string | { inactive: Category } {
    let last = 0;
    const nonEmpty = ranks.map((r, i) => ({ names: r, rank: i + 1 })).filter((r) => r.names.length > 0);
    for (let i = 0; i < nonEmpty.length; i++) {
      const { names: marked, rank } = nonEmpty[i]!;
      const maxSkip =
        rules.maxSkippedRanksAllowed === 'unlimited'
          ? Number.POSITIVE_INFINITY
          : (rules.maxSkippedRanksAllowed ?? 0);
      if (rank - last > maxSkip + 1) return { inactive: 'skippedRankings' };
      last = rank;
      const earlier = nonEmpty.slice(0, i).flatMap((r) => r.names);
      if (rules.exhaustOnDuplicateCandidate && marked.some((n) => earlier.includes(n)))
        return { inactive: 'repeatedRankings' };
      const unique = [...new Set(marked)];
      let skip = false;
      if (unique.length > 1) {
        if (rules.overvoteRule === 'exhaustImmediately') return { inactive: 'overvotes' };
        if (rules.overvoteRule === 'alwaysSkipToNextRank') skip = true;
        else if (unique.filter((n) => continuing.has(n)).length >= 2) return { inactive: 'overvotes' };
      }
      const recipient = skip ? undefined : unique.find((n) => continuing.has(n));
      if (recipient) return recipient;
    }
    return { inactive: 'exhaustedChoices' };
  }

  it('for single-winner IRV under every combination of ballot rules', () => {
    fc.assert(
      fc.property(fc.array(messyBallot, { minLength: 1, maxLength: 30 }), walkRules, (ballots, extra) => {
        const rules: RankedChoiceRules = {
          winnerElectionMode: 'singleWinnerMajority',
          numberOfWinners: 1,
          ...extra,
        };
        const result = countRankedChoice({ candidates: names, ballots, rules });
        const exhausted = new Map<number, Category>();
        for (const round of result.passes[0]!.rounds) {
          const continuing = new Set(Object.keys(round.tally));
          const tally: Record<string, number> = Object.fromEntries([...continuing].map((n) => [n, 0]));
          const inactive: Record<Category, number> = {
            overvotes: 0,
            skippedRankings: 0,
            exhaustedChoices: 0,
            repeatedRankings: 0,
          };
          ballots.forEach((ballot, b) => {
            if (ballot.ranks.every((r) => r.length === 0)) return;
            const sticky = exhausted.get(b);
            const outcome = sticky ? { inactive: sticky } : rewalk(ballot.ranks, continuing, rules);
            if (typeof outcome === 'string') tally[outcome]! += 1;
            else {
              exhausted.set(b, outcome.inactive);
              inactive[outcome.inactive] += 1;
            }
          });
          expect(Object.fromEntries(Object.entries(round.tally).map(([n, v]) => [n, Number(v)]))).toEqual(
            tally,
          );
          const { finalRoundSurplus: _, ...categories } = round.inactive;
          expect(Object.fromEntries(Object.entries(categories).map(([k, v]) => [k, Number(v)]))).toEqual(
            inactive,
          );
        }
      }),
      { numRuns: 300 },
    );
  });
});
