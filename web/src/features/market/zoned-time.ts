// Calendar dates and clock times in a named time zone (the co-op's), converted to and from instants
// with Intl alone. The market shows every time in the co-op's zone, whatever zone the browser is in.

const partsFormats = new Map<string, Intl.DateTimeFormat>();

function partsFormat(timeZone: string): Intl.DateTimeFormat {
  let format = partsFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      weekday: 'short',
    });
    partsFormats.set(timeZone, format);
  }
  return format;
}

export type ZonedParts = {
  /** YYYY-MM-DD */
  date: string;
  /** HH:MM */
  time: string;
  /** 1 = Monday … 7 = Sunday */
  weekday: number;
};

const WEEKDAYS: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };

function fields(ms: number, timeZone: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of partsFormat(timeZone).formatToParts(new Date(ms))) out[part.type] = part.value;
  return out;
}

/** The local date, time of day and weekday of an instant in a zone. */
export function zonedParts(instant: string | number, timeZone: string): ZonedParts {
  const ms = typeof instant === 'number' ? instant : Date.parse(instant);
  const f = fields(ms, timeZone);
  return {
    date: `${f.year}-${f.month}-${f.day}`,
    time: `${f.hour}:${f.minute}`,
    weekday: WEEKDAYS[f.weekday ?? 'Mon'] ?? 1,
  };
}

/** How far the zone's clock is ahead of UTC at an instant, in milliseconds. */
function offsetAt(ms: number, timeZone: string): number {
  const f = fields(ms, timeZone);
  const asUtc = Date.UTC(
    Number(f.year),
    Number(f.month) - 1,
    Number(f.day),
    Number(f.hour),
    Number(f.minute),
    Number(f.second),
  );
  return asUtc - Math.floor(ms / 1000) * 1000;
}

/**
 * The instant a local date and time names in a zone, as ISO 8601. A time skipped by a clock change
 * moves forward by the gap; a repeated time is the first of the two.
 */
export function zonedToIso(date: string, time: string, timeZone: string): string {
  const [y, m, d] = date.split('-').map(Number);
  const [hh, mm] = time.split(':').map(Number);
  const wall = Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1, hh ?? 0, mm ?? 0);
  const first = wall - offsetAt(wall, timeZone);
  const second = wall - offsetAt(first, timeZone);
  // Of the candidate instants, the earliest that reads as the wall time (or the later one in a gap).
  const candidates = [Math.min(first, second), Math.max(first, second)];
  const exact = candidates.find((c) => {
    const p = zonedParts(c, timeZone);
    return p.date === date && p.time === time;
  });
  return new Date(exact ?? Math.max(first, second)).toISOString();
}

/** YYYY-MM-DD plus a number of days. */
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, (d ?? 1) + days)).toISOString().slice(0, 10);
}

/** The Monday of the week a date falls in. */
export function mondayOf(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  const weekday = new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1)).getUTCDay(); // 0 = Sunday
  return addDays(date, -((weekday + 6) % 7));
}

/** Today's date in a zone. */
export function todayIn(timeZone: string, now = Date.now()): string {
  return zonedParts(now, timeZone).date;
}

/** A local date as words in the reader's language, e.g. "Mon, 30 Nov" (the date is a calendar day, no zone). */
export function dayLabel(date: string, locale: string, options?: Intl.DateTimeFormatOptions): string {
  return new Intl.DateTimeFormat(locale, {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    timeZone: 'UTC',
    ...options,
  }).format(new Date(`${date}T12:00:00Z`));
}

/** The time of day of an instant in a zone, in the reader's language. */
export function timeLabel(instant: string, locale: string, timeZone: string): string {
  return new Intl.DateTimeFormat(locale, { timeStyle: 'short', timeZone }).format(new Date(instant));
}

/** "Mon, 30 Nov, 09:00–11:00" for a span inside one day, or two full dates otherwise. */
export function spanLabel(startsAt: string, endsAt: string, locale: string, timeZone: string): string {
  const start = zonedParts(startsAt, timeZone);
  const end = zonedParts(endsAt, timeZone);
  const full = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone });
  if (start.date === end.date || (end.time === '00:00' && addDays(start.date, 1) === end.date)) {
    return `${dayLabel(start.date, locale, { year: 'numeric' })}, ${timeLabel(startsAt, locale, timeZone)}–${timeLabel(endsAt, locale, timeZone)}`;
  }
  return `${full.format(new Date(startsAt))} – ${full.format(new Date(endsAt))}`;
}

/** Minutes as hours and minutes in words, e.g. 90 → "1 h 30 min". */
export function durationLabel(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (h === 0) return `${m} min`;
  return m === 0 ? `${h} h` : `${h} h ${m} min`;
}
