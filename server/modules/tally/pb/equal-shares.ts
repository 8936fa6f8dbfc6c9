// The Method of Equal Shares (MES), fixed per-voter budget (the "core" in the conformance README):
// every voter starts with the same budget; in each round, for every project whose supporters can still
// pay for it together, find the smallest ρ such that Σ_i min(budget_i, ρ·u_i) = cost; fund the project
// with the smallest ρ; each supporter pays min(budget_i, ρ·u_i); stop when nothing is affordable.
//
// Exactness and speed. Voters with the same remaining budget behave identically, so the run keeps a
// list of budget "levels" and, per project, how many of its supporters sit at each level. All levels
// share one denominator D, so a level is a bigint numerator and every comparison is an integer
// comparison; when a payment with denominator m is made, D becomes D·m and the live levels are scaled.
// A project's ρ can only grow as budgets shrink, so each round re-evaluates projects in order of their
// last ρ and stops as soon as the next stale value is strictly worse than the best fresh one.

import type { Election } from './election.ts';
import type { Utility } from './greedy.ts';
import { type Rational, rational } from './rational.ts';

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

type Fraction = { num: bigint; den: bigint };

function lessThan(a: Fraction, b: Fraction): boolean {
  return a.num * b.den < b.num * a.den;
}

function sameValue(a: Fraction, b: Fraction): boolean {
  return a.num * b.den === b.num * a.den;
}

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

export function runEqualShares(election: Election, params: MesParams): MesResult {
  const { costs, approvals, groups, supporters } = election;
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

  let denominator = params.perVoter.den;
  const levelNum: bigint[] = [params.perVoter.num];
  const levelWeight: number[] = [election.voterCount];
  const start = params.perVoter.num > 0n ? 0 : -1;
  const groupLevel = new Int32Array(groups.length).fill(start);
  const counts: (Map<number, number> | null)[] = costs.map(() => null);
  for (const p of eligible) counts[p] = start === 0 ? new Map([[0, approvals[p] as number]]) : new Map();

  const evaluate = (p: number): { r: bigint; m: bigint } | null => {
    const entries = [...(counts[p] as Map<number, number>)];
    if (entries.length > 1) {
      entries.sort((a, b) => {
        const x = levelNum[a[0]] as bigint;
        const y = levelNum[b[0]] as bigint;
        return x < y ? -1 : x > y ? 1 : 0;
      });
    }
    // Walk the supporters from poorest to richest: those who cannot pay an equal share of what is left
    // pay everything they have; the first level that can pay the equal share fixes it.
    let r = (costs[p] as bigint) * denominator;
    let m = 0n;
    for (const [, count] of entries) m += BigInt(count);
    for (const [level, count] of entries) {
      const value = levelNum[level] as bigint;
      if (value * m >= r) return { r, m };
      r -= value * BigInt(count);
      m -= BigInt(count);
    }
    return null;
  };

  const pay = (p: number, r: bigint, m: bigint) => {
    const counter = counts[p] as Map<number, number>;
    const moved = new Map<number, number>();
    const fresh: [number, bigint][] = [];
    for (const level of counter.keys()) {
      const value = levelNum[level] as bigint;
      if (value * m <= r) moved.set(level, -1);
      else fresh.push([level, value * m - r]);
    }
    if (m !== 1n) {
      for (let l = 0; l < levelNum.length; l++) {
        if ((levelWeight[l] as number) > 0) levelNum[l] = (levelNum[l] as bigint) * m;
      }
      denominator *= m;
    }
    for (const [old, value] of fresh) {
      levelNum.push(value);
      levelWeight.push(0);
      moved.set(old, levelNum.length - 1);
    }
    for (const g of supporters[p] as number[]) {
      const old = groupLevel[g] as number;
      if (old < 0) continue;
      const next = moved.get(old) as number;
      const group = groups[g] as { projects: number[]; weight: number };
      const w = group.weight;
      groupLevel[g] = next;
      levelWeight[old] = (levelWeight[old] as number) - w;
      if (next >= 0) levelWeight[next] = (levelWeight[next] as number) + w;
      for (const q of group.projects) {
        const other = counts[q];
        if (!other || q === p) continue;
        const left = (other.get(old) as number) - w;
        if (left === 0) other.delete(old);
        else other.set(old, left);
        if (next >= 0) other.set(next, (other.get(next) ?? 0) + w);
      }
    }
    counts[p] = null;
  };

  const breakTie = (tied: number[]) => {
    const { index, decidedBy } = chooseAmongTied(
      tied.map((p) => ({
        cost: costs[p] as bigint,
        votes: approvals[p] as number,
        rank: election.tieRank[p] as number,
      })),
      params.tieBreak,
    );
    return { winner: tied[index] as number, decidedBy };
  };

  const selected: number[] = [...free];
  const rounds: MesRound[] = [];
  const bound: (Fraction | null)[] = costs.map(() => null);
  let remaining = eligible.slice();
  const limit = params.maxSelections ?? Number.POSITIVE_INFINITY;
  while (remaining.length > 0 && selected.length < limit) {
    remaining.sort((a, b) => {
      const x = bound[a];
      const y = bound[b];
      if (!x || !y) return x ? 1 : y ? -1 : 0;
      return lessThan(x, y) ? -1 : lessThan(y, x) ? 1 : 0;
    });
    let best: Fraction | null = null;
    let tied: { p: number; r: bigint; m: bigint }[] = [];
    const kept: number[] = [];
    for (let i = 0; i < remaining.length; i++) {
      const p = remaining[i] as number;
      const stale = bound[p];
      if (best && stale && lessThan(best, stale)) {
        // Sorted by last ρ: this one and all after it cannot beat the best this round.
        for (let j = i; j < remaining.length; j++) kept.push(remaining[j] as number);
        break;
      }
      const found = evaluate(p);
      if (!found) continue; // unaffordable now means unaffordable for good: budgets only shrink
      const unit = params.utility === 'cost' ? (costs[p] as bigint) : 1n;
      const rho = { num: found.r, den: found.m * denominator * unit };
      bound[p] = rho;
      kept.push(p);
      if (!best || lessThan(rho, best)) {
        best = rho;
        tied = [{ p, ...found }];
      } else if (sameValue(rho, best)) {
        tied.push({ p, ...found });
      }
    }
    remaining = kept;
    if (!best) break;
    const { winner, decidedBy } = breakTie(tied.map((t) => t.p));
    const chosen = tied.find((t) => t.p === winner) as { p: number; r: bigint; m: bigint };
    rounds.push({
      project: winner,
      rho: rational(best.num, best.den),
      maxPayment: rational(chosen.r, chosen.m * denominator),
      tiedWith: tied.map((t) => t.p).filter((p) => p !== winner),
      decidedBy,
    });
    pay(winner, chosen.r, chosen.m);
    selected.push(winner);
    remaining = remaining.filter((p) => p !== winner);
  }

  return {
    selected,
    free,
    rounds,
    eligible,
    remainingBudget: (g: number) => {
      const level = groupLevel[g] as number;
      return level < 0 ? rational(0n) : rational(levelNum[level] as bigint, denominator);
    },
  };
}
