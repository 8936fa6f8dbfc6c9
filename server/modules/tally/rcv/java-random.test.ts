import { describe, expect, it } from 'vitest';
import {
  compareJavaStrings,
  JavaRandom,
  javaHashSetOrder,
  javaShuffle,
  javaStringHashCode,
} from './java-random.ts';

// Reference values are what the JDK returns for the same calls.
describe('java.util.Random port', () => {
  it('reproduces nextInt() and nextDouble() for known seeds', () => {
    expect(new JavaRandom(0n).next(32)).toBe(-1155484576);
    expect(new JavaRandom(42n).next(32)).toBe(-1170105035);
    const random = new JavaRandom(1n);
    expect(random.nextDouble()).toBe(0.7308781907032909);
    expect(random.nextDouble()).toBe(0.41008081149220166);
    expect(new JavaRandom(0n).nextInt(10)).toBe(0);
  });

  it('keeps nextInt(bound) within the bound, for powers of two and others', () => {
    const random = new JavaRandom(7n);
    for (const bound of [1, 2, 3, 16, 17, 1000, 2 ** 30 + 1]) {
      for (let i = 0; i < 50; i++) {
        const v = random.nextInt(bound);
        expect(v >= 0 && v < bound && Number.isInteger(v)).toBe(true);
      }
    }
  });

  it('shuffles deterministically into a permutation', () => {
    const a = javaShuffle(['A', 'B', 'C', 'D', 'E'], new JavaRandom(3n));
    const b = javaShuffle(['A', 'B', 'C', 'D', 'E'], new JavaRandom(3n));
    expect(a).toEqual(b);
    expect([...a].sort()).toEqual(['A', 'B', 'C', 'D', 'E']);
  });
});

describe('Java string behaviour', () => {
  it('hashes like String.hashCode', () => {
    expect(javaStringHashCode('hello')).toBe(99162322);
    expect(javaStringHashCode('Aa')).toBe(javaStringHashCode('BB'));
    expect(javaStringHashCode('')).toBe(0);
  });

  it('orders by UTF-16 code units like String.compareTo', () => {
    expect(['b', 'B', 'a', 'Undeclared Write-ins', 'exhausted'].sort(compareJavaStrings)).toEqual([
      'B',
      'Undeclared Write-ins',
      'a',
      'b',
      'exhausted',
    ]);
  });

  it('iterates a small HashSet by bucket, then insertion order', () => {
    // "Aa" and "BB" both hash to 2112 (bucket 0); a single letter lands in bucket (code & 15): A and Q in 1, C in 3.
    expect(javaHashSetOrder(['C', 'BB', 'Aa', 'Q', 'A'])).toEqual(['BB', 'Aa', 'Q', 'A', 'C']);
  });
});
