import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as Q from '../rational.ts';
import { countChoice } from './count.ts';
import { TallyError } from './errors.ts';
import { seededOrder } from './tie-break.ts';
import { CHOICE_METHODS, type ChoiceBallot, type ChoiceMethod, type ChoiceRules } from './types.ts';
import { checkChoiceRules, validateChoiceBallot } from './validate.ts';
import { validateBallot } from './validate-ballot.ts';

const opts = ['a', 'b', 'c', 'd'];

describe('countChoice', () => {
  it('counts plurality, leaving blank ballots out of the totals', () => {
    const ballots: ChoiceBallot[] = [
      { choice: 'a' },
      { choice: 'b', weight: 2 },
      { choice: null },
      { choice: 'a' },
      { choice: 'a' },
    ];
    const r = countChoice({ method: 'plurality', options: opts, ballots });
    expect(r.winners).toEqual(['a']);
    expect(r.scores!['a']!.exact).toEqual(Q.rational(3));
    expect(r.scores!['b']!.exact).toEqual(Q.rational(2));
    expect(r.ballots).toMatchObject({ cast: 5, counted: 4, blank: 1, countedWeight: 5n });
    expect(r.ranking).toEqual([['a'], ['b'], ['c', 'd']]);
  });

  it('breaks ties by the listed order by default, by an explicit order, or by a seeded lot it reports', () => {
    const ballots: ChoiceBallot[] = [{ choice: 'c' }, { choice: 'b' }];
    const listed = countChoice({ method: 'plurality', options: opts, ballots });
    expect(listed.winners).toEqual(['b']);
    expect(listed.tieBreaks).toEqual([
      { stage: 'winners', among: ['b', 'c'], order: ['b', 'c'], by: 'option-order' },
    ]);
    expect(
      countChoice({ method: 'plurality', options: opts, ballots, rules: { tiebreakOrder: ['c'] } }).winners,
    ).toEqual(['c']);
    const seeded = countChoice({ method: 'plurality', options: opts, ballots, rules: { seed: 'agm-2026' } });
    expect(seeded.priority).toEqual({
      source: 'seeded-lot',
      order: seededOrder(opts, 'agm-2026'),
      seed: 'agm-2026',
    });
    expect(seeded.winners).toEqual([seededOrder(['b', 'c'], 'agm-2026')[0]]);
    // The lot depends only on the seed: different seeds eventually pick each option.
    const picks = new Set(
      Array.from(
        { length: 40 },
        (_, i) =>
          countChoice({ method: 'plurality', options: opts, ballots, rules: { seed: `s${i}` } }).winners[0],
      ),
    );
    expect(picks).toEqual(new Set(['b', 'c']));
  });

  it('fills several seats from the top of an approval count', () => {
    const ballots: ChoiceBallot[] = [
      { approve: ['a', 'b'] },
      { approve: ['b', 'c'] },
      { approve: ['b'] },
      { approve: ['c'] },
    ];
    const r = countChoice({ method: 'approval', options: opts, ballots, rules: { seats: 2 } });
    expect(r.winners).toEqual(['b', 'c']);
    expect(r.explanation.at(-1)).toBe('Winners: b, c.');
  });

  it('ranks score voting by total or by mean of those who scored', () => {
    const ballots: ChoiceBallot[] = [{ scores: { a: 5 } }, { scores: { b: 3, a: 0 } }, { scores: { b: 3 } }];
    expect(countChoice({ method: 'score', options: ['a', 'b'], ballots }).winners).toEqual(['b']);
    const byMean = countChoice({ method: 'score', options: ['a', 'b'], ballots, rules: { scoreBy: 'mean' } });
    expect(byMean.winners).toEqual(['b']);
    expect(byMean.details).toMatchObject({ kind: 'score', scoredBy: { a: 2n, b: 2n } });
    const r = countChoice({
      method: 'score',
      options: ['a', 'b', 'c'],
      ballots: [{ scores: { a: 4 } }, { scores: { b: 5, a: 4 } }, { scores: { b: 1 } }],
      rules: { scoreBy: 'mean' },
    });
    expect(r.order).toEqual(['a', 'b', 'c']);
  });

  it('rejects cumulative ballots that overspend, and counts the rest', () => {
    const ballots: ChoiceBallot[] = [
      { points: { a: 6, b: 4 } },
      { points: { c: 11 } },
      { points: { b: 10 } },
    ];
    const r = countChoice({ method: 'cumulative', options: opts, ballots, rules: { points: 10 } });
    expect(r.ballots.rejected).toEqual([
      { index: 1, code: 'TOO_MANY_POINTS', field: 'points', message: 'at most 10 points may be spent' },
    ]);
    expect(r.winners).toEqual(['b']);
  });

  it('averages Borda points exactly over equal ranks', () => {
    const r = countChoice({
      method: 'borda',
      options: ['a', 'b', 'c'],
      ballots: [{ ranking: ['a'] }, { ranking: [['b', 'c'], 'a'] }],
    });
    // Ballot 1: a 3, b and c share 2 + 1. Ballot 2: b and c share 3 + 2, a 1.
    expect(r.scores!['a']!.exact).toEqual(Q.rational(4));
    expect(r.scores!['b']!.exact).toEqual(Q.rational(4));
    expect(r.scores!['c']!.exact).toEqual(Q.rational(4));
  });

  it('stays exact with weights beyond floating-point range', () => {
    const ballots = (w: bigint): ChoiceBallot[] => [
      { ranking: ['a', ['b', 'c']], weight: w },
      { ranking: ['c'], weight: w * 3n },
    ];
    const big = 2n ** 60n + 1n;
    for (const method of ['borda', 'dowdall', 'schulze', 'plurality'] as const) {
      const small = countChoice({ method, options: ['a', 'b', 'c'], ballots: ballots(1n) });
      const large = countChoice({ method, options: ['a', 'b', 'c'], ballots: ballots(big) });
      expect(large.ranking).toEqual(small.ranking);
      for (const o of ['a', 'b', 'c']) {
        if (small.scores)
          expect(large.scores![o]!.exact).toEqual(Q.mul(small.scores[o]!.exact, Q.rational(big)));
      }
      if (small.pairwise)
        expect(large.pairwise!.wins.flat()).toEqual(small.pairwise.wins.flat().map((x) => x * big));
    }
  });

  it('explains Condorcet counts with the pairwise matrix and their own workings', () => {
    const ballots: ChoiceBallot[] = [
      ...Array.from({ length: 3 }, () => ({ ranking: ['a', 'b', 'c'] })),
      ...Array.from({ length: 2 }, () => ({ ranking: ['b', 'c', 'a'] })),
      ...Array.from({ length: 2 }, () => ({ ranking: ['c', 'a', 'b'] })),
    ];
    const s = countChoice({ method: 'schulze', options: ['a', 'b', 'c'], ballots });
    expect(s.pairwise!.wins).toEqual([
      [0n, 5n, 3n],
      [2n, 0n, 5n],
      [4n, 2n, 0n],
    ]);
    expect(s.details?.kind).toBe('schulze');
    expect(s.winners).toEqual(['a']);
    const rp = countChoice({ method: 'ranked-pairs', options: ['a', 'b', 'c'], ballots });
    expect(rp.details).toMatchObject({
      kind: 'ranked-pairs',
      pairs: [
        { winner: 'a', loser: 'b', locked: true },
        { winner: 'b', loser: 'c', locked: true },
        { winner: 'c', loser: 'a', locked: false },
      ],
    });
    const ky = countChoice({ method: 'kemeny-young', options: ['a', 'b', 'c'], ballots });
    expect(ky.order).toEqual(['a', 'b', 'c']);
    expect(ky.details).toMatchObject({ kind: 'kemeny-young', bestScore: 13n, optimalRankings: 1n });
  });

  it('records a STAR runoff settled by the tie-break order', () => {
    const r = countChoice({
      method: 'star',
      options: ['a', 'b'],
      ballots: [{ scores: { a: 1, b: 3 } }, { scores: { a: 4, b: 2 } }],
      rules: { tiebreakOrder: ['b', 'a'] },
    });
    expect(r.winners).toEqual(['b']);
    expect(r.tieBreaks.map((t) => t.by)).toEqual(['explicit-order']);
    expect(r.details).toMatchObject({
      kind: 'star',
      rounds: [{ decidedBy: 'tie-break', preferences: { first: 1n, second: 1n, equal: 0n } }],
    });
  });

  it('refuses bad rules with a code and field', () => {
    const code = (method: string, options: string[], rules: ChoiceRules = {}) => {
      try {
        checkChoiceRules(method, options, rules);
      } catch (e) {
        return e instanceof TallyError ? `${e.code} ${e.field}` : 'other';
      }
      return 'ok';
    };
    expect(code('plurality', ['a'])).toBe('ok');
    expect(code('nope', ['a'])).toBe('UNKNOWN_METHOD method');
    expect(code('plurality', [])).toBe('NO_OPTIONS options');
    expect(code('plurality', ['a', 'a'])).toBe('DUPLICATE_OPTION options.1');
    expect(code('plurality', ['a'], { seats: 2 })).toBe('INVALID_RULE rules.seats');
    expect(code('cumulative', ['a'])).toBe('INVALID_RULE rules.points');
    expect(code('schulze', ['a'], { variant: 'opposition' })).toBe('INVALID_RULE rules.variant');
    expect(code('star', ['a'], { tiebreakOrder: ['z'] })).toBe('INVALID_RULE rules.tiebreakOrder.0');
    expect(() =>
      countChoice({
        method: 'kemeny-young',
        options: Array.from({ length: 13 }, (_, i) => `o${i}`),
        ballots: [],
      }),
    ).toThrow(/limited to 12/);
  });
});

