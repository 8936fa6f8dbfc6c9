import type { Rational } from '../rational.ts';
import * as Q from '../rational.ts';
import { display, type MethodOutcome, tiersByScore, type WeightedBallot } from './common.ts';
import { fraction } from './share.ts';
import type { ChoiceRules } from './types.ts';

function zeroScores(options: readonly string[]): Map<string, Rational> {
  return new Map(options.map((o) => [o, Q.ZERO]));
}

function addTo(score: Map<string, Rational>, option: string, amount: bigint): void {
  score.set(option, Q.add(score.get(option)!, Q.rational(amount)));
}

/** Approval: each ballot adds its weight to every option it approves (a score above zero counts as approval). */
export function approval(options: readonly string[], ballots: readonly WeightedBallot[]): MethodOutcome {
  const score = zeroScores(options);
  for (const { ballot, weight } of ballots) {
    const approved = ballot.approve ?? Object.keys(ballot.scores ?? {}).filter((o) => ballot.scores![o]! > 0);
    for (const o of approved) addTo(score, o, weight);
  }
  return {
    ranking: tiersByScore(options, score),
    scores: score,
    explanation: ['Approvals:', ...options.map((o) => `  ${o}: ${display(score.get(o)!)}`)],
  };
}

/**
 * Score (range) voting: totals treat an unscored option as 0; the mean of an option is over the ballots
 * that scored it. Options are ordered by total unless the rules say mean (never-scored options last).
 */
export function score(
  options: readonly string[],
  ballots: readonly WeightedBallot[],
  rules: ChoiceRules,
): MethodOutcome {
  const total = zeroScores(options);
  const scoredBy = new Map(options.map((o) => [o, 0n]));
  for (const { ballot, weight } of ballots) {
    for (const [o, s] of Object.entries(ballot.scores ?? {})) {
      addTo(total, o, BigInt(s) * weight);
      scoredBy.set(o, scoredBy.get(o)! + weight);
    }
  }
  const mean = new Map<string, Rational | null>(
    options.map((o) => [
      o,
      scoredBy.get(o)! === 0n ? null : Q.div(total.get(o)!, Q.rational(scoredBy.get(o)!)),
    ]),
  );
  const byMean = rules.scoreBy === 'mean';
  // Never-scored options sort below any real mean: the minimum score minus one stands in for them.
  const floorValue = Q.rational((rules.minScore ?? 0) - 1);
  const key = byMean ? new Map(options.map((o) => [o, mean.get(o) ?? floorValue])) : total;
  return {
    variant: byMean ? 'mean' : 'total',
    ranking: tiersByScore(options, key),
    scores: total,
    details: {
      kind: 'score',
      means: Object.fromEntries([...mean].map(([o, m]) => [o, m === null ? null : fraction(m)])),
      scoredBy: Object.fromEntries(scoredBy),
    },
    explanation: [
      `Scores (ordered by ${byMean ? 'mean' : 'total'}):`,
      ...options.map((o) => {
        const m = mean.get(o);
        return `  ${o}: total ${display(total.get(o)!)}, mean ${m ? display(m) : '-'} over ${scoredBy.get(o)}`;
      }),
    ],
  };
}

/** Cumulative / dot voting: each voter spreads a fixed number of points; options are ordered by points. */
export function cumulative(options: readonly string[], ballots: readonly WeightedBallot[]): MethodOutcome {
  const total = zeroScores(options);
  for (const { ballot, weight } of ballots) {
    for (const [o, p] of Object.entries(ballot.points ?? {})) addTo(total, o, BigInt(p) * weight);
  }
  return {
    ranking: tiersByScore(options, total),
    scores: total,
    explanation: ['Points:', ...options.map((o) => `  ${o}: ${display(total.get(o)!)}`)],
  };
}
