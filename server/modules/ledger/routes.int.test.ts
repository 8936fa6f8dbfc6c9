import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addMember,
  createAccount,
  createCoop,
  DEFAULT_PASSWORD,
  grantRole,
} from '../../../test/factories.ts';
import { type Agent, errorOf, startTestServer, type TestServer } from '../../../test/http.ts';
import { queryRows } from '../../db/client.ts';
import { ensurePersonalAccount, postEntry, recordIncomingPayment } from './index.ts';

let server: TestServer;
let coop: Awaited<ReturnType<typeof createCoop>>;
let admin: Agent;
let member: Agent;
let outsider: Agent;
let anonymous: Agent;
let memberAccountId: string;
const memberName = 'Zelda Quintana-Member';

async function signedIn(role?: 'admin' | 'board', options: { member?: boolean; displayName?: string } = {}) {
  const account = await createAccount(
    server.ctx,
    options.displayName ? { displayName: options.displayName } : {},
  );
  if (role) await grantRole(server.ctx, coop.id, account.id, role);
  if (options.member) await addMember(server.ctx, coop.id, account.id);
  const agent = server.agent();
  const res = await agent.post('/api/auth/sign-in', { email: account.email, password: DEFAULT_PASSWORD });
  expect(res.status).toBe(200);
  await agent.refreshSession();
  return { agent, account };
}

async function entryCount(): Promise<number> {
  const [row] = await queryRows<{ n: number | string }>(
    server.ctx.db,
    sql`select count(*) as n from ledger_entries`,
  );
  return Number(row!.n);
}

beforeAll(async () => {
  server = await startTestServer();
  coop = await createCoop(server.ctx, { name: 'Cleaners Together' });
  admin = (await signedIn('admin')).agent;
  const m = await signedIn(undefined, { member: true, displayName: memberName });
  member = m.agent;
  memberAccountId = m.account.id;
  outsider = (await signedIn()).agent;
  anonymous = server.agent();
  // The member bought a share (recorded the way the membership module does) and did paid work.
  const ctx = server.ctx;
  await ctx.db.transaction(async (tx) => {
    const share = await ensurePersonalAccount(tx, ctx, {
      coopId: coop.id,
      kind: 'share_capital',
      ownerAccountId: memberAccountId,
      label: memberName,
    });
    await recordIncomingPayment(tx, ctx, {
      coopId: coop.id,
      provider: 'manual',
      amount: 5000n,
      currency: 'EUR',
      reference: 'TRF-1',
      idempotencyKey: 'share:1',
      creditAccountId: share,
      kind: 'share_purchase',
      description: 'Member share',
      actorId: null,
      occurredAt: new Date('2026-01-10T10:00:00Z'),
    });
    const payable = await ensurePersonalAccount(tx, ctx, {
      coopId: coop.id,
      kind: 'worker_payable',
      ownerAccountId: memberAccountId,
      label: memberName,
    });
    await postEntry(tx, ctx, {
      coopId: coop.id,
      idempotencyKey: 'settle:1',
      kind: 'booking_settlement',
      description: 'Cleaning, 3 hours',
      occurredAt: new Date('2026-02-05T10:00:00Z'),
      actorId: null,
      link: { type: 'booking', id: 'bk-1' },
      postings: [
        { account: { code: '1000' }, amount: 9000n, currency: 'EUR' },
        { account: { id: payable }, amount: -8100n, currency: 'EUR' },
        { account: { code: '4000' }, amount: -900n, currency: 'EUR' },
      ],
    });
  });
});
afterAll(async () => {
  await server?.close();
});

const base = () => `/api/coops/${coop.slug}`;

