import { currencyExponent } from '../../../contracts/money.ts';
import { AppError } from '../../lib/errors.ts';

// Amounts are integer minor units (docs/decisions/0003-money.md). One amount stays below 10^18 so
// that it fits 18 digits and a few of them still fit PostgreSQL's bigint (about 9.2 * 10^18).
export const MAX_AMOUNT = 10n ** 18n - 1n;

export const CURRENCY = /^[A-Z]{3}$/;

/** Parses a string of minor units from the API; anything but an integer in range is refused with 422. */
export function parseAmount(text: string, field: string): bigint {
  if (!/^-?\d{1,40}$/.test(text)) {
    throw new AppError('rule', 'AMOUNT_INVALID', 'An amount is a whole number of minor units, e.g. "1250".', {
      field,
    });
  }
  return checkAmountRange(BigInt(text), field);
}

export function checkAmountRange(amount: bigint, field: string): bigint {
  if (amount > MAX_AMOUNT || amount < -MAX_AMOUNT) {
    throw new AppError(
      'rule',
      'AMOUNT_OUT_OF_RANGE',
      `Amounts are limited to ${MAX_AMOUNT.toString().length} digits of minor units.`,
      { field },
    );
  }
  return amount;
}

export function checkCurrency(currency: string, field: string): string {
  if (!CURRENCY.test(currency)) {
    throw new AppError('rule', 'CURRENCY_INVALID', 'A currency is an ISO 4217 code such as EUR.', { field });
  }
  return currency;
}

/** Exact decimal text of minor units in major units, e.g. (-123456n, 'EUR') → "-1234.56". */
export function toDecimal(minor: bigint, currency: string): string {
  const exp = currencyExponent(currency);
  const negative = minor < 0n;
  const abs = negative ? -minor : minor;
  if (exp === 0) return `${negative ? '-' : ''}${abs}`;
  const scale = 10n ** BigInt(exp);
  return `${negative ? '-' : ''}${abs / scale}.${(abs % scale).toString().padStart(exp, '0')}`;
}

/** Reads a money value the database returned as text (every money column is read `::text`, because
 * PGlite returns bigint as a JavaScript number and would round it above 2^53). */
export function money(value: unknown): bigint {
  if (typeof value === 'bigint') return value;
  if (typeof value === 'string' && /^-?\d+$/.test(value)) return BigInt(value);
  if (value === null || value === undefined) return 0n;
  throw new TypeError(`not a money value read as text: ${String(value)}`);
}
