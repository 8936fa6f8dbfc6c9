import { and, eq, sql } from 'drizzle-orm';
import type { Context } from '../../context.ts';
import { queryRows, type Tx } from '../../db/client.ts';
import { coopRoles, marketBookings } from '../../db/schema/index.ts';
import type { Actor } from '../../lib/actor.ts';
import { AppError } from '../../lib/errors.ts';
import { recordAudit } from '../audit/index.ts';
import { authorize, type CoopAccess, can, loadCoopAccess, requireCoop } from '../coops/index.ts';
import { people, person, signedIn } from './common.ts';
import { jobBookingCancelled } from './jobs.ts';
import { postCancellation, postSettlement, recordBookingPayment } from './money.ts';
import { type BookingEvent, bookingUrl, notifyBooking, send } from './notify.ts';
import { isLateCancellation } from './pricing.ts';
import { type BookingRow, bookingById, workerById } from './queries.ts';

// A booking's life after the request: requested → accepted (or declined) → confirmed (paid) →
// completed → settled (by the customer, or automatically 48 hours after completion); cancelled
// before the start, with the constitution's window and fee; expired when never confirmed.

export const AUTO_CONFIRM_HOURS = 48;

export type BookingRole = 'customer' | 'worker' | 'admin';

export function roleOf(access: CoopAccess, booking: BookingRow): BookingRole | null {
  if (access.accountId === booking.customerAccountId) return 'customer';
  if (access.accountId === booking.workerAccountId) return 'worker';
  if (can(access, 'market.moderate')) return 'admin';
  return null;
}

function wrongState(booking: BookingRow, what: string): AppError {
  return new AppError(
    'conflict',
    'BOOKING_STATE',
    `This booking is ${booking.status}; it cannot be ${what}.`,
  );
}

function forbidden(message: string): AppError {
  return new AppError('forbidden', 'FORBIDDEN', message);
}

type Step = {
  access: CoopAccess;
  booking: BookingRow;
  role: BookingRole;
  accountId: string;
  now: Date;
  timeZone: string;
};

/**
 * Loads the booking, checks that the actor may act on it at all (before anything else), then runs
 * the change in a transaction on the locked row, with its audit event and emails.
 */
async function step<T>(
  ctx: Context,
  actor: Actor,
  slug: string,
  bookingId: string,
  allowed: BookingRole[],
  run: (tx: Tx, s: Step) => Promise<T>,
): Promise<T> {
  const access = await loadCoopAccess(ctx.db, slug, actor);
  const accountId = signedIn(access);
  const coopId = access.coop.id;
  const first = await bookingById(ctx.db, coopId, bookingId);
  const role = roleOf(access, first);
  // Someone with no part in the booking learns nothing about it, not even that it exists.
  if (!role) throw new AppError('not_found', 'BOOKING_NOT_FOUND', 'No such booking.');
  if (!allowed.includes(role))
    throw forbidden(`Only the ${allowed.join(' or ')} of this booking can do this.`);
  const worker = await workerById(ctx.db, coopId, first.workerId);
  const result = await ctx.db.transaction(async (tx) => {
    const booking = await bookingById(tx, coopId, bookingId, { lock: true });
    return run(tx, { access, booking, role, accountId, now: ctx.clock(), timeZone: worker!.timeZone });
  });
  ctx.kickOutbox();
  return result;
}

async function update(tx: Tx, booking: BookingRow, set: Partial<BookingRow>): Promise<BookingRow> {
  const [row] = await tx
    .update(marketBookings)
    .set(set)
    .where(and(eq(marketBookings.coopId, booking.coopId), eq(marketBookings.id, booking.id)))
    .returning();
  return row!;
}

async function audit(
  tx: Tx,
  s: { booking: BookingRow; accountId: string | null; now: Date },
  action: string,
  data: Record<string, unknown> = {},
): Promise<void> {
  await recordAudit(tx, {
    coopId: s.booking.coopId,
    actorId: s.accountId,
    action: `market.booking_${action}`,
    subjectType: 'market_booking',
    subjectId: s.booking.id,
    data: { status: s.booking.status, ...data },
    visibility: 'admins',
    at: s.now,
  });
}

