// Exact rational numbers on bigint. Every tally that divides (shares, weighted classes, Borda averages,
// equal shares) uses these, so a result never depends on floating-point rounding.
// A Rational is always normalised: den > 0 and gcd(|num|, den) = 1, so structural equality is equality.

export type Rational = { readonly num: bigint; readonly den: bigint };

/** Greatest common divisor of two integers (never negative). */
export function gcd(a: bigint, b: bigint): bigint {
  let x = a < 0n ? -a : a;
  let y = b < 0n ? -b : b;
  while (y !== 0n) {
    const t = x % y;
    x = y;
    y = t;
  }
  return x;
}

/** Least common multiple of two positive integers. */
export function lcm(a: bigint, b: bigint): bigint {
  return (a / gcd(a, b)) * b;
}

function toBigInt(value: bigint | number, what: string): bigint {
  if (typeof value === 'bigint') return value;
  if (!Number.isSafeInteger(value)) throw new RangeError(`${what} must be a safe integer, got ${value}`);
  return BigInt(value);
}

export function rational(num: bigint | number, den: bigint | number = 1n): Rational {
  let n = toBigInt(num, 'numerator');
  let d = toBigInt(den, 'denominator');
  if (d === 0n) throw new RangeError('denominator must not be zero');
  if (d < 0n) {
    n = -n;
    d = -d;
  }
  const g = gcd(n, d);
  return g === 1n ? { num: n, den: d } : { num: n / g, den: d / g };
}

export const ZERO: Rational = { num: 0n, den: 1n };
export const ONE: Rational = { num: 1n, den: 1n };

export function isRational(value: unknown): value is Rational {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Rational).num === 'bigint' &&
    typeof (value as Rational).den === 'bigint'
  );
}

export function add(a: Rational, b: Rational): Rational {
  if (a.den === b.den) return rational(a.num + b.num, a.den);
  return rational(a.num * b.den + b.num * a.den, a.den * b.den);
}

export function sub(a: Rational, b: Rational): Rational {
  return add(a, neg(b));
}

export function neg(a: Rational): Rational {
  return { num: -a.num, den: a.den };
}

export function mul(a: Rational, b: Rational): Rational {
  return rational(a.num * b.num, a.den * b.den);
}

export function div(a: Rational, b: Rational): Rational {
  if (b.num === 0n) throw new RangeError('division by zero');
  return rational(a.num * b.den, a.den * b.num);
}

export function sum(values: Iterable<Rational>): Rational {
  let total = ZERO;
  for (const v of values) total = add(total, v);
  return total;
}

/** -1, 0 or 1, like a sort comparator. */
export function compare(a: Rational, b: Rational): -1 | 0 | 1 {
  const left = a.num * b.den;
  const right = b.num * a.den;
  return left < right ? -1 : left > right ? 1 : 0;
}

export function equals(a: Rational, b: Rational): boolean {
  return a.num === b.num && a.den === b.den;
}

export function isZero(a: Rational): boolean {
  return a.num === 0n;
}

export function min(a: Rational, b: Rational): Rational {
  return compare(a, b) <= 0 ? a : b;
}

export function max(a: Rational, b: Rational): Rational {
  return compare(a, b) >= 0 ? a : b;
}

/** Largest integer ≤ a. */
export function floor(a: Rational): bigint {
  const q = a.num / a.den; // truncates toward zero
  return a.num < 0n && q * a.den !== a.num ? q - 1n : q;
}

/** Smallest integer ≥ a. */
export function ceil(a: Rational): bigint {
  return -floor(neg(a));
}

/** "3", "-3/4". */
// biome-ignore lint/suspicious/noShadowRestrictedNames: read as Q.toString through a namespace import
export function toString(a: Rational): string {
  return a.den === 1n ? a.num.toString() : `${a.num}/${a.den}`;
}

/**
 * Decimal text with exactly `places` digits after the point, rounded half away from zero
 * (2/3 → "0.67", -1/8 at 2 places → "-0.13"). For display only: counting never uses it.
 */
export function toDecimalString(a: Rational, places: number): string {
  if (!Number.isInteger(places) || places < 0) throw new RangeError('places must be a non-negative integer');
  const negative = a.num < 0n;
  const n = negative ? -a.num : a.num;
  const scale = 10n ** BigInt(places);
  const scaled = n * scale;
  let q = scaled / a.den;
  if ((scaled % a.den) * 2n >= a.den) q += 1n;
  let digits = q.toString();
  if (places > 0) {
    digits = digits.padStart(places + 1, '0');
    digits = `${digits.slice(0, -places)}.${digits.slice(-places)}`;
  }
  return negative && q !== 0n ? `-${digits}` : digits;
}

/** Reads "7", "-3/4", "0.125", "-2.5". Throws on anything else. */
export function parse(text: string): Rational {
  const t = text.trim();
  let m = /^([+-]?\d+)\s*\/\s*(\d+)$/.exec(t);
  if (m) {
    if (BigInt(m[2]!) === 0n) throw new RangeError(`"${text}" has a zero denominator`);
    return rational(BigInt(m[1]!), BigInt(m[2]!));
  }
  m = /^([+-]?)(\d+)(?:\.(\d+))?$/.exec(t);
  if (m) {
    const fraction = m[3] ?? '';
    const value = rational(BigInt(`${m[2]}${fraction}`), 10n ** BigInt(fraction.length));
    return m[1] === '-' ? neg(value) : value;
  }
  throw new RangeError(`"${text}" is not a number or fraction`);
}
