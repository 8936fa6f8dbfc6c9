import { and, desc, eq, inArray, type SQL, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { JobInput, jobList, jobView, offerList } from '../../../contracts/market.ts';
import { formatMoney } from '../../../contracts/money.ts';
import type { Context } from '../../context.ts';
import { type Executor, queryRows, type Tx } from '../../db/client.ts';
import { isExclusionViolation } from '../../db/errors.ts';
import {
  ACTIVE_BOOKING_STATUSES,
  marketBookings,
  marketJobOffers,
  marketJobs,
} from '../../db/schema/index.ts';
import type { Actor } from '../../lib/actor.ts';
import { AppError } from '../../lib/errors.ts';
import { recordAudit } from '../audit/index.ts';
import { type CoopAccess, can, loadCoopAccess, type Policy, policyAt } from '../coops/index.ts';
import {
  boundingBox,
  type DispatchCandidate,
  distanceKm,
  type Explanation,
  rankDispatch,
} from '../dispatch/index.ts';
import { availableIntervals, covers, freeIntervals } from './availability-core.ts';
import { bookingOverlap } from './bookings.ts';
import {
  floorMessage,
  notFound,
  people,
  requireBuyer,
  requireCategory,
  sellingClasses,
  signedIn,
  UUID,
} from './common.ts';
import { addDays, utcToLocal } from './local-time.ts';
import { momentText, notifyBooking, send, whenText } from './notify.ts';
import { floorPrice, priceBreakdown } from './pricing.ts';
import { type BookingRow, busyTimes, schedules, workedHours, workerById } from './queries.ts';

// Posted jobs: the customer describes the work and the co-op offers it to one worker at a time, in
// order of the dispatch score (pure, in dispatch/), each offer open for the constitution's timeout.
// The worker who accepts gets a booking for the job's window, which then follows the booking flow.

type JobRow = typeof marketJobs.$inferSelect;
/** Why a job went unfilled, for any language: `no_worker` counts who was asked and who was left out, by reason. */
type JobStatusNote = NonNullable<JobView['statusNote']>;
type OfferRow = typeof marketJobOffers.$inferSelect;
type JobView = z.infer<typeof jobView>;
type Coop = { id: string; slug: string; currency: string };

const MAX_WINDOW_HOURS = 24;
const MAX_AHEAD_DAYS = 90;

function rule(code: string, message: string, field?: string): AppError {
  return new AppError('rule', code, message, field ? { field } : {});
}

export async function postJob(ctx: Context, actor: Actor, slug: string, input: JobInput): Promise<JobView> {
  const access = await loadCoopAccess(ctx.db, slug, actor);
  const now = ctx.clock();
  const policy = await policyAt(ctx.db, access.coop.id, now);
  const customerId = requireBuyer(access, policy);
  const category = requireCategory(policy, input.categoryKey);
  if (!category.dispatched) {
    throw rule(
      'CATEGORY_NOT_DISPATCHED',
      `${category.name} work is booked directly: search for a worker instead.`,
      'categoryKey',
    );
  }
  const windowStart = new Date(input.windowStart);
  const windowEnd = new Date(input.windowEnd);
  if (windowStart <= now)
    throw rule('WINDOW_IN_PAST', 'The time window must start in the future.', 'windowStart');
  if (windowStart.getTime() > now.getTime() + MAX_AHEAD_DAYS * 86_400_000) {
    throw rule('WINDOW_TOO_FAR', `Jobs are posted at most ${MAX_AHEAD_DAYS} days ahead.`, 'windowStart');
  }
  const windowMinutes = (windowEnd.getTime() - windowStart.getTime()) / 60_000;
  if (windowMinutes <= 0 || windowMinutes > MAX_WINDOW_HOURS * 60) {
    throw rule(
      'WINDOW_INVALID',
      `The window ends after it starts and lasts at most ${MAX_WINDOW_HOURS} hours.`,
      'windowEnd',
    );
  }
  if (input.durationMinutes > windowMinutes) {
    throw rule('DURATION_TOO_LONG', 'The work must fit inside the time window.', 'durationMinutes');
  }
  const currency = access.coop.currency;
  let price: bigint;
  let source: 'budget' | 'standard';
  if (input.budget !== undefined) {
    price = BigInt(input.budget);
    source = 'budget';
  } else if (category.standardPrice !== undefined) {
    price = BigInt(category.standardPrice);
    source = 'standard';
  } else {
    throw rule('BUDGET_REQUIRED', `${category.name} has no standard price: give a budget.`, 'budget');
  }
  const minimum = floorPrice(BigInt(category.minHourlyRate), input.durationMinutes);
  if (price < minimum) {
    throw rule(
      'BUDGET_BELOW_FLOOR',
      `${floorMessage(category, currency, policy.version)}; ${input.durationMinutes} minutes of work pay at least ${formatMoney(minimum, currency)}.`,
      source === 'budget' ? 'budget' : 'durationMinutes',
    );
  }
  const coopId = access.coop.id;
  const id = ctx.newId();
  const feeBps = policy.document.market.platformFeeBps;
  await ctx.db.transaction(async (tx) => {
    const [job] = await tx
      .insert(marketJobs)
      .values({
        coopId,
        id,
        customerAccountId: customerId,
        categoryKey: category.key,
        title: input.title,
        description: input.description,
        lat: input.location.lat,
        lng: input.location.lng,
        postalCode: input.postalCode?.toUpperCase() ?? null,
        address: input.address,
        windowStart,
        windowEnd,
        durationMinutes: input.durationMinutes,
        requiredSkills: [...new Set(input.requiredSkills)],
        price,
        priceSource: source,
        currency,
        policyVersion: policy.version,
        feeBps,
        status: 'dispatching',
        createdAt: now,
      })
      .returning();
    await recordAudit(tx, {
      coopId,
      actorId: customerId,
      action: 'market.job_posted',
      subjectType: 'market_job',
      subjectId: id,
      data: {
        category: category.key,
        windowStart: windowStart.toISOString(),
        windowEnd: windowEnd.toISOString(),
        price: price.toString(),
        priceSource: source,
        feeBps,
        policyVersion: policy.version,
      },
      visibility: 'admins',
      at: now,
    });
    await dispatchNext(tx, ctx, { id: coopId, slug, currency }, job!, policy, now);
  });
  ctx.kickOutbox();
  return viewJob(ctx, actor, slug, id);
}

type Candidate = {
  worker_id: string;
  account_id: string;
  time_zone: string;
  area_lat: number | null;
  area_lng: number | null;
  area_radius_km: number | null;
  area_postal_codes: string[];
  buffer_minutes: number;
  skills: string[];
  preferred_categories: string[];
  rating_total: number;
  rating_count: number;
};

/**
 * Offers the job to the best-scoring worker not yet asked, or marks it unfilled. Runs in the
 * caller's transaction, which holds the job's row lock.
 */
async function dispatchNext(
  tx: Tx,
  ctx: Context,
  coop: Coop,
  job: JobRow,
  policy: Policy,
  now: Date,
): Promise<void> {
  const rules = policy.document.dispatch;
  if (job.windowStart <= now) {
    await closeUnfilled(tx, ctx, coop, job, now, 'The time window started before a worker took the job.', {
      code: 'window_started',
      params: {},
    });
    return;
  }
  const category = policy.document.market.categories.find((c) => c.key === job.categoryKey);
  const selling = sellingClasses(policy);
  if (!category || selling.length === 0) {
    await closeUnfilled(tx, ctx, coop, job, now, 'The co-op no longer offers this kind of work.', {
      code: 'category_gone',
      params: {},
    });
    return;
  }
  const box = boundingBox({ lat: job.lat, lng: job.lng }, rules.maxDistanceKm);
  // Within the box around the job (the exact distance test is in the pure ranking), or by postal code.
  const places: SQL[] = [
    sql`(w.area_lat between ${box.minLat} and ${box.maxLat} and w.area_lng between ${box.minLng} and ${box.maxLng})`,
  ];
  if (job.postalCode) places.push(sql`${job.postalCode} = any(w.area_postal_codes)`);
  const rows = await queryRows<Candidate>(
    tx,
    sql`select distinct w.id as worker_id, w.account_id, w.time_zone, w.area_lat, w.area_lng, w.area_radius_km,
          w.area_postal_codes, w.buffer_minutes, w.skills, w.preferred_categories, w.rating_total, w.rating_count
        from market_workers w
        join market_services s on s.coop_id = w.coop_id and s.worker_id = w.id
        where w.coop_id = ${coop.id} and w.active and w.account_id <> ${job.customerAccountId}
          and s.category_key = ${job.categoryKey} and s.active and s.below_floor_version is null
          and (${sql.join(places, sql` or `)})
          and exists (select 1 from memberships m where m.coop_id = w.coop_id and m.account_id = w.account_id
                and m.status in ('active', 'leaving') and m.class_key in (${sql.join(
                  selling.map((k) => sql`${k}`),
                  sql`, `,
                )}))
          and not exists (select 1 from market_job_offers o where o.coop_id = w.coop_id and o.job_id = ${job.id} and o.worker_id = w.id)`,
  );
  const ids = rows.map((r) => r.worker_id);
  const plans = await schedules(
    tx,
    coop.id,
    ids,
    addDays(utcToLocal('UTC', job.windowStart.getTime()).date, -2),
  );
  const busy = await busyTimes(
    tx,
    coop.id,
    ids,
    new Date(job.windowStart.getTime() - 86_400_000),
    new Date(job.windowEnd.getTime() + 86_400_000),
  );
  const hours = await workedHours(
    tx,
    coop.id,
    ids,
    new Date(now.getTime() - rules.fairnessWindowDays * 86_400_000),
    now,
  );
  const perDay = await jobsOnDay(tx, coop.id, rows, job.windowStart);
  const candidates: DispatchCandidate[] = rows.map((r) => {
    const plan = plans.get(r.worker_id)!;
    const open = freeIntervals(
      availableIntervals(
        r.time_zone,
        plan.rules,
        plan.exceptions,
        job.windowStart.getTime(),
        job.windowEnd.getTime(),
      ),
      busy.get(r.worker_id)!,
      r.buffer_minutes,
    );
    const byPoint = r.area_lat !== null && r.area_lng !== null;
    return {
      id: r.worker_id,
      distanceKm: byPoint
        ? distanceKm({ lat: job.lat, lng: job.lng }, { lat: r.area_lat!, lng: r.area_lng! })
        : null,
      radiusKm: r.area_radius_km,
      available: covers(open, job.windowStart.getTime(), job.windowEnd.getTime()),
      jobsThatDay: perDay.get(r.worker_id) ?? 0,
      workedHours: hours.get(r.worker_id) ?? 0,
      ratingTotal: r.rating_total,
      ratingCount: r.rating_count,
      skills: r.skills,
      preferredCategories: r.preferred_categories,
    };
  });
  const ranking = rankDispatch(
    { category: job.categoryKey, requiredSkills: job.requiredSkills },
    candidates,
    rules,
  );
  const best = ranking.ranked[0];
  if (!best) {
    const reasons = new Map<string, number>();
    for (const e of ranking.excluded) reasons.set(e.reason, (reasons.get(e.reason) ?? 0) + 1);
    const asked = job.offersMade > 0 ? `${job.offersMade} asked, none accepted` : 'nobody could be asked';
    const why = [...reasons].map(([r, n]) => `${n} ${r.replaceAll('_', ' ')}`).join(', ');
    await closeUnfilled(
      tx,
      ctx,
      coop,
      job,
      now,
      `No worker could take it (${asked}${why ? `; ${why}` : ''}).`,
      {
        code: 'no_worker',
        params: { asked: job.offersMade, ...Object.fromEntries(reasons) },
      },
    );
    return;
  }
  const worker = rows.find((r) => r.worker_id === best.id)!;
  const timeout = rules.offerTimeoutMinutes * 60_000;
  const expiresAt = new Date(Math.min(now.getTime() + timeout, job.windowStart.getTime()));
  const offerId = ctx.newId();
  const round = job.offersMade + 1;
  await tx.insert(marketJobOffers).values({
    coopId: coop.id,
    id: offerId,
    jobId: job.id,
    workerId: best.id,
    workerAccountId: worker.account_id,
    round,
    score: best.explanation.score,
    explanation: best.explanation,
    policyVersion: policy.version,
    status: 'pending',
    offeredAt: now,
    expiresAt,
  });
  await tx
    .update(marketJobs)
    .set({ offersMade: round })
    .where(and(eq(marketJobs.coopId, coop.id), eq(marketJobs.id, job.id)));
  await recordAudit(tx, {
    coopId: coop.id,
    actorId: null,
    action: 'market.job_offered',
    subjectType: 'market_job',
    subjectId: job.id,
    data: {
      offerId,
      workerId: best.id,
      round,
      expiresAt: expiresAt.toISOString(),
      policyVersion: policy.version,
      explanation: best.explanation,
      excluded: ranking.excluded,
    },
    visibility: 'admins',
    at: now,
  });
  const [person] = (await people(tx, [worker.account_id])).values();
  const earnings = priceBreakdown(job.price, job.feeBps).subtotal;
  await send(tx, ctx, person!, `Job offer: ${job.title}`, [
    `The co-op offers you a ${job.categoryKey.replaceAll('-', ' ')} job: ${job.title}, ${whenText(job.windowStart, job.windowEnd, worker.time_zone)}.`,
    `You would earn ${formatMoney(earnings, job.currency)}.`,
    `Answer by ${momentText(expiresAt, worker.time_zone)}; after that it goes to the next worker.`,
    `${ctx.config.publicUrl}/c/${coop.slug}/worker/offers`,
  ]);
}

/** How many job bookings each worker already has on the window's local day (their zone). */
async function jobsOnDay(
  tx: Tx,
  coopId: string,
  workers: Candidate[],
  windowStart: Date,
): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  if (workers.length === 0) return out;
  const rows = await tx
    .select({ workerId: marketBookings.workerId, startsAt: marketBookings.startsAt })
    .from(marketBookings)
    .where(
      and(
        eq(marketBookings.coopId, coopId),
        inArray(
          marketBookings.workerId,
          workers.map((w) => w.worker_id),
        ),
        sql`${marketBookings.jobId} is not null`,
        inArray(marketBookings.status, [...ACTIVE_BOOKING_STATUSES]),
        sql`${marketBookings.startsAt} between ${new Date(windowStart.getTime() - 36 * 3_600_000).toISOString()}::timestamptz
              and ${new Date(windowStart.getTime() + 36 * 3_600_000).toISOString()}::timestamptz`,
      ),
    );
  const zone = new Map(workers.map((w) => [w.worker_id, w.time_zone]));
  for (const r of rows) {
    const z = zone.get(r.workerId)!;
    if (utcToLocal(z, r.startsAt.getTime()).date === utcToLocal(z, windowStart.getTime()).date) {
      out.set(r.workerId, (out.get(r.workerId) ?? 0) + 1);
    }
  }
  return out;
}