async function tell(
  tx: Tx,
  ctx: Context,
  slug: string,
  s: { booking: BookingRow; timeZone: string },
  event: BookingEvent,
  reason?: string | null,
  jobNote?: string,
) {
  await notifyBooking(tx, ctx, {
    slug,
    booking: s.booking,
    timeZone: s.timeZone,
    event,
    reason: reason ?? null,
    ...(jobNote ? { jobNote } : {}),
  });
}

export async function acceptBooking(
  ctx: Context,
  actor: Actor,
  slug: string,
  bookingId: string,
): Promise<BookingRow> {
  return step(ctx, actor, slug, bookingId, ['worker'], async (tx, s) => {
    if (s.booking.status !== 'requested') throw wrongState(s.booking, 'accepted');
    if (s.booking.startsAt <= s.now) {
      throw new AppError(
        'rule',
        'BOOKING_STARTED',
        'This booking’s time has passed; it can no longer be accepted.',
      );
    }
    const booking = await update(tx, s.booking, { status: 'accepted', respondedAt: s.now });
    await tell(tx, ctx, slug, { booking, timeZone: s.timeZone }, 'accepted');
    await audit(tx, { ...s, booking }, 'accepted');
    return booking;
  });
}

export async function declineBooking(
  ctx: Context,
  actor: Actor,
  slug: string,
  bookingId: string,
  input: { reason: string },
): Promise<BookingRow> {
  return step(ctx, actor, slug, bookingId, ['worker'], async (tx, s) => {
    if (s.booking.status !== 'requested') throw wrongState(s.booking, 'declined');
    const booking = await update(tx, s.booking, {
      status: 'declined',
      respondedAt: s.now,
      declineReason: input.reason || null,
    });
    await tell(tx, ctx, slug, { booking, timeZone: s.timeZone }, 'declined', input.reason);
    await audit(tx, { ...s, booking }, 'declined', { reason: input.reason });
    return booking;
  });
}

/**
 * The customer's payment arrived (manual provider: an admin records the bank or cash reference; an
 * online provider's webhook will call the same function). The total goes to payment clearing.
 */
type PaymentOutcome = { booking: BookingRow; entryId: string; alreadyRecorded: boolean };

/** The payment itself, on the locked booking: total into clearing, booking confirmed, both told. */
async function confirmPaid(
  tx: Tx,
  ctx: Context,
  slug: string,
  s: { booking: BookingRow; accountId: string | null; now: Date; timeZone: string },
  input: { reference: string; provider: string },
): Promise<PaymentOutcome> {
  if (s.booking.paymentEntryId && ['confirmed', 'completed', 'settled'].includes(s.booking.status)) {
    return { booking: s.booking, entryId: s.booking.paymentEntryId, alreadyRecorded: true };
  }
  if (s.booking.status !== 'accepted') {
    throw wrongState(
      s.booking,
      s.booking.status === 'requested' ? 'paid before the worker accepts it' : 'paid',
    );
  }
  const payment = await recordBookingPayment(tx, ctx, s.booking, {
    provider: input.provider,
    reference: input.reference,
    actorId: s.accountId,
  });
  const booking = await update(tx, s.booking, {
    status: 'confirmed',
    confirmedAt: s.now,
    paymentProvider: input.provider,
    paymentReference: input.reference,
    paymentEntryId: payment.entryId,
  });
  await tell(tx, ctx, slug, { booking, timeZone: s.timeZone }, 'confirmed');
  await audit(tx, { ...s, booking }, 'paid', {
    provider: input.provider,
    entryId: payment.entryId,
    total: booking.total.toString(),
  });
  return { booking, entryId: payment.entryId, alreadyRecorded: false };
}

