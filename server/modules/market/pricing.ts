// Prices, fees and splits in integer minor units (docs/decisions/0006-booking-integrity-and-money-split.md).
// Rounding happens in exactly one place per amount, half-even to the minor unit; every split
// is "one part rounded, the other the remainder", so the parts always sum to the whole.

export type Pricing = 'hourly' | 'fixed';

/** numerator / denominator rounded half to even; both non-negative, denominator positive. */
export function divideHalfEven(numerator: bigint, denominator: bigint): bigint {
  if (numerator < 0n || denominator <= 0n) throw new RangeError('divideHalfEven takes non-negative values');
  const q = numerator / denominator;
  const r = numerator % denominator;
  const twice = 2n * r;
  if (twice > denominator) return q + 1n;
  if (twice < denominator) return q;
  return q % 2n === 0n ? q : q + 1n;
}

export type PriceBreakdown = {
  /** What the worker charges: rate × hours (hourly) or the fixed price. */
  subtotal: bigint;
  /** The platform fee at the constitution's rate, on top of the subtotal. */
  fee: bigint;
  /** What the customer pays. */
  total: bigint;
};

/** The subtotal of a booking: hourly rate × minutes / 60 (half-even), or the fixed price. */
export function subtotalOf(pricing: Pricing, rate: bigint, durationMinutes: number): bigint {
  return pricing === 'hourly' ? divideHalfEven(rate * BigInt(durationMinutes), 60n) : rate;
}

/** The fee is added to the worker's price, so the worker earns their whole rate and the floor holds. */
export function priceBreakdown(subtotal: bigint, feeBps: number): PriceBreakdown {
  const fee = divideHalfEven(subtotal * BigInt(feeBps), 10_000n);
  return { subtotal, fee, total: subtotal + fee };
}

/** Settlement: clearing holds `total`; the platform keeps `fee`, the worker gets the remainder. */
export function settlementSplit(total: bigint, fee: bigint): { worker: bigint; platform: bigint } {
  return { worker: total - fee, platform: fee };
}

/**
 * A cancellation of a paid booking. Inside the free window nothing is kept. Later, the
 * cancellation fee is `cancelFeeBps` of the total (half-even), split between platform and worker in
 * the booking's own proportion (platform part half-even, the worker the remainder); the rest is refunded.
 */
export function cancellationSplit(input: {
  total: bigint;
  fee: bigint;
  cancelFeeBps: number;
  late: boolean;
}): { cancellationFee: bigint; platform: bigint; worker: bigint; refund: bigint } {
  const cancellationFee = input.late ? divideHalfEven(input.total * BigInt(input.cancelFeeBps), 10_000n) : 0n;
  const platform = input.total === 0n ? 0n : divideHalfEven(cancellationFee * input.fee, input.total);
  return {
    cancellationFee,
    platform,
    worker: cancellationFee - platform,
    refund: input.total - cancellationFee,
  };
}

/** Whether a cancellation at `at` is late: within the window before the start. */
export function isLateCancellation(startsAt: Date, at: Date, windowHours: number): boolean {
  return startsAt.getTime() - at.getTime() < windowHours * 3_600_000;
}

/**
 * The pay floor: an hourly rate may not be below the category's minimum hourly rate; a fixed price
 * may not pay less than the minimum rate for the minimum duration it covers.
 */
export function meetsFloor(
  pricing: Pricing,
  rate: bigint,
  minDurationMinutes: number,
  floor: bigint,
): boolean {
  return pricing === 'hourly' ? rate >= floor : rate * 60n >= floor * BigInt(minDurationMinutes);
}

/** The lowest price allowed for a fixed-price job of this duration, rounded up to the minor unit. */
export function floorPrice(floor: bigint, durationMinutes: number): bigint {
  const n = floor * BigInt(durationMinutes);
  return (n + 59n) / 60n;
}
