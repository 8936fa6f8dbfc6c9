// Wall-clock time in an IANA zone, without Temporal: a worker writes "Mondays 09:00–17:00" in their
// own zone and we turn each local day into instants, following daylight-saving changes. The only
// source of zone rules is Intl (the ICU data Node ships). Pure: no clock, no database.

const MINUTE = 60_000;
const DAY = 86_400_000;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(zone, f);
  }
  return f;
}

export function isValidTimeZone(zone: string): boolean {
  if (!/^[A-Za-z][A-Za-z0-9_+\-/]{0,63}$/.test(zone)) return false;
  try {
    formatter(zone);
    return true;
  } catch {
    return false;
  }
}

/** The zone's wall clock at an instant, read as if it were UTC (ms). */
function wallClockMs(zone: string, utcMs: number): number {
  const parts = formatter(zone).formatToParts(new Date(utcMs));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  let year = get('year');
  if (parts.find((p) => p.type === 'era')?.value === 'BC') year = 1 - year;
  return Date.UTC(year, get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
}

function exactOffsetMinutes(zone: string, utcMs: number): number {
  const whole = Math.floor(utcMs / 1000) * 1000;
  return Math.round((wallClockMs(zone, whole) - whole) / MINUTE);
}

// Offsets at the two ends of each UTC day, per zone. A zone changes its offset at most once a day,
// so when both ends agree the whole day has that offset and no formatting is needed.
const dayEnds = new Map<string, [number, number]>();

/** Minutes the zone is ahead of UTC at an instant (e.g. 120 for Berlin in summer). */
export function zoneOffsetMinutes(zone: string, utcMs: number): number {
  const day = Math.floor(utcMs / DAY);
  const key = `${zone}|${day}`;
  let ends = dayEnds.get(key);
  if (!ends) {
    ends = [exactOffsetMinutes(zone, day * DAY), exactOffsetMinutes(zone, (day + 1) * DAY - 1000)];
    if (dayEnds.size > 100_000) dayEnds.clear();
    dayEnds.set(key, ends);
  }
  return ends[0] === ends[1] ? ends[0] : exactOffsetMinutes(zone, utcMs);
}

/** A calendar date `YYYY-MM-DD` as a day number (days since 1970-01-01). */
export function dayNumber(date: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) throw new RangeError(`not a date: ${date}`);
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  const back = new Date(ms);
  if (back.getUTCDate() !== Number(m[3]) || back.getUTCMonth() !== Number(m[2]) - 1) {
    throw new RangeError(`not a date: ${date}`);
  }
  return ms / DAY;
}

export function dateOfDayNumber(day: number): string {
  return new Date(day * DAY).toISOString().slice(0, 10);
}

export function isValidDate(date: string): boolean {
  try {
    dayNumber(date);
    return true;
  } catch {
    return false;
  }
}

/** ISO weekday of a date: 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: string): number {
  const d = new Date(dayNumber(date) * DAY).getUTCDay();
  return d === 0 ? 7 : d;
}

export function addDays(date: string, days: number): string {
  return dateOfDayNumber(dayNumber(date) + days);
}

/**
 * The instant of a local date and minute of the day (0–1440; 1440 is the next midnight).
 * A time that does not exist (skipped by a spring-forward change) moves forward by the gap, as a
 * clock does: 02:30 on such a day is 03:30. A time that occurs twice (fall-back) takes the earlier.
 */
export function localToUtc(zone: string, date: string, minuteOfDay: number): number {
  const wall = dayNumber(date) * DAY + minuteOfDay * MINUTE;
  const before = zoneOffsetMinutes(zone, wall - DAY);
  const after = zoneOffsetMinutes(zone, wall + DAY);
  const candidates = [...new Set([before, after])]
    .map((offset) => wall - offset * MINUTE)
    .filter((t) => wall - zoneOffsetMinutes(zone, t) * MINUTE === t);
  if (candidates.length > 0) return Math.min(...candidates);
  return wall - before * MINUTE;
}

/** The local date, ISO weekday and minute of the day of an instant in a zone. */
export function utcToLocal(zone: string, utcMs: number): { date: string; weekday: number; minute: number } {
  const wall = utcMs + zoneOffsetMinutes(zone, utcMs) * MINUTE;
  const day = Math.floor(wall / DAY);
  const date = dateOfDayNumber(day);
  return { date, weekday: isoWeekday(date), minute: Math.floor((wall - day * DAY) / MINUTE) };
}

/** `HH:MM` ↔ minutes after midnight (24:00 allowed as the end of a day). */
export function parseClock(text: string): number | null {
  const m = /^([01]\d|2[0-4]):([0-5]\d)$/.exec(text);
  if (!m) return null;
  const minutes = Number(m[1]) * 60 + Number(m[2]);
  return minutes <= 1440 ? minutes : null;
}

export function formatClock(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}
