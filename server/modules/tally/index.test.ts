import { describe, expect, it } from 'vitest';
import {
  ballotsCommand,
  countBallotFile,
  countChoice,
  countDecision,
  countRankedChoice,
  rational,
  readBallotFile,
  readBlt,
  tallyCommand,
  validateBallot,
  writeBallotFile,
  writeBlt,
} from './index.ts';

describe('tally public surface', () => {
  it('exposes every counting entry point', () => {
    const entryPoints = [
      countDecision,
      countChoice,
      validateBallot,
      countBallotFile,
      readBallotFile,
      writeBallotFile,
      readBlt,
      writeBlt,
      countRankedChoice,
      tallyCommand,
      ballotsCommand,
    ];
    for (const f of entryPoints) expect(typeof f).toBe('function');
    expect(rational.toString(rational.rational(2, 4))).toBe('1/2');
  });
});
