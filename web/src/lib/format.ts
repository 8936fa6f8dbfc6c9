import { formatMoney } from '../../../contracts/money.ts';

// Numbers for people in the interface language. Amounts stay integers until they become text.

/** Minor units as money, exactly: ("10000", "EUR", "fr") → "100,00 EUR". */
export function money(minor: string | bigint, currency: string, locale: string): string {
  return formatMoney(minor, currency, locale);
}

/**
 * Basis points as a percentage with two decimals, exactly: (800, "en") → "8.00%", (800, "fr") → "8,00 %".
 * The value goes to Intl as a decimal string, so no binary fraction is ever rounded.
 */
export function percent(bps: number, locale: string): string {
  const negative = bps < 0;
  const digits = String(Math.abs(Math.trunc(bps))).padStart(5, '0');
  const decimal = `${negative ? '-' : ''}${digits.slice(0, -4)}.${digits.slice(-4)}` as `${number}`;
  return new Intl.NumberFormat(locale, {
    style: 'percent',
    minimumFractionDigits: 2,
    maximumFractionDigits: 2,
  }).format(decimal);
}

export function integer(value: number, locale: string): string {
  return new Intl.NumberFormat(locale).format(value);
}

/** A day, e.g. "26 Nov 2026", in the co-op's time zone so everyone sees the same date. */
export function day(iso: string, locale: string, timeZone?: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', ...(timeZone ? { timeZone } : {}) }).format(
    new Date(iso),
  );
}

export function dateTime(iso: string, locale: string, timeZone?: string): string {
  return new Intl.DateTimeFormat(locale, {
    dateStyle: 'medium',
    timeStyle: 'short',
    ...(timeZone ? { timeZone } : {}),
  }).format(new Date(iso));
}

/** "2026-03" as "March 2026". */
export function month(yearMonth: string, locale: string): string {
  const [year, monthNumber] = yearMonth.split('-').map(Number);
  return new Intl.DateTimeFormat(locale, { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
    new Date(Date.UTC(year ?? 1970, (monthNumber ?? 1) - 1, 1)),
  );
}