describe('validateChoiceBallot', () => {
  const check = (method: ChoiceMethod, ballot: ChoiceBallot, rules: ChoiceRules = {}) => {
    const p = validateChoiceBallot({ method, options: opts, rules }, ballot);
    return p ? `${p.code} ${p.field}` : 'ok';
  };

  it('accepts good ballots', () => {
    expect(check('schulze', { ranking: ['a', ['b', 'c']] })).toBe('ok');
    expect(check('star', { scores: { a: 5, b: 0 } })).toBe('ok');
    expect(check('cumulative', { points: { a: 3, b: 2 } }, { points: 5, spendAll: true })).toBe('ok');
    expect(check('plurality', { choice: null })).toBe('ok');
  });

  it('names the code and field of each problem', () => {
    expect(check('schulze', { ranking: ['a', 'x'] })).toBe('UNKNOWN_OPTION ranking.1');
    expect(check('schulze', { ranking: ['a', ['b', 'a']] })).toBe('DUPLICATE_OPTION ranking.1.1');
    expect(check('schulze', { ranking: ['a', []] })).toBe('EMPTY_RANK ranking.1');
    expect(check('schulze', { ranking: [['a', 'b']] }, { allowEqualRanks: false })).toBe(
      'EQUAL_RANKS_NOT_ALLOWED ranking.0',
    );
    expect(check('schulze', { ranking: ['a', 'b', 'c'] }, { maxRanks: 2 })).toBe('TOO_MANY_RANKS ranking');
    expect(check('schulze', { scores: { a: 1 } })).toBe('BALLOT_SHAPE scores');
    expect(check('plurality', { choice: 'a', ranking: ['a'] })).toBe('BALLOT_SHAPE ');
    expect(check('plurality', { choice: 'z' })).toBe('UNKNOWN_OPTION choice');
    expect(check('star', { scores: { a: 6 } })).toBe('SCORE_OUT_OF_RANGE scores.a');
    expect(check('star', { scores: { a: 2.5 } })).toBe('SCORE_NOT_INTEGER scores.a');
    expect(check('score', { scores: { a: 9 } }, { maxScore: 10 })).toBe('ok');
    expect(check('approval', { approve: ['a', 'b'] }, { maxApprovals: 1 })).toBe(
      'TOO_MANY_APPROVALS approve',
    );
    expect(check('approval', { approve: ['a', 'a'] })).toBe('DUPLICATE_OPTION approve.1');
    expect(check('approval', { scores: { a: 2 } })).toBe('SCORE_OUT_OF_RANGE scores.a');
    expect(check('cumulative', { points: { a: 4, b: 2 } }, { points: 5 })).toBe('TOO_MANY_POINTS points');
    expect(check('cumulative', { points: { a: 4 } }, { points: 5, spendAll: true })).toBe(
      'TOO_FEW_POINTS points',
    );
    expect(check('cumulative', { points: { a: 4 } }, { points: 5, maxPerOption: 3 })).toBe(
      'TOO_MANY_POINTS_FOR_OPTION points.a',
    );
    expect(check('cumulative', { points: { a: -1 } }, { points: 5 })).toBe('POINTS_OUT_OF_RANGE points.a');
    expect(check('plurality', { choice: 'a', weight: 1.5 })).toBe('INVALID_WEIGHT weight');
  });
});

