import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  anonymiseBallots,
  type BallotFile,
  BallotFileError,
  countBallotFile,
  parseBallotFile,
  readBallotFile,
  writeBallotFile,
} from './ballot-file.ts';
import { countChoice } from './choice/count.ts';
import { countDecision } from './choice/decision.ts';
import { TallyError } from './choice/errors.ts';
import { createApprovalInstance, electCommittee, runPbRule } from './pb/index.ts';

const decisionFile: BallotFile = {
  format: 'mutual-ballots',
  version: 1,
  contest: { id: 'p-42', title: 'Raise the platform fee to 6%', kind: 'policy' },
  method: 'decision',
  rules: { quorum: '1/3', threshold: 'two-thirds', classWeights: { worker: 6000, customer: 4000 } },
  options: [],
  eligible: { worker: 4, customer: 10 },
  ballots: [
    { receipt: 'r1', class: 'worker', choice: 'yes' },
    { receipt: 'r2', class: 'customer', choice: 'no' },
    { receipt: 'r3', class: 'worker', choice: 'yes' },
    { receipt: 'r4', class: 'customer', choice: 'abstain' },
    { receipt: 'r5', class: 'customer', choice: 'yes' },
  ],
};

const rankedFile: BallotFile = {
  format: 'mutual-ballots',
  version: 1,
  contest: { id: 'e-7', title: 'Board chair' },
  method: 'schulze',
  rules: { variant: 'margin' },
  options: [
    { id: 'ana', name: 'Ana' },
    { id: 'bo', name: 'Bo' },
    { id: 'cy', name: 'Cy' },
  ],
  seed: 'agm-2026',
  ballots: [
    { receipt: 'a', ranking: ['ana', 'bo', 'cy'] },
    { receipt: 'b', ranking: ['bo', 'ana'] },
    { receipt: 'c', ranking: ['cy', ['ana', 'bo']], weight: 2 },
    { receipt: 'd', ranking: ['bo', 'cy', 'ana'] },
  ],
};

function issuesOf(f: () => unknown): string[] {
  try {
    f();
  } catch (e) {
    if (e instanceof BallotFileError) return e.issues.map((i) => `${i.path}: ${i.message}`);
    throw e;
  }
  return [];
}

