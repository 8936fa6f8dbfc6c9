import type { Rational } from '../rational.ts';
import * as Q from '../rational.ts';
import { type MethodOutcome, tiersByScore } from './common.ts';
import { TallyError } from './errors.ts';
import { pairwiseLines, pairwiseMatrix, pairwiseRecord } from './ranked.ts';
import type { TieBreakRecord } from './types.ts';

// Condorcet methods, all read from the pairwise matrix wins[i][j] (weight preferring i over j).
// Variants and tie handling follow Condorcet-PHP, whose published test cases these reproduce.

const names = (options: readonly string[], tier: readonly number[]) => tier.map((i) => options[i]!);

/**
 * Schulze. A defeat's strength: winning votes (default), margin, or ratio (wins / losses, or wins + 1
 * against no losses); the strongest path is the best weakest link (Floyd–Warshall). Options not beaten
 * on strongest paths by any remaining option form the next tier.
 */
export function schulze(options: readonly string[], wins: bigint[][], variant = 'winning'): MethodOutcome {
  const n = options.length;
  const p: Rational[][] = Array.from({ length: n }, () => new Array<Rational>(n).fill(Q.ZERO));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      if (i === j) continue;
      const a = wins[i]![j]!;
      const b = wins[j]![i]!;
      if (a <= b) continue;
      p[i]![j] =
        variant === 'margin'
          ? Q.rational(a - b)
          : variant === 'ratio'
            ? b === 0n
              ? Q.rational(a + 1n)
              : Q.rational(a, b)
            : Q.rational(a);
    }
  }
  for (let k = 0; k < n; k++) {
    for (let i = 0; i < n; i++) {
      if (i === k) continue;
      for (let j = 0; j < n; j++) {
        if (j === i || j === k) continue;
        const through = Q.min(p[i]![k]!, p[k]![j]!);
        if (Q.compare(through, p[i]![j]!) > 0) p[i]![j] = through;
      }
    }
  }
  const ranking: string[][] = [];
  const remaining = new Set(options.keys());
  while (remaining.size > 0) {
    const tier = [...remaining].filter((x) =>
      [...remaining].every((y) => y === x || Q.compare(p[x]![y]!, p[y]![x]!) >= 0),
    );
    const take = tier.length > 0 ? tier : [...remaining];
    for (const x of take) remaining.delete(x);
    ranking.push(names(options, take));
  }
  const lines = [...pairwiseLines(options, wins), `Strongest paths (${variant}):`];
  options.forEach((o, i) => {
    lines.push(
      `  ${o}: ${options
        .map((q, j) => (i === j ? null : `${q} ${Q.toString(p[i]![j]!)}`))
        .filter(Boolean)
        .join(', ')}`,
    );
  });
  return {
    variant,
    ranking,
    pairwise: pairwiseMatrix(options, wins),
    details: { kind: 'schulze', variant, strongestPaths: p },
    explanation: lines,
  };
}

/**
 * Ranked pairs (Tideman). Victories are sorted by strength (winning votes, or margin), then by smaller
 * opposition. Victories equal on both are considered together: any of them that would close a cycle
 * with the pairs already locked and the rest of its group is skipped, so no arbitrary order is needed.
 */
