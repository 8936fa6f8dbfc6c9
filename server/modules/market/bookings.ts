import type { z } from 'zod';
import type { BookingInput, quoteView } from '../../../contracts/market.ts';
import type { Context } from '../../context.ts';
import { rowPlaceholders, runStatement, statement, statementBuilder } from '../../db/client.ts';
import { isExclusionViolation } from '../../db/errors.ts';
import { marketBookings } from '../../db/schema/index.ts';
import type { Actor } from '../../lib/actor.ts';
import { AppError } from '../../lib/errors.ts';
import { NIL_UUID } from '../../lib/ids.ts';
import { recordAudit } from '../audit/index.ts';
import { type CoopAccess, loadCoopScope, type Policy } from '../coops/index.ts';
import { availableIntervals, covers, freeIntervals } from './availability-core.ts';
import { type Category, findCategory, type Person, requireBuyer, sellingClasses } from './common.ts';
import { notifyBooking } from './notify.ts';
import { meetsFloor, type PriceBreakdown, type Pricing, priceBreakdown, subtotalOf } from './pricing.ts';
import {
  type BookableService,
  type BookableWorker,
  type BookingRow,
  bookingContext,
  busyTimes,
} from './queries.ts';

type QuoteView = z.infer<typeof quoteView>;

const MINUTE = 60_000;
const MAX_AHEAD_DAYS = 365;

type Prepared = {
  access: CoopAccess;
  policy: Policy;
  customerId: string;
  worker: BookableWorker;
  service: BookableService;
  category: Category;
  startsAt: Date;
  endsAt: Date;
  durationMinutes: number;
  price: PriceBreakdown;
  parties: Map<string, Person>;
};

export function bookingOverlap(): AppError {
  return new AppError(
    'conflict',
    'BOOKING_OVERLAP',
    'The worker is already booked at that time (including their buffer between bookings). Choose another slot.',
    { field: 'startsAt' },
  );
}

// The whole row, written as built here (and handed to the emails as is): no round trip for defaults.
const insertBooking = statement(
  'market.booking-insert',
  statementBuilder.insert(marketBookings).values(rowPlaceholders(marketBookings)),
);