async function closeUnfilled(
  tx: Tx,
  ctx: Context,
  coop: Coop,
  job: JobRow,
  now: Date,
  reason: string,
  note: JobStatusNote,
): Promise<void> {
  await tx
    .update(marketJobs)
    .set({ status: 'unfilled', statusReason: reason, statusNote: note, closedAt: now })
    .where(and(eq(marketJobs.coopId, coop.id), eq(marketJobs.id, job.id)));
  await recordAudit(tx, {
    coopId: coop.id,
    actorId: null,
    action: 'market.job_unfilled',
    subjectType: 'market_job',
    subjectId: job.id,
    data: { reason, note, offersMade: job.offersMade },
    visibility: 'admins',
    at: now,
  });
  const [customer] = (await people(tx, [job.customerAccountId])).values();
  await send(tx, ctx, customer!, `No worker for: ${job.title}`, [
    `We could not find a worker for your job. ${reason}`,
    'Nothing was charged. You can post it again with another time window or budget.',
    `${ctx.config.publicUrl}/c/${coop.slug}/jobs/${job.id}`,
  ]);
}

/**
 * The booking of a posted job was cancelled, in the caller's transaction (which holds the booking's
 * lock; the job's is taken after it, the order no other path reverses). Cancelled by the worker,
 * the job goes back to dispatch: the next worker in order is asked, never the one who cancelled
 * (they already have an offer for it). Cancelled by the customer or an admin, the job ends with
 * it. Returns the sentence the customer's cancellation email adds.
 */