export function rankedPairs(
  options: readonly string[],
  wins: bigint[][],
  variant = 'winning',
): MethodOutcome {
  const n = options.length;
  type Pair = { from: number; to: number; strength: bigint; opposition: bigint; locked: boolean };
  const pairs: Pair[] = [];
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const a = wins[i]![j]!;
      const b = wins[j]![i]!;
      if (i !== j && a > b)
        pairs.push({
          from: i,
          to: j,
          strength: variant === 'margin' ? a - b : a,
          opposition: b,
          locked: false,
        });
    }
  }
  pairs.sort((x, y) =>
    x.strength !== y.strength
      ? x.strength > y.strength
        ? -1
        : 1
      : x.opposition < y.opposition
        ? -1
        : x.opposition > y.opposition
          ? 1
          : 0,
  );
  const locked: boolean[][] = Array.from({ length: n }, () => new Array<boolean>(n).fill(false));
  const reaches = (graph: boolean[][], from: number, to: number): boolean => {
    const seen = new Set([from]);
    const stack = [from];
    while (stack.length > 0) {
      const x = stack.pop()!;
      if (x === to) return true;
      for (let y = 0; y < n; y++) {
        if (graph[x]![y] && !seen.has(y)) {
          seen.add(y);
          stack.push(y);
        }
      }
    }
    return false;
  };
  for (let g = 0; g < pairs.length; ) {
    let h = g;
    while (
      h < pairs.length &&
      pairs[h]!.strength === pairs[g]!.strength &&
      pairs[h]!.opposition === pairs[g]!.opposition
    )
      h++;
    const group = pairs.slice(g, h);
    const virtual = locked.map((row) => [...row]);
    for (const pair of group) virtual[pair.from]![pair.to] = true;
    for (const pair of group) pair.locked = !reaches(virtual, pair.to, pair.from);
    for (const pair of group) if (pair.locked) locked[pair.from]![pair.to] = true;
    g = h;
  }
  const ranking: string[][] = [];
  const remaining = new Set(options.keys());
  while (remaining.size > 0) {
    const tier = [...remaining].filter((x) => ![...remaining].some((y) => locked[y]![x]));
    const take = tier.length > 0 ? tier : [...remaining];
    for (const x of take) remaining.delete(x);
    ranking.push(names(options, take));
  }
  return {
    variant,
    ranking,
    pairwise: pairwiseMatrix(options, wins),
    details: {
      kind: 'ranked-pairs',
      variant,
      pairs: pairs.map((p) => ({
        winner: options[p.from]!,
        loser: options[p.to]!,
        strength: p.strength,
        opposition: p.opposition,
        locked: p.locked,
      })),
    },
    explanation: [
      ...pairwiseLines(options, wins),
      `Pairs by strength (${variant}), then smaller opposition:`,
      ...pairs.map(
        (p) =>
          `  ${options[p.from]} > ${options[p.to]} (${p.strength} / ${p.opposition}): ${p.locked ? 'locked' : 'skipped, would make a cycle'}`,
      ),
    ],
  };
}

/** Copeland: pairwise wins minus pairwise losses. */
export function copeland(options: readonly string[], wins: bigint[][]): MethodOutcome {
  const rec = pairwiseRecord(wins);
  const score = new Map(options.map((o, i) => [o, Q.rational(rec.wins[i]! - rec.losses[i]!)]));
  return {
    ranking: tiersByScore(options, score),
    scores: score,
    pairwise: pairwiseMatrix(options, wins),
    details: {
      kind: 'copeland',
      wins: Object.fromEntries(options.map((o, i) => [o, rec.wins[i]!])),
      losses: Object.fromEntries(options.map((o, i) => [o, rec.losses[i]!])),
      ties: Object.fromEntries(options.map((o, i) => [o, rec.ties[i]!])),
    },
    explanation: [
      ...pairwiseLines(options, wins),
      'Copeland score = pairwise wins − pairwise losses:',
      ...options.map(
        (o, i) => `  ${o}: ${rec.wins[i]} − ${rec.losses[i]} = ${rec.wins[i]! - rec.losses[i]!}`,
      ),
    ],
  };
}

/**
 * Minimax (Simpson–Kramer): each option's worst pairwise result, smaller is better. winning: votes
 * against it in its worst defeat (0 if undefeated); margin: largest margin against it (may be negative);
 * opposition: most votes against it in any pairing, defeat or not.
 */
