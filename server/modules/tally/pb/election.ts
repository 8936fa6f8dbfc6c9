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
  // Per project: indices of the groups that list it, in increasing order.
  supporters: number[][];
  // The same, flat, for hot loops: group g lists groupProjects[groupStart[g] .. groupStart[g+1]) and
  // project p is listed by supporterGroups[supporterStart[p] .. supporterStart[p+1]).
  groupWeight: Int32Array;
  groupStart: Int32Array;
  groupProjects: Int32Array;
  supporterStart: Int32Array;
  supporterGroups: Int32Array;
  // For the i-th entry of supporterGroups (group g supporting p): the other projects g lists are
  // otherProjects[otherStart[i] .. otherStart[i+1]). Laid out in supporter order so that paying for p
  // walks memory in sequence.
  otherStart: Int32Array;
  otherProjects: Int32Array;
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
  const groupWeight = Int32Array.from(groups, (g) => g.weight);
  const groupStart = new Int32Array(groups.length + 1);
  groups.forEach((g, gi) => {
    groupStart[gi + 1] = (groupStart[gi] as number) + g.projects.length;
  });
  const groupProjects = new Int32Array(groupStart[groups.length] as number);
  groups.forEach((g, gi) => {
    groupProjects.set(g.projects, groupStart[gi] as number);
  });
  const supporterStart = new Int32Array(projectIds.length + 1);
  supporters.forEach((list, p) => {
    supporterStart[p + 1] = (supporterStart[p] as number) + list.length;
  });
  const supporterGroups = new Int32Array(supporterStart[projectIds.length] as number);
  supporters.forEach((list, p) => {
    supporterGroups.set(list, supporterStart[p] as number);
  });
  const otherStart = new Int32Array(supporterGroups.length + 1);
  for (let i = 0; i < supporterGroups.length; i++) {
    const g = supporterGroups[i] as number;
    otherStart[i + 1] =
      (otherStart[i] as number) + (groupStart[g + 1] as number) - (groupStart[g] as number) - 1;
  }
  const otherProjects = new Int32Array(otherStart[supporterGroups.length] as number);
  for (let p = 0; p < projectIds.length; p++) {
    for (let i = supporterStart[p] as number; i < (supporterStart[p + 1] as number); i++) {
      const g = supporterGroups[i] as number;
      let at = otherStart[i] as number;
      for (let k = groupStart[g] as number; k < (groupStart[g + 1] as number); k++) {
        const q = groupProjects[k] as number;
        if (q !== p) otherProjects[at++] = q;
      }
    }
  }
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
    groupWeight,
    groupStart,
    groupProjects,
    supporterStart,
    supporterGroups,
    otherStart,
    otherProjects,
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
