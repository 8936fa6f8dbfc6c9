// Ports of the few Java library behaviours RCTab's seeded tie-breaks depend on, so that a seed gives the
// same outcome here as in RCTab: java.util.Random (48-bit LCG), Collections.shuffle, String.hashCode,
// String.compareTo and the iteration order of a small java.util.HashSet<String>.

const multiplier = 0x5deece66dn;
const addend = 0xbn;
const mask48 = (1n << 48n) - 1n;

export class JavaRandom {
  #seed: bigint;

  constructor(seed: bigint) {
    this.#seed = (BigInt.asUintN(64, seed) ^ multiplier) & mask48;
  }

  next(bits: number): number {
    this.#seed = (this.#seed * multiplier + addend) & mask48;
    return Number(BigInt.asIntN(32, this.#seed >> BigInt(48 - bits)));
  }

  nextInt(bound: number): number {
    if (!Number.isInteger(bound) || bound <= 0) throw new RangeError('bound must be positive');
    if ((bound & -bound) === bound) return Number((BigInt(bound) * BigInt(this.next(31))) >> 31n);
    for (;;) {
      const bits = this.next(31);
      const value = bits % bound;
      // Java rejects draws from the incomplete last block, detected there by int overflow.
      if (bits - value + (bound - 1) <= 0x7fffffff) return value;
    }
  }

  nextDouble(): number {
    return (this.next(26) * 2 ** 27 + this.next(27)) * 2 ** -53;
  }
}

/** java.util.Collections.shuffle(list, rnd), in place. */
export function javaShuffle<T>(list: T[], random: JavaRandom): T[] {
  for (let i = list.length; i > 1; i--) {
    const j = random.nextInt(i);
    const tmp = list[i - 1] as T;
    list[i - 1] = list[j] as T;
    list[j] = tmp;
  }
  return list;
}

/** String.compareTo: lexicographic on UTF-16 code units, which is what JS relational operators do. */
export function compareJavaStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function javaStringHashCode(text: string): number {
  let hash = 0;
  for (let i = 0; i < text.length; i++) hash = (Math.imul(31, hash) + text.charCodeAt(i)) | 0;
  return hash;
}

/**
 * The order in which a java.util.HashSet<String> filled by add() in the given order iterates: by bucket
 * ((h ^ h>>>16) & (capacity-1)), then insertion order within a bucket. Capacity starts at 16 and doubles
 * when the size passes 0.75·capacity.
 */
export function javaHashSetOrder(items: readonly string[]): string[] {
  let capacity = 16;
  while (items.length > capacity * 0.75) capacity *= 2;
  const bucketOf = (item: string) => {
    const h = javaStringHashCode(item);
    return (h ^ (h >>> 16)) & (capacity - 1);
  };
  return items
    .map((item, index) => ({ item, index, bucket: bucketOf(item) }))
    .sort((a, b) => a.bucket - b.bucket || a.index - b.index)
    .map((entry) => entry.item);
}
