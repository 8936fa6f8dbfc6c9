import { describe, expect, it } from 'vitest';
import { BallotBuilder } from './ballots.ts';
import { countRankedChoice } from './count.ts';
import {
  EXPLICIT_OVERVOTE,
  type RankedBallot,
  RankedChoiceError,
  type RankedChoiceInput,
  type RankedChoiceRules,
  UNDECLARED_WRITE_INS,
} from './types.ts';

const irv: RankedChoiceRules = { winnerElectionMode: 'singleWinnerMajority', numberOfWinners: 1 };

function ballots(...groups: [number, ...string[][]][]): RankedBallot[] {
  return groups.map(([count, ...ranks]) => ({ ranks, count }));
}

describe('single-winner IRV', () => {
  it('eliminates the lowest and transfers to the next choice until someone has a majority', () => {
    const result = countRankedChoice({
      candidates: ['A', 'B', 'C'],
      ballots: ballots([4, ['A']], [3, ['B'], ['A']], [2, ['C'], ['B']]),
      rules: irv,
    });
    expect(result.winners).toEqual(['B']);
    const [r1, r2] = result.passes[0]!.rounds;
    expect(r1).toMatchObject({ round: 1, threshold: '5', tally: { A: '4', B: '3', C: '2' } });
    expect(r1!.outcomes).toEqual([{ kind: 'eliminated', candidate: 'C', transfers: { B: '2' } }]);
    expect(r2).toMatchObject({ threshold: '5', tally: { A: '4', B: '5' } });
    expect(r2!.outcomes).toEqual([{ kind: 'elected', candidate: 'B', transfers: {} }]);
    expect(result.passes[0]!.summary).toEqual({
      finalThreshold: '5',
      numCandidates: 3,
      numWinners: 1,
      totalNumBallots: '9',
      undervotes: 0,
    });
  });

  it('counts ballots without marks as undervotes, outside the threshold', () => {
    const result = countRankedChoice({
      candidates: ['A', 'B'],
      ballots: ballots([3, ['A']], [1, ['B']], [2]),
      rules: irv,
    });
    expect(result.passes[0]!.summary.undervotes).toBe(2);
    expect(result.passes[0]!.rounds[0]!.threshold).toBe('3');
  });

  it('gives the same result for encoded ballots, repeated ballots and counted ballots', () => {
    const named = ballots([2, ['B'], ['A']], [1, ['A']], [1, ['C'], ['A']]);
    const expanded = named.flatMap((b) => Array.from({ length: b.count ?? 1 }, () => ({ ranks: b.ranks })));
    const builder = new BallotBuilder();
    for (const b of named) {
      b.ranks.forEach((names, r) => {
        for (const name of names) builder.addMark(r + 1, ['A', 'B', 'C'].indexOf(name));
      });
      builder.endBallot(b.count);
    }
    const results = [named, expanded, builder.build()].map((b) =>
      countRankedChoice({ candidates: ['A', 'B', 'C'], ballots: b, rules: irv }),
    );
    expect(results[1]).toEqual(results[0]);
    expect(results[2]).toEqual(results[0]);
  });
});