describe('who may see and do what', () => {
  const adminReads = [
    '/ledger/accounts',
    '/ledger/entries',
    '/ledger/trial-balance',
    '/ledger/balance-sheet',
    '/ledger/income-statement',
    '/ledger/journal.csv',
    '/ledger/journal.hledger',
    '/ledger/payments',
    '/ledger/accounts/1000/statement',
  ];

  it.each(adminReads)('GET %s: admins yes, members 403, visitors 401', async (path) => {
    expect((await admin.get(base() + path)).status).toBe(200);
    const byMember = await member.get(base() + path);
    expect(byMember.status).toBe(403);
    expect(errorOf(byMember).code).toBe('FORBIDDEN');
    expect((await anonymous.get(base() + path)).status).toBe(401);
  });

  it('refuses writes to members and visitors', async () => {
    const writes: [string, unknown][] = [
      ['/ledger/entries', { idempotencyKey: 'w', kind: 'adjustment', description: 'x', postings: [] }],
      ['/ledger/accounts', { code: '5150', name: 'Cleaning supplies', type: 'expense' }],
      [
        '/ledger/payments',
        { idempotencyKey: 'w', account: '4100', amount: '1', reference: 'r', description: 'd' },
      ],
      ['/ledger/payouts', { idempotencyKey: 'w', account: '2100', amount: '1', description: 'd' }],
    ];
    for (const [path, body] of writes) {
      expect((await member.post(base() + path, body)).status, path).toBe(403);
      expect((await outsider.post(base() + path, body)).status, path).toBe(403);
      expect((await anonymous.post(base() + path, body)).status, path).toBe(401);
    }
  });

  it('shows a member only their own statement, and nobody else one', async () => {
    expect((await member.get(`${base()}/me/statement`)).status).toBe(200);
    expect((await outsider.get(`${base()}/me/statement`)).status).toBe(403);
    expect((await anonymous.get(`${base()}/me/statement`)).status).toBe(401);
  });

  it('answers 404 for a co-op that does not exist', async () => {
    expect((await admin.get('/api/coops/no-such-coop/ledger/accounts')).status).toBe(404);
    expect((await anonymous.get('/api/coops/no-such-coop/finances')).status).toBe(404);
  });
});

