import { type EncodedBallots, EXPLICIT_OVERVOTE, type RankedBallot, RankedChoiceError } from './types.ts';

/** Candidate code for an explicit overvote mark in EncodedBallots. */
export const OVERVOTE_CODE = -1;
const maxRank = 0xffff;

/**
 * Accumulates ballots into the columnar EncodedBallots form without building an object per ballot.
 * Marks of one ballot may come in any order; endBallot() sorts them by rank and drops exact repeats.
 */
export class BallotBuilder {
  #start: Uint32Array;
  #rank: Uint16Array;
  #candidate: Int32Array;
  #count: Uint32Array;
  #ballots = 0;
  #marks = 0;
  #ballotStart = 0;
  #anyCount = false;

  constructor(expectedBallots = 1024, expectedMarksPerBallot = 3) {
    this.#start = new Uint32Array(expectedBallots + 1);
    this.#count = new Uint32Array(expectedBallots);
    this.#rank = new Uint16Array(expectedBallots * expectedMarksPerBallot);
    this.#candidate = new Int32Array(expectedBallots * expectedMarksPerBallot);
  }

  get ballotCount(): number {
    return this.#ballots;
  }

  addMark(rank: number, candidate: number): void {
    if (!Number.isInteger(rank) || rank < 1 || rank > maxRank) {
      throw new RankedChoiceError('BAD_RANK', `rank ${rank} is not a whole number from 1 to ${maxRank}`);
    }
    if (this.#marks === this.#rank.length) {
      const size = this.#rank.length * 2 + 16;
      const rank2 = new Uint16Array(size);
      rank2.set(this.#rank);
      this.#rank = rank2;
      const candidate2 = new Int32Array(size);
      candidate2.set(this.#candidate);
      this.#candidate = candidate2;
    }
    this.#rank[this.#marks] = rank;
    this.#candidate[this.#marks] = candidate;
    this.#marks++;
  }

  endBallot(count = 1): void {
    if (!Number.isInteger(count) || count < 1 || count > 0xffffffff) {
      throw new RankedChoiceError(
        'BAD_COUNT',
        `a ballot count must be a positive whole number, got ${count}`,
      );
    }
    this.#sortCurrentBallot();
    if (this.#ballots + 1 >= this.#start.length) {
      const start2 = new Uint32Array(this.#start.length * 2 + 16);
      start2.set(this.#start);
      this.#start = start2;
      const count2 = new Uint32Array(start2.length);
      count2.set(this.#count);
      this.#count = count2;
    }
    this.#start[this.#ballots] = this.#ballotStart;
    this.#count[this.#ballots] = count;
    if (count !== 1) this.#anyCount = true;
    this.#ballots++;
    this.#ballotStart = this.#marks;
    this.#start[this.#ballots] = this.#marks;
  }

  /** Appends already encoded ballots (e.g. read by a worker thread) after those added so far. */
  appendEncoded(encoded: EncodedBallots): void {
    if (this.#marks !== this.#ballotStart)
      throw new Error('BallotBuilder.appendEncoded() called inside a ballot');
    const marks = encoded.rank.length;
    const ballots = encoded.ballotCount;
    if (this.#marks + marks > this.#rank.length) {
      const size = this.#marks + marks + 16;
      const rank2 = new Uint16Array(size);
      rank2.set(this.#rank.subarray(0, this.#marks));
      this.#rank = rank2;
      const candidate2 = new Int32Array(size);
      candidate2.set(this.#candidate.subarray(0, this.#marks));
      this.#candidate = candidate2;
    }
    if (this.#ballots + ballots + 1 > this.#start.length) {
      const size = this.#ballots + ballots + 16;
      const start2 = new Uint32Array(size);
      start2.set(this.#start.subarray(0, this.#ballots + 1));
      this.#start = start2;
      const count2 = new Uint32Array(size);
      count2.set(this.#count.subarray(0, this.#ballots));
      this.#count = count2;
    }
    this.#rank.set(encoded.rank, this.#marks);
    this.#candidate.set(encoded.candidate, this.#marks);
    for (let b = 0; b < ballots; b++) {
      this.#start[this.#ballots + b] = this.#marks + encoded.start[b]!;
      const count = encoded.count ? encoded.count[b]! : 1;
      this.#count[this.#ballots + b] = count;
      if (count !== 1) this.#anyCount = true;
    }
    this.#ballots += ballots;
    this.#marks += marks;
    this.#ballotStart = this.#marks;
    this.#start[this.#ballots] = this.#marks;
  }

  /** Discards marks added since the last endBallot(). */
  dropBallot(): void {
    this.#marks = this.#ballotStart;
  }

  build(): EncodedBallots {
    if (this.#marks !== this.#ballotStart) throw new Error('BallotBuilder.build() called inside a ballot');
    this.#start[this.#ballots] = this.#marks;
    return {
      ballotCount: this.#ballots,
      start: this.#start.slice(0, this.#ballots + 1),
      rank: this.#rank.slice(0, this.#marks),
      candidate: this.#candidate.slice(0, this.#marks),
      count: this.#anyCount ? this.#count.slice(0, this.#ballots) : null,
    };
  }

  // Insertion sort: ballots have a handful of marks, usually already in order.
  #sortCurrentBallot(): void {
    const rank = this.#rank;
    const candidate = this.#candidate;
    const from = this.#ballotStart;
    for (let i = from + 1; i < this.#marks; i++) {
      const r = rank[i]!;
      const c = candidate[i]!;
      let j = i - 1;
      while (j >= from && (rank[j]! > r || (rank[j] === r && candidate[j]! > c))) {
        rank[j + 1] = rank[j]!;
        candidate[j + 1] = candidate[j]!;
        j--;
      }
      rank[j + 1] = r;
      candidate[j + 1] = c;
    }
    let write = from;
    for (let i = from; i < this.#marks; i++) {
      if (write > from && rank[write - 1] === rank[i] && candidate[write - 1] === candidate[i]) continue;
      rank[write] = rank[i]!;
      candidate[write] = candidate[i]!;
      write++;
    }
    this.#marks = write;
  }
}

/** Encodes ballots given by candidate name; `indexOf` maps a name to its candidate index. */
export function encodeBallots(
  ballots: readonly RankedBallot[],
  indexOf: ReadonlyMap<string, number>,
): EncodedBallots {
  const builder = new BallotBuilder(ballots.length);
  ballots.forEach((ballot, b) => {
    ballot.ranks.forEach((names, r) => {
      for (const name of names) {
        const index = name === EXPLICIT_OVERVOTE ? OVERVOTE_CODE : indexOf.get(name);
        if (index === undefined) {
          throw new RankedChoiceError(
            'UNKNOWN_CANDIDATE',
            `ballot ${b + 1} ranks "${name}", who is not a candidate`,
          );
        }
        builder.addMark(r + 1, index);
      }
    });
    builder.endBallot(ballot.count ?? 1);
  });
  return builder.build();
}

/** Distinct ballots with their total copies; counting work then scales with distinct ballots only. */
export type DistinctBallots = {
  ballotCount: number;
  start: Uint32Array;
  rank: Uint16Array;
  candidate: Int32Array;
  weight: Float64Array;
};

export function dedupeBallots(input: EncodedBallots): DistinctBallots {
  const { ballotCount, start, rank, candidate, count } = input;
  let size = 16;
  while (size < ballotCount * 2) size *= 2;
  const table = new Int32Array(size).fill(-1);
  const hashes = new Int32Array(ballotCount);
  const firstOf = new Int32Array(ballotCount); // distinct index -> original ballot
  const weight = new Float64Array(ballotCount);
  let distinct = 0;
  let marks = 0;
  for (let b = 0; b < ballotCount; b++) {
    const s = start[b]!;
    const e = start[b + 1]!;
    let h = 0x811c9dc5 ^ (e - s);
    for (let m = s; m < e; m++) h = Math.imul(h ^ ((rank[m]! << 16) ^ (candidate[m]! + 1)), 0x01000193);
    h ^= h >>> 15;
    let slot = h & (size - 1);
    for (;;) {
      const d = table[slot]!;
      if (d === -1) {
        table[slot] = distinct;
        hashes[distinct] = h;
        firstOf[distinct] = b;
        weight[distinct] = count ? count[b]! : 1;
        distinct++;
        marks += e - s;
        break;
      }
      if (hashes[d] === h && sameBallot(input, firstOf[d]!, b)) {
        weight[d] = weight[d]! + (count ? count[b]! : 1);
        break;
      }
      slot = (slot + 1) & (size - 1);
    }
  }
  const outStart = new Uint32Array(distinct + 1);
  const outRank = new Uint16Array(marks);
  const outCandidate = new Int32Array(marks);
  let w = 0;
  for (let d = 0; d < distinct; d++) {
    const b = firstOf[d]!;
    outStart[d] = w;
    for (let m = start[b]!; m < start[b + 1]!; m++, w++) {
      outRank[w] = rank[m]!;
      outCandidate[w] = candidate[m]!;
    }
  }
  outStart[distinct] = w;
  return {
    ballotCount: distinct,
    start: outStart,
    rank: outRank,
    candidate: outCandidate,
    weight: weight.slice(0, distinct),
  };
}

function sameBallot(input: EncodedBallots, a: number, b: number): boolean {
  const { start, rank, candidate } = input;
  const length = start[a + 1]! - start[a]!;
  if (length !== start[b + 1]! - start[b]!) return false;
  for (let i = 0; i < length; i++) {
    const x = start[a]! + i;
    const y = start[b]! + i;
    if (rank[x] !== rank[y] || candidate[x] !== candidate[y]) return false;
  }
  return true;
}
