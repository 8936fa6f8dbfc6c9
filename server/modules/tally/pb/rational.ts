// Exact arithmetic for the counting rules. Every comparison that can change an outcome (who can afford a
// project, which project is cheapest per unit of satisfaction, whether a set overspends) is made on
// bigint fractions, never on floats: two ratios that differ in the 17th digit must still compare right.

export type Rational = { readonly num: bigint; readonly den: bigint };

export const ZERO: Rational = { num: 0n, den: 1n };
export const ONE: Rational = { num: 1n, den: 1n };

function gcd(a: bigint, b: bigint): bigint {
  let x = a < 0n ? -a : a;
  let y = b < 0n ? -b : b;
  while (y !== 0n) {
    const t = x % y;
    x = y;
    y = t;
  }
  return x;
}

export function rational(num: bigint, den = 1n): Rational {
  if (den === 0n) throw new RangeError('division by zero');
  if (den < 0n) {
    num = -num;
    den = -den;
  }
  if (den === 1n) return { num, den };
  const g = gcd(num, den);
  return g === 1n ? { num, den } : { num: num / g, den: den / g };
}

export function fromInteger(value: bigint | number): Rational {
  return { num: BigInt(value), den: 1n };
}

export function add(a: Rational, b: Rational): Rational {
  if (a.den === b.den) return rational(a.num + b.num, a.den);
  return rational(a.num * b.den + b.num * a.den, a.den * b.den);
}

export function sub(a: Rational, b: Rational): Rational {
  if (a.den === b.den) return rational(a.num - b.num, a.den);
  return rational(a.num * b.den - b.num * a.den, a.den * b.den);
}

export function mul(a: Rational, b: Rational): Rational {
  return rational(a.num * b.num, a.den * b.den);
}

export function mulInt(a: Rational, k: bigint): Rational {
  return rational(a.num * k, a.den);
}

export function div(a: Rational, b: Rational): Rational {
  if (b.num === 0n) throw new RangeError('division by zero');
  return rational(a.num * b.den, a.den * b.num);
}

export function divInt(a: Rational, k: bigint): Rational {
  if (k === 0n) throw new RangeError('division by zero');
  return rational(a.num, a.den * k);
}

export function compare(a: Rational, b: Rational): -1 | 0 | 1 {
  const left = a.num * b.den;
  const right = b.num * a.den;
  return left < right ? -1 : left > right ? 1 : 0;
}

export function isZero(a: Rational): boolean {
  return a.num === 0n;
}

export function isPositive(a: Rational): boolean {
  return a.num > 0n;
}

export function floor(a: Rational): bigint {
  const q = a.num / a.den;
  return a.num < 0n && q * a.den !== a.num ? q - 1n : q;
}

// For people and JSON: a decimal string rounded half away from zero to `digits` places, with trailing
// zeros removed ("1/3" → "0.333333", "5/2" → "2.5").
export function toDecimalString(a: Rational, digits = 6): string {
  const negative = a.num < 0n;
  const abs = negative ? -a.num : a.num;
  const scale = 10n ** BigInt(digits);
  const scaled = (abs * scale * 2n + a.den) / (2n * a.den);
  const text = formatScaled(scaled, digits);
  return negative && scaled !== 0n ? `-${text}` : text;
}

const decimalPattern = /^([0-9]*)(?:\.([0-9]*))?(?:[eE]([+-]?[0-9]+))?$/;

// Parses a non-negative decimal ("125000", "0.9", "1.09", "2.5e3") exactly, as units × 10^-scale.
export function parseDecimal(text: string): { units: bigint; scale: number } | null {
  const match = decimalPattern.exec(text.trim());
  if (!match) return null;
  const whole = match[1] ?? '';
  const fraction = match[2] ?? '';
  if (whole === '' && fraction === '') return null;
  const exponent = match[3] ? Number.parseInt(match[3], 10) : 0;
  if (!Number.isSafeInteger(exponent) || Math.abs(exponent) > 100) return null;
  let digits = `${whole}${fraction}`.replace(/^0+(?=.)/, '');
  let scale = fraction.length - exponent;
  if (scale < 0) {
    digits += '0'.repeat(-scale);
    scale = 0;
  }
  // Drop trailing zeros after the point so "4.0" and "4" have the same scale.
  while (scale > 0 && digits.length > 1 && digits.endsWith('0')) {
    digits = digits.slice(0, -1);
    scale -= 1;
  }
  return { units: BigInt(digits === '' ? '0' : digits), scale };
}

export function decimalToRational(text: string): Rational | null {
  const parsed = parseDecimal(text);
  return parsed ? rational(parsed.units, 10n ** BigInt(parsed.scale)) : null;
}

// Integer units at a given number of decimal places back to text: (39n, 1) → "3.9".
export function formatScaled(units: bigint, scale: number): string {
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString().padStart(scale + 1, '0');
  const whole = digits.slice(0, digits.length - scale);
  const fraction = digits.slice(digits.length - scale).replace(/0+$/, '');
  return `${negative ? '-' : ''}${whole}${fraction ? `.${fraction}` : ''}`;
}

// The nearest double (within a few ulps), also for numerators and denominators beyond 2^1024.
export function toFloat(a: Rational): number {
  const negative = a.num < 0n;
  let num = negative ? -a.num : a.num;
  let den = a.den;
  const bits = Math.max(num.toString(16).length, den.toString(16).length) * 4;
  if (bits > 1000) {
    const shift = BigInt(bits - 1000);
    num >>= shift;
    den >>= shift;
    if (den === 0n) return negative ? -Infinity : Infinity;
  }
  const value = Number(num) / Number(den);
  return negative ? -value : value;
}