describe('ballot file', () => {
  it('round-trips through its text form, one ballot per line', () => {
    const text = writeBallotFile(decisionFile);
    expect(text.split('\n').filter((l) => l.includes('"receipt"'))).toHaveLength(5);
    expect(readBallotFile(text)).toEqual(decisionFile);
    expect(readBallotFile(writeBallotFile(rankedFile))).toEqual(rankedFile);
    expect(writeBallotFile({ ...rankedFile, ballots: [] })).toContain('"ballots": []');
  });

  it('counts a decision with weighted classes the same as counting it directly', () => {
    const counted = countBallotFile(decisionFile);
    expect(counted.kind).toBe('decision');
    const direct = countDecision({
      eligible: decisionFile.eligible!,
      ballots: decisionFile.ballots.map((b) => ({ class: b.class!, choice: b.choice as 'yes' })),
      rules: { quorum: '1/3', threshold: 'two-thirds', classWeights: { worker: 6000, customer: 4000 } },
    });
    expect(counted.result).toEqual(direct);
  });

  it('accepts a classless roll written as one class', () => {
    const file: BallotFile = {
      ...decisionFile,
      rules: { threshold: 'majority' },
      eligible: { members: 3 },
      ballots: [
        { receipt: 'x', choice: 'yes' },
        { receipt: 'y', choice: 'no' },
        { receipt: 'z', choice: 'yes' },
      ],
    };
    const counted = countBallotFile(file);
    expect(counted.kind === 'decision' && counted.result.passed).toBe(true);
  });

  it('counts option methods with the file seed and can re-count ranked ballots by another method', () => {
    const counted = countBallotFile(rankedFile);
    expect(counted.kind).toBe('choice');
    if (counted.kind !== 'choice') return;
    expect(counted.result.priority.seed).toBe('agm-2026');
    expect(counted.result.variant).toBe('margin');
    const borda = countBallotFile(rankedFile, { method: 'borda' });
    expect(borda.ignoredRules).toEqual(['variant']);
    expect(borda.kind === 'choice' && borda.result.method).toBe('borda');
  });

  it('hands IRV and STV to the ranked-choice count', () => {
    // Plurality leader ana loses once cy's voters transfer to bo.
    const file: BallotFile = {
      ...rankedFile,
      method: 'irv',
      rules: {},
      ballots: [
        { receipt: '1', ranking: ['ana'], weight: 4 },
        { receipt: '2', ranking: ['bo'], weight: 3 },
        { receipt: '3', ranking: ['cy', 'bo'], weight: 2 },
      ],
    };
    const counted = countBallotFile(file);
    expect(counted.kind).toBe('ranked-choice');
    expect(counted.kind === 'ranked-choice' && counted.result.winners).toEqual(['bo']);
    const plurality = countBallotFile(file, { method: 'plurality' });
    expect(plurality.kind === 'choice' && plurality.result.winners).toEqual(['ana']);
  });

  it('hands participatory budgets and committees to the pb rules, weights as repeated voters', () => {
    const budget: BallotFile = {
      format: 'mutual-ballots',
      version: 1,
      contest: { id: 'pb-1', title: 'Community fund 2027' },
      method: 'pb',
      rules: { budget: 1000, rule: 'equalshares' },
      options: [
        { id: 'garden', name: 'Garden', cost: 400 },
        { id: 'library', name: 'Library', cost: 700 },
        { id: 'bench', name: 'Benches', cost: 100 },
      ],
      ballots: [
        { receipt: '1', approve: ['garden', 'bench'], weight: 3 },
        { receipt: '2', approve: ['library'], weight: 2 },
        { receipt: '3', approve: ['library', 'bench'] },
      ],
    };
    const counted = countBallotFile(readBallotFile(writeBallotFile(budget)));
    const direct = runPbRule(
      createApprovalInstance({
        projects: budget.options.map((o) => ({ id: o.id, cost: String(o.cost) })),
        budget: '1000',
        ballots: [
          ['garden', 'bench'],
          ['garden', 'bench'],
          ['garden', 'bench'],
          ['library'],
          ['library'],
          ['library', 'bench'],
        ],
        meta: { description: 'Community fund 2027' },
      }),
      { rule: 'equalshares', tieOrder: ['garden', 'library', 'bench'] },
    );
    expect(counted.kind === 'pb' && counted.result).toEqual(direct);
    expect(
      issuesOf(() => parseBallotFile({ ...budget, rules: { rule: 'nope' }, options: [{ id: 'x' }] })),
    ).toEqual([
      'rules.budget: participatory budgeting needs a budget',
      'options.0.cost: each option of a budget has a cost',
      'rules.rule: one of greedy, equalshares, equalshares/add1, seq-phragmen, max-welfare',
    ]);

    const committee: BallotFile = {
      ...budget,
      method: 'committee',
      rules: { seats: 2, rule: 'pav' },
      options: budget.options.map(({ cost: _c, ...o }) => o),
    };
    const elected = countBallotFile(committee);
    expect(elected.kind === 'committee' && elected.result).toEqual(
      electCommittee(
        {
          candidates: ['garden', 'library', 'bench'],
          ballots: [
            ['garden', 'bench'],
            ['garden', 'bench'],
            ['garden', 'bench'],
            ['library'],
            ['library'],
            ['library', 'bench'],
          ],
        },
        { rule: 'pav', seats: 2 },
      ),
    );
  });

  it('refuses a committee with more seats than candidates as a TallyError naming the seats', () => {
    const committee: BallotFile = {
      format: 'mutual-ballots',
      version: 1,
      contest: { id: 'board-1', title: 'Board 2027' },
      method: 'committee',
      rules: { seats: 4, rule: 'pav' },
      options: [{ id: 'ana' }, { id: 'bo' }, { id: 'cy' }],
      ballots: [
        { receipt: '1', approve: ['ana', 'bo'] },
        { receipt: '2', approve: ['cy'] },
      ],
    };
    const caught = (() => {
      try {
        countBallotFile(readBallotFile(writeBallotFile(committee)));
      } catch (error) {
        return error;
      }
      return null;
    })();
    expect(caught).toBeInstanceOf(TallyError);
    expect(caught).toMatchObject({
      code: 'MORE_SEATS_THAN_CANDIDATES',
      field: 'rules.seats',
      message:
        'rules.seats is 4 but the file lists 3 options: a committee election needs at least as many candidates as seats',
    });
    // The engine itself refuses it the same way when called directly.
    expect(() => electCommittee({ candidates: ['a'], ballots: [['a']] }, { rule: 'av', seats: 2 })).toThrow(
      expect.objectContaining({
        name: 'TallyError',
        code: 'MORE_SEATS_THAN_CANDIDATES',
        field: 'seats',
        message:
          '2 seats but only 1 candidate: a committee election needs at least as many candidates as seats',
      }),
    );
  });

  it('gives each class its share of an election vote through whole-number weights', () => {
    const file: BallotFile = {
      format: 'mutual-ballots',
      version: 1,
      contest: { id: 'e-8', title: 'Name the co-op' },
      method: 'plurality',
      rules: { classWeights: { worker: 1, customer: 1 } },
      options: [{ id: 'x' }, { id: 'y' }],
      eligible: { worker: 2, customer: 6 },
      ballots: [
        { receipt: '1', class: 'worker', choice: 'x' },
        { receipt: '2', class: 'worker', choice: 'x' },
        ...Array.from({ length: 5 }, (_, i) => ({ receipt: `c${i}`, class: 'customer', choice: 'y' })),
      ],
    };
    const counted = countBallotFile(file);
    if (counted.kind !== 'choice') throw new Error('expected a choice count');
    // Half the vote each: a worker's vote counts 3 times a customer's, so x (6) beats y (5).
    expect(counted.classWeighting!['worker']!.ballotWeight).toBe(3n);
    expect(counted.classWeighting!['customer']!.ballotWeight).toBe(1n);
    expect(counted.result.winners).toEqual(['x']);
  });

  it('explains what is wrong with a bad file', () => {
    expect(issuesOf(() => readBallotFile('{"format": "mutual-ballots",'))[0]).toMatch(/^: not valid JSON/);
    expect(issuesOf(() => parseBallotFile({ format: 'other' }))).toEqual([
      'format: not a Mutual ballot file (format must be "mutual-ballots")',
    ]);
    expect(issuesOf(() => parseBallotFile({ ...rankedFile, version: 2 }))).toEqual([
      'version: version 2 is not supported (this reader knows version 1)',
    ]);
    expect(issuesOf(() => parseBallotFile({ ...rankedFile, extra: 1 }))).toEqual([
      ': Unrecognized key: "extra"',
    ]);
    expect(
      issuesOf(() =>
        parseBallotFile({
          ...rankedFile,
          rules: { threshold: 'majority' },
          ballots: [
            { receipt: 'a', ranking: ['ana'] },
            { receipt: 'a', ranking: ['bo'], weight: 0 },
          ],
        }),
      ),
    ).toEqual(['ballots.1.weight: Too small: expected number to be >0']);
    expect(
      issuesOf(() =>
        parseBallotFile({
          ...rankedFile,
          rules: { threshold: 'majority' },
          ballots: [
            { receipt: 'a', ranking: [] },
            { receipt: 'a', ranking: [] },
          ],
        }),
      ),
    ).toEqual([
      'rules.threshold: does not apply to method schulze',
      'ballots.1.receipt: receipt "a" appears twice',
    ]);
    expect(
      issuesOf(() =>
        parseBallotFile({ ...decisionFile, ballots: [{ receipt: 'q', class: 'boss', choice: 'maybe' }] }),
      ),
    ).toEqual([
      'ballots.0.class: class "boss" is not in eligible',
      "ballots.0.choice: a decision ballot's choice is one of yes, no, abstain, block, invalid",
    ]);
  });

  it('reads the example in the format documentation', () => {
    const doc = readFileSync(
      join(import.meta.dirname, '../../../docs/decisions/0011-tally-decisions-and-ballot-file.md'),
      'utf8',
    );
    const example = /```json\n([\s\S]*?)```/.exec(doc)![1]!;
    const counted = countBallotFile(readBallotFile(example));
    expect(counted.kind === 'decision' && counted.result.outcome).toBe('no-quorum');
  });

  it('anonymises ballots: a receipt for each and a shuffle driven only by the random source', () => {
    let next = 0;
    const random = { int: (max: number) => (next++ * 7) % max, receipt: () => `r${next++}` };
    const out = anonymiseBallots(
      [{ choice: 'yes' }, { choice: 'no', receipt: 'kept' }, { choice: 'abstain' }],
      random,
    );
    expect(out.map((b) => b.choice).sort()).toEqual(['abstain', 'no', 'yes']);
    expect(out.find((b) => b.choice === 'no')!.receipt).toBe('kept');
    expect(new Set(out.map((b) => b.receipt)).size).toBe(3);
    const real = anonymiseBallots(Array.from({ length: 50 }, (_, i) => ({ choice: 'yes', receipt: `${i}` })));
    expect(real.map((b) => b.receipt).sort()).toEqual(Array.from({ length: 50 }, (_, i) => `${i}`).sort());
  });
});

