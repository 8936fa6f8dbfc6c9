import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type BltElection, BltError, bltRankedBallots, readBlt, writeBlt } from './blt.ts';

const sample = `4 2
-4
3 1 2 0   # three voters
2 2=3 - 1 0
(b7) 1 3 0
1 0
0
"Alice" "Bob"
"Carol \\"CJ\\" Jones"
"Dan"
"Board election 2026"
`;

function lineOf(text: string): number | undefined {
  try {
    readBlt(text);
  } catch (e) {
    if (e instanceof BltError) return e.line;
    throw e;
  }
  return undefined;
}

describe('readBlt', () => {
  it('reads the header, withdrawn candidates, ballots, names and title', () => {
    expect(readBlt(sample)).toEqual({
      title: 'Board election 2026',
      seats: 2,
      candidates: ['Alice', 'Bob', 'Carol "CJ" Jones', 'Dan'],
      withdrawn: [4],
      ballots: [
        { weight: 3, ranking: [[1], [2]] },
        { weight: 2, ranking: [[2, 3], [], [1]] },
        { id: 'b7', weight: 1, ranking: [[3]] },
        { weight: 1, ranking: [] },
      ],
    });
  });

  it('turns the ballots into ranked ballots by name, without withdrawn candidates or skipped ranks', () => {
    const blt = readBlt('3 1\n-2\n1 2 1 3 0\n0\n"A"\n"B"\n"C"\n"t"\n');
    expect(bltRankedBallots(blt)).toEqual({
      options: ['A', 'C'],
      ballots: [{ weight: 1, ranking: ['A', 'C'] }],
    });
  });

  it('names the line of each problem', () => {
    expect(lineOf('')).toBe(1);
    expect(lineOf('x 1\n')).toBe(1);
    expect(lineOf('2 3\n0\n"A"\n"B"\n')).toBe(1);
    expect(lineOf('2 1\n1 1 2\n0\n"A"\n"B"\n"t"\n')).toBe(2); // no closing 0
    expect(lineOf('2 1\n1 1 3 0\n0\n"A"\n"B"\n"t"\n')).toBe(2); // unknown candidate
    expect(lineOf('2 1\n1 1 1 0\n0\n"A"\n"B"\n"t"\n')).toBe(2); // ranked twice
    expect(lineOf('2 1\n1 1 0\n\n0 1 0\n0\n"A"\n"B"\n"t"\n')).toBe(4); // zero weight
    expect(lineOf('2 1\n1 1 0 2\n0\n"A"\n"B"\n"t"\n')).toBe(2); // text after 0
    expect(lineOf('2 1\n1 1 0\n"A"\n"B"\n"t"\n')).toBe(3); // names before the end line
    expect(lineOf('2 1\n1 1 0\n0\n"A"\n')).toBe(4); // too few names
    expect(lineOf('2 1\n1 1 0\n0\n"A"\n"B"\n"t"\n"extra"\n')).toBe(7);
    expect(lineOf('2 1\n1 1 0\n0\n"A\n')).toBe(4); // unclosed quote
    expect(lineOf('2 1\n1 1 0\n0\nA\n"B"\n"t"\n')).toBe(4);
  });

  it('accepts a file without a title', () => {
    expect(readBlt('1 1\n1 1 0\n0\n"Only"\n').title).toBe('');
  });
});

const name = fc.string({ minLength: 1, maxLength: 12, unit: 'binary' });
const election: fc.Arbitrary<BltElection> = fc.integer({ min: 1, max: 6 }).chain((n) =>
  fc.record({
    title: name,
    seats: fc.integer({ min: 1, max: n }),
    candidates: fc.array(name, { minLength: n, maxLength: n }),
    withdrawn: fc.uniqueArray(fc.integer({ min: 1, max: n }), { maxLength: n }),
    ballots: fc.array(
      fc.record(
        {
          id: fc.stringMatching(/^[a-z0-9-]{1,8}$/),
          weight: fc.integer({ min: 1, max: 1000 }),
          ranking: fc.shuffledSubarray(Array.from({ length: n }, (_, i) => i + 1)).chain((order) =>
            fc
              .array(fc.integer({ min: 0, max: 2 }), { minLength: order.length, maxLength: order.length })
              .map((moves) => {
                // 0: new rank, 1: equal to the previous rank, 2: a skipped rank then a new rank.
                const tiers: number[][] = [];
                for (const [i, c] of order.entries()) {
                  if (moves[i] === 1 && tiers.length > 0 && tiers.at(-1)!.length > 0) tiers.at(-1)!.push(c);
                  else {
                    if (moves[i] === 2) tiers.push([]);
                    tiers.push([c]);
                  }
                }
                return tiers;
              }),
          ),
        },
        { requiredKeys: ['weight', 'ranking'] },
      ),
      { maxLength: 20 },
    ),
  }),
);

describe('writeBlt', () => {
  it('writes what readBlt reads back unchanged', () => {
    fc.assert(
      fc.property(election, (e) => {
        expect(readBlt(writeBlt(e))).toEqual(e);
      }),
      { numRuns: 150 },
    );
  });
});
