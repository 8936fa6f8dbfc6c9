import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as Q from './rational.ts';

const big = fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n });
const nonZero = big.filter((b) => b !== 0n);
const rat = fc.tuple(big, nonZero).map(([n, d]) => Q.rational(n, d));
const nonZeroRat = fc.tuple(nonZero, nonZero).map(([n, d]) => Q.rational(n, d));

function gcd(a: bigint, b: bigint): bigint {
  let x = a < 0n ? -a : a;
  let y = b < 0n ? -b : b;
  while (y) [x, y] = [y, x % y];
  return x;
}

describe('rational', () => {
  it('normalises sign and common factors', () => {
    expect(Q.rational(6, -8)).toEqual({ num: -3n, den: 4n });
    expect(Q.rational(0, -5)).toEqual({ num: 0n, den: 1n });
    expect(() => Q.rational(1, 0)).toThrow(RangeError);
    expect(() => Q.rational(0.5)).toThrow(RangeError);
  });

  it('keeps every result normalised', () => {
    fc.assert(
      fc.property(rat, rat, (a, b) => {
        for (const r of [Q.add(a, b), Q.sub(a, b), Q.mul(a, b)]) {
          expect(r.den > 0n).toBe(true);
          expect(gcd(r.num, r.den)).toBe(r.num === 0n ? r.den : 1n);
        }
      }),
    );
  });

  it('obeys the field laws', () => {
    fc.assert(
      fc.property(rat, rat, rat, (a, b, c) => {
        expect(Q.add(a, b)).toEqual(Q.add(b, a));
        expect(Q.mul(a, b)).toEqual(Q.mul(b, a));
        expect(Q.add(Q.add(a, b), c)).toEqual(Q.add(a, Q.add(b, c)));
        expect(Q.mul(Q.mul(a, b), c)).toEqual(Q.mul(a, Q.mul(b, c)));
        expect(Q.mul(a, Q.add(b, c))).toEqual(Q.add(Q.mul(a, b), Q.mul(a, c)));
        expect(Q.add(a, Q.ZERO)).toEqual(a);
        expect(Q.mul(a, Q.ONE)).toEqual(a);
        expect(Q.sub(a, a)).toEqual(Q.ZERO);
      }),
    );
  });

  it('divides as the inverse of multiplying', () => {
    fc.assert(
      fc.property(rat, nonZeroRat, (a, b) => {
        expect(Q.mul(Q.div(a, b), b)).toEqual(a);
        expect(Q.div(b, b)).toEqual(Q.ONE);
      }),
    );
    expect(() => Q.div(Q.ONE, Q.ZERO)).toThrow(RangeError);
  });

  it('compares consistently with subtraction and is a total order', () => {
    fc.assert(
      fc.property(rat, rat, rat, (a, b, c) => {
        const d = Q.sub(a, b);
        expect(Q.compare(a, b)).toBe(d.num < 0n ? -1 : d.num > 0n ? 1 : 0);
        expect(Q.compare(a, b)).toBe(-Q.compare(b, a) || 0);
        if (Q.compare(a, b) <= 0 && Q.compare(b, c) <= 0) expect(Q.compare(a, c)).toBeLessThanOrEqual(0);
        expect(Q.equals(a, b)).toBe(Q.compare(a, b) === 0);
      }),
    );
  });

  it('floors and ceils around the value', () => {
    fc.assert(
      fc.property(rat, (a) => {
        const f = Q.rational(Q.floor(a));
        const c = Q.rational(Q.ceil(a));
        expect(Q.compare(f, a)).toBeLessThanOrEqual(0);
        expect(Q.compare(Q.add(f, Q.ONE), a)).toBe(1);
        expect(Q.compare(c, a)).toBeGreaterThanOrEqual(0);
        expect(Q.compare(Q.sub(c, Q.ONE), a)).toBe(-1);
      }),
    );
    expect(Q.floor(Q.rational(-7, 2))).toBe(-4n);
    expect(Q.ceil(Q.rational(-7, 2))).toBe(-3n);
  });

  it('prints fractions and reads them back', () => {
    expect(Q.toString(Q.rational(2, 3))).toBe('2/3');
    expect(Q.toString(Q.rational(-4, 2))).toBe('-2');
    fc.assert(
      fc.property(rat, (a) => {
        expect(Q.parse(Q.toString(a))).toEqual(a);
      }),
    );
    expect(Q.parse('0.125')).toEqual(Q.rational(1, 8));
    expect(Q.parse('-2.5')).toEqual(Q.rational(-5, 2));
    expect(() => Q.parse('1/0')).toThrow(RangeError);
    expect(() => Q.parse('abc')).toThrow(RangeError);
  });

  it('rounds decimals half away from zero', () => {
    expect(Q.toDecimalString(Q.rational(2, 3), 2)).toBe('0.67');
    expect(Q.toDecimalString(Q.rational(1, 3), 4)).toBe('0.3333');
    expect(Q.toDecimalString(Q.rational(-1, 8), 2)).toBe('-0.13');
    expect(Q.toDecimalString(Q.rational(1, 8), 2)).toBe('0.13');
    expect(Q.toDecimalString(Q.rational(-1, 1000), 2)).toBe('0.00');
    expect(Q.toDecimalString(Q.rational(41, 1), 0)).toBe('41');
    expect(Q.toDecimalString(Q.rational(7, 2), 0)).toBe('4');
    expect(Q.toDecimalString(Q.rational(5, 1), 3)).toBe('5.000');
  });

  it('prints decimals within half a unit of the last place', () => {
    fc.assert(
      fc.property(rat, fc.integer({ min: 0, max: 12 }), (a, places) => {
        const printed = Q.parse(Q.toDecimalString(a, places));
        const error = Q.sub(printed, a);
        const abs = error.num < 0n ? Q.neg(error) : error;
        expect(Q.compare(abs, Q.rational(1n, 2n * 10n ** BigInt(places)))).toBeLessThanOrEqual(0);
      }),
    );
  });
});
