import { type SQL, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { SearchQuery, searchResults } from '../../../contracts/market.ts';
import type { Context } from '../../context.ts';
import { queryRows } from '../../db/client.ts';
import type { Actor } from '../../lib/actor.ts';
import { AppError } from '../../lib/errors.ts';
import { loadCoopAccess, policyAt } from '../coops/index.ts';
import { boundingBox, distanceKm, rankSearch, type SearchCandidate } from '../dispatch/index.ts';
import { availableIntervals, freeIntervals, slotStarts } from './availability-core.ts';
import { ratingSummary, requireCategory, sellingClasses } from './common.ts';
import { addDays, utcToLocal } from './local-time.ts';
import { type Pricing, priceBreakdown, subtotalOf } from './pricing.ts';
import { busyTimes, schedules, workedHours } from './queries.ts';
import { photoUrl, type ServiceRow, toServiceView } from './views.ts';

// Search with availability: find the workers who match (category, place, language, price), rank
// them all by the constitution's weights (a pure function in dispatch/), then walk down the ranking
// checking who is actually free for the requested time, until the page is full.

type Results = z.infer<typeof searchResults>;

const MAX_WINDOW_DAYS = 14;
const SLOT_STEP_MINUTES = 15;
const BATCH = 48;

type CandidateRow = {
  worker_id: string;
  account_id: string;
  display_name: string;
  languages: string[];
  skills: string[];
  time_zone: string;
  area_lat: number | null;
  area_lng: number | null;
  area_radius_km: number | null;
  area_postal_codes: string[];
  buffer_minutes: number;
  instant_booking: boolean;
  preferred_categories: string[];
  rating_total: number;
  rating_count: number;
  photo_file: string | null;
  service_id: string;
  category_key: string;
  title: string;
  description: string;
  pricing: string;
  rate: string;
  currency: string;
  min_duration_minutes: number;
  checked_version: number;
  below_floor_version: number | null;
  service_active: boolean;
  created_at: string | Date;
  updated_at: string | Date;
};

function invalid(code: string, message: string, field: string): AppError {
  return new AppError('validation', code, message, { field });
}

export async function searchWorkers(
  ctx: Context,
  actor: Actor,
  slug: string,
  q: SearchQuery,
): Promise<Results> {
  const access = await loadCoopAccess(ctx.db, slug, actor);
  const coopId = access.coop.id;
  const now = ctx.clock();
  const policy = await policyAt(ctx.db, coopId, now);
  const category = requireCategory(policy, q.category, 'category');
  if (category.dispatched) {
    throw new AppError(
      'rule',
      'CATEGORY_DISPATCHED',
      `${category.name} work is dispatched: post a job instead.`,
      {
        field: 'category',
      },
    );
  }
  if ((q.lat === undefined) !== (q.lng === undefined)) {
    throw invalid(
      'LOCATION_INCOMPLETE',
      'Give both a latitude and a longitude.',
      q.lat === undefined ? 'lat' : 'lng',
    );
  }
  const from = new Date(Math.max(Date.parse(q.from), now.getTime()));
  const to = new Date(q.to);
  if (Date.parse(q.to) <= Date.parse(q.from))
    throw invalid('RANGE_INVALID', 'The window must end after it starts.', 'to');
  if (to.getTime() - Date.parse(q.from) > MAX_WINDOW_DAYS * 86_400_000) {
    throw invalid('RANGE_INVALID', `Search a window of at most ${MAX_WINDOW_DAYS} days.`, 'to');
  }
  if (q.rateMin !== undefined && q.rateMax !== undefined && BigInt(q.rateMin) > BigInt(q.rateMax)) {
    throw invalid('RANGE_INVALID', 'The lowest rate is above the highest.', 'rateMin');
  }
  const feeBps = policy.document.market.platformFeeBps;
  const empty: Results = {
    constitutionVersion: policy.version,
    feeBps,
    currency: access.coop.currency,
    results: [],
    hasMore: false,
  };
  if (to <= from) return empty;

  const selling = sellingClasses(policy);
  if (selling.length === 0) return empty;
  const point = q.lat !== undefined && q.lng !== undefined ? { lat: q.lat, lng: q.lng } : null;
  const radius = q.radiusKm ?? policy.document.dispatch.maxDistanceKm;
  const floor = category.minHourlyRate;
  const where: SQL[] = [
    sql`s.coop_id = ${coopId}`,
    sql`s.category_key = ${category.key}`,
    sql`s.active and w.active and s.below_floor_version is null`,
    // Hidden at once when a raised floor is in force, even before the flagging task has run.
    sql`((s.pricing = 'hourly' and s.rate >= ${floor}::bigint) or (s.pricing = 'fixed' and s.rate * 60 >= ${floor}::bigint * s.min_duration_minutes))`,
    sql`s.min_duration_minutes <= ${q.durationMinutes}`,
    sql`exists (select 1 from memberships m where m.coop_id = w.coop_id and m.account_id = w.account_id
          and m.status in ('active', 'leaving') and m.class_key in (${sql.join(
            selling.map((k) => sql`${k}`),
            sql`, `,
          )}))`,
  ];
  if (access.accountId) where.push(sql`w.account_id <> ${access.accountId}`);
  if (q.language) where.push(sql`${q.language} = any(w.languages)`);
  if (q.rateMin !== undefined) where.push(sql`s.rate >= ${q.rateMin}::bigint`);
  if (q.rateMax !== undefined) where.push(sql`s.rate <= ${q.rateMax}::bigint`);
  const places: SQL[] = [];
  if (point) {
    const box = boundingBox(point, radius);
    places.push(
      sql`(w.area_lat between ${box.minLat} and ${box.maxLat} and w.area_lng between ${box.minLng} and ${box.maxLng})`,
    );
  }
  if (q.postalCode) places.push(sql`${q.postalCode.toUpperCase()} = any(w.area_postal_codes)`);
  if (places.length > 0) where.push(sql`(${sql.join(places, sql` or `)})`);

  // One service per worker: the cheapest that fits.
  const rows = await queryRows<CandidateRow>(
    ctx.db,
    sql`select distinct on (w.id)
          w.id as worker_id, w.account_id, w.display_name, w.languages, w.skills, w.time_zone,
          w.area_lat, w.area_lng, w.area_radius_km, w.area_postal_codes, w.buffer_minutes, w.instant_booking,
          w.preferred_categories, w.rating_total, w.rating_count, w.photo_file,
          s.id as service_id, s.category_key, s.title, s.description, s.pricing, s.rate::text as rate, s.currency,
          s.min_duration_minutes, s.checked_version, s.below_floor_version, s.active as service_active,
          s.created_at, s.updated_at
        from market_services s
        join market_workers w on w.coop_id = s.coop_id and w.id = s.worker_id
        where ${sql.join(where, sql` and `)}
        order by w.id, s.rate, s.id`,
  );

  const postal = q.postalCode?.toUpperCase();
  const matched = rows.flatMap((r) => {
    const byPostal = postal !== undefined && r.area_postal_codes.includes(postal);
    if (!point) return [{ row: r, distance: null as number | null }];
    if (r.area_lat === null || r.area_lng === null || r.area_radius_km === null) {
      return byPostal ? [{ row: r, distance: null }] : [];
    }
    const d = distanceKm(point, { lat: r.area_lat, lng: r.area_lng });
    if (d <= radius && d <= r.area_radius_km) return [{ row: r, distance: d }];
    return byPostal ? [{ row: r, distance: null }] : [];
  });
  if (matched.length === 0) return empty;

  const windowDays = policy.document.dispatch.fairnessWindowDays;
  const hours = await workedHours(
    ctx.db,
    coopId,
    matched.map((m) => m.row.worker_id),
    new Date(now.getTime() - windowDays * 86_400_000),
    now,
  );
  const byId = new Map(matched.map((m) => [m.row.worker_id, m]));
  const candidates: SearchCandidate[] = matched.map((m) => ({
    id: m.row.worker_id,
    distanceKm: m.distance,
    workedHours: hours.get(m.row.worker_id) ?? 0,
    ratingTotal: m.row.rating_total,
    ratingCount: m.row.rating_count,
    skills: m.row.skills,
    preferredCategories: m.row.preferred_categories,
  }));
  const ranked = rankSearch(candidates, {
    weights: policy.document.dispatch.weights,
    category: category.key,
    requiredSkills: q.skills ?? [],
    maxDistanceKm: radius,
    fairnessWindowDays: windowDays,
  });

  // Walk the ranking in batches, keeping the workers with a free slot, until the page is full.
  const wanted = q.offset + q.limit + 1;
  const free: { id: string; slot: number }[] = [];
  for (let i = 0; i < ranked.length && free.length < wanted; i += BATCH) {
    const batch = ranked.slice(i, i + BATCH).map((r) => r.id);
    const earliestDate = addDays(utcToLocal('UTC', from.getTime()).date, -2);
    const plans = await schedules(ctx.db, coopId, batch, earliestDate);
    const busy = await busyTimes(
      ctx.db,
      coopId,
      batch,
      new Date(from.getTime() - 86_400_000),
      new Date(to.getTime() + 86_400_000),
    );
    for (const id of batch) {
      const w = byId.get(id)!.row;
      const plan = plans.get(id)!;
      const open = freeIntervals(
        availableIntervals(w.time_zone, plan.rules, plan.exceptions, from.getTime(), to.getTime()),
        busy.get(id)!,
        w.buffer_minutes,
      );
      const [slot] = slotStarts(open, q.durationMinutes, SLOT_STEP_MINUTES, from.getTime(), 1);
      if (slot !== undefined) free.push({ id, slot });
      if (free.length >= wanted) break;
    }
  }

  const explanations = new Map(ranked.map((r) => [r.id, r.explanation]));
  const page = free.slice(q.offset, q.offset + q.limit);
  return {
    ...empty,
    hasMore: free.length > q.offset + q.limit,
    results: page.map(({ id, slot }) => {
      const { row: r, distance } = byId.get(id)!;
      const service: ServiceRow = {
        coopId,
        id: r.service_id,
        workerId: r.worker_id,
        categoryKey: r.category_key,
        title: r.title,
        description: r.description,
        pricing: r.pricing,
        rate: BigInt(r.rate),
        currency: r.currency,
        minDurationMinutes: r.min_duration_minutes,
        checkedVersion: r.checked_version,
        belowFloorVersion: r.below_floor_version,
        active: r.service_active,
        createdAt: new Date(r.created_at),
        updatedAt: new Date(r.updated_at),
      };
      const estimate = priceBreakdown(
        subtotalOf(r.pricing as Pricing, BigInt(r.rate), q.durationMinutes),
        feeBps,
      );
      return {
        worker: {
          id,
          displayName: r.display_name,
          photoUrl: photoUrl(slug, { id, photoFile: r.photo_file }),
          languages: r.languages,
          skills: r.skills,
          rating: ratingSummary(r.rating_total, r.rating_count),
          instantBooking: r.instant_booking,
        },
        service: toServiceView(service, policy),
        distanceKm: distance === null ? null : Math.round(distance * 10) / 10,
        firstSlot: {
          startsAt: new Date(slot).toISOString(),
          endsAt: new Date(slot + q.durationMinutes * 60_000).toISOString(),
        },
        estimate: {
          subtotal: estimate.subtotal.toString(),
          fee: estimate.fee.toString(),
          total: estimate.total.toString(),
        },
        explanation: explanations.get(id)!,
      };
    }),
  };
}
