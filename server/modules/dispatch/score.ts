// The factors every ranking and dispatch decision is made of, and how the constitution's weights
// combine them. Each factor is a value in [0, 1] with a sentence saying where it came from; the
// score is the weighted mean. Pure: plain data in, plain data out, deterministic.

export const FACTORS = ['fairness', 'proximity', 'rating', 'skillMatch', 'preference'] as const;
export type FactorKey = (typeof FACTORS)[number];
export type Weights = Record<FactorKey, number>;

export type FactorValue = { value: number; detail: string };

export type FactorExplanation = {
  factor: FactorKey;
  weight: number;
  /** The factor's value in [0, 1]. */
  value: number;
  /** weight × value / total weight: its share of the score. */
  contribution: number;
  detail: string;
};

export type Explanation = { score: number; factors: FactorExplanation[] };

const round4 = (x: number) => Math.round(x * 10_000) / 10_000;

export function combine(weights: Weights, values: Record<FactorKey, FactorValue>): Explanation {
  const total = FACTORS.reduce((s, f) => s + weights[f], 0);
  const factors = FACTORS.map((factor) => {
    const { value, detail } = values[factor];
    const clamped = Math.min(1, Math.max(0, Number.isFinite(value) ? value : 0));
    return {
      factor,
      weight: weights[factor],
      value: round4(clamped),
      contribution: total === 0 ? 0 : round4((weights[factor] * clamped) / total),
      detail,
    };
  });
  return { score: round4(factors.reduce((s, f) => s + f.contribution, 0)), factors };
}

const hours = (h: number) => `${Math.round(h * 10) / 10} h`;

/** Less work received in the fairness window ranks higher, relative to the busiest candidate. */
export function fairness(workedHours: number, busiestHours: number, windowDays: number): FactorValue {
  const value = busiestHours <= 0 ? 1 : 1 - workedHours / busiestHours;
  return {
    value,
    detail: `${hours(workedHours)} of work in the last ${windowDays} days (busiest candidate: ${hours(Math.max(busiestHours, 0))})`,
  };
}

/** Closer ranks higher, falling to zero at `maxKm`; unknown distance (postal-code match) is neutral. */
export function proximity(distanceKm: number | null, maxKm: number): FactorValue {
  if (distanceKm === null) return { value: 0.5, detail: 'serves this postal code (distance not known)' };
  const km = Math.round(distanceKm * 10) / 10;
  return { value: maxKm <= 0 ? 0 : 1 - distanceKm / maxKm, detail: `${km} km away (limit ${maxKm} km)` };
}

// A few reviews should not outrank many: the average is pulled towards 4 stars as if by 3 reviews.
const PRIOR_STARS = 4;
const PRIOR_COUNT = 3;

export function rating(starsTotal: number, count: number): FactorValue {
  const mean = (starsTotal + PRIOR_STARS * PRIOR_COUNT) / (count + PRIOR_COUNT);
  const avg = count > 0 ? (starsTotal / count).toFixed(2) : null;
  return {
    value: (mean - 1) / 4,
    detail: avg ? `${avg} stars from ${count} review${count === 1 ? '' : 's'}` : 'no reviews yet',
  };
}

export function skillMatch(required: readonly string[], has: readonly string[]): FactorValue {
  if (required.length === 0) return { value: 1, detail: 'no particular skills asked for' };
  const matched = required.filter((s) => has.includes(s));
  return {
    value: matched.length / required.length,
    detail: `has ${matched.length} of ${required.length} skills asked for${matched.length ? ` (${matched.join(', ')})` : ''}`,
  };
}

/** The worker's own preference for this kind of work; no stated preference is neutral. */
export function preference(preferredCategories: readonly string[], category: string): FactorValue {
  if (preferredCategories.length === 0) return { value: 0.5, detail: 'states no preference' };
  return preferredCategories.includes(category)
    ? { value: 1, detail: 'prefers this kind of work' }
    : { value: 0, detail: 'prefers other kinds of work' };
}

/** Higher score first; equal scores by id, so the order never depends on input order. */
export function byScore<T extends { id: string; explanation: Explanation }>(a: T, b: T): number {
  return b.explanation.score - a.explanation.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}
