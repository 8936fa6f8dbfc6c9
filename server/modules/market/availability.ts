import { and, asc, eq, gte } from 'drizzle-orm';
import type { z } from 'zod';
import type {
  availabilityInput,
  availabilityView,
  exceptionInput,
  slotsView,
} from '../../../contracts/market.ts';
import type { Context } from '../../context.ts';
import { marketAvailabilityExceptions, marketAvailabilityRules } from '../../db/schema/index.ts';
import type { Actor } from '../../lib/actor.ts';
import { AppError } from '../../lib/errors.ts';
import { recordAudit } from '../audit/index.ts';
import { loadCoopAccess } from '../coops/index.ts';
import { availableIntervals, freeIntervals, slotStarts } from './availability-core.ts';
import { notFound, signedIn, UUID } from './common.ts';
import { addDays, formatClock, isValidDate, parseClock, utcToLocal } from './local-time.ts';
import { busyTimes, requireOwnWorker, schedules, serviceById, workerById } from './queries.ts';

type AvailabilityView = z.infer<typeof availabilityView>;

function minutes(text: string, field: string): number {
  const m = parseClock(text);
  if (m === null) throw new AppError('validation', 'TIME_INVALID', 'Write times of day as HH:MM.', { field });
  return m;
}

/** A start and end of day in minutes; `prefix` names the input object in errors ('' for the top level). */
function range(start: string, end: string, prefix: string): [number, number] {
  const field = (name: string) => (prefix ? `${prefix}.${name}` : name);
  const s = minutes(start, field('start'));
  const e = minutes(end, field('end'));
  if (s >= 1440 || e <= s) {
    throw new AppError('rule', 'TIME_RANGE_INVALID', 'The end must come after the start, within the day.', {
      field: field('end'),
    });
  }
  return [s, e];
}

export async function viewMyAvailability(
  ctx: Context,
  actor: Actor,
  slug: string,
): Promise<AvailabilityView> {
  const access = await loadCoopAccess(ctx.db, slug, actor);
  const worker = await requireOwnWorker(ctx.db, access.coop.id, signedIn(access));
  const rules = await ctx.db
    .select()
    .from(marketAvailabilityRules)
    .where(
      and(
        eq(marketAvailabilityRules.coopId, access.coop.id),
        eq(marketAvailabilityRules.workerId, worker.id),
      ),
    )
    .orderBy(asc(marketAvailabilityRules.weekday), asc(marketAvailabilityRules.startMinute));
  const today = utcToLocal(worker.timeZone, ctx.clock().getTime()).date;
  const exceptions = await ctx.db
    .select()
    .from(marketAvailabilityExceptions)
    .where(
      and(
        eq(marketAvailabilityExceptions.coopId, access.coop.id),
        eq(marketAvailabilityExceptions.workerId, worker.id),
        gte(marketAvailabilityExceptions.onDate, today),
      ),
    )
    .orderBy(asc(marketAvailabilityExceptions.onDate), asc(marketAvailabilityExceptions.startMinute));
  return {
    timeZone: worker.timeZone,
    bufferMinutes: worker.bufferMinutes,
    rules: rules.map((r) => ({
      id: r.id,
      weekday: r.weekday,
      start: formatClock(r.startMinute),
      end: formatClock(r.endMinute),
    })),
    exceptions: exceptions.map((e) => ({
      id: e.id,
      date: e.onDate,
      kind: e.kind as 'off' | 'extra',
      start: e.startMinute === null ? null : formatClock(e.startMinute),
      end: e.endMinute === null ? null : formatClock(e.endMinute),
      note: e.note,
    })),
  };
}

/** Replaces the weekly schedule. Existing bookings stay; new requests must fit the new hours. */
export async function setWeeklyHours(
  ctx: Context,
  actor: Actor,
  slug: string,
  input: z.infer<typeof availabilityInput>,
): Promise<AvailabilityView> {
  const access = await loadCoopAccess(ctx.db, slug, actor);
  const accountId = signedIn(access);
  const coopId = access.coop.id;
  const worker = await requireOwnWorker(ctx.db, coopId, accountId);
  const rules = input.rules.map((r, i) => {
    const [s, e] = range(r.start, r.end, `rules.${i}`);
    return { weekday: r.weekday, startMinute: s, endMinute: e };
  });
  const now = ctx.clock();
  await ctx.db.transaction(async (tx) => {
    await tx
      .delete(marketAvailabilityRules)
      .where(
        and(eq(marketAvailabilityRules.coopId, coopId), eq(marketAvailabilityRules.workerId, worker.id)),
      );
    if (rules.length > 0) {
      await tx
        .insert(marketAvailabilityRules)
        .values(rules.map((r) => ({ coopId, id: ctx.newId(), workerId: worker.id, ...r })));
    }
    await recordAudit(tx, {
      coopId,
      actorId: accountId,
      action: 'market.weekly_hours_set',
      subjectType: 'market_worker',
      subjectId: worker.id,
      data: { rules: input.rules, timeZone: worker.timeZone },
      visibility: 'admins',
      at: now,
    });
  });
  return viewMyAvailability(ctx, actor, slug);
}

