import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as Q from '../rational.ts';
import { classVoteValues, countDecision, type DecisionBallot, type DecisionChoice } from './decision.ts';
import { TallyError } from './errors.ts';

const many = (n: number, b: DecisionBallot): DecisionBallot[] => Array.from({ length: n }, () => ({ ...b }));

function codeOf(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    if (e instanceof TallyError) return e.code;
    throw e;
  }
  return undefined;
}

describe('countDecision', () => {
  it('needs more than half for a majority and at least two-thirds for two-thirds', () => {
    const tie = [...many(5, { choice: 'yes' }), ...many(5, { choice: 'no' })];
    expect(countDecision({ eligible: 10, ballots: tie, rules: { threshold: 'majority' } }).passed).toBe(
      false,
    );
    const exact = [...many(2, { choice: 'yes' }), ...many(1, { choice: 'no' })];
    const r = countDecision({ eligible: 3, ballots: exact, rules: { threshold: 'two-thirds' } });
    expect(r.passed).toBe(true);
    expect(r.threshold.yesShare?.exact).toEqual(Q.rational(2, 3));
    expect(r.threshold.yesShare?.decimal).toBe('0.6667');
    expect(countDecision({ eligible: 3, ballots: exact, rules: { threshold: '>2/3' } }).passed).toBe(false);
  });

  it('counts abstentions toward the quorum but not the threshold', () => {
    const ballots = [
      ...many(3, { choice: 'yes' }),
      ...many(1, { choice: 'no' }),
      ...many(6, { choice: 'abstain' }),
    ];
    const r = countDecision({ eligible: 20, ballots, rules: { quorum: '50%', threshold: 'majority' } });
    expect(r.turnout.exact).toEqual(Q.rational(1, 2));
    expect(r.quorum.met).toBe(true);
    expect(r.threshold.denominator.exact).toEqual(Q.rational(4));
    expect(r.outcome).toBe('passed');
    const low = countDecision({ eligible: 21, ballots, rules: { quorum: '1/2', threshold: 'majority' } });
    expect(low.outcome).toBe('no-quorum');
    expect(low.reasons.map((x) => x.code)).toEqual(['QUORUM_NOT_MET']);
  });

  it('fails with no votes at all rather than dividing by zero', () => {
    const r = countDecision({
      eligible: 5,
      ballots: many(2, { choice: 'abstain' }),
      rules: { threshold: 'majority' },
    });
    expect(r.threshold.yesShare).toBeNull();
    expect(r.passed).toBe(false);
  });

  it('lets one block stop a consent decision, and refuses blocks where they are not allowed', () => {
    const ballots: DecisionBallot[] = [...many(9, { choice: 'yes' }), { choice: 'block' }];
    const r = countDecision({ eligible: 10, ballots, rules: { threshold: 'majority', allowBlock: true } });
    expect(r.outcome).toBe('blocked');
    expect(r.blocks).toMatchObject({ weight: 1n, stopped: true });
    const two = countDecision({
      eligible: 10,
      ballots,
      rules: { threshold: 'majority', allowBlock: true, blocksToStop: 2 },
    });
    expect(two.passed).toBe(true);
    expect(codeOf(() => countDecision({ eligible: 10, ballots, rules: { threshold: 'majority' } }))).toBe(
      'BLOCK_NOT_ALLOWED',
    );
  });

  it('measures the threshold against members present or the whole membership when told to', () => {
    const ballots = [
      ...many(30, { choice: 'yes' }),
      ...many(15, { choice: 'no' }),
      ...many(15, { choice: 'abstain' }),
    ];
    const present = countDecision({
      eligible: 100,
      ballots,
      rules: { threshold: 'two-thirds', basis: 'ballots-cast' },
    });
    expect(present.threshold.votesNeeded).toBe(40n);
    const membership = countDecision({
      eligible: 100,
      ballots,
      rules: { threshold: 'majority', basis: 'eligible' },
    });
    expect(membership.threshold.votesNeeded).toBe(51n);
    expect(membership.passed).toBe(false);
  });

  it('refuses ballots it cannot place', () => {
    const eligible = { worker: 2, customer: 3 };
    const rules = { threshold: 'majority' };
    expect(codeOf(() => countDecision({ eligible, ballots: [{ choice: 'yes' }], rules }))).toBe(
      'MISSING_CLASS',
    );
    expect(codeOf(() => countDecision({ eligible, ballots: [{ choice: 'yes', class: 'x' }], rules }))).toBe(
      'UNKNOWN_CLASS',
    );
    expect(
      codeOf(() => countDecision({ eligible, ballots: many(3, { choice: 'yes', class: 'worker' }), rules })),
    ).toBe('MORE_BALLOTS_THAN_ELIGIBLE');
    expect(
      codeOf(() => countDecision({ eligible: 3, ballots: [{ choice: 'maybe' as DecisionChoice }], rules })),
    ).toBe('INVALID_CHOICE');
    expect(codeOf(() => countDecision({ eligible: 3, ballots: [{ choice: 'yes', weight: 0 }], rules }))).toBe(
      'INVALID_WEIGHT',
    );
    expect(codeOf(() => countDecision({ eligible: 3, ballots: [], rules: { threshold: '3/2' } }))).toBe(
      'INVALID_SHARE',
    );
  });

  describe('weighted classes', () => {
    // 10 workers hold 60% of the vote, 90 customers 40%.
    const eligible = { worker: 10, customer: 90 };
    const classWeights = { worker: 6000, customer: 4000 };

    it('gives each class its constitutional share of the vote', () => {
      const values = classVoteValues(eligible, classWeights);
      expect(values.get('worker')).toEqual(Q.rational(6)); // 60% of 100 votes over 10 workers
      expect(values.get('customer')).toEqual(Q.rational(4, 9));
      const ballots = [
        ...many(10, { class: 'worker', choice: 'yes' }),
        ...many(90, { class: 'customer', choice: 'no' }),
      ];
      const r = countDecision({ eligible, ballots, rules: { threshold: 'majority', classWeights } });
      expect(r.totals.yes.exact).toEqual(Q.rational(60));
      expect(r.totals.no.exact).toEqual(Q.rational(40));
      expect(r.passed).toBe(true);
      expect(r.threshold.votesNeeded).toBeNull();
      expect(r.classes.find((c) => c.class === 'worker')?.share?.exact).toEqual(Q.rational(3, 5));
    });

    it('does not hand a class the share of its members who stayed away', () => {
      const ballots = [
        ...many(5, { class: 'worker', choice: 'yes' }),
        ...many(45, { class: 'customer', choice: 'no' }),
      ];
      const r = countDecision({
        eligible,
        ballots,
        rules: { quorum: '1/2', threshold: 'majority', classWeights },
      });
      expect(r.turnout.exact).toEqual(Q.rational(1, 2));
      expect(r.totals.yes.exact).toEqual(Q.rational(30));
      expect(r.totals.no.exact).toEqual(Q.rational(20));
    });

    it('can require every class to reach its own quorum and majority (double majority)', () => {
      const ballots = [
        ...many(10, { class: 'worker', choice: 'yes' }),
        ...many(20, { class: 'customer', choice: 'no' }),
      ];
      const rules = { threshold: 'majority', classWeights, perClassQuorum: '1/4', perClassThreshold: true };
      const r = countDecision({ eligible, ballots, rules });
      expect(r.outcome).toBe('no-quorum');
      expect(r.reasons.map((x) => `${x.code}:${x.class}`)).toEqual([
        'CLASS_QUORUM_NOT_MET:customer',
        'CLASS_THRESHOLD_NOT_MET:customer',
      ]);
      const worker = r.classes.find((c) => c.class === 'worker')!;
      expect(worker.quorumMet).toBe(true);
      expect(worker.thresholdMet).toBe(true);
    });

    it('needs a weight for every class', () => {
      expect(
        codeOf(() =>
          countDecision({
            eligible,
            ballots: [],
            rules: { threshold: 'majority', classWeights: { worker: 1 } },
          }),
        ),
      ).toBe('MISSING_CLASS_WEIGHT');
    });
  });
});

