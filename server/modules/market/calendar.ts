import { timingSafeEqual } from 'node:crypto';
import { and, asc, eq, gte, inArray } from 'drizzle-orm';
import type { Context } from '../../context.ts';
import { ACTIVE_BOOKING_STATUSES, marketBookings, marketWorkers } from '../../db/schema/index.ts';
import type { Actor } from '../../lib/actor.ts';
import { AppError } from '../../lib/errors.ts';
import { newSecret, sha256Hex } from '../../lib/tokens.ts';
import { recordAudit } from '../audit/index.ts';
import { findCoopBySlug, loadCoopAccess } from '../coops/index.ts';
import { roleOf } from './booking-flow.ts';
import { bookingEvent, organizerFrom, renderCalendar } from './booking-ics.ts';
import { notFound, people, signedIn } from './common.ts';
import { bookingUrl } from './notify.ts';
import { type BookingRow, bookingById, requireOwnWorker, workerById } from './queries.ts';

// Calendars in iCalendar form (RFC 5545, written by the `ics` library): a private feed per worker,
// readable by any calendar app through a secret URL the worker can revoke, and one event file per
// booking for its two parties.

function event(
  ctx: Context,
  slug: string,
  b: BookingRow,
  other: { displayName: string } | undefined,
  role: 'worker' | 'customer',
) {
  return bookingEvent(b, {
    url: bookingUrl(ctx, slug, b.id),
    role,
    otherName: other?.displayName,
    organizer: organizerFrom(ctx.config.mailFrom),
  });
}

/** Makes a new private feed token (the old one stops working) and returns the feed URL. */
export async function renewCalendarFeed(ctx: Context, actor: Actor, slug: string): Promise<{ url: string }> {
  const access = await loadCoopAccess(ctx.db, slug, actor);
  const accountId = signedIn(access);
  const worker = await requireOwnWorker(ctx.db, access.coop.id, accountId);
  const token = newSecret(24);
  const now = ctx.clock();
  await ctx.db.transaction(async (tx) => {
    await tx
      .update(marketWorkers)
      .set({ calendarTokenHash: sha256Hex(token), updatedAt: now })
      .where(and(eq(marketWorkers.coopId, access.coop.id), eq(marketWorkers.id, worker.id)));
    await recordAudit(tx, {
      coopId: access.coop.id,
      actorId: accountId,
      action: 'market.calendar_feed_renewed',
      subjectType: 'market_worker',
      subjectId: worker.id,
      data: {},
      visibility: 'admins',
      at: now,
    });
  });
  return { url: `${ctx.config.publicUrl}/api/calendar/${slug}/${worker.id}/${token}.ics` };
}

export async function revokeCalendarFeed(ctx: Context, actor: Actor, slug: string): Promise<void> {
  const access = await loadCoopAccess(ctx.db, slug, actor);
  const accountId = signedIn(access);
  const worker = await requireOwnWorker(ctx.db, access.coop.id, accountId);
  const now = ctx.clock();
  await ctx.db.transaction(async (tx) => {
    await tx
      .update(marketWorkers)
      .set({ calendarTokenHash: null, updatedAt: now })
      .where(and(eq(marketWorkers.coopId, access.coop.id), eq(marketWorkers.id, worker.id)));
    await recordAudit(tx, {
      coopId: access.coop.id,
      actorId: accountId,
      action: 'market.calendar_feed_revoked',
      subjectType: 'market_worker',
      subjectId: worker.id,
      data: {},
      visibility: 'admins',
      at: now,
    });
  });
}

const FEED_PAST_DAYS = 60;

/** The worker's feed, for whoever holds the secret URL (calendar apps send no cookies). */
export async function calendarFeed(
  ctx: Context,
  slug: string,
  workerId: string,
  token: string,
): Promise<string> {
  const refused = () =>
    notFound('CALENDAR_NOT_FOUND', 'No calendar at this address (it may have been revoked).');
  const coop = await findCoopBySlug(ctx.db, slug);
  const worker = coop ? await workerById(ctx.db, coop.id, workerId) : undefined;
  if (!coop || !worker?.calendarTokenHash) throw refused();
  const given = Buffer.from(sha256Hex(token), 'hex');
  const stored = Buffer.from(worker.calendarTokenHash, 'hex');
  if (given.length !== stored.length || !timingSafeEqual(given, stored)) throw refused();
  const since = new Date(ctx.clock().getTime() - FEED_PAST_DAYS * 86_400_000);
  const bookings = await ctx.db
    .select()
    .from(marketBookings)
    .where(
      and(
        eq(marketBookings.coopId, coop.id),
        eq(marketBookings.workerId, worker.id),
        gte(marketBookings.endsAt, since),
        inArray(marketBookings.status, [...ACTIVE_BOOKING_STATUSES]),
      ),
    )
    .orderBy(asc(marketBookings.startsAt))
    .limit(2000);
  const names = await people(
    ctx.db,
    bookings.map((b) => b.customerAccountId),
  );
  const events = bookings.map((b) => event(ctx, slug, b, names.get(b.customerAccountId), 'worker'));
  return renderCalendar(events, { method: 'PUBLISH', calName: `${worker.displayName} — ${coop.name}` });
}

/** One booking as an .ics file, for its customer or worker. */
export async function bookingCalendar(
  ctx: Context,
  actor: Actor,
  slug: string,
  bookingId: string,
): Promise<string> {
  const access = await loadCoopAccess(ctx.db, slug, actor);
  signedIn(access);
  const booking = await bookingById(ctx.db, access.coop.id, bookingId);
  const role = roleOf(access, booking);
  if (role !== 'customer' && role !== 'worker') throw notFound('BOOKING_NOT_FOUND', 'No such booking.');
  if (['declined', 'cancelled', 'expired'].includes(booking.status)) {
    throw new AppError(
      'rule',
      'BOOKING_ENDED',
      `This booking is ${booking.status}; there is nothing to add to a calendar.`,
    );
  }
  const other = (
    await people(ctx.db, [role === 'worker' ? booking.customerAccountId : booking.workerAccountId])
  )
    .values()
    .next().value;
  return renderCalendar([event(ctx, slug, booking, other, role)], {
    method: 'PUBLISH',
    calName: access.coop.name,
  });
}
