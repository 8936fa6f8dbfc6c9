import { and, asc, eq, gte, inArray, sql } from 'drizzle-orm';
import { type Executor, queryRows } from '../../db/client.ts';
import {
  ACTIVE_BOOKING_STATUSES,
  marketAvailabilityExceptions,
  marketAvailabilityRules,
  marketBookings,
  marketServices,
  marketWorkers,
} from '../../db/schema/index.ts';
import type { Busy, DatedException, WeeklyRule } from './availability-core.ts';
import { notFound, UUID } from './common.ts';
import type { ServiceRow, WorkerRow } from './views.ts';

export type BookingRow = typeof marketBookings.$inferSelect;

export async function workerByAccount(
  db: Executor,
  coopId: string,
  accountId: string,
): Promise<WorkerRow | undefined> {
  const [row] = await db
    .select()
    .from(marketWorkers)
    .where(and(eq(marketWorkers.coopId, coopId), eq(marketWorkers.accountId, accountId)));
  return row;
}

export async function requireOwnWorker(db: Executor, coopId: string, accountId: string): Promise<WorkerRow> {
  const worker = await workerByAccount(db, coopId, accountId);
  if (!worker)
    throw notFound('NO_WORKER_PROFILE', 'You have no worker profile in this co-op yet. Create one first.');
  return worker;
}

export async function workerById(
  db: Executor,
  coopId: string,
  workerId: string,
): Promise<WorkerRow | undefined> {
  if (!UUID.test(workerId)) return undefined;
  const [row] = await db
    .select()
    .from(marketWorkers)
    .where(and(eq(marketWorkers.coopId, coopId), eq(marketWorkers.id, workerId)));
  return row;
}

export async function servicesOf(db: Executor, coopId: string, workerId: string): Promise<ServiceRow[]> {
  return db
    .select()
    .from(marketServices)
    .where(and(eq(marketServices.coopId, coopId), eq(marketServices.workerId, workerId)))
    .orderBy(asc(marketServices.createdAt));
}

export async function serviceById(
  db: Executor,
  coopId: string,
  serviceId: string,
): Promise<ServiceRow | undefined> {
  if (!UUID.test(serviceId)) return undefined;
  const [row] = await db
    .select()
    .from(marketServices)
    .where(and(eq(marketServices.coopId, coopId), eq(marketServices.id, serviceId)));
  return row;
}

export type Schedule = { rules: WeeklyRule[]; exceptions: DatedException[] };

/** Weekly rules and the exceptions from a date on, for several workers at once. */
export async function schedules(
  db: Executor,
  coopId: string,
  workerIds: string[],
  fromDate: string,
): Promise<Map<string, Schedule>> {
  const out = new Map<string, Schedule>(workerIds.map((id) => [id, { rules: [], exceptions: [] }]));
  if (workerIds.length === 0) return out;
  const rules = await db
    .select()
    .from(marketAvailabilityRules)
    .where(
      and(eq(marketAvailabilityRules.coopId, coopId), inArray(marketAvailabilityRules.workerId, workerIds)),
    );
  for (const r of rules) {
    out
      .get(r.workerId)
      ?.rules.push({ weekday: r.weekday, startMinute: r.startMinute, endMinute: r.endMinute });
  }
  const exceptions = await db
    .select()
    .from(marketAvailabilityExceptions)
    .where(
      and(
        eq(marketAvailabilityExceptions.coopId, coopId),
        inArray(marketAvailabilityExceptions.workerId, workerIds),
        gte(marketAvailabilityExceptions.onDate, fromDate),
      ),
    );
  for (const e of exceptions) {
    out.get(e.workerId)?.exceptions.push({
      date: e.onDate,
      kind: e.kind as 'off' | 'extra',
      startMinute: e.startMinute,
      endMinute: e.endMinute,
    });
  }
  return out;
}

/** Bookings that hold the workers' time and touch [from, to), as busy intervals. */
export async function busyTimes(
  db: Executor,
  coopId: string,
  workerIds: string[],
  from: Date,
  to: Date,
): Promise<Map<string, Busy[]>> {
  const out = new Map<string, Busy[]>(workerIds.map((id) => [id, []]));
  if (workerIds.length === 0) return out;
  // The range test matches the exclusion constraint's expression, so its gist index serves it.
  const rows = await queryRows<{ worker_id: string; blocked_from: Date | string; ends_at: Date | string }>(
    db,
    sql`select worker_id, blocked_from, ends_at from market_bookings
        where coop_id = ${coopId}
          and worker_id in (${sql.join(
            workerIds.map((id) => sql`${id}::uuid`),
            sql`, `,
          )})
          and tstzrange(blocked_from, ends_at) && tstzrange(${from.toISOString()}::timestamptz, ${to.toISOString()}::timestamptz)
          and status in (${sql.join(
            ACTIVE_BOOKING_STATUSES.map((s) => sql`${s}`),
            sql`, `,
          )})`,
  );
  for (const r of rows) {
    out
      .get(r.worker_id)
      ?.push({ blockedFrom: new Date(r.blocked_from).getTime(), end: new Date(r.ends_at).getTime() });
  }
  return out;
}

/** Hours of work each worker received (confirmed or later) that started in [from, to): the fairness measure. */
export async function workedHours(
  db: Executor,
  coopId: string,
  workerIds: string[],
  from: Date,
  to: Date,
): Promise<Map<string, number>> {
  const out = new Map<string, number>(workerIds.map((id) => [id, 0]));
  if (workerIds.length === 0) return out;
  const rows = await queryRows<{ worker_id: string; minutes: string | number }>(
    db,
    sql`select worker_id, sum(duration_minutes) as minutes from market_bookings
        where coop_id = ${coopId}
          and worker_id in (${sql.join(
            workerIds.map((id) => sql`${id}::uuid`),
            sql`, `,
          )})
          and starts_at >= ${from.toISOString()}::timestamptz and starts_at < ${to.toISOString()}::timestamptz
          and status in ('confirmed', 'completed', 'settled')
        group by worker_id`,
  );
  for (const r of rows) out.set(r.worker_id, Number(r.minutes) / 60);
  return out;
}

export async function bookingById(
  db: Executor,
  coopId: string,
  bookingId: string,
  options: { lock?: boolean } = {},
): Promise<BookingRow> {
  if (!UUID.test(bookingId)) throw notFound('BOOKING_NOT_FOUND', 'No such booking.');
  const query = db
    .select()
    .from(marketBookings)
    .where(and(eq(marketBookings.coopId, coopId), eq(marketBookings.id, bookingId)));
  const [row] = options.lock ? await query.for('update') : await query;
  if (!row) throw notFound('BOOKING_NOT_FOUND', 'No such booking.');
  return row;
}
