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

// Who is offered a posted job next: hard limits first (each exclusion with its reason), then the
// dispatch score with the constitution's weights. The flow that makes offers lives in the market
// module; this is the decision alone, so it can be explained and simulated.

export type DispatchRules = {
  weights: Weights;
  fairnessWindowDays: number;
  maxDistanceKm: number;
  maxJobsPerDay: number;
};

export type DispatchJob = { category: string; requiredSkills: readonly string[] };

export type DispatchCandidate = {
  id: string;
  /** Null when the worker matched by postal code only. */
  distanceKm: number | null;
  /** The worker's own radius, when they gave one. */
  radiusKm: number | null;
  /** Free for the job's whole window (working hours, no overlapping booking). */
  available: boolean;
  jobsThatDay: number;
  workedHours: number;
  ratingTotal: number;
  ratingCount: number;
  skills: readonly string[];
  preferredCategories: readonly string[];
};

export type Exclusion = {
  id: string;
  reason: 'too_far' | 'outside_worker_area' | 'not_available' | 'daily_limit';
  detail: string;
};

export type DispatchRanking = { ranked: { id: string; explanation: Explanation }[]; excluded: Exclusion[] };

export function rankDispatch(
  job: DispatchJob,
  candidates: readonly DispatchCandidate[],
  rules: DispatchRules,
): DispatchRanking {
  const excluded: Exclusion[] = [];
  const eligible = candidates.filter((c) => {
    const km = c.distanceKm === null ? null : Math.round(c.distanceKm * 10) / 10;
    if (km !== null && c.distanceKm! > rules.maxDistanceKm) {
      excluded.push({
        id: c.id,
        reason: 'too_far',
        detail: `${km} km away; the limit is ${rules.maxDistanceKm} km`,
      });
      return false;
    }
    if (km !== null && c.radiusKm !== null && c.distanceKm! > c.radiusKm) {
      excluded.push({
        id: c.id,
        reason: 'outside_worker_area',
        detail: `${km} km away; the worker serves ${c.radiusKm} km`,
      });
      return false;
    }
    if (!c.available) {
      excluded.push({ id: c.id, reason: 'not_available', detail: 'not free for the whole time window' });
      return false;
    }
    if (c.jobsThatDay >= rules.maxJobsPerDay) {
      excluded.push({
        id: c.id,
        reason: 'daily_limit',
        detail: `already has ${c.jobsThatDay} jobs that day; the limit is ${rules.maxJobsPerDay}`,
      });
      return false;
    }
    return true;
  });
  const busiest = eligible.reduce((m, c) => Math.max(m, c.workedHours), 0);
  const ranked = eligible
    .map((c) => ({
      id: c.id,
      explanation: combine(rules.weights, {
        fairness: fairness(c.workedHours, busiest, rules.fairnessWindowDays),
        proximity: proximity(c.distanceKm, rules.maxDistanceKm),
        rating: rating(c.ratingTotal, c.ratingCount),
        skillMatch: skillMatch(job.requiredSkills, c.skills),
        preference: preference(c.preferredCategories, job.category),
      }),
    }))
    .sort(byScore);
  return { ranked, excluded };
}