describe('multi-winner STV', () => {
  it('transfers fractional surpluses with truncation and reports the residual', () => {
    const result = countRankedChoice({
      candidates: ['A', 'B', 'C'],
      ballots: ballots([6, ['A'], ['B']], [2, ['B']], [4, ['C']]),
      rules: {
        winnerElectionMode: 'multiWinnerAllowMultipleWinnersPerRound',
        numberOfWinners: 2,
        decimalPlaces: 4,
      },
    });
    expect(result.winners).toEqual(['A', 'C']);
    const rounds = result.passes[0]!.rounds;
    expect(rounds[0]!.threshold).toBe('5');
    // f = trunc(1/6) = 0.1666 per ballot; A keeps 6 × 0.8334 = 5.0004, 0.0004 over the threshold.
    expect(rounds[0]!.outcomes).toEqual([
      { kind: 'elected', candidate: 'A', transfers: { B: '0.9996', 'residual surplus': '0.0004' } },
    ]);
    expect(rounds[1]!.tally).toEqual({ A: '5', B: '2.9996', C: '4' });
    expect(rounds[1]!.outcomes).toEqual([
      { kind: 'eliminated', candidate: 'B', transfers: { exhausted: '2.9996' } },
    ]);
    expect(rounds[2]!.outcomes).toEqual([{ kind: 'elected', candidate: 'C', transfers: {} }]);
    // After the last seat, one more round shows where surpluses ended.
    expect(rounds).toHaveLength(4);
    expect(rounds[3]!.inactive.finalRoundSurplus).toBe('0');
    expect(result.transfersSurplus).toBe(true);
  });

  it('uses a Hare quota and non-integer Droop thresholds when asked', () => {
    const input = { candidates: ['A', 'B', 'C'], ballots: ballots([7, ['A']], [3, ['B']], [2, ['C']]) };
    const hare = countRankedChoice({
      ...input,
      rules: {
        winnerElectionMode: 'multiWinnerAllowMultipleWinnersPerRound',
        numberOfWinners: 2,
        hareQuota: true,
      },
    });
    expect(hare.passes[0]!.rounds[0]!.threshold).toBe('6');
    const droop = countRankedChoice({
      ...input,
      rules: {
        winnerElectionMode: 'multiWinnerAllowMultipleWinnersPerRound',
        numberOfWinners: 2,
        nonIntegerWinningThreshold: true,
      },
    });
    expect(droop.passes[0]!.rounds[0]!.threshold).toBe('4.0001');
  });

  it('bottoms-up eliminates until the seats equal the candidates left, without surplus rounds', () => {
    const result = countRankedChoice({
      candidates: ['A', 'B', 'C', 'D'],
      ballots: ballots([5, ['A']], [4, ['B']], [3, ['C'], ['B']], [1, ['D'], ['C']]),
      rules: { winnerElectionMode: 'bottomsUp', numberOfWinners: 2 },
    });
    expect(result.winners).toEqual(['A', 'B']);
    expect(result.passes[0]!.rounds.map((r) => r.outcomes.map((o) => `${o.kind} ${o.candidate}`))).toEqual([
      ['eliminated D'],
      ['eliminated C'],
      ['elected A', 'elected B'],
    ]);
  });

  it('sequential IRV runs one count per seat, excluding earlier winners', () => {
    const result = countRankedChoice({
      candidates: ['A', 'B', 'C'],
      ballots: ballots([5, ['A'], ['B']], [3, ['B']], [2, ['C']]),
      rules: { winnerElectionMode: 'multiPassIrv', numberOfWinners: 2 },
    });
    expect(result.winners).toEqual(['A', 'B']);
    expect(result.passes).toHaveLength(2);
    expect(result.passes[1]!.rounds[0]!.tally).toEqual({ B: '8', C: '2' });
  });
});