describe('posting through the API', () => {
  it('posts an entry once per idempotency key: 201, then 200 with the same entry', async () => {
    const body = {
      idempotencyKey: 'api-expense-1',
      kind: 'expense',
      description: 'Cleaning supplies',
      occurredAt: '2026-02-20T12:00:00+01:00',
      postings: [
        { account: '5100', amount: '2350', currency: 'EUR' },
        { account: '1000', amount: '-2350', currency: 'EUR' },
      ],
    };
    const first = await admin.post(`${base()}/ledger/entries`, body);
    expect(first.status).toBe(201);
    const again = await admin.post(`${base()}/ledger/entries`, body);
    expect(again.status).toBe(200);
    expect(again.body).toEqual({ ...(first.body as object), created: false });
    const detail = await admin.get(`${base()}/ledger/entries/${(first.body as { entryId: string }).entryId}`);
    expect(detail.body).toMatchObject({
      kind: 'expense',
      date: '2026-02-20',
      postings: [
        { line: 1, accountCode: '5100', amount: '2350' },
        { line: 2, accountCode: '1000', amount: '-2350' },
      ],
      payment: null,
    });
  });

  const bad: [string, Record<string, unknown>, string, string][] = [
    [
      'unbalanced',
      {
        postings: [
          { account: '1000', amount: '100', currency: 'EUR' },
          { account: '4100', amount: '-90', currency: 'EUR' },
        ],
      },
      'ENTRY_UNBALANCED',
      'postings',
    ],
    [
      'a zero amount',
      {
        postings: [
          { account: '1000', amount: '0', currency: 'EUR' },
          { account: '4100', amount: '0', currency: 'EUR' },
        ],
      },
      'AMOUNT_ZERO',
      'postings.0.amount',
    ],
    [
      'an unknown account',
      {
        postings: [
          { account: '1000', amount: '100', currency: 'EUR' },
          { account: '4999', amount: '-100', currency: 'EUR' },
        ],
      },
      'ACCOUNT_UNKNOWN',
      'postings.1.account',
    ],
    [
      'mixed currencies in one pair',
      {
        postings: [
          { account: '1000', amount: '100', currency: 'EUR' },
          { account: '4100', amount: '-100', currency: 'USD' },
        ],
      },
      'CURRENCIES_MIXED',
      'postings',
    ],
    [
      'a currency the account does not keep',
      {
        postings: [
          { account: '1000', amount: '100', currency: 'USD' },
          { account: '4100', amount: '-100', currency: 'USD' },
        ],
      },
      'CURRENCY_MISMATCH',
      'postings.0.currency',
    ],
    [
      'an amount beyond the safe range',
      {
        postings: [
          { account: '1000', amount: '12345678901234567890', currency: 'EUR' },
          { account: '4100', amount: '-12345678901234567890', currency: 'EUR' },
        ],
      },
      'AMOUNT_OUT_OF_RANGE',
      'postings.0.amount',
    ],
    [
      'a personal group account',
      {
        postings: [
          { account: '1000', amount: '100', currency: 'EUR' },
          { account: '3000', amount: '-100', currency: 'EUR' },
        ],
      },
      'ACCOUNT_NOT_POSTABLE',
      'postings.1.account',
    ],
  ];

  it.each(bad)(
    'refuses %s with 422, its code and field, and writes nothing',
    async (_label, override, code, field) => {
      const before = await entryCount();
      const res = await admin.post(`${base()}/ledger/entries`, {
        idempotencyKey: `bad-${code}`,
        kind: 'adjustment',
        description: 'Bad input',
        ...override,
      });
      expect(res.status).toBe(422);
      expect(errorOf(res)).toMatchObject({ code, field });
      expect(await entryCount()).toBe(before);
    },
  );

  it('refuses a negative or zero payment, and a posting to a closed account', async () => {
    const before = await entryCount();
    for (const amount of ['-500', '0']) {
      const res = await admin.post(`${base()}/ledger/payments`, {
        idempotencyKey: `neg-${amount}`,
        account: '4100',
        amount,
        reference: 'R',
        description: 'Fee',
      });
      expect(res.status).toBe(422);
      expect(errorOf(res)).toMatchObject({ code: 'AMOUNT_NOT_POSITIVE', field: 'amount' });
    }
    const opened = await admin.post(`${base()}/ledger/accounts`, {
      code: '5150',
      name: 'Cleaning supplies',
      type: 'expense',
      parentCode: '5100',
    });
    expect(opened.status).toBe(201);
    expect(opened.body).toMatchObject({ code: '5150', parentCode: '5100', balance: '0', currency: 'EUR' });
    expect((await admin.post(`${base()}/ledger/accounts/5150/close`)).status).toBe(204);
    const res = await admin.post(`${base()}/ledger/entries`, {
      idempotencyKey: 'to-closed',
      kind: 'expense',
      description: 'Mop',
      postings: [
        { account: '5150', amount: '100', currency: 'EUR' },
        { account: '1000', amount: '-100', currency: 'EUR' },
      ],
    });
    expect(res.status).toBe(422);
    expect(errorOf(res)).toMatchObject({ code: 'ACCOUNT_CLOSED', field: 'postings.0.account' });
    expect(await entryCount()).toBe(before);
  });

  it('refuses to close an account that holds money', async () => {
    const res = await admin.post(`${base()}/ledger/accounts/1000/close`);
    expect(res.status).toBe(422);
    expect(errorOf(res).code).toBe('ACCOUNT_NOT_EMPTY');
  });

  it('reverses an entry through the API, once', async () => {
    const posted = await admin.post(`${base()}/ledger/entries`, {
      idempotencyKey: 'to-reverse',
      kind: 'adjustment',
      description: 'Typo in the amount',
      postings: [
        { account: '5100', amount: '999', currency: 'EUR' },
        { account: '1000', amount: '-999', currency: 'EUR' },
      ],
    });
    const id = (posted.body as { entryId: string }).entryId;
    const reversal = await admin.post(`${base()}/ledger/entries/${id}/reversal`, {
      idempotencyKey: 'rev-api',
    });
    expect(reversal.status).toBe(201);
    const again = await admin.post(`${base()}/ledger/entries/${id}/reversal`, {
      idempotencyKey: 'rev-api-2',
    });
    expect(again.status).toBe(409);
    expect(errorOf(again).code).toBe('ENTRY_ALREADY_REVERSED');
    const detail = await admin.get(`${base()}/ledger/entries/${id}`);
    expect(detail.body).toMatchObject({ reversedByEntryId: (reversal.body as { entryId: string }).entryId });
  });
});

