import { describe, expect, it } from 'vitest';
import * as tally from './index.ts';

describe('tally public surface', () => {
  it('exposes every counting entry point', () => {
    for (const name of [
      'countDecision',
      'countChoice',
      'validateBallot',
      'countBallotFile',
      'readBallotFile',
      'writeBallotFile',
      'readBlt',
      'writeBlt',
      'countRankedChoice',
      'tallyCommand',
      'ballotsCommand',
    ] as const) {
      expect(typeof tally[name]).toBe('function');
    }
    expect(tally.rational.toString(tally.rational.rational(2, 4))).toBe('1/2');
  });
});