export async function jobBookingCancelled(
  tx: Tx,
  ctx: Context,
  coop: Coop,
  booking: { id: string; jobId: string | null; cancelledBy: string | null; cancelReason: string | null },
  now: Date,
): Promise<string | undefined> {
  if (!booking.jobId) return undefined;
  const job = await lockJob(tx, coop.id, booking.jobId);
  if (job.status !== 'assigned' || job.bookingId !== booking.id) return undefined;
  if (booking.cancelledBy === 'worker') {
    const [reopened] = await tx
      .update(marketJobs)
      .set({ status: 'dispatching', bookingId: null, closedAt: null, statusReason: booking.cancelReason })
      .where(and(eq(marketJobs.coopId, coop.id), eq(marketJobs.id, job.id)))
      .returning();
    await recordAudit(tx, {
      coopId: coop.id,
      actorId: null,
      action: 'market.job_redispatched',
      subjectType: 'market_job',
      subjectId: job.id,
      data: { bookingId: booking.id, reason: booking.cancelReason ?? '' },
      visibility: 'admins',
      at: now,
    });
    const policy = await policyAt(tx, coop.id, now);
    await dispatchNext(tx, ctx, coop, reopened!, policy, now);
    return 'Your job goes back to the co-op, which is offering it to the next worker; you will hear when someone takes it.';
  }
  await tx
    .update(marketJobs)
    .set({ status: 'cancelled', statusReason: booking.cancelReason, closedAt: now })
    .where(and(eq(marketJobs.coopId, coop.id), eq(marketJobs.id, job.id)));
  await recordAudit(tx, {
    coopId: coop.id,
    actorId: null,
    action: 'market.job_cancelled',
    subjectType: 'market_job',
    subjectId: job.id,
    data: { bookingId: booking.id, by: booking.cancelledBy, reason: booking.cancelReason ?? '' },
    visibility: 'admins',
    at: now,
  });
  return 'The job is cancelled with it.';
}

