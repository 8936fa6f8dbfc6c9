import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  cancellationSplit,
  divideHalfEven,
  floorPrice,
  isLateCancellation,
  meetsFloor,
  priceBreakdown,
  settlementSplit,
  subtotalOf,
} from './pricing.ts';

describe('money of a booking', () => {
  it('rounds half to even', () => {
    expect(divideHalfEven(5n, 2n)).toBe(2n);
    expect(divideHalfEven(7n, 2n)).toBe(4n);
    expect(divideHalfEven(26n, 10n)).toBe(3n);
    expect(divideHalfEven(24n, 10n)).toBe(2n);
    expect(divideHalfEven(25n, 10n)).toBe(2n);
    expect(divideHalfEven(35n, 10n)).toBe(4n);
  });

  it('prices hourly and fixed work with the fee on top', () => {
    // 15.00/h for 2 h 30 min = 37.50; fee 8 % = 3.00; total 40.50.
    expect(subtotalOf('hourly', 1500n, 150)).toBe(3750n);
    expect(priceBreakdown(3750n, 800)).toEqual({ subtotal: 3750n, fee: 300n, total: 4050n });
    // 0.125 of a cent rounds to even: 1 × 1250 bps = 0.125 → 0; 12.5 cents → 12.
    expect(priceBreakdown(1n, 1250).fee).toBe(0n);
    expect(priceBreakdown(100n, 1250).fee).toBe(12n);
    expect(priceBreakdown(300n, 1250).fee).toBe(38n);
    // 13.33…/h for 20 minutes = 4.4433… → 444.
    expect(subtotalOf('hourly', 1333n, 20)).toBe(444n);
    expect(subtotalOf('fixed', 8000n, 45)).toBe(8000n);
  });

  it('settlement and cancellation parts always sum to the whole (property)', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 1n, max: 10n ** 12n }),
        fc.integer({ min: 0, max: 10_000 }),
        fc.integer({ min: 0, max: 10_000 }),
        fc.boolean(),
        (subtotal, feeBps, cancelFeeBps, late) => {
          const p = priceBreakdown(subtotal, feeBps);
          expect(p.total).toBe(p.subtotal + p.fee);
          const s = settlementSplit(p.total, p.fee);
          expect(s.worker + s.platform).toBe(p.total);
          expect(s.worker).toBe(subtotal);
          const c = cancellationSplit({ total: p.total, fee: p.fee, cancelFeeBps, late });
          expect(c.platform + c.worker).toBe(c.cancellationFee);
          expect(c.cancellationFee + c.refund).toBe(p.total);
          expect(c.platform).toBeGreaterThanOrEqual(0n);
          expect(c.worker).toBeGreaterThanOrEqual(0n);
          if (!late) expect(c.refund).toBe(p.total);
        },
      ),
    );
  });

  it('charges the cancellation fee only inside the window', () => {
    const start = new Date('2026-03-10T10:00:00Z');
    expect(isLateCancellation(start, new Date('2026-03-09T10:00:00Z'), 24)).toBe(false);
    expect(isLateCancellation(start, new Date('2026-03-09T10:00:01Z'), 24)).toBe(true);
    expect(cancellationSplit({ total: 4050n, fee: 300n, cancelFeeBps: 5000, late: true })).toEqual({
      cancellationFee: 2025n,
      platform: 150n,
      worker: 1875n,
      refund: 2025n,
    });
  });

  it('checks the pay floor for hourly and fixed prices', () => {
    expect(meetsFloor('hourly', 1500n, 60, 1500n)).toBe(true);
    expect(meetsFloor('hourly', 1499n, 60, 1500n)).toBe(false);
    // A fixed 20.00 for at least 90 minutes pays 13.33/h: below a 15.00 floor.
    expect(meetsFloor('fixed', 2000n, 90, 1500n)).toBe(false);
    expect(meetsFloor('fixed', 2250n, 90, 1500n)).toBe(true);
    expect(floorPrice(1300n, 30)).toBe(650n);
    expect(floorPrice(1333n, 20)).toBe(445n);
  });
});
