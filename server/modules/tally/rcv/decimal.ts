// Fixed-point decimals on bigint: a value v with `dp` places is stored as v·10^dp. Multiplication and
// division truncate toward zero, as RCTab's vote arithmetic does (BigDecimal with RoundingMode.DOWN).

export function scaleFor(decimalPlaces: number): bigint {
  return 10n ** BigInt(decimalPlaces);
}

/** Truncated product of two fixed-point numbers with the same scale. */
export function mulTruncated(a: bigint, b: bigint, scale: bigint): bigint {
  return (a * b) / scale;
}

/** Truncated quotient of two fixed-point numbers with the same scale; b must not be zero. */
export function divTruncated(a: bigint, b: bigint, scale: bigint): bigint {
  return (a * scale) / b;
}

const decimalPattern = /^([+-]?)(\d*)(?:\.(\d*))?$/;

/** Parses "12", "12.345", ".5" into fixed point, truncating digits beyond `decimalPlaces`. */
export function parseFixed(text: string, decimalPlaces: number): bigint {
  const match = decimalPattern.exec(text.trim());
  if (!match || (match[2] === '' && (match[3] ?? '') === ''))
    throw new Error(`not a decimal number: "${text}"`);
  const whole = match[2] || '0';
  const fraction = (match[3] ?? '').slice(0, decimalPlaces).padEnd(decimalPlaces, '0');
  const magnitude = BigInt(whole) * scaleFor(decimalPlaces) + (decimalPlaces > 0 ? BigInt(fraction) : 0n);
  return match[1] === '-' ? -magnitude : magnitude;
}

/** Formats a fixed-point number as a plain decimal string without trailing fractional zeros. */
export function formatFixed(value: bigint, decimalPlaces: number): string {
  const negative = value < 0n;
  const digits = (negative ? -value : value).toString().padStart(decimalPlaces + 1, '0');
  const whole = digits.slice(0, digits.length - decimalPlaces);
  const fraction = digits.slice(digits.length - decimalPlaces).replace(/0+$/, '');
  return (negative ? '-' : '') + whole + (fraction ? `.${fraction}` : '');
}