// Valid ballots of every kind over options a..d, for the order-independence property.
const option = fc.constantFrom(...opts);
const rankingArb = fc.shuffledSubarray(opts, { minLength: 1 }).chain((order) =>
  fc.array(fc.boolean(), { minLength: order.length, maxLength: order.length }).map((joins) => {
    const tiers: string[][] = [];
    for (const [i, o] of order.entries()) {
      if (i > 0 && joins[i]) tiers.at(-1)!.push(o);
      else tiers.push([o]);
    }
    return tiers.map((t) => (t.length === 1 ? t[0]! : t));
  }),
);
const scoresArb = fc.dictionary(option, fc.integer({ min: 0, max: 5 }));
const pointsArb = fc.dictionary(option, fc.integer({ min: 0, max: 3 }));
const weightArb = fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined });

function ballotArb(method: ChoiceMethod): fc.Arbitrary<ChoiceBallot> {
  const withWeight = (b: fc.Arbitrary<ChoiceBallot>) =>
    fc.tuple(b, weightArb).map(([x, weight]) => (weight ? { ...x, weight } : x));
  switch (method) {
    case 'plurality':
      return withWeight(fc.option(option, { nil: null }).map((choice) => ({ choice })));
    case 'approval':
      return withWeight(fc.subarray(opts).map((approve) => ({ approve })));
    case 'score':
    case 'star':
    case 'score-equal-shares':
      return withWeight(scoresArb.map((scores) => ({ scores })));
    case 'cumulative':
      return withWeight(pointsArb.map((points) => ({ points })));
    default:
      return withWeight(rankingArb.map((ranking) => ({ ranking })));
  }
}

