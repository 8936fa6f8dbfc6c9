import { describe, expect, it } from 'vitest';
import { divTruncated, formatFixed, mulTruncated, parseFixed, scaleFor } from './decimal.ts';

describe('fixed-point decimals', () => {
  const scale = scaleFor(4);
  it('parses and formats without losing digits', () => {
    expect(parseFixed('7.2501', 4)).toBe(72501n);
    expect(parseFixed('12', 4)).toBe(120000n);
    expect(parseFixed('0.123456', 4)).toBe(1234n);
    expect(formatFixed(72501n, 4)).toBe('7.2501');
    expect(formatFixed(120000n, 4)).toBe('12');
    expect(formatFixed(5n, 4)).toBe('0.0005');
    expect(formatFixed(-15000n, 4)).toBe('-1.5');
    expect(() => parseFixed('1.2.3', 4)).toThrow();
  });

  it('truncates products and quotients toward zero', () => {
    // RCTab example: surplus 0.7499 of 8 votes gives a transfer fraction 0.0937 (0.0937375 truncated).
    expect(divTruncated(parseFixed('0.7499', 4), parseFixed('8', 4), scale)).toBe(937n);
    expect(mulTruncated(parseFixed('0.2499', 4), parseFixed('0.3999', 4), scale)).toBe(999n);
    expect(divTruncated(parseFixed('2', 4), parseFixed('3', 4), scale)).toBe(6666n);
  });
});
