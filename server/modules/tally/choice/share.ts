import type { Rational } from '../rational.ts';
import * as Q from '../rational.ts';
import { TallyError } from './errors.ts';

/** A share of a whole: a Rational, or text such as "2/3", "0.5", "50%", or a JSON number such as 0.25. */
export type Share = Rational | string | number;

/** Exact value with a rounded decimal beside it, for display. */
export type Fraction = { exact: Rational; decimal: string };

export function fraction(value: Rational, places = 4): Fraction {
  return { exact: value, decimal: Q.toDecimalString(value, places) };
}

export function percent(value: Rational, places = 2): string {
  return `${Q.toDecimalString(Q.mul(value, Q.rational(100)), places)}%`;
}

export function parseShare(input: Share, field: string): Rational {
  let value: Rational;
  try {
    if (Q.isRational(input)) value = input;
    else if (typeof input === 'number') value = Q.parse(String(input));
    else {
      const text = input.trim();
      value = text.endsWith('%') ? Q.div(Q.parse(text.slice(0, -1)), Q.rational(100)) : Q.parse(text);
    }
  } catch {
    throw new TallyError(
      'INVALID_SHARE',
      `${field}: "${String(input)}" is not a share (try "1/2", "0.5" or "50%")`,
      field,
    );
  }
  if (Q.compare(value, Q.ZERO) < 0 || Q.compare(value, Q.ONE) > 0) {
    throw new TallyError('INVALID_SHARE', `${field}: a share must be between 0 and 1`, field);
  }
  return value;
}

/**
 * A threshold is a share of yes among the votes that count, and whether reaching it exactly is enough.
 * "majority" means more than half (RONR: 500 of 1000 is not a majority); "two-thirds" and the others
 * mean at least that share, so two-thirds passes when yes ≥ 2 × no.
 */
export type Threshold = { share: Rational; inclusive: boolean };
export type ThresholdInput =
  | 'majority'
  | 'two-thirds'
  | 'three-quarters'
  | 'unanimous'
  | string
  | { share: Share; inclusive: boolean };

export function parseThreshold(input: ThresholdInput, field: string): Threshold {
  if (typeof input === 'object') return { share: parseShare(input.share, field), inclusive: input.inclusive };
  const text = input.trim();
  switch (text) {
    case 'majority':
      return { share: Q.rational(1, 2), inclusive: false };
    case 'two-thirds':
      return { share: Q.rational(2, 3), inclusive: true };
    case 'three-quarters':
      return { share: Q.rational(3, 4), inclusive: true };
    case 'unanimous':
      return { share: Q.ONE, inclusive: true };
  }
  const m = /^(>=|≥|>)?\s*(.+)$/.exec(text)!;
  return { share: parseShare(m[2]!, field), inclusive: m[1] !== '>' };
}

export function describeThreshold(t: Threshold): string {
  return `${t.inclusive ? 'at least' : 'more than'} ${Q.toString(t.share)}`;
}

/** Whether `part / whole` reaches the threshold; nothing reaches it when `whole` is zero. */
export function meetsThreshold(part: Rational, whole: Rational, t: Threshold): boolean {
  if (Q.isZero(whole)) return false;
  const c = Q.compare(Q.div(part, whole), t.share);
  return t.inclusive ? c >= 0 : c > 0;
}
