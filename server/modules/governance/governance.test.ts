import { describe, expect, it } from 'vitest';
import { enactmentView, type FrozenRules } from '../../../contracts/governance.ts';
import { templateConstitution } from '../coops/index.ts';
import { countBallotFile, readBallotFile } from '../tally/index.ts';
import { buildBallotFile, countVote } from './count.ts';
import { enactmentOf, type OptionRow } from './queries.ts';
import {
  applyChange,
  conflictingPaths,
  countingMethod,
  engineThreshold,
  mergePatch,
  rulesFrom,
} from './rules.ts';
import { lockOf, receiptOf } from './secrecy.ts';
import { checkBallot } from './voting.ts';

const doc = templateConstitution('home-services', 'EUR');

function rules(overrides: Partial<FrozenRules> = {}): FrozenRules {
  return {
    ...rulesFrom(
      doc,
      1,
      { kind: 'policy', secretRequested: false, options: 0, seats: null, budget: null },
      true,
    ),
    ...overrides,
  };
}

const option = (key: string, cost: string | null = null): OptionRow => ({
  coopId: 'c',
  proposalId: 'p',
  key,
  name: key.toUpperCase(),
  description: '',
  accountId: null,
  cost,
  proposedBy: null,
  createdAt: new Date(0),
  withdrawnAt: null,
});

describe('policy changes', () => {
  it('merge like RFC 7386: objects merge, arrays replace, null removes', () => {
    expect(mergePatch({ a: { b: 1, c: 2 }, d: [1] }, { a: { b: 3, c: null }, d: [2] })).toEqual({
      a: { b: 3 },
      d: [2],
    });
  });

  it('apply with a readable diff, and name the field of an invalid result', () => {
    const applied = applyChange('policy', doc, { market: { platformFeeBps: 600 } });
    expect(applied.diff).toEqual([{ path: 'market.platformFeeBps', before: 800, after: 600 }]);
    expect(() => applyChange('policy', doc, { market: { platformFeeBps: -1 } })).toThrow(
      expect.objectContaining({ code: 'CONSTITUTION_INVALID', field: 'changes.market.platformFeeBps' }),
    );
    expect(() => applyChange('policy', doc, { memberClasses: [] })).toThrow(
      expect.objectContaining({ code: 'NEEDS_BYLAWS_AMENDMENT', field: 'changes.memberClasses' }),
    );
    expect(() => applyChange('bylaws', doc, { schemaVersion: 2 })).toThrow(
      expect.objectContaining({ code: 'CHANGE_NOT_ALLOWED' }),
    );
  });

  it('detect that another decision changed the same field meanwhile', () => {
    const drafted = applyChange('policy', doc, { market: { platformFeeBps: 600 } });
    const other = applyChange('policy', doc, { market: { platformFeeBps: 700 } }).document;
    const now = applyChange('policy', other, { market: { platformFeeBps: 600 } }).document;
    expect(conflictingPaths(drafted.diff, other, now)).toEqual(['market.platformFeeBps']);
    const unrelated = applyChange('policy', doc, { dispatch: { maxJobsPerDay: 6 } }).document;
    const clean = applyChange('policy', unrelated, { market: { platformFeeBps: 600 } }).document;
    expect(conflictingPaths(drafted.diff, unrelated, clean)).toEqual([]);
  });
});

describe('methods and thresholds', () => {
  it('map the constitution’s methods onto the engine', () => {
    expect(countingMethod('election', 'stv', { options: 3, seats: 2 }).countedAs).toBe('stv');
    expect(countingMethod('election', 'ranked-choice', { options: 3, seats: 1 }).countedAs).toBe('irv');
    expect(countingMethod('election', 'approval-committee', { options: 3, seats: 2 }).countedAs).toBe(
      'committee',
    );
    expect(countingMethod('budget', 'equal-shares', { options: 3, seats: null }).countedAs).toBe(
      'equal-shares',
    );
    expect(countingMethod('resolution', 'score', { options: 3, seats: null }).countedAs).toBe('score');
    expect(countingMethod('policy', 'score', { options: 0, seats: null })).toMatchObject({
      countedAs: 'decision',
    });
  });

  it('read 5001 basis points as more than half, everything else as at least', () => {
    expect(engineThreshold(5001)).toBe('majority');
    expect(engineThreshold(6667)).toEqual({ share: '6667/10000', inclusive: true });
  });

  it('make a vote secret when the proposal asks, never open one the constitution makes secret', () => {
    const open = rulesFrom(
      doc,
      1,
      { kind: 'resolution', secretRequested: true, options: 0, seats: null, budget: null },
      true,
    );
    expect(open.secret).toBe(true);
    const secret = rulesFrom(
      doc,
      1,
      { kind: 'policy', secretRequested: false, options: 0, seats: null, budget: null },
      true,
    );
    expect(secret.secret).toBe(true);
  });
});