/**
 * Every booking a job has had, in order: the live one and any cancelled before it. Each came from an
 * accepted offer and holds the job's window, so the worker-and-start index finds them (the unique
 * index on the job covers live bookings only).
 */
export async function jobBookings(
  db: Executor,
  job: { coopId: string; id: string; windowStart: Date },
): Promise<BookingRow[]> {
  const takers = await db
    .select({ workerId: marketJobOffers.workerId })
    .from(marketJobOffers)
    .where(
      and(
        eq(marketJobOffers.coopId, job.coopId),
        eq(marketJobOffers.jobId, job.id),
        eq(marketJobOffers.status, 'accepted'),
      ),
    );
  if (takers.length === 0) return [];
  return db
    .select()
    .from(marketBookings)
    .where(
      and(
        eq(marketBookings.coopId, job.coopId),
        inArray(
          marketBookings.workerId,
          takers.map((t) => t.workerId),
        ),
        eq(marketBookings.startsAt, job.windowStart),
        eq(marketBookings.jobId, job.id),
      ),
    )
    .orderBy(marketBookings.respondedAt);
}

async function lockJob(tx: Tx, coopId: string, jobId: string): Promise<JobRow> {
  const [job] = UUID.test(jobId)
    ? await tx
        .select()
        .from(marketJobs)
        .where(and(eq(marketJobs.coopId, coopId), eq(marketJobs.id, jobId)))
        .for('update')
    : [];
  if (!job) throw notFound('JOB_NOT_FOUND', 'No such job.');
  return job;
}

