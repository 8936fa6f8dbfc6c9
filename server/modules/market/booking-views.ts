import { and, asc, desc, eq, gte, lt, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { awaitingPaymentList, BookingView, bookingList, reviewView } from '../../../contracts/market.ts';
import type { Context } from '../../context.ts';
import { type Executor, queryRows } from '../../db/client.ts';
import { marketBookings, marketReviews } from '../../db/schema/index.ts';
import type { Actor } from '../../lib/actor.ts';
import { authorize, loadCoopAccess } from '../coops/index.ts';
import { AUTO_CONFIRM_HOURS, type BookingRole, roleOf } from './booking-flow.ts';
import { isoOrNull, notFound, people, ratingSummary, signedIn } from './common.ts';
import { type BookingRow, bookingById } from './queries.ts';

type ReviewView = z.infer<typeof reviewView>;
type BookingAction = BookingView['actions'][number];

export async function reviewsOfBooking(
  db: Executor,
  coopId: string,
  bookingId: string,
): Promise<ReviewView[]> {
  const rows = await db
    .select()
    .from(marketReviews)
    .where(and(eq(marketReviews.coopId, coopId), eq(marketReviews.bookingId, bookingId)));
  const names = await people(
    db,
    rows.map((r) => r.authorAccountId),
  );
  return rows.map((r) => toReviewView(r, names.get(r.authorAccountId)?.displayName ?? ''));
}

export function toReviewView(r: typeof marketReviews.$inferSelect, authorDisplayName: string): ReviewView {
  return {
    id: r.id,
    bookingId: r.bookingId,
    direction: r.direction as 'by_customer' | 'by_worker',
    authorDisplayName,
    stars: r.stars,
    body: r.body,
    reply: r.reply,
    repliedAt: isoOrNull(r.repliedAt),
    createdAt: r.createdAt.toISOString(),
  };
}

/** How workers rated a customer in this co-op. */
export async function customerRating(db: Executor, coopId: string, accountId: string) {
  const [row] = await queryRows<{ total: string | number | null; n: string | number }>(
    db,
    sql`select sum(stars) as total, count(*) as n from market_reviews
        where coop_id = ${coopId} and subject_account_id = ${accountId} and direction = 'by_worker'`,
  );
  return ratingSummary(Number(row?.total ?? 0), Number(row?.n ?? 0));
}

function timeline(b: BookingRow): BookingView['timeline'] {
  const events: { event: string; at: Date | null }[] = [
    { event: 'requested', at: b.requestedAt },
    { event: b.status === 'declined' ? 'declined' : 'accepted', at: b.respondedAt },
    { event: 'paid', at: b.confirmedAt },
    { event: 'completed', at: b.completedAt },
    { event: b.settledHow === 'auto' ? 'settled_automatically' : 'settled', at: b.settledAt },
    { event: b.status === 'expired' ? 'expired' : 'cancelled', at: b.cancelledAt },
    { event: 'dispute_reported', at: b.disputeReportedAt },
  ];
  return events
    .filter((e): e is { event: string; at: Date } => e.at !== null)
    .sort((a, b) => a.at.getTime() - b.at.getTime())
    .map((e) => ({ event: e.event, at: e.at.toISOString() }));
}

/** What the viewer may do now; the web app shows these buttons, the use cases enforce the same rules. */
export function actionsFor(
  b: BookingRow,
  role: BookingRole,
  canRecordPayments: boolean,
  reviews: ReviewView[],
  now: Date,
): BookingAction[] {
  const out: BookingAction[] = [];
  const beforeStart = now < b.startsAt;
  const cancellable = ['requested', 'accepted', 'confirmed'].includes(b.status) && beforeStart;
  const ended = ['completed', 'settled'].includes(b.status);
  const party = role === 'customer' || role === 'worker';
  if (role === 'worker' && b.status === 'requested' && beforeStart) out.push('accept', 'decline');
  if (canRecordPayments && b.status === 'accepted') out.push('record_payment');
  if (role === 'worker' && b.status === 'confirmed' && !beforeStart) out.push('complete');
  if (role === 'customer' && b.status === 'completed') out.push('confirm');
  if (cancellable) out.push('cancel');
  const side = role === 'customer' ? 'by_customer' : 'by_worker';
  if (party && ended && !reviews.some((r) => r.direction === side)) out.push('review');
  if (party && !b.disputeReportedAt && !['requested', 'declined', 'expired'].includes(b.status))
    out.push('report_dispute');
  if (party) out.push('message');
  return out;
}

export async function viewBooking(
  ctx: Context,
  actor: Actor,
  slug: string,
  bookingId: string,
): Promise<BookingView> {
  const access = await loadCoopAccess(ctx.db, slug, actor);
  signedIn(access);
  const b = await bookingById(ctx.db, access.coop.id, bookingId);
  const role = roleOf(access, b);
  if (!role) throw notFound('BOOKING_NOT_FOUND', 'No such booking.');
  const names = await people(ctx.db, [b.workerAccountId, b.customerAccountId]);
  const reviews = await reviewsOfBooking(ctx.db, access.coop.id, b.id);
  const canRecord = access.roles.includes('board') || access.roles.includes('admin');
  return {
    id: b.id,
    status: b.status as BookingView['status'],
    viewerRole: role,
    worker: {
      workerId: b.workerId,
      accountId: b.workerAccountId,
      displayName: names.get(b.workerAccountId)?.displayName ?? '',
    },
    customer: {
      accountId: b.customerAccountId,
      displayName: names.get(b.customerAccountId)?.displayName ?? '',
    },
    serviceId: b.serviceId,
    jobId: b.jobId,
    categoryKey: b.categoryKey,
    title: b.title,
    startsAt: b.startsAt.toISOString(),
    endsAt: b.endsAt.toISOString(),
    durationMinutes: b.durationMinutes,
    price: {
      pricing: b.pricing as 'hourly' | 'fixed',
      rate: b.rate.toString(),
      subtotal: b.subtotal.toString(),
      feeBps: b.feeBps,
      fee: b.fee.toString(),
      total: b.total.toString(),
      currency: b.currency,
      constitutionVersion: b.policyVersion,
    },
    note: b.note,
    address: b.address,
    timeline: timeline(b),
    cancellation: {
      windowHours: b.cancelWindowHours,
      feeBps: b.cancelFeeBps,
      freeUntil: new Date(b.startsAt.getTime() - b.cancelWindowHours * 3_600_000).toISOString(),
      cancelledBy: (b.cancelledBy as 'customer' | 'worker' | 'admin' | null) ?? null,
      reason: b.cancelReason,
      cancellationFee: b.cancellationFee?.toString() ?? null,
      refund: b.refundAmount?.toString() ?? null,
    },
    declineReason: b.declineReason,
    settledHow: (b.settledHow as 'customer' | 'auto' | null) ?? null,
    autoConfirmAt:
      b.status === 'completed' && b.completedAt
        ? new Date(b.completedAt.getTime() + AUTO_CONFIRM_HOURS * 3_600_000).toISOString()
        : null,
    dispute: b.disputeReportedAt
      ? { reportedAt: b.disputeReportedAt.toISOString(), reason: b.disputeReason ?? '' }
      : null,
    reviews: {
      byCustomer: reviews.find((r) => r.direction === 'by_customer') ?? null,
      byWorker: reviews.find((r) => r.direction === 'by_worker') ?? null,
    },
    customerRating: await customerRating(ctx.db, access.coop.id, b.customerAccountId),
    actions: actionsFor(b, role, canRecord, reviews, ctx.clock()),
  };
}

export async function myBookings(
  ctx: Context,
  actor: Actor,
  slug: string,
  query: {
    role: 'customer' | 'worker';
    when: 'upcoming' | 'past' | 'all';
    status?: string | undefined;
    limit: number;
  },
): Promise<z.infer<typeof bookingList>> {
  const access = await loadCoopAccess(ctx.db, slug, actor);
  const accountId = signedIn(access);
  const now = ctx.clock();
  const mine =
    query.role === 'customer'
      ? eq(marketBookings.customerAccountId, accountId)
      : eq(marketBookings.workerAccountId, accountId);
  const when =
    query.when === 'upcoming'
      ? gte(marketBookings.endsAt, now)
      : query.when === 'past'
        ? lt(marketBookings.endsAt, now)
        : undefined;
  const rows = await ctx.db
    .select()
    .from(marketBookings)
    .where(
      and(
        eq(marketBookings.coopId, access.coop.id),
        mine,
        when,
        query.status ? eq(marketBookings.status, query.status) : undefined,
      ),
    )
    .orderBy(query.when === 'past' ? desc(marketBookings.startsAt) : asc(marketBookings.startsAt))
    .limit(query.limit);
  const names = await people(
    ctx.db,
    rows.map((r) => (query.role === 'customer' ? r.workerAccountId : r.customerAccountId)),
  );
  return {
    bookings: rows.map((r) => ({
      id: r.id,
      status: r.status as BookingView['status'],
      viewerRole: query.role,
      title: r.title,
      categoryKey: r.categoryKey,
      otherParty:
        names.get(query.role === 'customer' ? r.workerAccountId : r.customerAccountId)?.displayName ?? '',
      startsAt: r.startsAt.toISOString(),
      endsAt: r.endsAt.toISOString(),
      total: r.total.toString(),
      currency: r.currency,
      jobId: r.jobId,
    })),
  };
}

/**
 * Bookings the worker accepted whose payment nobody has recorded yet, oldest first: what the board
 * or an admin checks against the bank before recording each payment (`recordPayment`). Unpaid,
 * they lapse at their start.
 */
export async function bookingsAwaitingPayment(
  ctx: Context,
  actor: Actor,
  slug: string,
): Promise<z.infer<typeof awaitingPaymentList>> {
  const access = await loadCoopAccess(ctx.db, slug, actor);
  authorize(access, 'coop.record_payments');
  const coopId = access.coop.id;
  const now = ctx.clock();
  const rows = await ctx.db
    .select()
    .from(marketBookings)
    .where(
      and(
        eq(marketBookings.coopId, coopId),
        eq(marketBookings.status, 'accepted'),
        sql`${marketBookings.paymentEntryId} is null`,
      ),
    )
    .orderBy(asc(marketBookings.respondedAt), asc(marketBookings.startsAt))
    .limit(500);
  const names = await people(ctx.db, [
    ...rows.map((b) => b.customerAccountId),
    ...rows.map((b) => b.workerAccountId),
  ]);
  const nameOf = (accountId: string) => names.get(accountId)?.displayName ?? '';
  return {
    now: now.toISOString(),
    currency: access.coop.currency,
    total: rows.reduce((sum, b) => sum + b.total, 0n).toString(),
    bookings: rows.map((b) => {
      const acceptedAt = b.respondedAt ?? b.requestedAt;
      return {
        id: b.id,
        title: b.title,
        customer: { accountId: b.customerAccountId, displayName: nameOf(b.customerAccountId) },
        worker: { workerId: b.workerId, displayName: nameOf(b.workerAccountId) },
        total: b.total.toString(),
        currency: b.currency,
        acceptedAt: acceptedAt.toISOString(),
        waitingMinutes: Math.max(0, Math.floor((now.getTime() - acceptedAt.getTime()) / 60_000)),
        startsAt: b.startsAt.toISOString(),
        endsAt: b.endsAt.toISOString(),
        jobId: b.jobId,
      };
    }),
  };
}