describe('ballot keys', () => {
  it('derive a receipt and a roll lock that do not reveal each other', () => {
    const key = 'k'.repeat(43);
    const receipt = receiptOf('p1', key);
    const lock = lockOf('p1', key);
    expect(receipt).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(lock).toMatch(/^[0-9a-f]{64}$/);
    expect(lock).not.toContain(Buffer.from(receipt, 'base64url').toString('hex'));
    expect(receiptOf('p2', key)).not.toBe(receipt);
  });
});

describe('ballots refused at the door', () => {
  const opts = [option('o1'), option('o2'), option('o3')];
  const refuse = (r: FrozenRules, content: object, code: string, field: string, o = opts) =>
    expect(() => checkBallot(r, o, content, 'worker')).toThrow(expect.objectContaining({ code, field }));

  it('decisions', () => {
    refuse(rules(), { choice: 'maybe' }, 'INVALID_CHOICE', 'ballot.choice');
    refuse(rules(), { choice: 'block' }, 'BLOCK_NOT_ALLOWED', 'ballot.choice');
    expect(() => checkBallot(rules({ method: 'consent' }), [], { choice: 'block' }, 'worker')).not.toThrow();
  });

  it('rankings, scores and approvals', () => {
    refuse(
      rules({ countedAs: 'stv', seats: 2 }),
      { ranking: ['o1', 'o9'] },
      'UNKNOWN_OPTION',
      'ballot.ranking.1',
    );
    refuse(rules({ countedAs: 'irv' }), { ranking: ['o1', 'o1'] }, 'DUPLICATE_OPTION', 'ballot.ranking.1');
    refuse(
      rules({ countedAs: 'score', maxScore: 5 }),
      { scores: { o1: 9 } },
      'SCORE_OUT_OF_RANGE',
      'ballot.scores.o1',
    );
    refuse(
      rules({ countedAs: 'approval', seats: 1 }),
      { approve: ['o4'] },
      'UNKNOWN_OPTION',
      'ballot.approve.0',
    );
    refuse(rules({ countedAs: 'plurality', seats: 1 }), { choice: 'o7' }, 'UNKNOWN_OPTION', 'ballot.choice');
  });

  it('budgets: supported projects may not cost more than the budget together', () => {
    const projects = [option('p1', '600'), option('p2', '500')];
    const budget = rules({ countedAs: 'equal-shares', budget: '1000' });
    expect(() => checkBallot(budget, projects, { approve: ['p1'] }, 'worker')).not.toThrow();
    refuse(budget, { approve: ['p1', 'p2'] }, 'BALLOT_OVER_BUDGET', 'ballot.approve', projects);
  });
});