const optionIds = ['a', 'b', 'c', 'd'];
const ranking = fc.shuffledSubarray(optionIds).map((r) => r as (string | string[])[]);
const fileArb: fc.Arbitrary<BallotFile> = fc
  .oneof(
    fc.record({
      method: fc.constantFrom(
        'schulze',
        'ranked-pairs',
        'borda',
        'copeland',
        'irv-ranking',
        'kemeny-young',
      ) as fc.Arbitrary<'schulze'>,
      ballots: fc.array(fc.record({ ranking, weight: fc.integer({ min: 1, max: 3 }) }), { maxLength: 30 }),
      seed: fc.string(),
    }),
    fc.record({
      method: fc.constantFrom('star', 'score', 'score-equal-shares') as fc.Arbitrary<'star'>,
      ballots: fc.array(
        fc.record({ scores: fc.dictionary(fc.constantFrom(...optionIds), fc.integer({ min: 0, max: 5 })) }),
        { maxLength: 30 },
      ),
      seed: fc.string(),
    }),
    fc.record({
      method: fc.constant('approval') as fc.Arbitrary<'approval'>,
      ballots: fc.array(fc.record({ approve: fc.subarray(optionIds) }), { maxLength: 30 }),
      seed: fc.string(),
    }),
  )
  .map(({ method, ballots, seed }) => ({
    format: 'mutual-ballots' as const,
    version: 1 as const,
    contest: { id: 'c', title: 'property' },
    method,
    rules: {},
    options: optionIds.map((id) => ({ id })),
    seed,
    ballots: ballots.map((b, i) => ({ receipt: `r${i}`, ...b })),
  }));

describe('ballot file properties', () => {
  it('write → read → count equals counting the ballots directly', () => {
    fc.assert(
      fc.property(fileArb, (file) => {
        const viaFile = countBallotFile(readBallotFile(writeBallotFile(file)));
        const direct = countChoice({
          method: file.method as 'schulze',
          options: optionIds,
          ballots: file.ballots.map(({ receipt: _r, ...b }) => b),
          rules: { seed: file.seed! },
        });
        expect(viaFile.result).toEqual(direct);
      }),
      { numRuns: 150 },
    );
  });
});