/**
 * The customer's payment arrived and an admin records it (manual provider: the bank or cash
 * reference). The total goes to payment clearing and the booking is confirmed.
 */
export async function recordPayment(
  ctx: Context,
  actor: Actor,
  slug: string,
  bookingId: string,
  input: { reference: string; provider: string },
): Promise<PaymentOutcome> {
  const access = await loadCoopAccess(ctx.db, slug, actor);
  authorize(access, 'coop.record_payments');
  return step(ctx, actor, slug, bookingId, ['admin', 'customer', 'worker'], (tx, s) =>
    confirmPaid(tx, ctx, slug, s, input),
  );
}

/**
 * An online provider reports a booking paid (its adapter has verified the webhook). Same effect as
 * recordPayment, recorded with no person as the actor; repeating it is harmless.
 */
export async function recordProviderPayment(
  ctx: Context,
  slug: string,
  bookingId: string,
  input: { reference: string; provider: string },
): Promise<PaymentOutcome> {
  const coop = await requireCoop(ctx.db, slug);
  const first = await bookingById(ctx.db, coop.id, bookingId);
  const worker = await workerById(ctx.db, coop.id, first.workerId);
  const result = await ctx.db.transaction(async (tx) => {
    const booking = await bookingById(tx, coop.id, bookingId, { lock: true });
    return confirmPaid(
      tx,
      ctx,
      slug,
      { booking, accountId: null, now: ctx.clock(), timeZone: worker!.timeZone },
      input,
    );
  });
  ctx.kickOutbox();
  return result;
}

export async function completeBooking(
  ctx: Context,
  actor: Actor,
  slug: string,
  bookingId: string,
): Promise<BookingRow> {
  return step(ctx, actor, slug, bookingId, ['worker'], async (tx, s) => {
    if (s.booking.status !== 'confirmed') throw wrongState(s.booking, 'marked done');
    if (s.now < s.booking.startsAt) {
      throw new AppError(
        'rule',
        'TOO_EARLY_TO_COMPLETE',
        'Work can be marked done once its start time has come.',
      );
    }
    const booking = await update(tx, s.booking, { status: 'completed', completedAt: s.now });
    await tell(tx, ctx, slug, { booking, timeZone: s.timeZone }, 'completed');
    await audit(tx, { ...s, booking }, 'completed');
    return booking;
  });
}

/** Settles a completed booking: clearing split into the worker's payable and the platform fee. */
async function settle(
  tx: Tx,
  ctx: Context,
  booking: BookingRow,
  how: 'customer' | 'auto',
  actorId: string | null,
  now: Date,
): Promise<BookingRow> {
  const workerName = (await person(tx, booking.workerAccountId)).displayName;
  const entryId = await postSettlement(tx, ctx, booking, { workerName, actorId });
  const settled = await update(tx, booking, {
    status: 'settled',
    settledAt: now,
    settledHow: how,
    settlementEntryId: entryId,
  });
  await audit(tx, { booking: settled, accountId: actorId, now }, 'settled', {
    how,
    entryId,
    worker: (booking.total - booking.fee).toString(),
    fee: booking.fee.toString(),
  });
  return settled;
}

export async function confirmBooking(
  ctx: Context,
  actor: Actor,
  slug: string,
  bookingId: string,
): Promise<BookingRow> {
  return step(ctx, actor, slug, bookingId, ['customer'], async (tx, s) => {
    if (s.booking.status !== 'completed') throw wrongState(s.booking, 'confirmed as done');
    const booking = await settle(tx, ctx, s.booking, 'customer', s.accountId, s.now);
    await tell(tx, ctx, slug, { booking, timeZone: s.timeZone }, 'settled');
    return booking;
  });
}

/**
 * Cancels before the start (a posted job's booking also re-dispatches or ends its job). Unpaid: nothing moves. Paid and cancelled by the customer inside the
 * window: the cancellation fee is kept (split like a settlement) and the rest refunded. Cancelled
 * by the worker or an admin: refunded in full.
 */
