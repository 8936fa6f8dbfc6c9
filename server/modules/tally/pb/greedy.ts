// Greedy (the city standard, Pabulib `rule;greedy`): rank projects by votes, walk the list and fund each
// project that still fits in what is left, skipping (not stopping at) those that do not.

import type { Election } from './election.ts';

export type Utility = 'cost' | 'cardinality';

export type GreedyStep = { project: number; selected: boolean; remaining: bigint };

// `cost` utility ranks by votes (for cumulative/scoring ballots: total points) — pabutools'
// greedy_utilitarian_welfare with Cost_Sat; `cardinality` ranks by votes per unit of cost (Cardinality_Sat).
// Equal ranks keep the tie-break order (file order unless a drawn order is given). Projects nobody
// voted for are never funded. A zero-cost project with votes always fits, so it is funded.
export function greedyOrder(election: Election, utility: Utility): number[] {
  const order = election.projectIds.map((_, i) => i).filter((i) => (election.scores[i] ?? 0n) > 0n);
  order.sort((a, b) => {
    const sa = election.scores[a] as bigint;
    const sb = election.scores[b] as bigint;
    if (utility === 'cardinality') {
      const ca = election.costs[a] as bigint;
      const cb = election.costs[b] as bigint;
      // votes/cost descending; a zero cost ranks as infinitely good.
      if (ca === 0n || cb === 0n) {
        if (ca !== cb) return ca === 0n ? -1 : 1;
        if (sa !== sb) return sa > sb ? -1 : 1;
      } else {
        const left = sa * cb;
        const right = sb * ca;
        if (left !== right) return left > right ? -1 : 1;
      }
    } else if (sa !== sb) {
      return sa > sb ? -1 : 1;
    }
    return (election.tieRank[a] as number) - (election.tieRank[b] as number);
  });
  return order;
}

export function greedyFill(
  election: Election,
  utility: Utility,
  initial: number[],
  budget: bigint = election.budget,
): { selected: number[]; steps: GreedyStep[] } {
  const chosen = new Set(initial);
  let remaining = budget;
  for (const p of initial) remaining -= election.costs[p] as bigint;
  const selected: number[] = [];
  const steps: GreedyStep[] = [];
  for (const p of greedyOrder(election, utility)) {
    if (chosen.has(p)) continue;
    const cost = election.costs[p] as bigint;
    const fits = cost <= remaining;
    if (fits) {
      remaining -= cost;
      chosen.add(p);
      selected.push(p);
    }
    steps.push({ project: p, selected: fits, remaining });
  }
  return { selected, steps };
}