describe('countChoice properties', () => {
  for (const method of CHOICE_METHODS) {
    it(`${method}: the order of ballots never changes the result`, () => {
      fc.assert(
        fc.property(
          fc
            .array(ballotArb(method), { maxLength: 25 })
            .chain((ballots) =>
              fc.tuple(fc.constant(ballots), fc.shuffledSubarray(ballots, { minLength: ballots.length })),
            ),
          fc.integer({ min: 1, max: 3 }),
          fc.option(fc.string(), { nil: undefined }),
          ([ballots, shuffled], seats, seed) => {
            const rules: ChoiceRules = { seats, points: 12, ...(seed === undefined ? {} : { seed }) };
            const a = countChoice({ method, options: opts, ballots, rules });
            const b = countChoice({ method, options: opts, ballots: shuffled, rules });
            expect(a.ballots.rejected).toEqual([]);
            expect(b).toEqual(a);
          },
        ),
        { numRuns: 60 },
      );
    });
  }
});

describe('validateBallot', () => {
  it('judges decision, option and ranked-choice ballots through one entry point', () => {
    expect(
      validateBallot({ method: 'decision', classes: ['worker'] }, { choice: 'yes', class: 'worker' }),
    ).toBeNull();
    expect(validateBallot({ method: 'decision' }, { choice: 'block' })?.code).toBe('BLOCK_NOT_ALLOWED');
    expect(validateBallot({ method: 'star', options: opts }, { scores: { a: 7 } })?.field).toBe('scores.a');
    expect(validateBallot({ method: 'irv', options: opts }, { ranking: ['a', ['b', 'c']] })?.code).toBe(
      'EQUAL_RANKS_NOT_ALLOWED',
    );
    expect(
      validateBallot({ method: 'stv', options: opts, rules: { maxRanks: 1 } }, { ranking: ['a', 'b'] })?.code,
    ).toBe('TOO_MANY_RANKS');
  });
});
