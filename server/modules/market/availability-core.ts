import { addDays, isoWeekday, localToUtc, utcToLocal } from './local-time.ts';

// When a worker can be booked: weekly hours plus dated exceptions, expanded into instants in the
// worker's zone, minus the time existing bookings hold. Pure: plain data in, plain data out.

export type WeeklyRule = { weekday: number; startMinute: number; endMinute: number };
export type DatedException = {
  date: string;
  kind: 'off' | 'extra';
  /** null on a whole day off. */
  startMinute: number | null;
  endMinute: number | null;
};
/** Half-open [start, end) in epoch milliseconds. */
export type Interval = { start: number; end: number };

const MINUTE = 60_000;

/** Sorted, non-overlapping, adjacent intervals joined. */
export function mergeIntervals(list: Interval[]): Interval[] {
  const sorted = list.filter((i) => i.end > i.start).sort((a, b) => a.start - b.start || a.end - b.end);
  const out: Interval[] = [];
  for (const i of sorted) {
    const last = out[out.length - 1];
    if (last && i.start <= last.end) last.end = Math.max(last.end, i.end);
    else out.push({ ...i });
  }
  return out;
}

/** `free` minus every interval of `busy` (both may be unsorted). */
export function subtractIntervals(free: Interval[], busy: Interval[]): Interval[] {
  const blocks = mergeIntervals(busy);
  const out: Interval[] = [];
  for (const f of mergeIntervals(free)) {
    let cursor = f.start;
    for (const b of blocks) {
      if (b.end <= cursor) continue;
      if (b.start >= f.end) break;
      if (b.start > cursor) out.push({ start: cursor, end: b.start });
      cursor = Math.max(cursor, b.end);
      if (cursor >= f.end) break;
    }
    if (cursor < f.end) out.push({ start: cursor, end: f.end });
  }
  return out;
}

type MinuteRange = [start: number, end: number];

function subtractRanges(ranges: MinuteRange[], cut: MinuteRange): MinuteRange[] {
  return ranges.flatMap(([s, e]): MinuteRange[] => {
    if (cut[1] <= s || cut[0] >= e) return [[s, e]];
    const parts: MinuteRange[] = [];
    if (cut[0] > s) parts.push([s, cut[0]]);
    if (cut[1] < e) parts.push([cut[1], e]);
    return parts;
  });
}

/** The local minute ranges a worker works on one date: weekly hours, plus extras, minus time off. */
export function localWindowsOn(
  date: string,
  rules: WeeklyRule[],
  exceptions: DatedException[],
): MinuteRange[] {
  const weekday = isoWeekday(date);
  let ranges: MinuteRange[] = rules
    .filter((r) => r.weekday === weekday)
    .map((r): MinuteRange => [r.startMinute, r.endMinute]);
  const today = exceptions.filter((e) => e.date === date);
  for (const e of today) {
    if (e.kind === 'extra' && e.startMinute !== null && e.endMinute !== null)
      ranges.push([e.startMinute, e.endMinute]);
  }
  for (const e of today) {
    if (e.kind !== 'off') continue;
    ranges =
      e.startMinute === null || e.endMinute === null
        ? []
        : subtractRanges(ranges, [e.startMinute, e.endMinute]);
  }
  return ranges;
}

/**
 * The instants within [from, to) that the worker's hours cover, merged. Each local day is turned
 * into instants on its own, so a 09:00–17:00 rule stays 09:00–17:00 local across a DST change.
 */
export function availableIntervals(
  zone: string,
  rules: WeeklyRule[],
  exceptions: DatedException[],
  from: number,
  to: number,
): Interval[] {
  if (to <= from) return [];
  // A day before and after: the zone may be far from UTC and a window may cross midnight UTC.
  const first = addDays(utcToLocal(zone, from).date, -1);
  const last = addDays(utcToLocal(zone, to).date, 1);
  const out: Interval[] = [];
  for (let date = first; date <= last; date = addDays(date, 1)) {
    for (const [s, e] of localWindowsOn(date, rules, exceptions)) {
      const start = localToUtc(zone, date, s);
      const end = e === 1440 ? localToUtc(zone, addDays(date, 1), 0) : localToUtc(zone, date, e);
      const clipped = { start: Math.max(start, from), end: Math.min(end, to) };
      if (clipped.end > clipped.start) out.push(clipped);
    }
  }
  return mergeIntervals(out);
}

/** A booking that holds the worker from `blockedFrom` (start minus its buffer) to its end. */
export type Busy = { blockedFrom: number; end: number };

/**
 * Free time for a new booking with the worker's buffer: it must start inside working hours and
 * keep `bufferMinutes` clear after any earlier booking, and the next booking's buffer clear before it.
 */
export function freeIntervals(available: Interval[], busy: Busy[], bufferMinutes: number): Interval[] {
  return subtractIntervals(
    available,
    busy.map((b) => ({ start: b.blockedFrom, end: b.end + bufferMinutes * MINUTE })),
  );
}

/** Whether [start, end) lies inside one free interval. */
export function covers(free: Interval[], start: number, end: number): boolean {
  return free.some((f) => f.start <= start && end <= f.end);
}

/** Start times of `durationMinutes` slots inside the free time, on a `stepMinutes` grid (UTC-aligned). */
export function slotStarts(
  free: Interval[],
  durationMinutes: number,
  stepMinutes: number,
  notBefore: number,
  limit = 500,
): number[] {
  const step = stepMinutes * MINUTE;
  const length = durationMinutes * MINUTE;
  const out: number[] = [];
  for (const f of free) {
    let s = Math.ceil(Math.max(f.start, notBefore) / step) * step;
    for (; s + length <= f.end; s += step) {
      out.push(s);
      if (out.length >= limit) return out;
    }
  }
  return out;
}

/** Whether any slot of the duration fits (the search filter: "actually free for that time"). */
export function hasSlot(
  free: Interval[],
  durationMinutes: number,
  stepMinutes: number,
  notBefore: number,
): boolean {
  return slotStarts(free, durationMinutes, stepMinutes, notBefore, 1).length > 0;
}

/**
 * Whether the worker could have any hours within [from, to) at all: a weekly rule on one of the
 * local dates the window touches (`weekdays`: bit n for ISO weekday n), or extra hours on a date not
 * before the first of them. A quick filter before reading the schedule; `true` decides nothing.
 */
export function mayWorkWithin(
  zone: string,
  from: number,
  to: number,
  weekdays: number,
  extraHoursUntil: string | null,
): boolean {
  if (to <= from) return false;
  const first = utcToLocal(zone, from).date;
  if (extraHoursUntil !== null && extraHoursUntil >= first) return true;
  const last = utcToLocal(zone, to - 1).date;
  for (let date = first, i = 0; date <= last && i < 8; date = addDays(date, 1), i++) {
    if (weekdays & (1 << isoWeekday(date))) return true;
  }
  return false;
}
