import { eq, type SQL, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import { coops } from '../../db/schema/index.ts';
import { AppError } from '../../lib/errors.ts';

/** A period of whole days in the co-op's time zone; a missing end is open (all history, or up to now). */
export type Period = { from?: string | null; to?: string | null };

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isCalendarDate(value: string): boolean {
  const m = DATE.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === value;
}

export function checkPeriod(period: Period): { from: string | null; to: string | null } {
  const from = period.from ?? null;
  const to = period.to ?? null;
  for (const [field, value] of [
    ['from', from],
    ['to', to],
  ] as const) {
    if (value !== null && !isCalendarDate(value)) {
      throw new AppError('rule', 'DATE_INVALID', 'Dates are calendar days written YYYY-MM-DD.', { field });
    }
  }
  if (from && to && from > to) {
    throw new AppError('rule', 'PERIOD_INVALID', 'The period ends before it starts.', { field: 'to' });
  }
  return { from, to };
}

/** The instants a period covers: [start, end), each day from local midnight in the co-op's zone. */
export function periodBounds(period: Period, timeZone: string): { start: SQL; end: SQL } {
  const { from, to } = checkPeriod(period);
  return {
    start: from ? sql`((${from}::date)::timestamp at time zone ${timeZone})` : sql`'-infinity'::timestamptz`,
    end: to ? sql`((${to}::date + 1)::timestamp at time zone ${timeZone})` : sql`'infinity'::timestamptz`,
  };
}

export type CoopBooks = { id: string; slug: string; name: string; currency: string; timeZone: string };

export async function coopBooks(db: Executor, coopId: string): Promise<CoopBooks> {
  const [row] = await db
    .select({
      id: coops.id,
      slug: coops.slug,
      name: coops.name,
      currency: coops.currency,
      timeZone: coops.timeZone,
    })
    .from(coops)
    .where(eq(coops.id, coopId));
  if (!row) throw new AppError('not_found', 'COOP_NOT_FOUND', 'No such co-op.');
  return row;
}