/** Everything a booking request is checked against, in the order people would ask about it. */
async function prepare(ctx: Context, actor: Actor, slug: string, input: BookingInput): Promise<Prepared> {
  const now = ctx.clock();
  const { access, policy } = await loadCoopScope(ctx.db, slug, actor, now);
  const coopId = access.coop.id;
  const found = await bookingContext(ctx.db, coopId, {
    serviceId: input.serviceId,
    customerAccountId: actor.kind === 'account' ? actor.accountId : NIL_UUID,
    // Exceptions from two days before the start (UTC) cover the worker's local date in any zone.
    exceptionsFrom: new Date(Date.parse(input.startsAt) - 2 * 86_400_000).toISOString().slice(0, 10),
  });
  const customerId = requireBuyer(access, policy);
  if (!found?.service.active || !found.worker.active) {
    throw new AppError('not_found', 'SERVICE_NOT_FOUND', 'No such service is on offer.', {
      field: 'serviceId',
    });
  }
  const { service, worker } = found;
  if (worker.accountId === customerId) {
    throw new AppError('rule', 'CANNOT_BOOK_SELF', 'You cannot book your own service.', {
      field: 'serviceId',
    });
  }
  const selling = sellingClasses(policy);
  if (!found.classes.some((c) => selling.includes(c))) {
    throw new AppError('rule', 'WORKER_UNAVAILABLE', 'This worker no longer offers work here.', {
      field: 'serviceId',
    });
  }
  const category = findCategory(policy, service.categoryKey);
  if (!category) {
    throw new AppError('rule', 'CATEGORY_CLOSED', 'The co-op no longer offers this kind of work.', {
      field: 'serviceId',
    });
  }
  if (category.dispatched) {
    throw new AppError(
      'rule',
      'CATEGORY_DISPATCHED',
      `${category.name} work is dispatched: post a job instead.`,
      {
        field: 'serviceId',
      },
    );
  }
  const pricing = service.pricing as Pricing;
  if (
    service.belowFloorVersion !== null ||
    !meetsFloor(pricing, service.rate, service.minDurationMinutes, BigInt(category.minHourlyRate))
  ) {
    throw new AppError(
      'rule',
      'SERVICE_BELOW_FLOOR',
      `This service's price is below the pay floor of version ${policy.version} of the constitution; it cannot be booked until the worker updates it.`,
      { field: 'serviceId' },
    );
  }
  const startsAt = new Date(input.startsAt);
  if (startsAt.getTime() <= now.getTime()) {
    throw new AppError('rule', 'SLOT_IN_PAST', 'That time has passed. Choose a time in the future.', {
      field: 'startsAt',
    });
  }
  if (startsAt.getTime() > now.getTime() + MAX_AHEAD_DAYS * 86_400_000) {
    throw new AppError('rule', 'SLOT_TOO_FAR', `Bookings open at most ${MAX_AHEAD_DAYS} days ahead.`, {
      field: 'startsAt',
    });
  }
  const durationMinutes = input.durationMinutes ?? service.minDurationMinutes;
  if (durationMinutes < service.minDurationMinutes) {
    throw new AppError(
      'rule',
      'DURATION_TOO_SHORT',
      `This service is booked for at least ${service.minDurationMinutes} minutes.`,
      { field: 'durationMinutes' },
    );
  }
  const endsAt = new Date(startsAt.getTime() + durationMinutes * MINUTE);
  const schedule = found.schedule;
  const parties = new Map(found.parties.map((p) => [p.id, p]));
  const hours = availableIntervals(
    worker.timeZone,
    schedule.rules,
    schedule.exceptions,
    startsAt.getTime(),
    endsAt.getTime(),
  );
  if (!covers(hours, startsAt.getTime(), endsAt.getTime())) {
    throw new AppError(
      'rule',
      'OUTSIDE_AVAILABILITY',
      `The worker does not work at that time (their hours are in ${worker.timeZone}). Choose a free slot.`,
      { field: 'startsAt' },
    );
  }
  const price = priceBreakdown(
    subtotalOf(pricing, service.rate, durationMinutes),
    policy.document.market.platformFeeBps,
  );
  return {
    access,
    policy,
    customerId,
    worker,
    service,
    category,
    startsAt,
    endsAt,
    durationMinutes,
    price,
    parties,
  };
}

function quoteOf(p: Prepared): QuoteView {
  const cancellation = p.policy.document.market.cancellation;
  return {
    startsAt: p.startsAt.toISOString(),
    endsAt: p.endsAt.toISOString(),
    durationMinutes: p.durationMinutes,
    pricing: p.service.pricing as Pricing,
    rate: p.service.rate.toString(),
    subtotal: p.price.subtotal.toString(),
    feeBps: p.policy.document.market.platformFeeBps,
    fee: p.price.fee.toString(),
    total: p.price.total.toString(),
    currency: p.service.currency,
    constitutionVersion: p.policy.version,
    cancellation: {
      windowHours: cancellation.windowHours,
      feeBps: cancellation.feeBps,
      freeUntil: new Date(p.startsAt.getTime() - cancellation.windowHours * 3_600_000).toISOString(),
    },
    instantBooking: p.worker.instantBooking,
  };
}

/** The price breakdown of a slot, with every check a request would make; writes nothing. */
export async function quoteBooking(
  ctx: Context,
  actor: Actor,
  slug: string,
  input: BookingInput,
): Promise<QuoteView> {
  const p = await prepare(ctx, actor, slug, input);
  const busy = (await busyTimes(ctx.db, p.access.coop.id, [p.worker.id], p.startsAt, p.endsAt)).get(
    p.worker.id,
  )!;
  const free = freeIntervals(
    [{ start: p.startsAt.getTime(), end: p.endsAt.getTime() }],
    busy,
    p.worker.bufferMinutes,
  );
  if (!covers(free, p.startsAt.getTime(), p.endsAt.getTime())) throw bookingOverlap();
  return quoteOf(p);
}

