import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  boundingBox,
  type DispatchCandidate,
  distanceKm,
  rankDispatch,
  rankSearch,
  type SearchCandidate,
  type Weights,
} from './index.ts';

const weights: Weights = { fairness: 40, proximity: 25, rating: 15, skillMatch: 15, preference: 5 };

const base: SearchCandidate = {
  id: 'a',
  distanceKm: 2,
  workedHours: 0,
  ratingTotal: 0,
  ratingCount: 0,
  skills: [],
  preferredCategories: [],
};
const context = {
  weights,
  category: 'cleaning',
  requiredSkills: [],
  maxDistanceKm: 25,
  fairnessWindowDays: 30,
};

describe('geography', () => {
  it('measures distances and boxes', () => {
    // Madrid Puerta del Sol to Plaza de Cibeles: about 0.9 km.
    const km = distanceKm({ lat: 40.4169, lng: -3.7035 }, { lat: 40.4192, lng: -3.6931 });
    expect(km).toBeGreaterThan(0.85);
    expect(km).toBeLessThan(0.95);
    const box = boundingBox({ lat: 40.4, lng: -3.7 }, 10);
    expect(distanceKm({ lat: 40.4, lng: -3.7 }, { lat: box.maxLat, lng: -3.7 })).toBeCloseTo(10, 3);
    expect(distanceKm({ lat: 40.4, lng: -3.7 }, { lat: 40.4, lng: box.maxLng })).toBeGreaterThanOrEqual(9.99);
  });
});

describe('search ranking', () => {
  it('explains each score as weighted factors that add up', () => {
    const [r] = rankSearch([{ ...base, ratingTotal: 14, ratingCount: 3 }], context);
    expect(r!.explanation.factors.map((f) => f.factor)).toEqual([
      'fairness',
      'proximity',
      'rating',
      'skillMatch',
      'preference',
    ]);
    const sum = r!.explanation.factors.reduce((s, f) => s + f.contribution, 0);
    expect(r!.explanation.score).toBeCloseTo(sum, 3);
    expect(r!.explanation.factors[2]!.detail).toBe('4.67 stars from 3 reviews');
    expect(r!.explanation.factors[1]!.detail).toBe('2 km away (limit 25 km)');
    // The same, as codes and numbers for an interface in another language.
    expect(r!.explanation.factors.map((f) => f.note)).toEqual([
      { code: 'worked_hours', params: { hours: 0, windowDays: 30, busiestHours: 0 } },
      { code: 'distance', params: { km: 2, limitKm: 25 } },
      { code: 'reviews', params: { average: '4.67', count: 3 } },
      { code: 'no_skills_asked', params: {} },
      { code: 'no_preference', params: {} },
    ]);
  });

  it('puts the less-served, closer, better-rated worker first', () => {
    const ranked = rankSearch(
      [
        { ...base, id: 'busy', workedHours: 40 },
        { ...base, id: 'fresh', workedHours: 4 },
        { ...base, id: 'far', distanceKm: 20, workedHours: 4 },
      ],
      context,
    );
    expect(ranked.map((r) => r.id)).toEqual(['fresh', 'far', 'busy']);
  });

  it('follows the weights: with only proximity weighted, distance alone decides', () => {
    const onlyProximity = {
      ...context,
      weights: { fairness: 0, proximity: 1, rating: 0, skillMatch: 0, preference: 0 },
    };
    const ranked = rankSearch(
      [
        { ...base, id: 'x', distanceKm: 9, ratingTotal: 50, ratingCount: 10 },
        { ...base, id: 'y', distanceKm: 3, workedHours: 100 },
      ],
      onlyProximity,
    );
    expect(ranked.map((r) => r.id)).toEqual(['y', 'x']);
  });

  it('is deterministic whatever the input order (property)', () => {
    const cand = fc.record({
      id: fc.uuid(),
      distanceKm: fc.option(fc.double({ min: 0, max: 30, noNaN: true }), { nil: null }),
      workedHours: fc.double({ min: 0, max: 200, noNaN: true }),
      ratingTotal: fc.constant(0),
      ratingCount: fc.constant(0),
      skills: fc.constant([] as string[]),
      preferredCategories: fc.constantFrom([], ['cleaning'], ['gardening']),
    });
    fc.assert(
      fc.property(fc.uniqueArray(cand, { selector: (c) => c.id, maxLength: 12 }), (list) => {
        const a = rankSearch(list, context).map((r) => r.id);
        const b = rankSearch([...list].reverse(), context).map((r) => r.id);
        expect(a).toEqual(b);
        for (const r of rankSearch(list, context)) {
          expect(r.explanation.score).toBeGreaterThanOrEqual(0);
          expect(r.explanation.score).toBeLessThanOrEqual(1);
        }
      }),
    );
  });
});

describe('dispatch ranking', () => {
  const worker = (over: Partial<DispatchCandidate>): DispatchCandidate => ({
    id: 'w',
    distanceKm: 3,
    radiusKm: 10,
    available: true,
    jobsThatDay: 0,
    workedHours: 0,
    ratingTotal: 0,
    ratingCount: 0,
    skills: [],
    preferredCategories: [],
    ...over,
  });
  const rules = { weights, fairnessWindowDays: 30, maxDistanceKm: 25, maxJobsPerDay: 8 };

  it('excludes by the hard limits, each with its reason', () => {
    const { ranked, excluded } = rankDispatch(
      { category: 'household-pickup', requiredSkills: [] },
      [
        worker({ id: 'ok' }),
        worker({ id: 'far', distanceKm: 30, radiusKm: 50 }),
        worker({ id: 'outside', distanceKm: 12, radiusKm: 10 }),
        worker({ id: 'busy', available: false }),
        worker({ id: 'full', jobsThatDay: 8 }),
      ],
      rules,
    );
    expect(ranked.map((r) => r.id)).toEqual(['ok']);
    expect(Object.fromEntries(excluded.map((e) => [e.id, e.reason]))).toEqual({
      far: 'too_far',
      outside: 'outside_worker_area',
      busy: 'not_available',
      full: 'daily_limit',
    });
  });

  it('favours fairness, skills and preference by their weights', () => {
    const { ranked } = rankDispatch(
      { category: 'e-waste', requiredSkills: ['e-waste-handling'] },
      [
        worker({ id: 'a', workedHours: 30 }),
        worker({ id: 'b', workedHours: 30, skills: ['e-waste-handling'] }),
        worker({ id: 'c', workedHours: 2, skills: ['e-waste-handling'], preferredCategories: ['e-waste'] }),
      ],
      rules,
    );
    expect(ranked.map((r) => r.id)).toEqual(['c', 'b', 'a']);
    expect(ranked[0]!.explanation.factors.find((f) => f.factor === 'skillMatch')!.detail).toBe(
      'has 1 of 1 skills asked for (e-waste-handling)',
    );
  });
});