async function lockOffer(tx: Tx, coopId: string, offerId: string): Promise<OfferRow> {
  const [offer] = await tx
    .select()
    .from(marketJobOffers)
    .where(and(eq(marketJobOffers.coopId, coopId), eq(marketJobOffers.id, offerId)))
    .for('update');
  if (!offer) throw notFound('OFFER_NOT_FOUND', 'No such offer.');
  return offer;
}

/** The worker's offer, checked to be theirs before anything else. */
async function ownOffer(ctx: Context, access: CoopAccess, offerId: string): Promise<OfferRow> {
  const accountId = signedIn(access);
  const [offer] = UUID.test(offerId)
    ? await ctx.db
        .select()
        .from(marketJobOffers)
        .where(and(eq(marketJobOffers.coopId, access.coop.id), eq(marketJobOffers.id, offerId)))
    : [];
  if (!offer || offer.workerAccountId !== accountId) throw notFound('OFFER_NOT_FOUND', 'No such offer.');
  return offer;
}

function checkOpen(offer: OfferRow, now: Date): void {
  if (offer.status !== 'pending') {
    throw new AppError('conflict', 'OFFER_CLOSED', `This offer is ${offer.status}.`);
  }
  if (offer.expiresAt <= now) {
    throw new AppError(
      'conflict',
      'OFFER_EXPIRED',
      'This offer has expired; the job has gone to the next worker.',
    );
  }
}

/** The worker takes the job: a booking for the window, at the price and fee of the job. */
export async function acceptOffer(
  ctx: Context,
  actor: Actor,
  slug: string,
  offerId: string,
): Promise<{ bookingId: string; jobId: string }> {
  const access = await loadCoopAccess(ctx.db, slug, actor);
  const first = await ownOffer(ctx, access, offerId);
  const coopId = access.coop.id;
  const now = ctx.clock();
  const bookingId = ctx.newId();
  const worker = await workerById(ctx.db, coopId, first.workerId);
  try {
    await ctx.db.transaction(async (tx) => {
      const job = await lockJob(tx, coopId, first.jobId);
      const offer = await lockOffer(tx, coopId, offerId);
      checkOpen(offer, now);
      const terms = (await policyAt(tx, coopId, job.createdAt)).document.market.cancellation;
      const price = priceBreakdown(job.price, job.feeBps);
      const [booking] = await tx
        .insert(marketBookings)
        .values({
          coopId,
          id: bookingId,
          workerId: offer.workerId,
          workerAccountId: offer.workerAccountId,
          customerAccountId: job.customerAccountId,
          jobId: job.id,
          categoryKey: job.categoryKey,
          title: job.title,
          startsAt: job.windowStart,
          endsAt: job.windowEnd,
          blockedFrom: new Date(job.windowStart.getTime() - worker!.bufferMinutes * 60_000),
          bufferMinutes: worker!.bufferMinutes,
          durationMinutes: job.durationMinutes,
          status: 'accepted',
          pricing: 'fixed',
          rate: job.price,
          subtotal: price.subtotal,
          feeBps: job.feeBps,
          fee: price.fee,
          total: price.total,
          currency: job.currency,
          policyVersion: job.policyVersion,
          cancelWindowHours: terms.windowHours,
          cancelFeeBps: terms.feeBps,
          note: job.description,
          address: job.address,
          requestedAt: job.createdAt,
          respondedAt: now,
        })
        .returning();
      await tx
        .update(marketJobOffers)
        .set({ status: 'accepted', respondedAt: now })
        .where(and(eq(marketJobOffers.coopId, coopId), eq(marketJobOffers.id, offer.id)));
      await tx
        .update(marketJobs)
        .set({ status: 'assigned', bookingId, closedAt: now, statusReason: null })
        .where(and(eq(marketJobs.coopId, coopId), eq(marketJobs.id, job.id)));
      await recordAudit(tx, {
        coopId,
        actorId: offer.workerAccountId,
        action: 'market.job_accepted',
        subjectType: 'market_job',
        subjectId: job.id,
        data: { offerId: offer.id, bookingId, round: offer.round, total: price.total.toString() },
        visibility: 'admins',
        at: now,
      });
      await notifyBooking(tx, ctx, {
        slug,
        booking: booking!,
        timeZone: worker!.timeZone,
        event: 'accepted',
      });
    });
  } catch (error) {
    if (isExclusionViolation(error)) throw bookingOverlap();
    throw error;
  }
  ctx.kickOutbox();
  return { bookingId, jobId: first.jobId };
}

