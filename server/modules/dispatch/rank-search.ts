import {
  byScore,
  combine,
  type Explanation,
  fairness,
  preference,
  proximity,
  rating,
  skillMatch,
  type Weights,
} from './score.ts';

// Search ordering: every worker who matches and is free, ranked by the constitution's weights.

export type SearchCandidate = {
  id: string;
  distanceKm: number | null;
  workedHours: number;
  ratingTotal: number;
  ratingCount: number;
  skills: readonly string[];
  preferredCategories: readonly string[];
};

export type SearchContext = {
  weights: Weights;
  category: string;
  requiredSkills: readonly string[];
  /** Distance at which proximity reaches zero: the search radius or the constitution's limit. */
  maxDistanceKm: number;
  fairnessWindowDays: number;
};

export type Ranked = { id: string; explanation: Explanation };

export function rankSearch(candidates: readonly SearchCandidate[], context: SearchContext): Ranked[] {
  const busiest = candidates.reduce((m, c) => Math.max(m, c.workedHours), 0);
  return candidates
    .map((c) => ({
      id: c.id,
      explanation: combine(context.weights, {
        fairness: fairness(c.workedHours, busiest, context.fairnessWindowDays),
        proximity: proximity(c.distanceKm, context.maxDistanceKm),
        rating: rating(c.ratingTotal, c.ratingCount),
        skillMatch: skillMatch(context.requiredSkills, c.skills),
        preference: preference(c.preferredCategories, context.category),
      }),
    }))
    .sort(byScore);
}