const choiceArb = fc.constantFrom<DecisionChoice>('yes', 'no', 'abstain', 'invalid');
const electorate = fc
  .array(fc.tuple(fc.integer({ min: 1, max: 30 }), fc.array(choiceArb, { maxLength: 30 })), {
    minLength: 1,
    maxLength: 4,
  })
  .map((classes) =>
    classes.map(([extra, choices], i) => ({ name: `c${i}`, eligible: choices.length + extra, choices })),
  );

describe('countDecision properties', () => {
  it('does not depend on the order of ballots', () => {
    fc.assert(
      fc.property(electorate, fc.integer({ min: 1, max: 100 }), fc.integer(), (classes, w, seed) => {
        const eligible = Object.fromEntries(classes.map((c) => [c.name, c.eligible]));
        const classWeights = Object.fromEntries(classes.map((c, i) => [c.name, w + i * 7]));
        const ballots = classes.flatMap((c) => c.choices.map((choice) => ({ class: c.name, choice })));
        const shuffled = fc.sample(fc.shuffledSubarray(ballots, { minLength: ballots.length }), {
          seed,
          numRuns: 1,
        })[0]!;
        const rules = { quorum: '1/3', threshold: 'two-thirds', classWeights, perClassThreshold: true };
        expect(countDecision({ eligible, ballots: shuffled, rules })).toEqual(
          countDecision({ eligible, ballots, rules }),
        );
      }),
    );
  });

  it('equals one member one vote when class weights are proportional to class sizes', () => {
    fc.assert(
      fc.property(
        electorate,
        fc.integer({ min: 1, max: 50 }),
        fc.constantFrom('votes-cast', 'ballots-cast', 'eligible'),
        (classes, k, basis) => {
          const eligible = Object.fromEntries(classes.map((c) => [c.name, c.eligible]));
          const classWeights = Object.fromEntries(classes.map((c) => [c.name, c.eligible * k]));
          const ballots = classes.flatMap((c) => c.choices.map((choice) => ({ class: c.name, choice })));
          const rules = { quorum: '1/2', threshold: 'majority', basis } as const;
          const plain = countDecision({ eligible, ballots, rules });
          const weighted = countDecision({ eligible, ballots, rules: { ...rules, classWeights } });
          expect(weighted.totals).toEqual(plain.totals);
          expect(weighted.turnout).toEqual(plain.turnout);
          expect(weighted.threshold.yesShare).toEqual(plain.threshold.yesShare);
          expect(weighted.outcome).toBe(plain.outcome);
          for (const c of weighted.classes) expect(c.voteValue.exact).toEqual(Q.ONE);
        },
      ),
    );
  });
});