export async function declineOffer(
  ctx: Context,
  actor: Actor,
  slug: string,
  offerId: string,
  input: { reason: string },
): Promise<void> {
  const access = await loadCoopAccess(ctx.db, slug, actor);
  const first = await ownOffer(ctx, access, offerId);
  const coopId = access.coop.id;
  const now = ctx.clock();
  await ctx.db.transaction(async (tx) => {
    const job = await lockJob(tx, coopId, first.jobId);
    const offer = await lockOffer(tx, coopId, offerId);
    checkOpen(offer, now);
    await tx
      .update(marketJobOffers)
      .set({ status: 'declined', respondedAt: now })
      .where(and(eq(marketJobOffers.coopId, coopId), eq(marketJobOffers.id, offer.id)));
    await recordAudit(tx, {
      coopId,
      actorId: offer.workerAccountId,
      action: 'market.job_declined',
      subjectType: 'market_job',
      subjectId: job.id,
      data: { offerId: offer.id, round: offer.round, reason: input.reason },
      visibility: 'admins',
      at: now,
    });
    const policy = await policyAt(tx, coopId, now);
    await dispatchNext(tx, ctx, access.coop, job, policy, now);
  });
  ctx.kickOutbox();
}

/** Offers whose time ran out move on to the next worker (the scheduler runs this every 30 s). */
export async function expireOffers(ctx: Context): Promise<number> {
  const now = ctx.clock();
  const due = await queryRows<{
    coop_id: string;
    id: string;
    job_id: string;
    slug: string;
    currency: string;
  }>(
    ctx.db,
    sql`select o.coop_id, o.id, o.job_id, c.slug, c.currency from market_job_offers o join coops c on c.id = o.coop_id
        where o.status = 'pending' and o.expires_at <= ${now.toISOString()}::timestamptz
        order by o.expires_at limit 200`,
  );
  let n = 0;
  for (const d of due) {
    const moved = await ctx.db.transaction(async (tx) => {
      const job = await lockJob(tx, d.coop_id, d.job_id);
      const offer = await lockOffer(tx, d.coop_id, d.id);
      if (offer.status !== 'pending' || offer.expiresAt > now) return false;
      await tx
        .update(marketJobOffers)
        .set({ status: 'expired', respondedAt: now })
        .where(and(eq(marketJobOffers.coopId, d.coop_id), eq(marketJobOffers.id, offer.id)));
      await recordAudit(tx, {
        coopId: d.coop_id,
        actorId: null,
        action: 'market.job_offer_expired',
        subjectType: 'market_job',
        subjectId: job.id,
        data: { offerId: offer.id, round: offer.round },
        visibility: 'admins',
        at: now,
      });
      if (job.status === 'dispatching') {
        const policy = await policyAt(tx, d.coop_id, now);
        await dispatchNext(tx, ctx, { id: d.coop_id, slug: d.slug, currency: d.currency }, job, policy, now);
      }
      return true;
    });
    if (moved) n++;
  }
  if (n > 0) ctx.kickOutbox();
  return n;
}

export async function cancelJob(
  ctx: Context,
  actor: Actor,
  slug: string,
  jobId: string,
  input: { reason: string },
): Promise<JobView> {
  const access = await loadCoopAccess(ctx.db, slug, actor);
  const accountId = signedIn(access);
  const coopId = access.coop.id;
  const now = ctx.clock();
  await ctx.db.transaction(async (tx) => {
    const job = await lockJob(tx, coopId, jobId);
    if (job.customerAccountId !== accountId) throw notFound('JOB_NOT_FOUND', 'No such job.');
    if (job.status === 'assigned') {
      throw new AppError(
        'conflict',
        'JOB_ASSIGNED',
        'A worker has taken this job: cancel its booking instead.',
      );
    }
    if (job.status !== 'dispatching')
      throw new AppError('conflict', 'JOB_CLOSED', `This job is ${job.status}.`);
    await tx
      .update(marketJobOffers)
      .set({ status: 'withdrawn', respondedAt: now })
      .where(
        and(
          eq(marketJobOffers.coopId, coopId),
          eq(marketJobOffers.jobId, job.id),
          eq(marketJobOffers.status, 'pending'),
        ),
      );
    await tx
      .update(marketJobs)
      .set({ status: 'cancelled', statusReason: input.reason || null, closedAt: now })
      .where(and(eq(marketJobs.coopId, coopId), eq(marketJobs.id, job.id)));
    await recordAudit(tx, {
      coopId,
      actorId: accountId,
      action: 'market.job_cancelled',
      subjectType: 'market_job',
      subjectId: job.id,
      data: { reason: input.reason },
      visibility: 'admins',
      at: now,
    });
  });
  return viewJob(ctx, actor, slug, jobId);
}

