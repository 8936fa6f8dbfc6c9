// The factors every ranking and dispatch decision is made of, and how the constitution's weights
// combine them. Each factor is a value in [0, 1] with a sentence saying where it came from; the
// score is the weighted mean. Pure: plain data in, plain data out, deterministic.

export const FACTORS = ['fairness', 'proximity', 'rating', 'skillMatch', 'preference'] as const;
export type FactorKey = (typeof FACTORS)[number];
export type Weights = Record<FactorKey, number>;

/**
 * Where a factor's value came from, as a code and its numbers, so an interface can say it in the
 * reader's language; `detail` says the same in English.
 */
export type FactorNote =
  | { code: 'worked_hours'; params: { hours: number; windowDays: number; busiestHours: number } }
  | { code: 'postal_code_only'; params: Record<string, never> }
  | { code: 'distance'; params: { km: number; limitKm: number } }
  | { code: 'no_reviews'; params: Record<string, never> }
  | { code: 'reviews'; params: { average: string; count: number } }
  | { code: 'no_skills_asked'; params: Record<string, never> }
  | { code: 'skills_matched'; params: { matched: number; required: number; skills: string } }
  | { code: 'no_preference' | 'prefers_this' | 'prefers_other'; params: Record<string, never> };
export type FactorNoteCode = FactorNote['code'];

export type FactorValue = { value: number; detail: string; note: FactorNote };

export type FactorExplanation = {
  factor: FactorKey;
  weight: number;
  /** The factor's value in [0, 1]. */
  value: number;
  /** weight × value / total weight: its share of the score. */
  contribution: number;
  detail: string;
  note: FactorNote;
};

export type Explanation = { score: number; factors: FactorExplanation[] };

const round4 = (x: number) => Math.round(x * 10_000) / 10_000;

export function combine(weights: Weights, values: Record<FactorKey, FactorValue>): Explanation {
  const total = FACTORS.reduce((s, f) => s + weights[f], 0);
  const factors = FACTORS.map((factor) => {
    const { value, detail, note } = values[factor];
    const clamped = Math.min(1, Math.max(0, Number.isFinite(value) ? value : 0));
    return {
      factor,
      weight: weights[factor],
      value: round4(clamped),
      contribution: total === 0 ? 0 : round4((weights[factor] * clamped) / total),
      detail,
      note,
    };
  });
  return { score: round4(factors.reduce((s, f) => s + f.contribution, 0)), factors };
}

const tenth = (x: number) => Math.round(x * 10) / 10;
const none: Record<string, never> = {};

/** Less work received in the fairness window ranks higher, relative to the busiest candidate. */
export function fairness(workedHours: number, busiestHours: number, windowDays: number): FactorValue {
  const value = busiestHours <= 0 ? 1 : 1 - workedHours / busiestHours;
  const params = { hours: tenth(workedHours), windowDays, busiestHours: tenth(Math.max(busiestHours, 0)) };
  return {
    value,
    detail: `${params.hours} h of work in the last ${windowDays} days (busiest candidate: ${params.busiestHours} h)`,
    note: { code: 'worked_hours', params },
  };
}

/** Closer ranks higher, falling to zero at `maxKm`; unknown distance (postal-code match) is neutral. */
export function proximity(distanceKm: number | null, maxKm: number): FactorValue {
  if (distanceKm === null) {
    return {
      value: 0.5,
      detail: 'serves this postal code (distance not known)',
      note: { code: 'postal_code_only', params: none },
    };
  }
  const km = tenth(distanceKm);
  return {
    value: maxKm <= 0 ? 0 : 1 - distanceKm / maxKm,
    detail: `${km} km away (limit ${maxKm} km)`,
    note: { code: 'distance', params: { km, limitKm: maxKm } },
  };
}

// A few reviews should not outrank many: the average is pulled towards 4 stars as if by 3 reviews.
const PRIOR_STARS = 4;
const PRIOR_COUNT = 3;

export function rating(starsTotal: number, count: number): FactorValue {
  const mean = (starsTotal + PRIOR_STARS * PRIOR_COUNT) / (count + PRIOR_COUNT);
  const value = (mean - 1) / 4;
  if (count === 0) return { value, detail: 'no reviews yet', note: { code: 'no_reviews', params: none } };
  const average = (starsTotal / count).toFixed(2);
  return {
    value,
    detail: `${average} stars from ${count} review${count === 1 ? '' : 's'}`,
    note: { code: 'reviews', params: { average, count } },
  };
}

export function skillMatch(required: readonly string[], has: readonly string[]): FactorValue {
  if (required.length === 0) {
    return {
      value: 1,
      detail: 'no particular skills asked for',
      note: { code: 'no_skills_asked', params: none },
    };
  }
  const matched = required.filter((s) => has.includes(s));
  return {
    value: matched.length / required.length,
    detail: `has ${matched.length} of ${required.length} skills asked for${matched.length ? ` (${matched.join(', ')})` : ''}`,
    note: {
      code: 'skills_matched',
      params: { matched: matched.length, required: required.length, skills: matched.join(', ') },
    },
  };
}

/** The worker's own preference for this kind of work; no stated preference is neutral. */
export function preference(preferredCategories: readonly string[], category: string): FactorValue {
  if (preferredCategories.length === 0) {
    return { value: 0.5, detail: 'states no preference', note: { code: 'no_preference', params: none } };
  }
  return preferredCategories.includes(category)
    ? { value: 1, detail: 'prefers this kind of work', note: { code: 'prefers_this', params: none } }
    : { value: 0, detail: 'prefers other kinds of work', note: { code: 'prefers_other', params: none } };
}

/** Higher score first; equal scores by id, so the order never depends on input order. */
export function byScore<T extends { id: string; explanation: Explanation }>(a: T, b: T): number {
  return b.explanation.score - a.explanation.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}
