import { currencyExponent } from '../../../../contracts/money.ts';

/**
 * Minor units from an amount a person typed ("15", "15.5", "15,50", "1 250.00"), exactly, or null
 * when it is not a plain amount above zero with at most the currency's decimals.
 */
export function parseTypedAmount(text: string, currency: string): string | null {
  const exp = currencyExponent(currency);
  const compact = text.trim().replace(/[\s\u00a0\u202f]/g, '');
  const match = /^(\d{1,15})(?:[.,](\d+))?$/.exec(compact);
  if (!match) return null;
  const fraction = match[2] ?? '';
  if (fraction.length > exp) return null;
  const minor = BigInt(match[1] ?? '0') * 10n ** BigInt(exp) + BigInt(fraction.padEnd(exp, '0') || '0');
  return minor > 0n ? minor.toString() : null;
}

/** A signed amount in minor units as debit and credit cells: "1250" → ["1250", null]. */
export function debitCredit(minor: string): { debit: string | null; credit: string | null } {
  const value = BigInt(minor);
  if (value > 0n) return { debit: value.toString(), credit: null };
  if (value < 0n) return { debit: null, credit: (-value).toString() };
  return { debit: null, credit: null };
}
