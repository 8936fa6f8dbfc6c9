import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type CommitteeRule, committeeRules, electCommittee } from './committee.ts';
import { buildElection } from './election.ts';
import { runEqualShares } from './equal-shares.ts';
import { createApprovalInstance, type PbInstance } from './pb-file.ts';
import {
  add,
  compare,
  decimalToRational,
  div,
  divInt,
  fromInteger,
  mulInt,
  type Rational,
  rational,
  sub,
  ZERO,
} from './rational.ts';
import { type PbRuleOptions, runPbRule } from './rules.ts';

type Case = { costs: string[]; budget: string; ballots: number[][]; order: number[] };

// Small random instances: up to 7 projects (some free, some with one decimal place), up to 12 voters.
const caseArbitrary: fc.Arbitrary<Case> = fc
  .record({
    costs: fc.array(fc.integer({ min: 0, max: 30 }), { minLength: 1, maxLength: 7 }),
    tenths: fc.boolean(),
    budget: fc.integer({ min: 1, max: 60 }),
  })
  .chain(({ costs, tenths, budget }) =>
    fc.array(fc.subarray(costs.map((_, i) => i)), { maxLength: 12 }).chain((ballots) =>
      fc
        .shuffledSubarray(
          ballots.map((_, i) => i),
          { minLength: ballots.length, maxLength: ballots.length },
        )
        .map((order) => ({
          costs: costs.map((c) => (tenths ? String(c / 10) : String(c))),
          budget: tenths ? String(budget / 10) : String(budget),
          ballots,
          order,
        })),
    ),
  );

// Larger ones, so that budgets split into many levels and the exact fallbacks are exercised.
const wideCaseArbitrary: fc.Arbitrary<Case> = fc
  .record({
    costs: fc.array(fc.integer({ min: 1, max: 12 }), { minLength: 2, maxLength: 10 }),
    budget: fc.integer({ min: 5, max: 80 }),
  })
  .chain(({ costs, budget }) =>
    fc.array(fc.subarray(costs.map((_, i) => i)), { minLength: 1, maxLength: 80 }).map((ballots) => ({
      costs: costs.map(String),
      budget: String(budget),
      ballots,
      order: ballots.map((_, i) => i),
    })),
  );

const toInstance = (c: Case, voterOrder?: number[]): PbInstance =>
  createApprovalInstance({
    projects: c.costs.map((cost, i) => ({ id: `p${i}`, cost })),
    budget: c.budget,
    ballots: (voterOrder ?? c.ballots.map((_, i) => i)).map((v) =>
      (c.ballots[v] as number[]).map((p) => `p${p}`),
    ),
  });

const ruleOptions: PbRuleOptions[] = [
  { rule: 'greedy', utility: 'cost' },
  { rule: 'greedy', utility: 'cardinality' },
  { rule: 'equalshares', utility: 'cost' },
  { rule: 'equalshares', utility: 'cardinality' },
  { rule: 'equalshares', completion: { kind: 'greedy' } },
  { rule: 'equalshares', completion: { kind: 'seq-phragmen' } },
  {
    rule: 'equalshares',
    utility: 'cardinality',
    completion: { kind: 'voter-budget-increment', step: '0.5' },
  },
  { rule: 'equalshares', completion: { kind: 'budget-increase', step: '1' } },
  { rule: 'equalshares/add1' },
  { rule: 'seq-phragmen' },
  { rule: 'max-welfare', utility: 'cost' },
];