describe('the published file', () => {
  const input = (r: FrozenRules, ballots: { classKey: string; content: object }[]) => ({
    proposal: { id: 'p-1', title: 'T', kind: 'policy', closedAt: new Date('2026-01-01T00:00:00Z') },
    rules: r,
    options: [
      { key: 'c1', name: 'Ana', cost: null },
      { key: 'c2', name: 'Bo', cost: null },
      { key: 'c3', name: 'Cy', cost: null },
    ],
    eligible: { worker: 4, customer: 6 },
    ballots: ballots.map((b, i) => ({ receipt: `receipt-${String(i).padStart(12, '0')}`, ...b })),
  });

  it('leaves classes out under one member one vote, and re-counts to the stored result', () => {
    const omov = rules({ scheme: 'one-member-one-vote', classWeightsBps: {} });
    const file = buildBallotFile(
      input(omov, [
        { classKey: 'worker', content: { choice: 'yes' } },
        { classKey: 'customer', content: { choice: 'no' } },
        { classKey: 'customer', content: { choice: 'yes' } },
      ]),
    );
    expect(file.eligible).toEqual({ members: 10 });
    expect(file.ballots.every((b) => b.class === undefined)).toBe(true);
    const out = countVote(
      input(omov, [
        { classKey: 'worker', content: { choice: 'yes' } },
        { classKey: 'customer', content: { choice: 'yes' } },
        { classKey: 'customer', content: { choice: 'no' } },
        { classKey: 'worker', content: { choice: 'yes' } },
      ]),
    );
    expect(out.result.outcome).toBe('passed');
    const recount = countBallotFile(readBallotFile(out.fileText));
    expect(recount.kind === 'decision' && recount.result.passed).toBe(true);
  });

  it('weights ranked ballots by class so that STV carries the class shares', () => {
    const stv = rules({ countedAs: 'stv', seats: 1, decisionKind: 'election', quorumBps: 0 });
    const file = buildBallotFile(
      input(stv, [
        { classKey: 'worker', content: { ranking: ['c1'] } },
        { classKey: 'customer', content: { ranking: ['c2'] } },
      ]),
    );
    // Workers: 0.6 × 10 / 4 = 1.5; customers: 0.4 × 10 / 6 = 2/3; in whole numbers 9 : 4.
    const weights = Object.fromEntries(file.ballots.map((b) => [b.class, b.weight]));
    expect(weights).toEqual({ worker: 9, customer: 4 });
    const out = countVote(
      input(stv, [
        { classKey: 'worker', content: { ranking: ['c1'] } },
        { classKey: 'customer', content: { ranking: ['c2'] } },
        { classKey: 'customer', content: { ranking: ['c2'] } },
      ]),
    );
    expect(out.result.winners).toEqual(['c1']);
    expect(out.blt).toContain('"Ana"');
  });
});

describe('enactment details', () => {
  const row = (kind: string, details: unknown) =>
    ({
      kind,
      enactment: { status: 'enacted', at: '2026-11-01T10:00:00.000Z', reason: null, details },
    }) as never;

  it('reads details stored before they named their kind by the proposal’s kind', () => {
    expect(
      enactmentOf(row('policy', { constitutionVersion: 2, previousVersion: 1, hash: 'h', diff: [] }), 'EUR'),
    ).toMatchObject({ details: { kind: 'policy', constitutionVersion: 2 } });
    expect(
      enactmentOf(row('budget', { entryId: 'e', earmarked: '90000', funded: [] }), 'EUR')?.details,
    ).toEqual({ kind: 'budget', entryId: 'e', earmarked: '90000', funded: [], currency: 'EUR' });
    expect(enactmentOf(row('budget', { earmarked: '0' }), 'JPY')?.details).toEqual({
      kind: 'budget',
      earmarked: '0',
      currency: 'JPY',
      entryId: null,
      funded: [],
    });
    expect(
      enactmentOf(row('expulsion', { redeemed: '2000', memberNumber: 4, accountId: 'a' }), 'EUR')?.details,
    ).toEqual({ kind: 'expulsion', redeemed: '2000', memberNumber: 4, accountId: 'a', currency: 'EUR' });
    expect(
      enactmentOf(row('policy', { conflicts: ['market.platformFeeBps'], constitutionVersion: 3 }), 'EUR'),
    ).toMatchObject({ details: { kind: 'conflict', conflicts: ['market.platformFeeBps'] } });
    expect(enactmentOf(row('resolution', {}), 'EUR')?.details).toBeNull();
    expect(enactmentOf(row('election', {}), 'EUR')?.details).toBeNull();
  });

  it('keeps details that name their kind as they are, and every shape passes the API contract', () => {
    const details = {
      kind: 'election',
      role: 'board',
      granted: ['a'],
      revoked: [],
      termEndsAt: '2027-11-01T10:00:00.000Z',
    };
    const view = enactmentOf(row('election', details), 'EUR');
    expect(view?.details).toBe(details);
    expect(enactmentView.parse(view)).toEqual(view);
    for (const [kind, stored] of [
      ['budget', { earmarked: '0' }],
      ['expulsion', { redeemed: '2000', memberNumber: 4, accountId: 'a' }],
      ['admission', { status: 'admitted', membershipId: 'm', memberNumber: 9 }],
    ] as const) {
      expect(enactmentView.safeParse(enactmentOf(row(kind, stored), 'EUR')).success, kind).toBe(true);
    }
  });
});
