// The Method of Equal Shares (MES), fixed per-voter budget (the "core" in the conformance README):
// every voter starts with the same budget; in each round, for every project whose supporters can still
// pay for it together, find the smallest ρ such that Σ_i min(budget_i, ρ·u_i) = cost; fund the project
// with the smallest ρ; each supporter pays min(budget_i, ρ·u_i); stop when nothing is affordable.
//
// Exactness and speed. Every decision is exact: who can afford what, which project has the smallest ρ
// (and whether several tie), who pays everything they have. Deciding with bigint fractions alone is too
// slow for a city (100,000 voters, dozens of rounds, a hundred runs for the Add1 completion), so:
// - A voter's remaining budget is a "level": the starting budget minus the payments of the rounds they
//   paid in full. Voters with the same history share a level. Each level carries a float
//   approximation; its exact value is computed only when needed, from the exact payments of its rounds
//   (kept over one common denominator, so that is integer arithmetic).
// - Each comparison is first made on floats, with a proven bound on their rounding error (see
//   `floatSlack`). A comparison closer than that bound is re-made on exact values, so floats only
//   decide comparisons they cannot get wrong.
// - A project's payment α comes from floats as an interval certified to contain it; the funded
//   project's α, and that of every project whose interval reaches the best one, are computed exactly,
//   so ties are found exactly and broken by the tie-break rule.
// A project's ρ can only grow as budgets shrink, so each round re-evaluates projects in order of their
// last ρ (a lower bound) and stops once the next one is certainly worse than the best fresh one.

import type { Election } from './election.ts';
import type { Utility } from './greedy.ts';
import { compare, divInt, fromInteger, type Rational, rational, toFloat, ZERO } from './rational.ts';

export type MesTieBreak = 'equalshares' | 'order';
export type TieDecision = 'rho' | 'cost' | 'votes' | 'order';

export type MesParams = {
  utility: Utility;
  // Starting budget of each voter, in the election's integer money units (may be a fraction).
  perVoter: Rational;
  // Projects already chosen (an initial allocation): left out of the run.
  exclude?: ReadonlySet<number>;
  // 'equalshares' (equalshares.net): equal ρ → lowest cost → most votes → tie-break order.
  // 'order': equal ρ → tie-break order only (abcvoting's lowest candidate index).
  tieBreak: MesTieBreak;
  // Stop after this many funded projects (committee elections with a fixed number of seats).
  maxSelections?: number;
};

export type MesRound = {
  project: number;
  // ρ as a fraction; with cost utilities the effective vote count is 1/ρ.
  rho: Rational;
  // The most any supporter pays (money units); supporters with less pay all they have.
  maxPayment: Rational;
  // Other projects with exactly the same ρ this round.
  tiedWith: number[];
  decidedBy: TieDecision;
};

export type MesResult = {
  // Funded projects in the order they were funded (zero-cost projects funded up front come first).
  selected: number[];
  // Zero-cost projects funded before the rounds (cardinality utilities only).
  free: number[];
  rounds: MesRound[];
  // Projects that took part in the rounds.
  eligible: number[];
  // Each ballot group's remaining budget per voter at the end (money units).
  remainingBudget: (group: number) => Rational;
};

export type TiedProject = { cost: bigint; votes: number; rank: number };

// Chooses among projects with exactly the same ρ. 'equalshares' follows equalshares.net's recommendation
// (lowest cost, then most votes, then the drawn order); 'order' uses the drawn order alone.
export function chooseAmongTied(
  tied: TiedProject[],
  mode: MesTieBreak,
): { index: number; decidedBy: TieDecision } {
  if (tied.length === 0) throw new Error('nothing to choose from');
  if (tied.length === 1) return { index: 0, decidedBy: 'rho' };
  let left = tied.map((t, index) => ({ ...t, index }));
  if (mode === 'equalshares') {
    let cheapest = left[0]!.cost;
    for (const t of left) if (t.cost < cheapest) cheapest = t.cost;
    left = left.filter((t) => t.cost === cheapest);
    if (left.length === 1) return { index: left[0]!.index, decidedBy: 'cost' };
    const most = Math.max(...left.map((t) => t.votes));
    left = left.filter((t) => t.votes === most);
    if (left.length === 1) return { index: left[0]!.index, decidedBy: 'votes' };
  }
  const first = left.reduce((a, b) => (b.rank < a.rank ? b : a));
  return { index: first.index, decidedBy: 'order' };
}

