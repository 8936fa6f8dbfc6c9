import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../lib/errors.ts';
import { MAX_AMOUNT, parseAmount, toDecimal } from './amounts.ts';
import { checkEntryShape, type PostEntryInput } from './post-entry.ts';

const now = new Date('2026-03-02T09:00:00Z');

function codeOf(run: () => unknown): string | null {
  try {
    run();
    return null;
  } catch (error) {
    if (error instanceof AppError) return error.code;
    throw error;
  }
}

describe('amounts', () => {
  it('parses strings of minor units exactly, up to 18 digits', () => {
    expect(parseAmount('999999999999999999', 'a')).toBe(999_999_999_999_999_999n);
    expect(parseAmount('-1250', 'a')).toBe(-1250n);
    expect(codeOf(() => parseAmount('1000000000000000000', 'a'))).toBe('AMOUNT_OUT_OF_RANGE');
    expect(codeOf(() => parseAmount('12.50', 'a'))).toBe('AMOUNT_INVALID');
    expect(codeOf(() => parseAmount('1e3', 'a'))).toBe('AMOUNT_INVALID');
  });

  it('writes decimals with the currency’s exponent, without floats', () => {
    expect(toDecimal(123456n, 'EUR')).toBe('1234.56');
    expect(toDecimal(-5n, 'EUR')).toBe('-0.05');
    expect(toDecimal(1000n, 'JPY')).toBe('1000');
    expect(toDecimal(1234n, 'KWD')).toBe('1.234');
    expect(toDecimal(MAX_AMOUNT, 'EUR')).toBe('9999999999999999.99');
  });

  it('round-trips every amount through its decimal text', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -MAX_AMOUNT, max: MAX_AMOUNT }), (minor) => {
        const text = toDecimal(minor, 'EUR');
        expect(BigInt(text.replace('.', ''))).toBe(minor);
      }),
    );
  });
});

describe('entry shape', () => {
  const base = (postings: PostEntryInput['postings']): PostEntryInput => ({
    coopId: '00000000-0000-7000-8000-000000000001',
    idempotencyKey: 'k',
    kind: 'adjustment',
    description: 'd',
    occurredAt: now,
    actorId: null,
    postings,
  });
  const amount = fc.bigInt({ min: 1n, max: 10n ** 12n });

  it('accepts any set of non-zero postings that sums to zero per currency', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(amount, fc.boolean()), { minLength: 1, maxLength: 20 }), (parts) => {
        const postings = parts.map(([a, debit]) => ({
          account: { code: '1000' },
          amount: debit ? a : -a,
          currency: 'EUR',
        }));
        const total = postings.reduce((s, p) => s + p.amount, 0n);
        if (total === 0n) return;
        postings.push({ account: { code: '4000' }, amount: -total, currency: 'EUR' });
        expect(codeOf(() => checkEntryShape(base(postings), now))).toBeNull();
      }),
    );
  });

  it('refuses any set that is off by a non-zero amount', () => {
    fc.assert(
      fc.property(fc.array(amount, { minLength: 1, maxLength: 20 }), amount, (debits, off) => {
        const total = debits.reduce((s, a) => s + a, 0n);
        const postings = [
          ...debits.map((a) => ({ account: { code: '1000' }, amount: a, currency: 'EUR' })),
          { account: { code: '4000' }, amount: -(total + off), currency: 'EUR' },
        ];
        expect(codeOf(() => checkEntryShape(base(postings), now))).toBe('ENTRY_UNBALANCED');
      }),
    );
  });
});
