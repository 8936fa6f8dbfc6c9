// The counting rules work on this compact form of an instance: projects by index, money as integers in
// the smallest unit the file uses, and identical ballots merged into one group with a weight (the rules
// treat identical voters identically, so merging changes nothing but the running time).

import type { PbInstance } from './pb-file.ts';
import { parseDecimal } from './rational.ts';

export type BallotGroup = { projects: number[]; weight: number };

export type Election = {
  projectIds: string[];
  // Costs and budget as integers: value × 10^scale.
  costs: bigint[];
  budget: bigint;
  scale: number;
  voterCount: number;
  // Distinct ballots (as approval sets: a project listed in any way counts as supported).
  groups: BallotGroup[];
  // Per project: indices of the groups that list it.
  supporters: number[][];
  // Per project: number of voters listing it.
  approvals: number[];
  // Per project: what the greedy rule ranks by — approvals, or total points for cumulative/scoring
  // votes (points × 10^pointsScale).
  scores: bigint[];
  pointsScale: number;
  // Per project: its place in the tie-break order used after every other criterion (the "lot").
  tieRank: number[];
};

export type ElectionInput = {
  projects: { id: string; cost: string }[];
  budget: string;
  ballots: { projects: string[]; points?: string[] }[];
  tieOrder?: string[];
};

export function electionFromInstance(instance: PbInstance, tieOrder?: string[]): Election {
  return buildElection({
    projects: instance.projects.map((p) => ({ id: p.id, cost: p.cost })),
    budget: instance.budget,
    ballots: instance.votes.map((v) =>
      v.points && (instance.voteType === 'cumulative' || instance.voteType === 'scoring')
        ? { projects: v.projects, points: v.points }
        : { projects: v.projects },
    ),
    tieOrder,
  });
}

export function buildElection(input: ElectionInput): Election {
  const projectIds = input.projects.map((p) => p.id);
  const index = new Map<string, number>();
  projectIds.forEach((id, i) => {
    if (index.has(id)) throw new Error(`project "${id}" appears twice`);
    index.set(id, i);
  });
  const parsedCosts = input.projects.map((p) => {
    const parsed = parseDecimal(p.cost);
    if (!parsed)
      throw new Error(`project "${p.id}" has cost "${p.cost}", which is not a non-negative number`);
    return parsed;
  });
  const parsedBudget = parseDecimal(input.budget);
  if (!parsedBudget) throw new Error(`budget "${input.budget}" is not a non-negative number`);
  const scale = Math.max(parsedBudget.scale, ...parsedCosts.map((c) => c.scale));
  const toScale = (v: { units: bigint; scale: number }) => v.units * 10n ** BigInt(scale - v.scale);
  const costs = parsedCosts.map(toScale);
  const budget = toScale(parsedBudget);

  const approvals = new Array<number>(projectIds.length).fill(0);
  const pointSums: { units: bigint; scale: number }[] = projectIds.map(() => ({ units: 0n, scale: 0 }));
  let withPoints = false;
  const groupsByKey = new Map<string, BallotGroup>();
  for (const ballot of input.ballots) {
    const indices: number[] = [];
    ballot.projects.forEach((id, k) => {
      const i = index.get(id);
      if (i === undefined) throw new Error(`a ballot lists unknown project "${id}"`);
      indices.push(i);
      approvals[i] = (approvals[i] ?? 0) + 1;
      if (ballot.points) {
        withPoints = true;
        const parsed = parseDecimal(ballot.points[k] ?? '');
        if (!parsed) throw new Error(`a ballot gives "${ballot.points[k]}" points, not a number`);
        const sum = pointSums[i] as { units: bigint; scale: number };
        const s = Math.max(sum.scale, parsed.scale);
        pointSums[i] = {
          units: sum.units * 10n ** BigInt(s - sum.scale) + parsed.units * 10n ** BigInt(s - parsed.scale),
          scale: s,
        };
      }
    });
    indices.sort((a, b) => a - b);
    const key = indices.join(',');
    const group = groupsByKey.get(key);
    if (group) group.weight += 1;
    else groupsByKey.set(key, { projects: indices, weight: 1 });
  }
  const groups = [...groupsByKey.values()];
  const supporters: number[][] = projectIds.map(() => []);
  groups.forEach((g, gi) => {
    for (const p of g.projects) supporters[p]?.push(gi);
  });
  const pointsScale = withPoints ? Math.max(...pointSums.map((s) => s.scale)) : 0;
  const scores = withPoints
    ? pointSums.map((s) => s.units * 10n ** BigInt(pointsScale - s.scale))
    : approvals.map((a) => BigInt(a));

  const tieRank = projectIds.map((_, i) => i);
  if (input.tieOrder) {
    const seen = new Set<string>();
    input.tieOrder.forEach((id, rank) => {
      const i = index.get(id);
      if (i === undefined) throw new Error(`the tie-break order names unknown project "${id}"`);
      if (seen.has(id)) throw new Error(`the tie-break order names project "${id}" twice`);
      seen.add(id);
      tieRank[i] = rank;
    });
    if (seen.size !== projectIds.length) throw new Error('the tie-break order must list every project once');
  }

  return {
    projectIds,
    costs,
    budget,
    scale,
    voterCount: input.ballots.length,
    groups,
    supporters,
    approvals,
    scores,
    pointsScale,
    tieRank,
  };
}

export function totalCost(election: Election, selected: Iterable<number>): bigint {
  let sum = 0n;
  for (const p of selected) sum += election.costs[p] ?? 0n;
  return sum;
}

// Exhaustive: no project left out would still fit in the budget.
export function isExhaustive(election: Election, selected: Set<number>, among?: Iterable<number>): boolean {
  const left = election.budget - totalCost(election, selected);
  const candidates = among ?? election.costs.keys();
  for (const p of candidates) {
    if (!selected.has(p) && (election.costs[p] ?? 0n) <= left) return false;
  }
  return true;
}