// Unit roundoff of doubles, rounded up.
const epsilon = 2.3e-16;

export function runEqualShares(election: Election, params: MesParams): MesResult {
  const { costs, approvals, groups, supporterStart, supporterGroups, otherStart, otherProjects } = election;
  const exclude = params.exclude ?? new Set<number>();
  const free: number[] = [];
  const eligible: number[] = [];
  for (let p = 0; p < costs.length; p++) {
    if (exclude.has(p) || approvals[p] === 0) continue;
    // A zero-cost project gives zero cost-utility (never funded); with cardinality utilities it is
    // funded up front, as pabutools does.
    if (costs[p] === 0n) {
      if (params.utility === 'cardinality') free.push(p);
      continue;
    }
    eligible.push(p);
  }

  const start = params.perVoter;
  const startFloat = toFloat(start);
  const weight = election.groupWeight;
  const costFloat = costs.map((c) => Number(c));
  const unit = (p: number) => (params.utility === 'cost' ? (costs[p] as bigint) : 1n);

  // Levels: level 0 is the starting budget; level k > 0 is its parent minus the payment of one round.
  // -1 stands for an empty budget.
  const parent: number[] = [-1];
  const paidRound: number[] = [-1];
  const floatValue: number[] = [startFloat];
  const exactValue: (Rational | null)[] = [start];
  // Where a level's voters went in the latest round that moved them.
  const movedInRound: number[] = [-1];
  const movedTo: number[] = [-1];
  const groupLevel = new Int32Array(groups.length).fill(start.num > 0n ? 0 : -1);
  // Exact payments per round as numerators over one denominator (the start budget too), so exact sums
  // of budgets are integer sums.
  const payments: Rational[] = [];
  const paymentNum: bigint[] = [];
  let startNum = start.num;
  let denominator = start.den;
  const addPayment = (alpha: Rational) => {
    let g = denominator;
    let h = alpha.den;
    while (h !== 0n) [g, h] = [h, g % h];
    const factor = alpha.den / g;
    if (factor !== 1n) {
      for (let r = 0; r < paymentNum.length; r++) paymentNum[r] = (paymentNum[r] as bigint) * factor;
      startNum *= factor;
      denominator *= factor;
    }
    payments.push(alpha);
    paymentNum.push(alpha.num * (denominator / alpha.den));
  };

  // Per project: float total of its supporters' budgets, how many of them have money left, a lower bound
  // on the smallest positive budget among them. `alive` marks the projects still in the running.
  const runningTotal = Float64Array.from(costs, (_, p) =>
    start.num > 0n ? (approvals[p] as number) * startFloat : 0,
  );
  const withMoney = Int32Array.from(costs, (_, p) => (start.num > 0n ? (approvals[p] as number) : 0));
  const smallest = new Float64Array(costs.length).fill(startFloat);
  const alive = new Uint8Array(costs.length);
  for (const p of eligible) alive[p] = 1;
  // Updates made to running totals so far (a bound on the roundings in any one of them).
  let updates = 0;

  // A level's float value is its parent's minus a correctly rounded payment, each step adding at most
  // 2ε·start of error; a sum of n such terms adds nε of its size. With generous factors, the float
  // error of a sum of `terms` budgets whose size is at most `scale` stays below:
  const floatSlack = (terms: number, scale: number) =>
    8 * (2 * payments.length + terms + 8) * epsilon * scale;

  // Σ weight·budget over some levels, exactly: a level's budget is the start minus the payments of the
  // rounds in its history, so the sum is (total weight)·start − Σ_round (weight that paid it)·α_round.
  // The accumulator takes levels one at a time; the numerator (over the common denominator) costs one
  // term per round.
  const budgetSum = () => {
    const paidBy = new Map<number, number>();
    let total = 0;
    return {
      add(level: number, w: number) {
        total += w;
        for (let l = level; l > 0; l = parent[l] as number) {
          const r = paidRound[l] as number;
          paidBy.set(r, (paidBy.get(r) ?? 0) + w);
        }
      },
      numerator(): bigint {
        let num = startNum * BigInt(total);
        for (const [r, w] of paidBy) num -= (paymentNum[r] as bigint) * BigInt(w);
        return num;
      },
    };
  };
  const exactSum = (levels: Iterable<[number, number]>): Rational => {
    const sum = budgetSum();
    for (const [level, w] of levels) sum.add(level, w);
    return rational(sum.numerator(), denominator);
  };
  const exact = (level: number): Rational => {
    if (level < 0) return ZERO;
    let known = exactValue[level];
    if (!known) {
      known = exactSum([[level, 1]]);
      exactValue[level] = known;
    }
    return known;
  };
  // Is level's budget < x (or <= x when `orEqual`)? Floats first, exact when close.
  const below = (level: number, x: Rational, xFloat: number, orEqual: boolean): boolean => {
    const v = level < 0 ? 0 : (floatValue[level] as number);
    const margin = floatSlack(1, startFloat + Math.abs(xFloat));
    if (v < xFloat - margin) return true;
    if (v > xFloat + margin) return false;
    const order = compare(exact(level), x);
    return orEqual ? order <= 0 : order < 0;
  };

  // Scratch space for gathering a project's supporters by level.
  let levelWeight = new Float64Array(1024);
  const touched: number[] = [];
  const spread = 1e-8;
  // Float pass: is the project affordable, and if so an interval certain to contain its payment α.
  // f(x) = Σ min(budget, x) over the supporters is increasing; α is where it reaches the cost. The float
  // estimate of α is certified by evaluating f just below and just above it, allowing for the float
  // error of f. Where that cannot be certified (the budgets left are too close to the cost), α is
  // computed exactly.
  type Estimate = { lo: number; hi: number; exact?: Rational; near?: [number, number][] };
  const evaluateFloat = (p: number): Estimate | null => {
    const cost = costFloat[p] as number;
    // Affordable? The running total has one rounding per update on top of the budgets' own error.
    const totalSlack = floatSlack(updates + 1, (approvals[p] as number) * startFloat + cost);
    if ((runningTotal[p] as number) < cost - totalSlack) return null;
    if ((runningTotal[p] as number) <= cost + totalSlack && !affordableExactly(p)) return null;
    // The usual case: an equal share is within everyone's means, so α = cost / (supporters with money),
    // exactly.
    const equalShare = cost / (withMoney[p] as number);
    if (equalShare <= (smallest[p] as number) - floatSlack(1, startFloat + equalShare)) {
      const alpha = rational(costs[p] as bigint, BigInt(withMoney[p] as number));
      return { lo: equalShare * (1 - 1e-15), hi: equalShare * (1 + 1e-15), exact: alpha };
    }
    const first = supporterStart[p] as number;
    const last = supporterStart[p + 1] as number;
    let rich = withMoney[p] as number;
    const slack = floatSlack(last - first, rich * startFloat + cost);
    // Gather the supporters by level (voters at one level hold the same budget), find α on the levels,
    // then certify it by evaluating f just below and just above it.
    touched.length = 0;
    for (let i = first; i < last; i++) {
      const g = supporterGroups[i] as number;
      const level = groupLevel[g] as number;
      if (level < 0) continue;
      if (levelWeight[level] === 0) touched.push(level);
      levelWeight[level] = (levelWeight[level] as number) + (weight[g] as number);
    }
    // Levels below an equal share of what is still owed pay all they hold; repeat until none is left.
    // (Passes over the distinct levels, far fewer than the supporters.)
    let left = cost;
    let poorCount = 0;
    for (;;) {
      if (rich <= 0) break;
      const share = left / rich;
      let moved = false;
      for (let k = poorCount; k < touched.length; k++) {
        const level = touched[k] as number;
        const v = floatValue[level] as number;
        if (v < share) {
          left -= v * (levelWeight[level] as number);
          rich -= levelWeight[level] as number;
          // Keep poor levels at the front so later passes skip them.
          touched[k] = touched[poorCount] as number;
          touched[poorCount] = level;
          poorCount += 1;
          moved = true;
        }
      }
      if (!moved) break;
    }
    let certified: { lo: number; hi: number; near: [number, number][] } | null = null;
    if (rich > 0 && left > 0) {
      const alpha = left / rich;
      const lo = alpha * (1 - spread);
      const hi = alpha * (1 + spread);
      let atLo = 0;
      let atHi = 0;
      for (const level of touched) {
        const v = floatValue[level] as number;
        const w = levelWeight[level] as number;
        atLo += Math.min(v, lo) * w;
        atHi += Math.min(v, hi) * w;
      }
      if (atLo < cost - slack && atHi > cost + slack) {
        // Keep the levels that may pay less than α in full: the exact α needs only them.
        const limit = hi * (1 + 1e-9) + floatSlack(1, startFloat + hi);
        const near: [number, number][] = [];
        for (const level of touched) {
          if ((floatValue[level] as number) <= limit) near.push([level, levelWeight[level] as number]);
        }
        certified = { lo, hi, near };
      }
    }
    for (const level of touched) levelWeight[level] = 0;
    if (certified) return certified;
    const exactAlpha = exactPayment(p, null);
    if (!exactAlpha) return null;
    const value = toFloat(exactAlpha);
    return { lo: value * (1 - 1e-15), hi: value * (1 + 1e-15), exact: exactAlpha };
  };

  const levelsOf = (p: number): Map<number, number> => {
    const byLevel = new Map<number, number>();
    for (let i = supporterStart[p] as number; i < (supporterStart[p + 1] as number); i++) {
      const g = supporterGroups[i] as number;
      const level = groupLevel[g] as number;
      if (level >= 0) byLevel.set(level, (byLevel.get(level) ?? 0) + (weight[g] as number));
    }
    return byLevel;
  };

  const affordableExactly = (p: number): boolean =>
    compare(exactSum(levelsOf(p)), fromInteger(costs[p] as bigint)) >= 0;

  // Exact α: the smallest payment cap at which the supporters cover the cost, or null if they cannot.
  // `near`, when known, lists the levels (with their supporters' weight) that may hold less than α; the
  // others certainly hold more and pay α. Without it, every supporter's level is considered.
  const exactPayment = (p: number, near: [number, number][] | null): Rational | null => {
    const entries = near ?? [...levelsOf(p)];
    let rich = BigInt(withMoney[p] as number);
    const poor = budgetSum();
    const isPoor = new Set<number>();
    for (;;) {
      if (rich === 0n) return null;
      // α = (cost − poor budgets) / rich, reduced once.
      const alpha = rational((costs[p] as bigint) * denominator - poor.numerator(), rich * denominator);
      const alphaFloat = toFloat(alpha);
      let changed = false;
      for (const [level, w] of entries) {
        if (isPoor.has(level) || !below(level, alpha, alphaFloat, false)) continue;
        isPoor.add(level);
        poor.add(level, w);
        rich -= BigInt(w);
        changed = true;
      }
      if (!changed) return alpha;
    }
  };

  const pay = (p: number, alpha: Rational) => {
    const round = payments.length;
    addPayment(alpha);
    const alphaFloat = toFloat(alpha);
    for (let i = supporterStart[p] as number; i < (supporterStart[p + 1] as number); i++) {
      const g = supporterGroups[i] as number;
      const level = groupLevel[g] as number;
      if (level < 0) continue;
      // Every supporter at one level moves to the same new level (or to an empty budget).
      let moved: number;
      if (movedInRound[level] === round) {
        moved = movedTo[level] as number;
      } else {
        if (below(level, alpha, alphaFloat, true)) {
          moved = -1;
        } else {
          parent.push(level);
          paidRound.push(round);
          floatValue.push((floatValue[level] as number) - alphaFloat);
          exactValue.push(null);
          movedInRound.push(-1);
          movedTo.push(-1);
          moved = parent.length - 1;
          if (moved >= levelWeight.length) {
            const larger = new Float64Array(levelWeight.length * 2);
            larger.set(levelWeight);
            levelWeight = larger;
          }
        }
        movedInRound[level] = round;
        movedTo[level] = moved;
      }
      groupLevel[g] = moved;
      // Keep the other projects' running figures up to date.
      const before = floatValue[level] as number;
      const after = moved < 0 ? 0 : (floatValue[moved] as number);
      const w = weight[g] as number;
      for (let k = otherStart[i] as number; k < (otherStart[i + 1] as number); k++) {
        const q = otherProjects[k] as number;
        if (alive[q] === 0) continue;
        runningTotal[q] = (runningTotal[q] as number) - (before - after) * w;
        updates += 1;
        if (moved < 0) withMoney[q] = (withMoney[q] as number) - w;
        else if (after < (smallest[q] as number)) smallest[q] = after;
      }
    }
  };

  const selected: number[] = [...free];
  const rounds: MesRound[] = [];
  // A lower bound on each project's ρ from the last time it was evaluated (ρ only grows).
  const lastRho = new Float64Array(costs.length).fill(Number.NaN);
  let remaining = eligible.slice();
  const limit = params.maxSelections ?? Number.POSITIVE_INFINITY;
  while (remaining.length > 0 && selected.length < limit) {
    remaining.sort((a, b) => {
      const x = lastRho[a] as number;
      const y = lastRho[b] as number;
      if (Number.isNaN(x) || Number.isNaN(y)) return Number.isNaN(x) ? (Number.isNaN(y) ? 0 : -1) : 1;
      return x - y;
    });
    let bestUpper = Number.POSITIVE_INFINITY;
    const fresh: { p: number; lo: number; exact?: Rational; near?: [number, number][] }[] = [];
    const kept: number[] = [];
    for (let i = 0; i < remaining.length; i++) {
      const p = remaining[i] as number;
      if ((lastRho[p] as number) > bestUpper) {
        // Sorted by last ρ: this one and all after it are certainly worse than the best this round.
        for (let j = i; j < remaining.length; j++) kept.push(remaining[j] as number);
        break;
      }
      const found = evaluateFloat(p);
      if (!found) {
        alive[p] = 0; // unaffordable now means unaffordable for good: budgets only shrink
        continue;
      }
      const u = params.utility === 'cost' ? (costFloat[p] as number) : 1;
      const lo = (found.lo / u) * (1 - 1e-15);
      const hi = (found.hi / u) * (1 + 1e-15);
      lastRho[p] = lo;
      kept.push(p);
      fresh.push({ p, lo, exact: found.exact, near: found.near });
      if (hi < bestUpper) bestUpper = hi;
    }
    remaining = kept;
    // Every project whose interval reaches the best one is decided on exact values.
    let exactBest: Rational | null = null;
    let tied: { p: number; alpha: Rational }[] = [];
    for (const candidate of fresh) {
      if (candidate.lo > bestUpper) continue;
      const alpha = candidate.exact ?? exactPayment(candidate.p, candidate.near ?? null);
      if (!alpha) {
        alive[candidate.p] = 0;
        remaining = remaining.filter((q) => q !== candidate.p);
        continue;
      }
      const rho = divInt(alpha, unit(candidate.p));
      const order = exactBest ? compare(rho, exactBest) : -1;
      if (order < 0) {
        exactBest = rho;
        tied = [{ p: candidate.p, alpha }];
      } else if (order === 0) {
        tied.push({ p: candidate.p, alpha });
      }
    }
    if (!exactBest) break;
    const { index, decidedBy } = chooseAmongTied(
      tied.map((t) => ({
        cost: costs[t.p] as bigint,
        votes: approvals[t.p] as number,
        rank: election.tieRank[t.p] as number,
      })),
      params.tieBreak,
    );
    const chosen = tied[index] as { p: number; alpha: Rational };
    rounds.push({
      project: chosen.p,
      rho: exactBest,
      maxPayment: chosen.alpha,
      tiedWith: tied.map((t) => t.p).filter((p) => p !== chosen.p),
      decidedBy,
    });
    pay(chosen.p, chosen.alpha);
    selected.push(chosen.p);
    alive[chosen.p] = 0;
    remaining = remaining.filter((p) => p !== chosen.p);
  }

  return {
    selected,
    free,
    rounds,
    eligible,
    remainingBudget: (g: number) => exact(groupLevel[g] as number),
  };
}
