import { currencyExponent } from '../../../../contracts/money.ts';

// Amounts people type ("15", "15.5", "15,50") as minor units, and back, exactly (no floats).

/** Minor units from a typed amount, or null when it is not a plain non-negative amount. */
export function parseAmount(text: string, currency: string): string | null {
  const exp = currencyExponent(currency);
  const trimmed = text.trim().replace(/\s/g, '');
  const match = /^(\d{1,12})(?:[.,](\d*))?$/.exec(trimmed);
  if (!match) return null;
  const fraction = match[2] ?? '';
  if (fraction.length > exp) return null;
  const minor = BigInt(match[1] ?? '0') * 10n ** BigInt(exp) + BigInt(fraction.padEnd(exp, '0') || '0');
  return minor.toString();
}

/** Minor units as a plain amount to edit, e.g. "1500" EUR → "15.00". */
export function amountText(minor: string, currency: string): string {
  const exp = currencyExponent(currency);
  const value = BigInt(minor);
  if (exp === 0) return value.toString();
  const scale = 10n ** BigInt(exp);
  return `${value / scale}.${(value % scale).toString().padStart(exp, '0')}`;
}