describe('payments through the API', () => {
  it('records a bank transfer and lists it with its entry', async () => {
    const res = await admin.post(`${base()}/ledger/payments`, {
      idempotencyKey: 'fee-2026',
      account: '4100',
      amount: '2000',
      reference: 'SEPA 2026-03 ZQ',
      description: 'Membership fee 2026',
      kind: 'membership_fee',
    });
    expect(res.status).toBe(201);
    const { paymentId, entryId } = res.body as { paymentId: string; entryId: string };
    const list = await admin.get(`${base()}/ledger/payments?direction=incoming`);
    expect((list.body as { payments: { id: string }[] }).payments.map((p) => p.id)).toContain(paymentId);
    const detail = await admin.get(`${base()}/ledger/entries/${entryId}`);
    expect(detail.body).toMatchObject({
      kind: 'membership_fee',
      payment: { id: paymentId, provider: 'manual', direction: 'incoming', reference: 'SEPA 2026-03 ZQ' },
    });
  });

  it('queues a payout to the worker and posts it when marked paid', async () => {
    const payable = (
      (await admin.get(`${base()}/ledger/accounts`)).body as {
        accounts: { code: string; personal: string | null }[];
      }
    ).accounts.find((a) => a.personal === 'worker_payable')!;
    const queued = await admin.post(`${base()}/ledger/payouts`, {
      idempotencyKey: 'payout-feb',
      account: payable.code,
      amount: '8100',
      description: 'Earnings, February',
    });
    expect(queued.status).toBe(201);
    const { paymentId } = queued.body as { paymentId: string };
    const tooMuch = await admin.post(`${base()}/ledger/payouts`, {
      idempotencyKey: 'payout-feb-2',
      account: payable.code,
      amount: '1',
      description: 'More',
    });
    expect(errorOf(tooMuch).code).toBe('PAYOUT_EXCEEDS_BALANCE');
    const paid = await admin.post(`${base()}/ledger/payouts/${paymentId}/paid`, {
      reference: 'SEPA-OUT-1',
      occurredAt: '2026-02-28T16:00:00Z',
    });
    expect(paid.status).toBe(201);
    const payment = await admin.get(`${base()}/ledger/payments/${paymentId}`);
    expect(payment.body).toMatchObject({ status: 'completed', reference: 'SEPA-OUT-1', amount: '8100' });
    const cancel = await admin.post(`${base()}/ledger/payouts/${paymentId}/cancel`, { reason: 'late' });
    expect(errorOf(cancel).code).toBe('PAYOUT_NOT_PENDING');
  });
});