export async function cancelBooking(
  ctx: Context,
  actor: Actor,
  slug: string,
  bookingId: string,
  input: { reason: string },
): Promise<BookingRow> {
  return step(ctx, actor, slug, bookingId, ['customer', 'worker', 'admin'], async (tx, s) => {
    if (!['requested', 'accepted', 'confirmed'].includes(s.booking.status))
      throw wrongState(s.booking, 'cancelled');
    if (s.now >= s.booking.startsAt) {
      throw new AppError(
        'rule',
        'TOO_LATE_TO_CANCEL',
        'This booking has started; report a problem instead of cancelling.',
      );
    }
    let money = { cancellationFee: 0n, refund: 0n, refundPaymentId: null as string | null };
    if (s.booking.status === 'confirmed') {
      const late =
        s.role === 'customer' && isLateCancellation(s.booking.startsAt, s.now, s.booking.cancelWindowHours);
      const workerName = (await person(tx, s.booking.workerAccountId)).displayName;
      money = await postCancellation(tx, ctx, s.booking, { late, workerName, actorId: s.accountId });
    }
    const booking = await update(tx, s.booking, {
      status: 'cancelled',
      cancelledAt: s.now,
      cancelledBy: s.role,
      cancelReason: input.reason || null,
      cancellationFee: money.cancellationFee,
      refundAmount: money.refund,
      refundPaymentId: money.refundPaymentId,
    });
    await audit(tx, { ...s, booking }, 'cancelled', {
      by: s.role,
      reason: input.reason,
      cancellationFee: money.cancellationFee.toString(),
      refund: money.refund.toString(),
    });
    // A posted job's booking: the job goes back to dispatch, or ends with it.
    const jobNote = await jobBookingCancelled(tx, ctx, s.access.coop, booking, s.now);
    await tell(tx, ctx, slug, { booking, timeZone: s.timeZone }, 'cancelled', input.reason, jobNote);
    return booking;
  });
}

/** Either party reports a problem: the co-op's admins may then read the booking's messages. */
export async function reportDispute(
  ctx: Context,
  actor: Actor,
  slug: string,
  bookingId: string,
  input: { reason: string },
): Promise<BookingRow> {
  return step(ctx, actor, slug, bookingId, ['customer', 'worker'], async (tx, s) => {
    if (s.booking.disputeReportedAt) {
      throw new AppError(
        'conflict',
        'DISPUTE_ALREADY_REPORTED',
        'A problem with this booking was already reported.',
      );
    }
    const booking = await update(tx, s.booking, {
      disputeReportedAt: s.now,
      disputeReportedBy: s.accountId,
      disputeReason: input.reason,
    });
    await audit(tx, { ...s, booking }, 'dispute_reported', { by: s.role, reason: input.reason });
    const moderators = await tx
      .selectDistinct({ accountId: coopRoles.accountId })
      .from(coopRoles)
      .where(and(eq(coopRoles.coopId, booking.coopId), sql`${coopRoles.revokedAt} is null`));
    const who = await people(
      tx,
      moderators.map((m) => m.accountId),
    );
    for (const m of who.values()) {
      await send(tx, ctx, m, `Problem reported: ${booking.title}`, [
        `The ${s.role} of a booking reported a problem: ${input.reason}`,
        'You may now read the booking’s messages; each reading is recorded in the audit log.',
        bookingUrl(ctx, slug, booking.id),
      ]);
    }
    return booking;
  });
}

// ---------------------------------------------------------------------------------------------
// Scheduled work: each task acts on everything due, so it catches up after downtime, and each
// booking changes in its own short transaction under its row lock (safe with several processes).

type DueRow = { coop_id: string; id: string; slug: string; time_zone: string };

