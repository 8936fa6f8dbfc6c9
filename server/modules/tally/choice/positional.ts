import type { Rational } from '../rational.ts';
import * as Q from '../rational.ts';
import { display, type MethodOutcome, tiersByScore, type WeightedBallot } from './common.ts';
import type { RankingGroup } from './ranked.ts';

/**
 * Plurality: one vote to the ballot's choice. A ranked ballot gives its vote to its first rank, split
 * equally when several options share it.
 */
export function plurality(options: readonly string[], ballots: readonly WeightedBallot[]): MethodOutcome {
  const score = new Map<string, Rational>(options.map((o) => [o, Q.ZERO]));
  for (const { ballot, weight } of ballots) {
    if (typeof ballot.choice === 'string') {
      score.set(ballot.choice, Q.add(score.get(ballot.choice)!, Q.rational(weight)));
      continue;
    }
    const first = ballot.ranking?.[0];
    if (first === undefined) continue;
    const tier = typeof first === 'string' ? [first] : first;
    const share = Q.rational(weight, BigInt(tier.length));
    for (const o of tier) score.set(o, Q.add(score.get(o)!, share));
  }
  return {
    ranking: tiersByScore(options, score),
    scores: score,
    explanation: ['Votes:', ...options.map((o) => `  ${o}: ${display(score.get(o)!)}`)],
  };
}

/**
 * Positional scoring on ranked ballots: the k-th place (counting options, from 0) earns points(k).
 * Options sharing a rank share the points of the places they cover equally; unranked options tied
 * last share the remaining places (or earn nothing when unranked options are not compared).
 */
function positional(
  options: readonly string[],
  groups: readonly RankingGroup[],
  points: (place: number) => Rational,
  label: string,
): MethodOutcome {
  const n = options.length;
  // Work in whole numbers: scale every place's points so that they, and their shares among up to n
  // options tied at one rank, are integers; divide once at the end.
  let pointsScale = 1n;
  for (let place = 0; place < n; place++) pointsScale = Q.lcm(pointsScale, points(place).den);
  let tieScale = 1n;
  for (let k = 2; k <= n; k++) tieScale = Q.lcm(tieScale, BigInt(k));
  const scale = pointsScale * tieScale;
  const scaled = Array.from({ length: n }, (_, place) => (points(place).num * scale) / points(place).den);
  const totals = new Array<bigint>(n).fill(0n);
  const totalWeight = groups.reduce((a, g) => a + g.weight, 0n);
  let maxPoints = 0n;
  for (const p of scaled) if (p > maxPoints) maxPoints = p;
  if (totalWeight * maxPoints <= BigInt(Number.MAX_SAFE_INTEGER)) {
    // No total can exceed total weight × the most points: plain numbers stay exact, and are faster.
    const small = scaled.map(Number);
    const sums = new Float64Array(n);
    for (const { tiers, weight } of groups) {
      const w = Number(weight);
      let place = 0;
      for (const tier of tiers) {
        let tierPoints = 0;
        for (let k = 0; k < tier.length; k++) tierPoints += small[place++]!;
        const each = (tierPoints / tier.length) * w;
        for (const i of tier) sums[i]! += each;
      }
    }
    sums.forEach((v, i) => {
      totals[i] = BigInt(v);
    });
  } else {
    for (const { tiers, weight } of groups) {
      let place = 0;
      for (const tier of tiers) {
        let tierPoints = 0n;
        for (let k = 0; k < tier.length; k++) tierPoints += scaled[place++]!;
        const each = (tierPoints / BigInt(tier.length)) * weight;
        for (const i of tier) totals[i]! += each;
      }
    }
  }
  const score = new Map(options.map((o, i) => [o, Q.rational(totals[i]!, scale)]));
  return {
    ranking: tiersByScore(options, score),
    scores: score,
    explanation: [`${label}:`, ...options.map((o) => `  ${o}: ${display(score.get(o)!)}`)],
  };
}

/** Borda: with n options, first place earns n − 1 + start points and last place `start` (default 1). */
export function borda(options: readonly string[], groups: readonly RankingGroup[], start = 1): MethodOutcome {
  const n = options.length;
  return positional(
    options,
    groups,
    (place) => Q.rational(n - 1 + start - place),
    `Borda points (last place earns ${start})`,
  );
}

/** Dowdall (Nauru): the k-th place earns 1/k. */
export function dowdall(options: readonly string[], groups: readonly RankingGroup[]): MethodOutcome {
  return positional(options, groups, (place) => Q.rational(1, place + 1), 'Dowdall points (1, 1/2, 1/3, …)');
}