export function minimax(options: readonly string[], wins: bigint[][], variant = 'winning'): MethodOutcome {
  const n = options.length;
  const score = new Map<string, Rational>();
  for (let i = 0; i < n; i++) {
    let worst: bigint | null = null;
    for (let j = 0; j < n; j++) {
      if (i === j) continue;
      const against = wins[j]![i]!;
      const forIt = wins[i]![j]!;
      const value =
        variant === 'margin'
          ? against - forIt
          : variant === 'opposition'
            ? against
            : against > forIt
              ? against
              : 0n;
      if (worst === null || value > worst) worst = value;
    }
    score.set(options[i]!, Q.rational(worst ?? 0n));
  }
  return {
    variant,
    ranking: tiersByScore(options, score, true),
    scores: score,
    pairwise: pairwiseMatrix(options, wins),
    details: { kind: 'minimax', variant },
    explanation: [
      ...pairwiseLines(options, wins),
      `Worst pairwise result (${variant}), smaller is better:`,
      ...options.map((o) => `  ${o}: ${Q.toString(score.get(o)!)}`),
    ],
  };
}

export const KEMENY_MAX_OPTIONS = 12;

/**
 * Kemeny–Young: the full ranking that agrees with the most pairwise preferences (sum of wins[i][j] for
 * every i placed above j). Dynamic programming over subsets finds it exactly; when several rankings
 * share the best score, each place goes to the option first in the tie-break order among those that
 * still lead to a best ranking, and the tie is recorded.
 */
export function kemenyYoung(
  options: readonly string[],
  wins: bigint[][],
  priority: readonly string[],
): MethodOutcome {
  const n = options.length;
  if (n > KEMENY_MAX_OPTIONS) {
    throw new TallyError(
      'TOO_MANY_OPTIONS',
      `Kemeny–Young is limited to ${KEMENY_MAX_OPTIONS} options`,
      'options',
    );
  }
  const full = (1 << n) - 1;
  const rowSum = wins.map((row) => row.reduce((a, b) => a + b, 0n));
  // best[S]: best score for ordering the options outside S, placed below all of S; count[S]: how many do.
  const best = new Array<bigint>(full + 1).fill(0n);
  const count = new Array<bigint>(full + 1).fill(0n);
  const gain = (c: number, set: number): bigint => {
    let g = rowSum[c]!;
    for (let j = 0; j < n; j++) if (set & (1 << j)) g -= wins[c]![j]!;
    return g;
  };
  count[full] = 1n;
  for (let set = full - 1; set >= 0; set--) {
    let top = -1n;
    let ways = 0n;
    for (let c = 0; c < n; c++) {
      if (set & (1 << c)) continue;
      const value = gain(c, set) + best[set | (1 << c)]!;
      if (value > top) {
        top = value;
        ways = count[set | (1 << c)]!;
      } else if (value === top) ways += count[set | (1 << c)]!;
    }
    best[set] = top;
    count[set] = ways;
  }
  const rank = new Map(priority.map((o, i) => [o, i]));
  const byPriority = options.map((_, i) => i).sort((a, b) => rank.get(options[a]!)! - rank.get(options[b]!)!);
  const ranking: string[][] = [];
  const tieBreaks: TieBreakRecord[] = [];
  let set = 0;
  while (set !== full) {
    const candidates = byPriority.filter(
      (c) => !(set & (1 << c)) && gain(c, set) + best[set | (1 << c)]! === best[set],
    );
    if (candidates.length > 1) {
      tieBreaks.push({
        stage: `place ${ranking.length + 1}`,
        among: names(options, candidates),
        order: names(options, candidates),
        by: 'priority among best rankings',
      });
    }
    const c = candidates[0]!;
    ranking.push([options[c]!]);
    set |= 1 << c;
  }
  return {
    ranking,
    pairwise: pairwiseMatrix(options, wins),
    details: { kind: 'kemeny-young', bestScore: best[0]!, optimalRankings: count[0]! },
    tieBreaks,
    explanation: [
      ...pairwiseLines(options, wins),
      `Best agreement with the pairwise preferences: ${best[0]} (${count[0]} ranking${count[0] === 1n ? '' : 's'} reach it).`,
    ],
  };
}