async function due(ctx: Context, where: ReturnType<typeof sql>, limit = 200): Promise<DueRow[]> {
  return queryRows<DueRow>(
    ctx.db,
    sql`select b.coop_id, b.id, c.slug, w.time_zone
        from market_bookings b
        join coops c on c.id = b.coop_id
        join market_workers w on w.coop_id = b.coop_id and w.id = b.worker_id
        where ${where}
        order by b.starts_at
        limit ${limit}`,
  );
}

/** Completed bookings the customer left unconfirmed for 48 hours settle on their own. */
export async function autoConfirmCompleted(ctx: Context): Promise<number> {
  const now = ctx.clock();
  const cutoff = new Date(now.getTime() - AUTO_CONFIRM_HOURS * 3_600_000);
  const rows = await due(
    ctx,
    sql`b.status = 'completed' and b.completed_at <= ${cutoff.toISOString()}::timestamptz`,
  );
  let n = 0;
  for (const r of rows) {
    const done = await ctx.db.transaction(async (tx) => {
      const b = await bookingById(tx, r.coop_id, r.id, { lock: true });
      if (b.status !== 'completed' || !b.completedAt || b.completedAt > cutoff) return false;
      const booking = await settle(tx, ctx, b, 'auto', null, now);
      await notifyBooking(tx, ctx, { slug: r.slug, booking, timeZone: r.time_zone, event: 'settled' });
      return true;
    });
    if (done) n++;
  }
  if (n > 0) ctx.kickOutbox();
  return n;
}

/** Requests never accepted, and accepted bookings never paid, lapse when their start time comes. */
export async function expireStaleBookings(ctx: Context): Promise<number> {
  const now = ctx.clock();
  const rows = await due(
    ctx,
    sql`b.status in ('requested', 'accepted') and b.starts_at <= ${now.toISOString()}::timestamptz`,
  );
  let n = 0;
  for (const r of rows) {
    const done = await ctx.db.transaction(async (tx) => {
      const b = await bookingById(tx, r.coop_id, r.id, { lock: true });
      if (!['requested', 'accepted'].includes(b.status) || b.startsAt > now) return false;
      const booking = await update(tx, b, { status: 'expired', cancelledAt: now });
      await notifyBooking(tx, ctx, { slug: r.slug, booking, timeZone: r.time_zone, event: 'expired' });
      await audit(tx, { booking, accountId: null, now }, 'expired', { was: b.status });
      // A posted job's booking that lapsed: its window has begun, so the job ends with it.
      if (booking.jobId) {
        const reason =
          b.status === 'accepted'
            ? 'The booking lapsed: its payment was not recorded before the start'
            : 'The booking lapsed: it was not accepted before the start';
        await jobBookingCancelled(
          tx,
          ctx,
          await requireCoop(tx, r.slug),
          { id: booking.id, jobId: booking.jobId, cancelledBy: null, cancelReason: reason },
          now,
        );
      }
      return true;
    });
    if (done) n++;
  }
  if (n > 0) ctx.kickOutbox();
  return n;
}

/** The day-before reminder to both parties of a confirmed booking, once. */
export async function sendDayBeforeReminders(ctx: Context): Promise<number> {
  const now = ctx.clock();
  const horizon = new Date(now.getTime() + 24 * 3_600_000);
  const rows = await due(
    ctx,
    sql`b.status = 'confirmed' and b.reminder_sent_at is null
        and b.starts_at > ${now.toISOString()}::timestamptz and b.starts_at <= ${horizon.toISOString()}::timestamptz`,
  );
  let n = 0;
  for (const r of rows) {
    const done = await ctx.db.transaction(async (tx) => {
      const b = await bookingById(tx, r.coop_id, r.id, { lock: true });
      if (b.status !== 'confirmed' || b.reminderSentAt) return false;
      const booking = await update(tx, b, { reminderSentAt: now });
      await notifyBooking(tx, ctx, { slug: r.slug, booking, timeZone: r.time_zone, event: 'reminder' });
      return true;
    });
    if (done) n++;
  }
  if (n > 0) ctx.kickOutbox();
  return n;
}
