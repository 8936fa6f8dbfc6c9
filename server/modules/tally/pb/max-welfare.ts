// Utilitarian optimum (pabutools `max_additive_utilitarian_welfare`): the affordable set with the largest
// total satisfaction — Σ votes·cost with cost utilities, Σ votes with cardinality utilities. A 0/1
// knapsack, solved exactly by branch and bound (the fractional-knapsack bound, in integers). Meant for
// comparisons and small instances; it is not a rule any city uses.

import type { Election } from './election.ts';
import type { Utility } from './greedy.ts';

export function maxWelfare(election: Election, utility: Utility): number[] {
  const value = (p: number) => {
    const votes = election.scores[p] as bigint;
    return utility === 'cost' ? votes * (election.costs[p] as bigint) : votes;
  };
  const free: number[] = [];
  const items: number[] = [];
  election.projectIds.forEach((_, p) => {
    if (value(p) <= 0n) return;
    if ((election.costs[p] as bigint) === 0n) free.push(p);
    else if ((election.costs[p] as bigint) <= election.budget) items.push(p);
  });
  // Best value per unit of cost first, so the bound is tight and good sets are found early.
  items.sort((a, b) => {
    const left = value(a) * (election.costs[b] as bigint);
    const right = value(b) * (election.costs[a] as bigint);
    if (left !== right) return left > right ? -1 : 1;
    return (election.tieRank[a] as number) - (election.tieRank[b] as number);
  });
  const costs = items.map((p) => election.costs[p] as bigint);
  const values = items.map(value);

  let best = -1n;
  let bestSet: number[] = [];
  const chosen: number[] = [];
  // Upper bound on what items i.. can add within `room`: fill greedily, then a fraction of the next.
  // Compared as bound·den > best·den to stay in integers.
  const beats = (i: number, room: bigint, current: bigint): boolean => {
    let total = current;
    let left = room;
    for (let k = i; k < items.length; k++) {
      const c = costs[k] as bigint;
      const v = values[k] as bigint;
      if (c <= left) {
        left -= c;
        total += v;
      } else {
        return total * c + v * left > best * c;
      }
    }
    return total > best;
  };
  const search = (i: number, room: bigint, current: bigint) => {
    if (current > best) {
      best = current;
      bestSet = [...chosen];
    }
    if (i >= items.length || !beats(i, room, current)) return;
    const c = costs[i] as bigint;
    if (c <= room) {
      chosen.push(items[i] as number);
      search(i + 1, room - c, current + (values[i] as bigint));
      chosen.pop();
    }
    search(i + 1, room, current);
  };
  search(0, election.budget, 0n);
  return [...free, ...bestSet];
}