describe('statements and reports', () => {
  it('gives the member a statement that matches the journal, and a CSV of it', async () => {
    const res = await member.get(`${base()}/me/statement?from=2026-01-01&to=2026-02-28`);
    expect(res.status).toBe(200);
    const statement = res.body as {
      accounts: {
        account: { code: string; personal: string };
        opening: string;
        closing: string;
        lines: { entryId: string; amount: string; balance: string }[];
      }[];
    };
    const share = statement.accounts.find((a) => a.account.personal === 'share_capital')!;
    expect(share).toMatchObject({ opening: '0', closing: '5000' });
    const earnings = statement.accounts.find((a) => a.account.personal === 'worker_payable')!;
    expect(earnings.lines.map((l) => [l.amount, l.balance])).toEqual([
      ['8100', '8100'],
      ['-8100', '0'],
    ]);
    // Every line is a posting of the journal on that account, with the same amount.
    for (const a of statement.accounts) {
      let running = BigInt(a.opening);
      for (const line of a.lines) {
        const entry = (await admin.get(`${base()}/ledger/entries/${line.entryId}`)).body as {
          postings: { accountCode: string; amount: string }[];
        };
        const posting = entry.postings.find((p) => p.accountCode === a.account.code)!;
        expect(BigInt(line.amount)).toBe(-BigInt(posting.amount)); // credit-normal accounts
        running += BigInt(line.amount);
        expect(line.balance).toBe(running.toString());
      }
      expect(a.closing).toBe(running.toString());
    }
    const csv = await member.get(`${base()}/me/statement.csv?from=2026-01-01&to=2026-02-28`);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    const lines = csv.raw.trim().split('\r\n');
    expect(lines[0]).toBe('date,account_code,account_name,entry_id,kind,description,amount,balance,currency');
    expect(lines).toContain(`2026-02-28,${earnings.account.code},${memberName},,,Closing balance,,0.00,EUR`);
    expect(csv.raw).toContain('Cleaning, 3 hours",81.00,81.00,EUR');
  });

  it('balances the trial balance and the balance sheet', async () => {
    const trial = (await admin.get(`${base()}/ledger/trial-balance?from=2026-01-01`)).body as {
      totals: { debits: string; credits: string; closingDebit: string; closingCredit: string }[];
    };
    expect(trial.totals).toHaveLength(1);
    expect(trial.totals[0]!.debits).toBe(trial.totals[0]!.credits);
    expect(trial.totals[0]!.closingDebit).toBe(trial.totals[0]!.closingCredit);
    const sheet = (await admin.get(`${base()}/ledger/balance-sheet`)).body as { balanced: boolean };
    expect(sheet.balanced).toBe(true);
    const income = await admin.get(`${base()}/ledger/income-statement?from=2026-02-01&to=2026-02-28`);
    expect(income.body).toMatchObject({
      revenue: {
        lines: expect.arrayContaining([
          { code: '4000', name: 'Platform fee revenue', level: 0, amount: '900' },
        ]),
      },
    });
  });

  it('filters and pages the journal', async () => {
    const byLink = (await admin.get(`${base()}/ledger/entries?linkType=booking&linkId=bk-1`)).body as {
      entries: { kind: string }[];
    };
    expect(byLink.entries.map((e) => e.kind)).toEqual(['booking_settlement']);
    const byAccount = (await admin.get(`${base()}/ledger/entries?account=3000`)).body as {
      entries: { kind: string }[];
    };
    expect(byAccount.entries.map((e) => e.kind)).toEqual(['share_purchase']);
    const all: string[] = [];
    let cursor: string | null = null;
    do {
      const page = (await admin.get(`${base()}/ledger/entries?limit=2${cursor ? `&cursor=${cursor}` : ''}`))
        .body as {
        entries: { id: string }[];
        nextCursor: string | null;
      };
      expect(page.entries.length).toBeLessThanOrEqual(2);
      all.push(...page.entries.map((e) => e.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(new Set(all).size).toBe(all.length);
    expect(all.length).toBe(await entryCount());
    const wrong = await admin.get(`${base()}/ledger/entries?from=2026-02-30`);
    expect(wrong.status).toBe(400);
    const backwards = await admin.get(`${base()}/ledger/entries?from=2026-03-01&to=2026-02-01`);
    expect(errorOf(backwards)).toMatchObject({ code: 'PERIOD_INVALID', field: 'to' });
  });

  it('exports the journal as CSV, one row per posting, debits equal to credits', async () => {
    const res = await admin.get(`${base()}/ledger/journal.csv`);
    expect(res.headers['content-disposition']).toMatch(/attachment; filename=".*-journal-start_now\.csv"/);
    const rows = res.raw.trim().split('\r\n').slice(1);
    const [count] = await queryRows<{ n: number | string }>(
      server.ctx.db,
      sql`select count(*) as n from ledger_postings where coop_id = ${coop.id}`,
    );
    expect(rows.length).toBe(Number(count!.n));
    const minor = rows.map((r) => BigInt(r.split(',').at(-4)!));
    expect(minor.reduce((a, b) => a + b, 0n)).toBe(0n);
  });
});

describe('the public finances', () => {
  it('shows real monthly totals to anyone, and no personal data', async () => {
    const res = await anonymous.get(`${base()}/finances?from=2026-01-01&to=2026-03-31`);
    expect(res.status).toBe(200);
    const view = res.body as {
      months: {
        month: string;
        revenue: string;
        assets: string;
        liabilities: string;
        equity: string;
        payouts: string | null;
      }[];
      accounts: { code: string; suppressed: boolean; months: unknown[] }[];
    };
    expect(view.months.map((m) => m.month)).toEqual(['2026-01', '2026-02', '2026-03']);
    expect(view.months[0]).toMatchObject({ revenue: '0', assets: '5000', equity: '5000' });
    // February: 900 of platform fees earned; the one worker's payout is too few people to publish.
    expect(view.months[1]).toMatchObject({ revenue: '900', payouts: null });
    for (const m of view.months) expect(BigInt(m.assets)).toBe(BigInt(m.liabilities) + BigInt(m.equity));
    // One member's share capital and one worker's earnings would identify them: withheld.
    expect(view.accounts.find((a) => a.code === '3000')).toMatchObject({ suppressed: true, months: [] });
    expect(view.accounts.find((a) => a.code === '2000')).toMatchObject({ suppressed: true, months: [] });
    expect(view.accounts.find((a) => a.code === '4000')!.months).toHaveLength(3);
    expect(res.raw).not.toContain(memberName);
    expect(res.raw).not.toContain(memberAccountId);
    expect(res.raw).not.toMatch(/"code":"\d+-\d+"/);
  });

  it('defaults to the last twelve months', async () => {
    const res = await anonymous.get(`${base()}/finances`);
    const view = res.body as { from: string; to: string; months: unknown[] };
    expect(view.months).toHaveLength(12);
    expect(view.to).toBe('2026-03-02');
    expect(view.from).toBe('2025-04-01');
  });
});