function statusText(
  job: JobRow,
  pending: OfferRow | undefined,
  booking: { status: string; worker: string } | null,
  lastCancelled?: { worker: string; by: string; reason: string | null },
): string {
  const because = (reason: string | null) => (reason ? ` (${reason})` : '');
  switch (job.status) {
    case 'dispatching': {
      const again =
        lastCancelled?.by === 'worker'
          ? `${lastCancelled.worker} cancelled${because(lastCancelled.reason)}; the job is offered again. `
          : '';
      return (
        again +
        (pending
          ? `Offered to a worker (the ${ordinal(pending.round)} asked); they have until ${pending.expiresAt.toISOString()} to answer.`
          : 'Looking for a worker.')
      );
    }
    case 'assigned':
      return booking ? `Taken by ${booking.worker}; the booking is ${booking.status}.` : 'Taken by a worker.';
    case 'unfilled':
      return job.statusReason ?? 'No worker could take it.';
    default:
      if (booking?.status === 'cancelled' && lastCancelled) {
        return `Cancelled with its booking by the ${lastCancelled.by}${because(lastCancelled.reason)}.`;
      }
      return `Cancelled${because(job.statusReason)}.`;
  }
}

function ordinal(n: number): string {
  const s = n % 100 >= 11 && n % 100 <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th');
  return `${n}${s}`;
}

export async function viewJob(ctx: Context, actor: Actor, slug: string, jobId: string): Promise<JobView> {
  const access = await loadCoopAccess(ctx.db, slug, actor);
  const accountId = signedIn(access);
  const coopId = access.coop.id;
  const [job] = UUID.test(jobId)
    ? await ctx.db
        .select()
        .from(marketJobs)
        .where(and(eq(marketJobs.coopId, coopId), eq(marketJobs.id, jobId)))
    : [];
  if (!job) throw notFound('JOB_NOT_FOUND', 'No such job.');
  const bookings = await jobBookings(ctx.db, job);
  const booking = bookings.find((b) => b.id === job.bookingId);
  const cancelled = bookings.filter((b) => b.status === 'cancelled');
  const moderator = can(access, 'market.moderate');
  const isCustomer = job.customerAccountId === accountId;
  const isWorker = booking?.workerAccountId === accountId && booking.status !== 'cancelled';
  if (!isCustomer && !isWorker && !moderator) throw notFound('JOB_NOT_FOUND', 'No such job.');
  const offers = await ctx.db
    .select()
    .from(marketJobOffers)
    .where(and(eq(marketJobOffers.coopId, coopId), eq(marketJobOffers.jobId, job.id)))
    .orderBy(marketJobOffers.round);
  const names = await people(ctx.db, [
    job.customerAccountId,
    ...offers.map((o) => o.workerAccountId),
    ...bookings.map((b) => b.workerAccountId),
  ]);
  const nameOf = (accountId: string) => names.get(accountId)?.displayName ?? '';
  const price = priceBreakdown(job.price, job.feeBps);
  const bookingInfo = booking ? { status: booking.status, worker: nameOf(booking.workerAccountId) } : null;
  const last = cancelled.at(-1);
  return {
    id: job.id,
    status: job.status as JobView['status'],
    statusText: statusText(
      job,
      offers.find((o) => o.status === 'pending'),
      bookingInfo,
      last
        ? { worker: nameOf(last.workerAccountId), by: last.cancelledBy ?? '', reason: last.cancelReason }
        : undefined,
    ),
    statusReason: job.statusReason,
    statusNote: job.status === 'unfilled' ? ((job.statusNote as JobStatusNote | null) ?? null) : null,
    viewerRole: isCustomer ? 'customer' : isWorker ? 'worker' : 'admin',
    customerDisplayName: nameOf(job.customerAccountId),
    categoryKey: job.categoryKey,
    title: job.title,
    description: job.description,
    address: job.address,
    windowStart: job.windowStart.toISOString(),
    windowEnd: job.windowEnd.toISOString(),
    durationMinutes: job.durationMinutes,
    requiredSkills: job.requiredSkills,
    price: {
      source: job.priceSource as 'budget' | 'standard',
      subtotal: price.subtotal.toString(),
      feeBps: job.feeBps,
      fee: price.fee.toString(),
      total: price.total.toString(),
      currency: job.currency,
      constitutionVersion: job.policyVersion,
    },
    offers: offers.map((o) => {
      const visible = moderator || o.status === 'accepted';
      return {
        round: o.round,
        status: o.status as JobView['offers'][number]['status'],
        offeredAt: o.offeredAt.toISOString(),
        expiresAt: o.expiresAt.toISOString(),
        respondedAt: o.respondedAt?.toISOString() ?? null,
        worker: visible
          ? { workerId: o.workerId, displayName: names.get(o.workerAccountId)?.displayName ?? '' }
          : null,
        explanation: moderator ? (o.explanation as Explanation) : null,
      };
    }),
    booking: booking
      ? {
          id: booking.id,
          status: booking.status as NonNullable<JobView['booking']>['status'],
          workerDisplayName: bookingInfo!.worker,
        }
      : null,
    cancelledBookings: cancelled.map((b) => ({
      id: b.id,
      workerDisplayName: nameOf(b.workerAccountId),
      cancelledBy: b.cancelledBy as JobView['cancelledBookings'][number]['cancelledBy'],
      reason: b.cancelReason,
      cancelledAt: (b.cancelledAt ?? b.requestedAt).toISOString(),
    })),
    createdAt: job.createdAt.toISOString(),
  };
}

