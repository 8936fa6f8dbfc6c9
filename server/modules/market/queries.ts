import { and, asc, eq, sql } from 'drizzle-orm';
import { type Executor, queryRows, runStatement, statement } from '../../db/client.ts';
import {
  ACTIVE_BOOKING_STATUSES,
  marketBookings,
  marketServices,
  marketWorkers,
} from '../../db/schema/index.ts';
import type { Busy, DatedException, WeeklyRule } from './availability-core.ts';
import { notFound, type Person, UUID } from './common.ts';
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

export type BookableService = Pick<
  ServiceRow,
  | 'id'
  | 'active'
  | 'title'
  | 'categoryKey'
  | 'pricing'
  | 'rate'
  | 'currency'
  | 'minDurationMinutes'
  | 'belowFloorVersion'
>;
export type BookableWorker = Pick<
  WorkerRow,
  'id' | 'accountId' | 'active' | 'timeZone' | 'bufferMinutes' | 'instantBooking'
>;

const bookingContextQuery = statement<{
  service_active: boolean;
  title: string;
  category_key: string;
  pricing: string;
  rate: string;
  currency: string;
  min_duration_minutes: number;
  below_floor_version: number | null;
  worker_id: string;
  worker_account_id: string;
  worker_active: boolean;
  time_zone: string;
  buffer_minutes: number;
  instant_booking: boolean;
  classes: string[] | null;
  rules: [number, number, number][] | null;
  exceptions: [string, 'off' | 'extra', number | null, number | null][] | null;
  parties: [string, string, string][] | null;
}>(
  'market.booking-context',
  sql`select s.active as service_active, s.title, s.category_key, s.pricing, s.rate::text as rate, s.currency,
        s.min_duration_minutes, s.below_floor_version,
        w.id as worker_id, w.account_id as worker_account_id, w.active as worker_active, w.time_zone,
        w.buffer_minutes, w.instant_booking,
        (select array_agg(m.class_key) from memberships m
          where m.coop_id = w.coop_id and m.account_id = w.account_id and m.status in ('active', 'leaving')) as classes,
        (select json_agg(json_build_array(r.weekday, r.start_minute, r.end_minute))
          from market_availability_rules r where r.coop_id = w.coop_id and r.worker_id = w.id) as rules,
        (select json_agg(json_build_array(to_char(e.on_date, 'YYYY-MM-DD'), e.kind, e.start_minute, e.end_minute))
          from market_availability_exceptions e
          where e.coop_id = w.coop_id and e.worker_id = w.id and e.on_date >= ${sql.placeholder('exceptionsFrom')}::date) as exceptions,
        (select json_agg(json_build_array(a.id, a.email, a.display_name))
          from accounts a where a.id in (w.account_id, ${sql.placeholder('customerAccountId')}::uuid)) as parties
      from market_services s
      join market_workers w on w.coop_id = s.coop_id and w.id = s.worker_id
      where s.coop_id = ${sql.placeholder('coopId')}::uuid and s.id = ${sql.placeholder('serviceId')}::uuid`,
);

/**
 * Everything a booking request checks about the other side, in one round trip: the service, its
 * worker, the worker's current membership classes, their weekly hours and exceptions from a date on,
 * and the names and emails of the worker and the customer.
 */
export async function bookingContext(
  db: Executor,
  coopId: string,
  input: { serviceId: string; customerAccountId: string; exceptionsFrom: string },
): Promise<
  | {
      service: BookableService;
      worker: BookableWorker;
      classes: string[];
      schedule: Schedule;
      parties: Person[];
    }
  | undefined
> {
  if (!UUID.test(input.serviceId)) return undefined;
  const [row] = await runStatement(db, bookingContextQuery, { ...input, coopId });
  if (!row) return undefined;
  return {
    service: {
      id: input.serviceId,
      active: row.service_active,
      title: row.title,
      categoryKey: row.category_key,
      pricing: row.pricing,
      rate: BigInt(row.rate),
      currency: row.currency,
      minDurationMinutes: row.min_duration_minutes,
      belowFloorVersion: row.below_floor_version,
    },
    worker: {
      id: row.worker_id,
      accountId: row.worker_account_id,
      active: row.worker_active,
      timeZone: row.time_zone,
      bufferMinutes: row.buffer_minutes,
      instantBooking: row.instant_booking,
    },
    classes: row.classes ?? [],
    schedule: {
      rules: (row.rules ?? []).map(([weekday, startMinute, endMinute]) => ({
        weekday,
        startMinute,
        endMinute,
      })),
      exceptions: (row.exceptions ?? []).map(([date, kind, startMinute, endMinute]) => ({
        date,
        kind,
        startMinute,
        endMinute,
      })),
    },
    parties: (row.parties ?? []).map(([id, email, displayName]) => ({ id, email, displayName })),
  };
}

export type Schedule = { rules: WeeklyRule[]; exceptions: DatedException[] };

/** Weekly rules and the exceptions from a date on, for several workers at once (one round trip). */
export async function schedules(
  db: Executor,
  coopId: string,
  workerIds: string[],
  fromDate: string,
): Promise<Map<string, Schedule>> {
  const out = new Map<string, Schedule>(workerIds.map((id) => [id, { rules: [], exceptions: [] }]));
  if (workerIds.length === 0) return out;
  const ids = sql.join(
    workerIds.map((id) => sql`${id}::uuid`),
    sql`, `,
  );
  const rows = await queryRows<{
    worker_id: string;
    kind: 'rule' | 'off' | 'extra';
    weekday: number | null;
    on_date: string | null;
    start_minute: number | null;
    end_minute: number | null;
  }>(
    db,
    sql`select worker_id, 'rule' as kind, weekday, null as on_date, start_minute, end_minute
          from market_availability_rules where coop_id = ${coopId} and worker_id in (${ids})
        union all
        select worker_id, kind, null, to_char(on_date, 'YYYY-MM-DD'), start_minute, end_minute
          from market_availability_exceptions
          where coop_id = ${coopId} and worker_id in (${ids}) and on_date >= ${fromDate}::date`,
  );
  for (const r of rows) {
    const schedule = out.get(r.worker_id);
    if (!schedule) continue;
    if (r.kind === 'rule') {
      schedule.rules.push({
        weekday: Number(r.weekday),
        startMinute: Number(r.start_minute),
        endMinute: Number(r.end_minute),
      });
    } else {
      schedule.exceptions.push({
        date: r.on_date!,
        kind: r.kind,
        startMinute: r.start_minute === null ? null : Number(r.start_minute),
        endMinute: r.end_minute === null ? null : Number(r.end_minute),
      });
    }
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
  // Overlap of [blocked_from, ends_at) with [from, to), written for the btree busy index: for a
  // batch of workers it is several times cheaper than the exclusion constraint's gist index.
  const rows = await queryRows<{ worker_id: string; blocked_from: Date | string; ends_at: Date | string }>(
    db,
    sql`select worker_id, blocked_from, ends_at from market_bookings
        where coop_id = ${coopId}
          and worker_id in (${sql.join(
            workerIds.map((id) => sql`${id}::uuid`),
            sql`, `,
          )})
          and ends_at > ${from.toISOString()}::timestamptz and blocked_from < ${to.toISOString()}::timestamptz
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
