import type { Period } from './ledger-api.ts';

// Periods are calendar days in the co-op's time zone (YYYY-MM-DD, both ends inclusive), as the
// ledger counts them; "today" is taken there too, so everyone sees the same month.

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export function isDay(value: string | null | undefined): value is string {
  if (!value || !DAY.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

/** Today's date in `timeZone`, e.g. "2026-11-26". */
export function todayIn(timeZone: string, now: Date = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(now);
}

function lastDayOfMonth(year: number, month: number): string {
  const day = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

export const PRESETS = ['thisMonth', 'lastMonth', 'thisYear', 'lastYear', 'all'] as const;
export type Preset = (typeof PRESETS)[number];

/** The period a quick choice stands for, relative to `today`. */
export function presetPeriod(preset: Preset, today: string): Period {
  const year = Number(today.slice(0, 4));
  const month = Number(today.slice(5, 7));
  const pad = (n: number) => String(n).padStart(2, '0');
  switch (preset) {
    case 'thisMonth':
      return { from: `${year}-${pad(month)}-01`, to: lastDayOfMonth(year, month) };
    case 'lastMonth': {
      const y = month === 1 ? year - 1 : year;
      const m = month === 1 ? 12 : month - 1;
      return { from: `${y}-${pad(m)}-01`, to: lastDayOfMonth(y, m) };
    }
    case 'thisYear':
      return { from: `${year}-01-01`, to: `${year}-12-31` };
    case 'lastYear':
      return { from: `${year - 1}-01-01`, to: `${year - 1}-12-31` };
    case 'all':
      return {};
  }
}

/** The quick choice a period matches, if any. */
export function presetOf(period: Period, today: string): Preset | null {
  return (
    PRESETS.find((preset) => {
      const p = presetPeriod(preset, today);
      return (p.from ?? '') === (period.from ?? '') && (p.to ?? '') === (period.to ?? '');
    }) ?? null
  );
}

/** The period in an address's query (`from`, `to`), ignoring values that are not calendar days. */
export function periodFromParams(params: URLSearchParams): Period {
  const from = params.get('from');
  const to = params.get('to');
  return { ...(isDay(from) ? { from } : {}), ...(isDay(to) ? { to } : {}) };
}

/** `params` with the period written into it (and nothing else changed). */
export function withPeriod(params: URLSearchParams, period: Period): URLSearchParams {
  const next = new URLSearchParams(params);
  for (const key of ['from', 'to'] as const) {
    const value = period[key];
    if (value) next.set(key, value);
    else next.delete(key);
  }
  return next;
}

/** The problem with a typed period, as the key of its text, or null when it is fine. */
export function periodProblem(from: string, to: string): { field: 'from' | 'to'; key: string } | null {
  if (from && !isDay(from)) return { field: 'from', key: 'ledger.period.invalidDay' };
  if (to && !isDay(to)) return { field: 'to', key: 'ledger.period.invalidDay' };
  if (from && to && to < from) return { field: 'to', key: 'ledger.period.endBeforeStart' };
  return null;
}