export async function myJobs(ctx: Context, actor: Actor, slug: string): Promise<z.infer<typeof jobList>> {
  const access = await loadCoopAccess(ctx.db, slug, actor);
  const accountId = signedIn(access);
  const rows = await ctx.db
    .select()
    .from(marketJobs)
    .where(and(eq(marketJobs.coopId, access.coop.id), eq(marketJobs.customerAccountId, accountId)))
    .orderBy(desc(marketJobs.createdAt))
    .limit(200);
  const pending = await ctx.db
    .select()
    .from(marketJobOffers)
    .where(and(eq(marketJobOffers.coopId, access.coop.id), eq(marketJobOffers.status, 'pending')));
  return {
    jobs: rows.map((j) => ({
      id: j.id,
      status: j.status as JobView['status'],
      statusText: statusText(
        j,
        pending.find((o) => o.jobId === j.id),
        null,
      ),
      title: j.title,
      categoryKey: j.categoryKey,
      windowStart: j.windowStart.toISOString(),
      windowEnd: j.windowEnd.toISOString(),
      bookingId: j.bookingId,
    })),
  };
}

/** The offers made to me: open ones first, then the last 50 answered. */
export async function myOffers(ctx: Context, actor: Actor, slug: string): Promise<z.infer<typeof offerList>> {
  const access = await loadCoopAccess(ctx.db, slug, actor);
  const accountId = signedIn(access);
  const coopId = access.coop.id;
  const offers = await ctx.db
    .select()
    .from(marketJobOffers)
    .where(and(eq(marketJobOffers.coopId, coopId), eq(marketJobOffers.workerAccountId, accountId)))
    .orderBy(desc(marketJobOffers.offeredAt))
    .limit(100);
  const jobIds = [...new Set(offers.map((o) => o.jobId))];
  const jobs = jobIds.length
    ? await ctx.db
        .select()
        .from(marketJobs)
        .where(and(eq(marketJobs.coopId, coopId), inArray(marketJobs.id, jobIds)))
    : [];
  const worker = offers[0] ? await workerById(ctx.db, coopId, offers[0].workerId) : undefined;
  const byId = new Map(jobs.map((j) => [j.id, j]));
  const sorted = [
    ...offers.filter((o) => o.status === 'pending'),
    ...offers.filter((o) => o.status !== 'pending').slice(0, 50),
  ];
  return {
    offers: sorted.map((o) => {
      const job = byId.get(o.jobId)!;
      const distance =
        worker?.areaLat != null && worker.areaLng != null
          ? Math.round(
              distanceKm({ lat: job.lat, lng: job.lng }, { lat: worker.areaLat, lng: worker.areaLng }) * 10,
            ) / 10
          : null;
      return {
        id: o.id,
        jobId: o.jobId,
        status: o.status as JobView['offers'][number]['status'],
        round: o.round,
        offeredAt: o.offeredAt.toISOString(),
        expiresAt: o.expiresAt.toISOString(),
        job: {
          categoryKey: job.categoryKey,
          title: job.title,
          description: job.description,
          address: o.status === 'accepted' ? job.address : '',
          postalCode: job.postalCode,
          windowStart: job.windowStart.toISOString(),
          windowEnd: job.windowEnd.toISOString(),
          durationMinutes: job.durationMinutes,
          earnings: priceBreakdown(job.price, job.feeBps).subtotal.toString(),
          currency: job.currency,
          distanceKm: distance,
        },
        explanation: o.explanation as Explanation,
      };
    }),
  };
}
