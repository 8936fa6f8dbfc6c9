import type { WeightedBallot } from './common.ts';
import type { ChoiceRules, PairwiseMatrix } from './types.ts';

/** A distinct ranking (option indexes, best tier first) and the total weight of ballots that cast it. */
export type RankingGroup = { tiers: number[][]; weight: bigint };

/**
 * Turns valid ranked ballots into distinct rankings with summed weights (counting each distinct
 * ranking once keeps large elections fast). With `unranked: 'tied-last'` (the default) the options a
 * ballot leaves out form one more tier at the bottom.
 */
export function groupRankings(
  options: readonly string[],
  ballots: readonly WeightedBallot[],
  rules: ChoiceRules,
): RankingGroup[] {
  const n = options.length;
  const index = new Map(options.map((o, i) => [o, i]));
  const tiedLast = (rules.unranked ?? 'tied-last') === 'tied-last';
  const groups = new Map<string, RankingGroup>();
  const listed = new Uint8Array(n);
  const tierOf = (entry: string | readonly string[]): number[] =>
    typeof entry === 'string' ? [index.get(entry)!] : entry.map((o) => index.get(o)!).sort((a, b) => a - b);
  const codes: number[] = [];
  for (const { ballot, weight } of ballots) {
    const ranking = ballot.ranking ?? [];
    // The key lists option indexes (+1), with 0 between tiers; it names the ranked tiers only, as the
    // unranked tier follows from them. A flat char-code string hashes much faster than concatenation.
    codes.length = 0;
    for (const entry of ranking) {
      if (typeof entry === 'string') codes.push(index.get(entry)! + 1, 0);
      else {
        for (const i of tierOf(entry)) codes.push(i + 1);
        codes.push(0);
      }
    }
    const key = String.fromCharCode(...codes);
    const group = groups.get(key);
    if (group) {
      group.weight += weight;
      continue;
    }
    const tiers = ranking.map(tierOf);
    if (tiedLast) {
      listed.fill(0);
      for (const tier of tiers) for (const i of tier) listed[i] = 1;
      const rest: number[] = [];
      for (let i = 0; i < n; i++) if (!listed[i]) rest.push(i);
      if (rest.length > 0) tiers.push(rest);
    }
    groups.set(key, { tiers, weight });
  }
  return [...groups.values()];
}

export function pairwiseWins(n: number, groups: readonly RankingGroup[]): bigint[][] {
  const total = groups.reduce((a, g) => a + g.weight, 0n);
  // No cell can exceed the total weight: while that is a safe integer, plain numbers are exact and faster.
  if (total <= BigInt(Number.MAX_SAFE_INTEGER)) {
    const cells = new Float64Array(n * n);
    for (const { tiers, weight } of groups) {
      const w = Number(weight);
      for (let a = 0; a < tiers.length; a++) {
        for (let b = a + 1; b < tiers.length; b++) {
          for (const i of tiers[a]!) for (const j of tiers[b]!) cells[i * n + j]! += w;
        }
      }
    }
    return Array.from({ length: n }, (_, i) =>
      Array.from({ length: n }, (_, j) => BigInt(cells[i * n + j]!)),
    );
  }
  const wins = Array.from({ length: n }, () => new Array<bigint>(n).fill(0n));
  for (const { tiers, weight } of groups) {
    for (let a = 0; a < tiers.length; a++) {
      for (let b = a + 1; b < tiers.length; b++) {
        for (const i of tiers[a]!) {
          const row = wins[i]!;
          for (const j of tiers[b]!) row[j]! += weight;
        }
      }
    }
  }
  return wins;
}

export function pairwiseMatrix(options: readonly string[], wins: bigint[][]): PairwiseMatrix {
  return { options: [...options], wins };
}

/** Pairwise wins, losses and ties of each option against all the others. */
export function pairwiseRecord(wins: bigint[][]): { wins: number[]; losses: number[]; ties: number[] } {
  const n = wins.length;
  const w = new Array<number>(n).fill(0);
  const l = new Array<number>(n).fill(0);
  const t = new Array<number>(n).fill(0);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      if (i === j) continue;
      const a = wins[i]![j]!;
      const b = wins[j]![i]!;
      if (a > b) w[i]!++;
      else if (a < b) l[i]!++;
      else t[i]!++;
    }
  }
  return { wins: w, losses: l, ties: t };
}

export function pairwiseLines(options: readonly string[], wins: bigint[][]): string[] {
  const lines = ['Pairwise (row preferred over column):'];
  const width = Math.max(...options.map((o) => o.length), 4);
  lines.push(`  ${''.padEnd(width)} ${options.map((o) => o.padStart(width)).join(' ')}`);
  options.forEach((o, i) => {
    lines.push(
      `  ${o.padEnd(width)} ${options.map((_, j) => (i === j ? '-' : wins[i]![j]!.toString()).padStart(width)).join(' ')}`,
    );
  });
  return lines;
}
