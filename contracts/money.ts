import { z } from 'zod';

// Amounts are integer minor units, carried in JSON as strings of digits (docs/decisions/0003-money.md).
export const MINOR_UNITS = /^-?\d{1,18}$/;

export const minorUnits = z
  .string()
  .regex(MINOR_UNITS, 'must be a whole number of minor units, as a string of digits')
  .describe('Amount in minor units of the currency (e.g. cents), as a string of digits');

export const nonNegativeMinorUnits = minorUnits.refine((v) => !v.startsWith('-'), 'must not be negative');

export const currencyCode = z
  .string()
  .regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as EUR')
  .describe('ISO 4217 currency code');

/** Basis points: 1/100 of a percent; 10000 = 100%. */
export const basisPoints = z
  .number()
  .int()
  .min(0)
  .max(10_000)
  .describe('Basis points (1/100 of a percent; 10000 = 100%)');

// Decimal places of the currencies a co-op may choose; ISO 4217's minor unit exponent.
const EXPONENTS: Record<string, number> = {
  JPY: 0,
  KRW: 0,
  CLP: 0,
  ISK: 0,
  VND: 0,
  UGX: 0,
  XOF: 0,
  XAF: 0,
  BHD: 3,
  KWD: 3,
  TND: 3,
  JOD: 3,
  OMR: 3,
};

export function currencyExponent(currency: string): number {
  return EXPONENTS[currency] ?? 2;
}

// Building an Intl.NumberFormat costs far more than using one: one per locale, made on first use.
const numberFormats = new Map<string, { format: Intl.NumberFormat; decimalSep: string }>();
function numberFormat(locale: string): { format: Intl.NumberFormat; decimalSep: string } {
  let entry = numberFormats.get(locale);
  if (!entry) {
    const format = new Intl.NumberFormat(locale);
    entry = { format, decimalSep: format.format(1.5).charAt(1) };
    numberFormats.set(locale, entry);
  }
  return entry;
}

/** Formats minor units for people, exactly (no float), e.g. ("123456", "EUR") → "1,234.56 EUR". */
export function formatMoney(minor: string | bigint, currency: string, locale = 'en'): string {
  const value = typeof minor === 'bigint' ? minor : BigInt(minor);
  const exp = currencyExponent(currency);
  const negative = value < 0n;
  const abs = negative ? -value : value;
  const scale = 10n ** BigInt(exp);
  const whole = abs / scale;
  const frac = abs % scale;
  const { format, decimalSep } = numberFormat(locale);
  const wholeText = format.format(whole);
  const fracText = exp > 0 ? `${decimalSep}${frac.toString().padStart(exp, '0')}` : '';
  return `${negative ? '-' : ''}${wholeText}${fracText} ${currency}`;
}

/** Formats basis points as a percentage with two decimals: 800 → "8.00%". */
export function formatBasisPoints(bps: number): string {
  return `${Math.trunc(bps / 100)}.${String(bps % 100).padStart(2, '0')}%`;
}