/**
 * A customer requests a slot. The database's exclusion constraint decides, under any concurrency,
 * that no two bookings holding the worker's time overlap: the loser gets 409 BOOKING_OVERLAP.
 * The price, fee rate and constitution version are fixed now and never repriced.
 */
export async function requestBooking(
  ctx: Context,
  actor: Actor,
  slug: string,
  input: BookingInput,
): Promise<{ bookingId: string; status: 'requested' | 'accepted'; quote: QuoteView }> {
  const p = await prepare(ctx, actor, slug, input);
  const coopId = p.access.coop.id;
  const now = ctx.clock();
  const id = ctx.newId();
  const status = p.worker.instantBooking ? 'accepted' : 'requested';
  const cancellation = p.policy.document.market.cancellation;
  const booking: BookingRow = {
    coopId,
    id,
    workerId: p.worker.id,
    workerAccountId: p.worker.accountId,
    customerAccountId: p.customerId,
    serviceId: p.service.id,
    jobId: null,
    categoryKey: p.category.key,
    title: p.service.title,
    startsAt: p.startsAt,
    endsAt: p.endsAt,
    blockedFrom: new Date(p.startsAt.getTime() - p.worker.bufferMinutes * MINUTE),
    bufferMinutes: p.worker.bufferMinutes,
    durationMinutes: p.durationMinutes,
    status,
    pricing: p.service.pricing,
    rate: p.service.rate,
    subtotal: p.price.subtotal,
    feeBps: p.policy.document.market.platformFeeBps,
    fee: p.price.fee,
    total: p.price.total,
    currency: p.service.currency,
    policyVersion: p.policy.version,
    cancelWindowHours: cancellation.windowHours,
    cancelFeeBps: cancellation.feeBps,
    note: input.note,
    address: input.address,
    requestedAt: now,
    respondedAt: status === 'accepted' ? now : null,
    declineReason: null,
    confirmedAt: null,
    paymentProvider: null,
    paymentReference: null,
    paymentEntryId: null,
    completedAt: null,
    settledAt: null,
    settledHow: null,
    settlementEntryId: null,
    cancelledAt: null,
    cancelledBy: null,
    cancelReason: null,
    cancellationFee: null,
    refundAmount: null,
    refundPaymentId: null,
    disputeReportedAt: null,
    disputeReportedBy: null,
    disputeReason: null,
    reminderSentAt: null,
  };
  try {
    await ctx.db.transaction(async (tx) => {
      await runStatement(tx, insertBooking, booking);
      // Emails first and the audit event last: the co-op's audit chain head stays locked only briefly.
      await notifyBooking(tx, ctx, {
        slug,
        booking,
        timeZone: p.worker.timeZone,
        event: status === 'accepted' ? 'instant' : 'requested',
        parties: p.parties,
      });
      await recordAudit(tx, {
        coopId,
        actorId: p.customerId,
        action: 'market.booking_requested',
        subjectType: 'market_booking',
        subjectId: id,
        data: {
          workerId: p.worker.id,
          serviceId: p.service.id,
          startsAt: p.startsAt.toISOString(),
          endsAt: p.endsAt.toISOString(),
          total: p.price.total.toString(),
          fee: p.price.fee.toString(),
          feeBps: p.policy.document.market.platformFeeBps,
          policyVersion: p.policy.version,
          instant: status === 'accepted',
        },
        visibility: 'admins',
        at: now,
      });
    });
  } catch (error) {
    if (isExclusionViolation(error)) throw bookingOverlap();
    throw error;
  }
  ctx.kickOutbox();
  return { bookingId: id, status, quote: quoteOf(p) };
}