describe('ballot rules', () => {
  const overvoted = ballots([1, ['A', 'B'], ['C']], [3, ['A']], [2, ['B']], [1, ['C']]);
  const firstRound = (
    rules: Partial<RankedChoiceRules>,
    b = overvoted,
    candidates: RankedChoiceInput['candidates'] = ['A', 'B', 'C'],
  ) => countRankedChoice({ candidates, ballots: b, rules: { ...irv, ...rules } }).passes[0]!.rounds[0]!;

  it('applies each overvote rule', () => {
    expect(firstRound({ overvoteRule: 'exhaustImmediately' }).inactive.overvotes).toBe('1');
    expect(firstRound({ overvoteRule: 'alwaysSkipToNextRank' }).tally.C).toBe('2');
    expect(firstRound({ overvoteRule: 'exhaustIfMultipleContinuing' }).inactive.overvotes).toBe('1');
    const explicit = ballots([1, [EXPLICIT_OVERVOTE], ['C']], [2, ['A']]);
    expect(firstRound({ overvoteRule: 'exhaustImmediately' }, explicit).inactive.overvotes).toBe('1');
    expect(firstRound({ overvoteRule: 'alwaysSkipToNextRank' }, explicit).tally.C).toBe('1');
  });

  it('exhausts a ballot that skips more ranks than allowed, but not for trailing blanks', () => {
    const skipping = ballots([1, [], ['A']], [1, ['B'], [], [], []], [1, ['C']]);
    expect(firstRound({ maxSkippedRanksAllowed: 0 }, skipping).inactive.skippedRankings).toBe('1');
    expect(firstRound({ maxSkippedRanksAllowed: 1 }, skipping).tally.A).toBe('1');
  });

  it('exhausts on a repeated candidate only when the rule says so', () => {
    const repeated = ballots([1, ['C'], ['C'], ['A']], [3, ['A']], [2, ['B']]);
    const run = (exhaustOnDuplicateCandidate: boolean) =>
      countRankedChoice({
        candidates: ['A', 'B', 'C'],
        ballots: repeated,
        rules: { ...irv, exhaustOnDuplicateCandidate },
      }).passes[0]!.rounds[1]!;
    expect(run(true).inactive.repeatedRankings).toBe('1');
    expect(run(false).tally.A).toBe('4');
  });

  it('skips excluded candidates and never lists them', () => {
    const round = firstRound({}, ballots([2, ['A'], ['B']], [1, ['C']]), [
      { name: 'A', excluded: true },
      'B',
      'C',
    ]);
    expect(round.tally).toEqual({ B: '2', C: '1' });
  });

  it('eliminates undeclared write-ins first while they hold votes, and never elects them', () => {
    const result = countRankedChoice({
      candidates: ['A', 'B'],
      ballots: ballots([6, ['A']], [2, ['B']], [3, [UNDECLARED_WRITE_INS], ['B']]),
      rules: irv,
    });
    const [r1] = result.passes[0]!.rounds;
    expect(r1!.outcomes).toEqual([
      { kind: 'eliminated', candidate: UNDECLARED_WRITE_INS, transfers: { B: '3' } },
    ]);
    expect(result.winners).toEqual(['A']);
  });

  it('refuses ranks above the maximum and unknown names', () => {
    expect(() =>
      countRankedChoice({
        candidates: ['A'],
        ballots: ballots([1, [], [], ['A']]),
        rules: { ...irv, maxRankingsAllowed: 2 },
      }),
    ).toThrow(/rank 3, above the maximum of 2/);
    expect(() => countRankedChoice({ candidates: ['A'], ballots: ballots([1, ['Z']]), rules: irv })).toThrow(
      RankedChoiceError,
    );
    expect(() => countRankedChoice({ candidates: ['A', 'A'], ballots: [], rules: irv })).toThrow(
      /listed twice/,
    );
  });
});

describe('tie-breaks', () => {
  // B and C tie for last in round 2; in round 1 B had fewer votes.
  const tied = ballots([6, ['A']], [3, ['B']], [4, ['C']], [1, ['D'], ['B']]);
  const eliminatedInRound2 = (rules: Partial<RankedChoiceRules>) =>
    countRankedChoice({ candidates: ['A', 'B', 'C', 'D'], ballots: tied, rules: { ...irv, ...rules } })
      .passes[0]!.rounds[1]!.outcomes[0]!.candidate;

  it('useCandidateOrder eliminates the latest in the candidate list', () => {
    expect(eliminatedInRound2({ tiebreakMode: 'useCandidateOrder' })).toBe('C');
  });

  it('previousRoundCountsThenRandom looks at earlier rounds first', () => {
    expect(eliminatedInRound2({ tiebreakMode: 'previousRoundCountsThenRandom', randomSeed: 5 })).toBe('B');
  });

  it('random picks from the name-sorted tie with java.util.Random(seed)', () => {
    // Random(1).nextDouble() = 0.73…, index floor(0.73 × 2) = 1 of [B, C].
    expect(eliminatedInRound2({ tiebreakMode: 'random', randomSeed: 1 })).toBe('C');
  });

  it('stopCountingAndAsk needs a decision, and uses the one given', () => {
    try {
      eliminatedInRound2({ tiebreakMode: 'stopCountingAndAsk' });
      expect.unreachable();
    } catch (error) {
      expect((error as RankedChoiceError).code).toBe('TIE_NEEDS_DECISION');
      expect((error as Error).message).toContain('round 2: B, C are tied for elimination');
    }
    expect(eliminatedInRound2({ tiebreakMode: 'stopCountingAndAsk', tieDecisions: ['B'] })).toBe('B');
  });

  it('generatePermutation is fixed by the seed', () => {
    const a = eliminatedInRound2({ tiebreakMode: 'generatePermutation', randomSeed: 11 });
    expect(eliminatedInRound2({ tiebreakMode: 'generatePermutation', randomSeed: 11 })).toBe(a);
    expect(['B', 'C']).toContain(a);
  });
});