describe('properties of the budgeting rules', () => {
  it('never spend more than the budget', () => {
    fc.assert(
      fc.property(fc.oneof(caseArbitrary, wideCaseArbitrary), (c) => {
        const instance = toInstance(c);
        for (const options of ruleOptions) {
          const outcome = runPbRule(instance, options);
          const cost = decimalToRational(outcome.cost) as Rational;
          expect(
            compare(cost, decimalToRational(c.budget) as Rational),
            JSON.stringify(options),
          ).toBeLessThanOrEqual(0);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('give the same outcome and explanation whatever the order of the voters', () => {
    fc.assert(
      fc.property(caseArbitrary, (c) => {
        const original = toInstance(c);
        const shuffled = toInstance(c, c.order);
        for (const options of ruleOptions) {
          expect(runPbRule(shuffled, options), JSON.stringify(options)).toEqual(runPbRule(original, options));
        }
      }),
      { numRuns: 150 },
    );
  });

  // A plain per-voter implementation of the MES core, written for clarity rather than speed.
  function referenceEqualShares(c: Case, utility: 'cost' | 'cardinality', perVoter: Rational): number[] {
    const costs = c.costs.map((x) => decimalToRational(x) as Rational);
    const budgets = c.ballots.map(() => perVoter);
    const supporters = costs.map((_, p) => c.ballots.flatMap((b, v) => (b.includes(p) ? [v] : [])));
    const selected: number[] = [];
    let remaining = costs.map((_, p) => p).filter((p) => (supporters[p] as number[]).length > 0);
    if (utility === 'cardinality') {
      for (const p of remaining) if ((costs[p] as Rational).num === 0n) selected.push(p);
    }
    remaining = remaining.filter((p) => (costs[p] as Rational).num > 0n);
    for (;;) {
      let best: { p: number; rho: Rational; alpha: Rational } | null = null;
      const affordable: number[] = [];
      for (const p of remaining) {
        const own = (supporters[p] as number[]).map((v) => budgets[v] as Rational).sort(compare);
        let left = costs[p] as Rational;
        let alpha: Rational | null = null;
        own.forEach((b, k) => {
          if (alpha) return;
          const share = divInt(left, BigInt(own.length - k));
          if (compare(b, share) >= 0) alpha = share;
          else left = sub(left, b);
        });
        if (!alpha) continue;
        affordable.push(p);
        const rho = utility === 'cost' ? div(alpha, costs[p] as Rational) : alpha;
        const better =
          !best ||
          compare(rho, best.rho) < 0 ||
          (compare(rho, best.rho) === 0 &&
            (compare(costs[p] as Rational, costs[best.p] as Rational) < 0 ||
              (compare(costs[p] as Rational, costs[best.p] as Rational) === 0 &&
                (supporters[p] as number[]).length > (supporters[best.p] as number[]).length)));
        if (better) best = { p, rho, alpha };
      }
      if (!best) return selected;
      const chosen = best;
      for (const v of supporters[chosen.p] as number[]) {
        const b = budgets[v] as Rational;
        budgets[v] = compare(b, chosen.alpha) <= 0 ? ZERO : sub(b, chosen.alpha);
      }
      selected.push(chosen.p);
      remaining = affordable.filter((p) => p !== chosen.p);
    }
  }

  it('Equal Shares matches a plain per-voter implementation exactly', () => {
    fc.assert(
      fc.property(
        fc.oneof(caseArbitrary, wideCaseArbitrary),
        fc.constantFrom('cost' as const, 'cardinality' as const),
        fc.integer({ min: 1, max: 4 }),
        (c, utility, boost) => {
          const election = buildElection({
            projects: c.costs.map((cost, i) => ({ id: `p${i}`, cost })),
            budget: c.budget,
            ballots: c.ballots.map((b) => ({ projects: b.map((p) => `p${p}`) })),
          });
          if (election.voterCount === 0) return;
          // Budgets from B/n up to several times that, as fractions of the smallest money unit.
          const unit = 10n ** BigInt(election.scale);
          const total = mulInt(decimalToRational(c.budget) as Rational, BigInt(boost));
          const perVoter = divInt(total, BigInt(election.voterCount));
          const engine = runEqualShares(election, {
            utility,
            perVoter: mulInt(perVoter, unit),
            tieBreak: 'equalshares',
          });
          expect(engine.selected).toEqual(referenceEqualShares(c, utility, perVoter));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('Equal Shares leaves every voter a non-negative budget and spends exactly the funded costs', () => {
    fc.assert(
      fc.property(fc.oneof(caseArbitrary, wideCaseArbitrary), (c) => {
        const election = buildElection({
          projects: c.costs.map((cost, i) => ({ id: `p${i}`, cost })),
          budget: c.budget,
          ballots: c.ballots.map((b) => ({ projects: b.map((p) => `p${p}`) })),
        });
        if (election.voterCount === 0) return;
        const perVoter = rational(election.budget, BigInt(election.voterCount));
        const result = runEqualShares(election, { utility: 'cost', perVoter, tieBreak: 'equalshares' });
        let left: Rational = ZERO;
        election.groups.forEach((g, i) => {
          const b = result.remainingBudget(i);
          expect(b.num >= 0n).toBe(true);
          left = add(left, mulInt(b, BigInt(g.weight)));
        });
        const spent = result.selected.reduce((sum, p) => sum + (election.costs[p] as bigint), 0n);
        expect(add(left, fromInteger(spent))).toEqual(fromInteger(election.budget));
      }),
      { numRuns: 150 },
    );
  });
});

describe('properties of the committee rules', () => {
  const profileArbitrary = fc
    .record({
      candidates: fc.integer({ min: 1, max: 7 }),
      seatsShare: fc.double({ min: 0, max: 1, noNaN: true }),
    })
    .chain(({ candidates, seatsShare }) =>
      fc.record({
        candidates: fc.constant(Array.from({ length: candidates }, (_, i) => `c${i}`)),
        seats: fc.constant(Math.max(1, Math.ceil(seatsShare * candidates))),
        ballots: fc.array(fc.subarray(Array.from({ length: candidates }, (_, i) => `c${i}`)), {
          maxLength: 10,
        }),
      }),
    );

  it('always elect exactly the number of seats, from the candidates', () => {
    fc.assert(
      fc.property(profileArbitrary, ({ candidates, seats, ballots }) => {
        for (const rule of committeeRules) {
          const { committee } = electCommittee({ candidates, ballots }, { rule, seats });
          expect(committee, rule).toHaveLength(seats);
          expect(new Set(committee).size).toBe(seats);
        }
      }),
      { numRuns: 100 },
    );
  });

  const pavScore = (committee: string[], ballots: string[][]) =>
    ballots.reduce((sum, b) => {
      const k = b.filter((c) => committee.includes(c)).length;
      let s = ZERO;
      for (let j = 1; j <= k; j++) s = add(s, rational(1n, BigInt(j)));
      return add(sum, s);
    }, ZERO);

  function* subsets(items: string[], size: number, start = 0, prefix: string[] = []): Generator<string[]> {
    if (prefix.length === size) {
      yield prefix;
      return;
    }
    for (let i = start; i < items.length; i++)
      yield* subsets(items, size, i + 1, [...prefix, items[i] as string]);
  }

  it('PAV by branch and bound reaches the best score of all committees', () => {
    fc.assert(
      fc.property(profileArbitrary, ({ candidates, seats, ballots }) => {
        const { committee } = electCommittee({ candidates, ballots }, { rule: 'pav', seats });
        let best = ZERO;
        for (const s of subsets(candidates, seats)) {
          const score = pavScore(s, ballots);
          if (compare(score, best) > 0) best = score;
        }
        expect(pavScore(committee, ballots)).toEqual(best);
      }),
      { numRuns: 150 },
    );
  });

  it('do not depend on the order of the ballots', () => {
    fc.assert(
      fc.property(profileArbitrary, fc.integer(), ({ candidates, seats, ballots }, shift) => {
        const k = ballots.length === 0 ? 0 : Math.abs(shift) % ballots.length;
        const rotated = [...ballots.slice(k), ...ballots.slice(0, k)].reverse();
        for (const rule of committeeRules as readonly CommitteeRule[]) {
          expect(electCommittee({ candidates, ballots: rotated }, { rule, seats }), rule).toEqual(
            electCommittee({ candidates, ballots }, { rule, seats }),
          );
        }
      }),
      { numRuns: 100 },
    );
  });
});
