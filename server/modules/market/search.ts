import { and, eq, inArray, type SQL, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { SearchQuery, searchResults } from '../../../contracts/market.ts';
import type { Context } from '../../context.ts';
import { queryRows } from '../../db/client.ts';
import { marketServices } from '../../db/schema/index.ts';
import type { Actor } from '../../lib/actor.ts';
import { AppError } from '../../lib/errors.ts';
import { loadCoopScope, policyAt } from '../coops/index.ts';
import { boundingBox, distanceKm, rankSearch, type SearchCandidate } from '../dispatch/index.ts';
import { availableIntervals, freeIntervals, mayWorkWithin, slotStarts } from './availability-core.ts';
import { ratingSummary, requireCategory, sellingClasses } from './common.ts';
import { addDays, utcToLocal } from './local-time.ts';
import { type Pricing, priceBreakdown, subtotalOf } from './pricing.ts';
import { busyTimes, schedules } from './queries.ts';
import { photoUrl, toServiceView } from './views.ts';

// Search with availability: find the workers who match (category, place, language, price), rank
// them all by the constitution's weights (a pure function in dispatch/), then walk down the ranking
// checking who is actually free for the requested time, until the page is full.

type Results = z.infer<typeof searchResults>;

const MAX_WINDOW_DAYS = 14;
const SLOT_STEP_MINUTES = 15;
// Workers checked for a free slot per round trip: usually the first batch fills a page; when free
// workers are scarce each further batch is three times larger, so walking a long ranking to its end
// takes a few round trips rather than dozens.
const FIRST_BATCH = 100;
const BATCH_GROWTH = 3;

/** What ranking and the availability check need, and nothing more: search reads hundreds of these. */
type CandidateRow = {
  worker_id: string;
  service_id: string;
  time_zone: string;
  area_lat: number | null;
  area_lng: number | null;
  area_radius_km: number | null;
  by_postal: boolean;
  buffer_minutes: number;
  rating_total: number;
  rating_count: number;
  recent_work_minutes: number;
  work_weekdays: number;
  extra_hours_until: string | null;
  /** 1: prefers this category; 0: states no preference; -1: prefers other work. */
  preference: number;
  skills_matched: string[];
};

type DetailRow = {
  worker_id: string;
  display_name: string;
  languages: string[];
  skills: string[];
  instant_booking: boolean;
  photo_file: string | null;
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
  const now = ctx.clock();
  const { access, policy } = await loadCoopScope(ctx.db, slug, actor, now);
  const coopId = access.coop.id;
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

  // Skill keys are validated lower-case words, so the array literal is safe.
  const askedSkills = q.skills ?? [];
  const matchedSkills =
    askedSkills.length > 0
      ? sql`array(select unnest(w.skills) intersect select unnest(${`{${askedSkills.join(',')}}`}::text[]))`
      : sql`'{}'::text[]`;
  // One service per worker: the cheapest that fits. Lean rows; details are read for the page only.
  const rows = await queryRows<CandidateRow>(
    ctx.db,
    sql`select distinct on (w.id)
          w.id as worker_id, s.id as service_id, w.time_zone, w.area_lat, w.area_lng, w.area_radius_km,
          ${q.postalCode ? sql`${q.postalCode.toUpperCase()} = any(w.area_postal_codes)` : sql`false`} as by_postal,
          w.buffer_minutes, w.rating_total, w.rating_count, w.recent_work_minutes,
          w.work_weekdays, to_char(w.extra_hours_until, 'YYYY-MM-DD') as extra_hours_until,
          case when cardinality(w.preferred_categories) = 0 then 0
               when ${category.key} = any(w.preferred_categories) then 1 else -1 end as preference,
          ${matchedSkills} as skills_matched
        from market_services s
        join market_workers w on w.coop_id = s.coop_id and w.id = s.worker_id
        where ${sql.join(where, sql` and `)}
        order by w.id, s.rate, s.id`,
  );

  const matched = rows.flatMap((r) => {
    const byPostal = r.by_postal;
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
  const byId = new Map(matched.map((m) => [m.row.worker_id, m]));
  const candidates: SearchCandidate[] = matched.map((m) => ({
    id: m.row.worker_id,
    distanceKm: m.distance,
    // Kept on the worker by refreshRecentWork: search need not aggregate bookings per query.
    workedHours: m.row.recent_work_minutes / 60,
    ratingTotal: m.row.rating_total,
    ratingCount: m.row.rating_count,
    skills: m.row.skills_matched,
    // The ranking only asks whether this category is among the preferred ones, or none are stated.
    preferredCategories:
      m.row.preference === 0 ? [] : m.row.preference === 1 ? [category.key] : ['another-category'],
  }));
  const ranked = rankSearch(candidates, {
    weights: policy.document.dispatch.weights,
    category: category.key,
    requiredSkills: q.skills ?? [],
    maxDistanceKm: radius,
    fairnessWindowDays: windowDays,
  });

  // Walk the ranking in batches, keeping the workers with a free slot, until the page is full.
  // Workers with no hours on any date of the window are passed over without reading their schedule.
  const walk = ranked
    .map((r) => r.id)
    .filter((id) => {
      const w = byId.get(id)!.row;
      return mayWorkWithin(w.time_zone, from.getTime(), to.getTime(), w.work_weekdays, w.extra_hours_until);
    });
  const wanted = q.offset + q.limit + 1;
  const free: { id: string; slot: number }[] = [];
  const earliestDate = addDays(utcToLocal('UTC', from.getTime()).date, -2);
  for (
    let i = 0, size = FIRST_BATCH;
    i < walk.length && free.length < wanted;
    i += size, size *= BATCH_GROWTH
  ) {
    const batch = walk.slice(i, i + size);
    const [plans, busy] = await Promise.all([
      schedules(ctx.db, coopId, batch, earliestDate),
      busyTimes(
        ctx.db,
        coopId,
        batch,
        new Date(from.getTime() - 86_400_000),
        new Date(to.getTime() + 86_400_000),
      ),
    ]);
    for (const id of batch) {
      const w = byId.get(id)!.row;
      const plan = plans.get(id)!;
      const open = freeIntervals(
        availableIntervals(w.time_zone, plan.rules, plan.exceptions, from.getTime(), to.getTime()),
        busy.get(id)!,
        w.buffer_minutes,
      );
      // Same earliest start as the worker's slot list, so search never offers a time the profile lacks.
      const earliest = Math.max(now.getTime() + 60_000, from.getTime());
      const [slot] = slotStarts(open, q.durationMinutes, SLOT_STEP_MINUTES, earliest, 1);
      if (slot !== undefined) free.push({ id, slot });
      if (free.length >= wanted) break;
    }
  }

  const explanations = new Map(ranked.map((r) => [r.id, r.explanation]));
  const page = free.slice(q.offset, q.offset + q.limit);
  if (page.length === 0) return { ...empty, hasMore: false };
  const pageWorkers = page.map((p) => p.id);
  const pageServices = page.map((p) => byId.get(p.id)!.row.service_id);
  const [details, services] = await Promise.all([
    queryRows<DetailRow>(
      ctx.db,
      sql`select id as worker_id, display_name, languages, skills, instant_booking, photo_file from market_workers
          where coop_id = ${coopId} and id in (${sql.join(
            pageWorkers.map((id) => sql`${id}::uuid`),
            sql`, `,
          )})`,
    ),
    ctx.db
      .select()
      .from(marketServices)
      .where(and(eq(marketServices.coopId, coopId), inArray(marketServices.id, pageServices))),
  ]);
  const detailOf = new Map(details.map((d) => [d.worker_id, d]));
  const serviceOf = new Map(services.map((s) => [s.id, s]));
  return {
    ...empty,
    hasMore: free.length > q.offset + q.limit,
    results: page.map(({ id, slot }) => {
      const { row: r, distance } = byId.get(id)!;
      const d = detailOf.get(id)!;
      const service = serviceOf.get(r.service_id)!;
      const estimate = priceBreakdown(
        subtotalOf(service.pricing as Pricing, service.rate, q.durationMinutes),
        feeBps,
      );
      return {
        worker: {
          id,
          displayName: d.display_name,
          photoUrl: photoUrl(slug, { id, photoFile: d.photo_file }),
          languages: d.languages,
          skills: d.skills,
          rating: ratingSummary(r.rating_total, r.rating_count),
          instantBooking: d.instant_booking,
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

/**
 * Refreshes each worker's minutes of work in the fairness window (confirmed, completed or settled
 * bookings that started in it), which search ranking reads instead of aggregating bookings on every
 * query. Only changed rows are written. Dispatch counts exactly at the moment of each offer.
 */
export async function refreshRecentWork(ctx: Context): Promise<number> {
  const now = ctx.clock();
  const coops = await queryRows<{ coop_id: string }>(
    ctx.db,
    sql`select distinct coop_id from market_workers`,
  );
  let changed = 0;
  for (const { coop_id: coopId } of coops) {
    const days = (await policyAt(ctx.db, coopId, now)).document.dispatch.fairnessWindowDays;
    const since = new Date(now.getTime() - days * 86_400_000).toISOString();
    const rows = await queryRows<{ id: string }>(
      ctx.db,
      sql`update market_workers w set recent_work_minutes = x.minutes, recent_work_as_of = ${now.toISOString()}::timestamptz
          from (
            select w2.id, coalesce((select sum(b.duration_minutes) from market_bookings b
              where b.coop_id = w2.coop_id and b.worker_id = w2.id
                and b.starts_at >= ${since}::timestamptz and b.starts_at < ${now.toISOString()}::timestamptz
                and b.status in ('confirmed', 'completed', 'settled')), 0)::int as minutes
            from market_workers w2 where w2.coop_id = ${coopId}
          ) x
          where w.coop_id = ${coopId} and w.id = x.id and w.recent_work_minutes <> x.minutes
          returning w.id`,
    );
    changed += rows.length;
  }
  return changed;
}