export async function addAvailabilityException(
  ctx: Context,
  actor: Actor,
  slug: string,
  input: z.infer<typeof exceptionInput>,
): Promise<AvailabilityView> {
  const access = await loadCoopAccess(ctx.db, slug, actor);
  const accountId = signedIn(access);
  const coopId = access.coop.id;
  const worker = await requireOwnWorker(ctx.db, coopId, accountId);
  if (!isValidDate(input.date)) {
    throw new AppError('validation', 'DATE_INVALID', 'Give a calendar date as YYYY-MM-DD.', {
      field: 'date',
    });
  }
  const today = utcToLocal(worker.timeZone, ctx.clock().getTime()).date;
  if (input.date < today) {
    throw new AppError('rule', 'DATE_IN_PAST', 'That date has passed.', { field: 'date' });
  }
  if (input.date > addDays(today, 730)) {
    throw new AppError('rule', 'DATE_TOO_FAR', 'Exceptions go at most two years ahead.', { field: 'date' });
  }
  const hasTimes = input.start !== undefined || input.end !== undefined;
  if (input.kind === 'extra' && !hasTimes) {
    throw new AppError('validation', 'TIME_REQUIRED', 'Extra hours need a start and an end.', {
      field: 'start',
    });
  }
  const [s, e] = hasTimes ? range(input.start ?? '', input.end ?? '', '') : [null, null];
  const now = ctx.clock();
  const id = ctx.newId();
  await ctx.db.transaction(async (tx) => {
    await tx.insert(marketAvailabilityExceptions).values({
      coopId,
      id,
      workerId: worker.id,
      onDate: input.date,
      kind: input.kind,
      startMinute: s,
      endMinute: e,
      note: input.note,
      createdAt: now,
    });
    await recordAudit(tx, {
      coopId,
      actorId: accountId,
      action: 'market.availability_exception_added',
      subjectType: 'market_worker',
      subjectId: worker.id,
      data: { id, date: input.date, kind: input.kind, start: input.start ?? null, end: input.end ?? null },
      visibility: 'admins',
      at: now,
    });
  });
  return viewMyAvailability(ctx, actor, slug);
}

export async function removeAvailabilityException(
  ctx: Context,
  actor: Actor,
  slug: string,
  exceptionId: string,
): Promise<AvailabilityView> {
  const access = await loadCoopAccess(ctx.db, slug, actor);
  const accountId = signedIn(access);
  const coopId = access.coop.id;
  const worker = await requireOwnWorker(ctx.db, coopId, accountId);
  const now = ctx.clock();
  await ctx.db.transaction(async (tx) => {
    const removed = UUID.test(exceptionId)
      ? await tx
          .delete(marketAvailabilityExceptions)
          .where(
            and(
              eq(marketAvailabilityExceptions.coopId, coopId),
              eq(marketAvailabilityExceptions.workerId, worker.id),
              eq(marketAvailabilityExceptions.id, exceptionId),
            ),
          )
          .returning({ id: marketAvailabilityExceptions.id })
      : [];
    if (removed.length === 0) throw notFound('EXCEPTION_NOT_FOUND', 'You have no such exception.');
    await recordAudit(tx, {
      coopId,
      actorId: accountId,
      action: 'market.availability_exception_removed',
      subjectType: 'market_worker',
      subjectId: worker.id,
      data: { id: exceptionId },
      visibility: 'admins',
      at: now,
    });
  });
  return viewMyAvailability(ctx, actor, slug);
}

const MAX_SLOT_RANGE_DAYS = 31;
const SLOT_STEP_MINUTES = 15;

/** Free start times for a service of a worker: inside their hours, clear of bookings and buffers. */
export async function freeSlots(
  ctx: Context,
  actor: Actor,
  slug: string,
  workerId: string,
  query: { serviceId: string; from: string; to: string; durationMinutes?: number | undefined },
): Promise<z.infer<typeof slotsView>> {
  const access = await loadCoopAccess(ctx.db, slug, actor);
  const coopId = access.coop.id;
  const worker = await workerById(ctx.db, coopId, workerId);
  if (!worker?.active) throw notFound('WORKER_NOT_FOUND', 'No such worker here.');
  const service = await serviceById(ctx.db, coopId, query.serviceId);
  if (!service || service.workerId !== worker.id || !service.active) {
    throw notFound('SERVICE_NOT_FOUND', 'This worker offers no such service.');
  }
  const from = new Date(query.from);
  const to = new Date(query.to);
  if (to <= from || to.getTime() - from.getTime() > MAX_SLOT_RANGE_DAYS * 86_400_000) {
    throw new AppError(
      'validation',
      'RANGE_INVALID',
      `Ask for up to ${MAX_SLOT_RANGE_DAYS} days, ending after the start.`,
      {
        field: 'to',
      },
    );
  }
  const duration = Math.max(query.durationMinutes ?? service.minDurationMinutes, service.minDurationMinutes);
  const now = ctx.clock().getTime();
  const schedule = (
    await schedules(
      ctx.db,
      coopId,
      [worker.id],
      addDays(utcToLocal(worker.timeZone, from.getTime()).date, -1),
    )
  ).get(worker.id)!;
  const busy = (
    await busyTimes(
      ctx.db,
      coopId,
      [worker.id],
      new Date(from.getTime() - 86_400_000),
      new Date(to.getTime() + 86_400_000),
    )
  ).get(worker.id)!;
  const free = freeIntervals(
    availableIntervals(worker.timeZone, schedule.rules, schedule.exceptions, from.getTime(), to.getTime()),
    busy,
    worker.bufferMinutes,
  );
  const starts = slotStarts(free, duration, SLOT_STEP_MINUTES, Math.max(now + 60_000, from.getTime()));
  return {
    timeZone: worker.timeZone,
    durationMinutes: duration,
    slots: starts.map((s) => ({
      startsAt: new Date(s).toISOString(),
      endsAt: new Date(s + duration * 60_000).toISOString(),
    })),
  };
}
