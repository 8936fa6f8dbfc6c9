import type { Rational } from '../rational.ts';
import * as Q from '../rational.ts';
import { type Fraction, fraction } from './share.ts';
import { priorityRank, sortByPriority } from './tie-break.ts';
import type {
  BallotSummary,
  ChoiceBallot,
  ChoiceInput,
  ChoiceResult,
  MethodDetails,
  PairwiseMatrix,
  TieBreakPriority,
  TieBreakRecord,
} from './types.ts';
import { isBlankChoiceBallot, validateChoiceBallot, weightOf } from './validate.ts';

export type WeightedBallot = { ballot: ChoiceBallot; weight: bigint };

export type PreparedBallots = {
  /** Valid ballots that express a preference. */
  counted: WeightedBallot[];
  /** Valid ballots that express nothing (some methods, like equal shares, still give them a budget). */
  blank: WeightedBallot[];
  summary: BallotSummary;
};

/** Sorts ballots into counted, blank and rejected (each rejected one keeps its index and reason). */
export function prepareBallots(input: ChoiceInput): PreparedBallots {
  const counted: WeightedBallot[] = [];
  const blank: WeightedBallot[] = [];
  const rejected: BallotSummary['rejected'] = [];
  let countedWeight = 0n;
  const known = new Set(input.options);
  input.ballots.forEach((ballot, index) => {
    const p = validateChoiceBallot(input, ballot, known);
    if (p) {
      rejected.push({ index, ...p });
      return;
    }
    const weight = weightOf(ballot);
    if (isBlankChoiceBallot(ballot)) blank.push({ ballot, weight });
    else {
      counted.push({ ballot, weight });
      countedWeight += weight;
    }
  });
  return {
    counted,
    blank,
    summary: {
      cast: input.ballots.length,
      counted: counted.length,
      blank: blank.length,
      rejected,
      countedWeight,
    },
  };
}

/** Groups options into tiers by a score, best first (higher first unless `ascending`). */
export function tiersByScore(
  options: readonly string[],
  score: ReadonlyMap<string, Rational>,
  ascending = false,
): string[][] {
  const sorted = [...options].sort((a, b) => {
    const c = Q.compare(score.get(a)!, score.get(b)!);
    return ascending ? c : -c;
  });
  const tiers: string[][] = [];
  let last: Rational | undefined;
  for (const o of sorted) {
    const s = score.get(o)!;
    if (last !== undefined && Q.equals(s, last)) tiers[tiers.length - 1]!.push(o);
    else tiers.push([o]);
    last = s;
  }
  return tiers;
}

export function fractions(score: ReadonlyMap<string, Rational>): Record<string, Fraction> {
  return Object.fromEntries([...score].map(([o, s]) => [o, fraction(s)]));
}

/** What a method works out; `finishResult` turns it into a ChoiceResult. */
export type MethodOutcome = {
  variant?: string;
  /** Best first; options the method cannot separate share a tier. */
  ranking: string[][];
  /** When the method settles its own ties (STAR, equal shares), the full order it reached. */
  order?: string[];
  scores?: ReadonlyMap<string, Rational>;
  pairwise?: PairwiseMatrix;
  details?: MethodDetails;
  tieBreaks?: TieBreakRecord[];
  explanation: string[];
};

export function display(r: Rational): string {
  return r.den === 1n ? r.num.toString() : Q.toDecimalString(r, 4);
}

export function finishResult(
  input: ChoiceInput,
  prepared: PreparedBallots,
  priority: TieBreakPriority,
  outcome: MethodOutcome,
): ChoiceResult {
  const seats = input.rules?.seats ?? 1;
  const rank = priorityRank(priority);
  const tieBreaks = [...(outcome.tieBreaks ?? [])];
  let order = outcome.order;
  if (!order) {
    order = [];
    for (const tier of outcome.ranking) {
      const sorted = sortByPriority(tier, rank);
      // A tie only matters to the result when it straddles the last seat.
      if (tier.length > 1 && order.length < seats && order.length + tier.length > seats) {
        tieBreaks.push({ stage: 'winners', among: sorted, order: sorted, by: priority.source });
      }
      order.push(...sorted);
    }
  }
  const winners = order.slice(0, seats);
  const s = prepared.summary;
  const explanation = [
    `Ballots: ${s.cast} cast, ${s.counted} counted${s.countedWeight === BigInt(s.counted) ? '' : ` (weight ${s.countedWeight})`}, ${s.blank} blank, ${s.rejected.length} rejected.`,
    ...summariseRejected(s.rejected),
    ...outcome.explanation,
    ...tieBreaks.map(
      (t) => `Tie (${t.stage}) among ${t.among.join(', ')}: settled by ${t.by} as ${t.order.join(' > ')}.`,
    ),
    `${seats === 1 ? 'Winner' : 'Winners'}: ${winners.join(', ')}.`,
  ];
  const result: ChoiceResult = {
    method: input.method,
    options: [...input.options],
    seats,
    winners,
    ranking: outcome.ranking,
    order,
    ballots: s,
    priority,
    tieBreaks,
    explanation,
  };
  if (outcome.variant) result.variant = outcome.variant;
  if (outcome.scores) result.scores = fractions(outcome.scores);
  if (outcome.pairwise) result.pairwise = outcome.pairwise;
  if (outcome.details) result.details = outcome.details;
  return result;
}

function summariseRejected(rejected: BallotSummary['rejected']): string[] {
  const byCode = new Map<string, number>();
  for (const r of rejected) byCode.set(r.code, (byCode.get(r.code) ?? 0) + 1);
  return [...byCode].map(([code, n]) => `  rejected ${code}: ${n}`);
}
