import type { BallotBuilder } from './ballots.ts';
import { OVERVOTE_CODE } from './ballots.ts';
import type { RctabCandidate, RctabSource } from './rctab-config.ts';

/** A CVR file that cannot be read, or that breaks its config's limits. */
export class CvrError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CvrError';
  }
}

export type CvrContext = {
  builder: BallotBuilder;
  /** Config names and aliases to candidate index. */
  candidateIndex: ReadonlyMap<string, number>;
  /** Index of the undeclared write-in pseudo-candidate (after the config candidates). */
  uwiIndex: number;
  /** Highest rank allowed; Infinity for "max". */
  maxRankings: number;
};

export function candidateIndexFor(candidates: readonly RctabCandidate[]): Map<string, number> {
  const index = new Map<string, number>();
  candidates.forEach((candidate, i) => {
    for (const key of [candidate.name, ...candidate.aliases]) if (!index.has(key)) index.set(key, i);
  });
  return index;
}

/** No mark at this rank. */
export const NO_MARK = -2;

/**
 * What a CVR cell or name means: a candidate index, OVERVOTE_CODE, or NO_MARK. Labels are matched
 * exactly (after trimming); names are matched against config names and aliases, case-sensitively.
 */
export function markFor(text: string, source: RctabSource, context: CvrContext, where: () => string): number {
  const value = text.trim();
  if (value === '') return source.treatBlankAsUndeclaredWriteIn ? context.uwiIndex : NO_MARK;
  if (source.undeclaredWriteInLabel !== '' && value === source.undeclaredWriteInLabel)
    return context.uwiIndex;
  if (source.overvoteLabel !== '' && value === source.overvoteLabel) return OVERVOTE_CODE;
  if (source.skippedRankLabel !== '' && value === source.skippedRankLabel) return NO_MARK;
  const index = context.candidateIndex.get(value);
  if (index === undefined) {
    throw new CvrError(`${where()}: "${value}" is not a candidate name or alias in the config`);
  }
  return index;
}

export function checkRank(rank: number, context: CvrContext, where: () => string): void {
  if (rank > context.maxRankings) {
    throw new CvrError(`${where()}: rank ${rank} is above maxRankingsAllowed (${context.maxRankings})`);
  }
}
