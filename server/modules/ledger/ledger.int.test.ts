import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, dbError, type TestContext } from '../../../test/db.ts';
import { createAccount, createCoop } from '../../../test/factories.ts';
import { queryRows } from '../../db/client.ts';
import { auditEvents, ledgerAccounts, ledgerEntries } from '../../db/schema/index.ts';
import { AppError } from '../../lib/errors.ts';
import { verifyChain } from '../audit/index.ts';
import {
  accountBalance,
  balanceSheet,
  DEFAULT_CHART,
  ensurePersonalAccount,
  findAccountByCode,
  incomeStatement,
  listAccounts,
  MAX_AMOUNT,
  markPayoutPaid,
  type PostEntryInput,
  personalStatement,
  postEntry,
  recordIncomingPayment,
  requestPayout,
  reverseEntry,
  trialBalance,
} from './index.ts';

let ctx: TestContext;
let coop: Awaited<ReturnType<typeof createCoop>>;

beforeAll(async () => {
  ctx = await createTestContext();
  coop = await createCoop(ctx);
});
afterAll(async () => {
  await ctx?.database.close();
});

let keys = 0;
function entry(overrides: Partial<PostEntryInput> = {}): PostEntryInput {
  keys += 1;
  return {
    coopId: coop.id,
    idempotencyKey: `test-${keys}`,
    kind: 'adjustment',
    description: 'Test entry',
    occurredAt: ctx.clock(),
    actorId: null,
    postings: [
      { account: { code: '1000' }, amount: 1000n, currency: 'EUR' },
      { account: { code: '4000' }, amount: -1000n, currency: 'EUR' },
    ],
    ...overrides,
  };
}

const post = (input: PostEntryInput) => ctx.db.transaction((tx) => postEntry(tx, ctx, input));

async function counts(): Promise<{ entries: number; postings: number; events: number }> {
  const [row] = await queryRows<{
    entries: number | string;
    postings: number | string;
    events: number | string;
  }>(
    ctx.db,
    sql`select (select count(*) from ledger_entries) as entries, (select count(*) from ledger_postings) as postings,
               (select count(*) from audit_events) as events`,
  );
  return { entries: Number(row!.entries), postings: Number(row!.postings), events: Number(row!.events) };
}

async function failure(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected an AppError');
}

describe('chart of accounts', () => {
  it('creates the default chart in the co-op currency, 2000 and 3000 holding sub-accounts', async () => {
    const accounts = await listAccounts(ctx.db, coop.id);
    expect(accounts.map((a) => [a.code, a.type])).toEqual(DEFAULT_CHART.map((l) => [l.code, l.type]));
    expect(accounts.every((a) => a.currency === 'EUR' && a.balance === '0')).toBe(true);
    expect(accounts.filter((a) => a.placeholder).map((a) => a.code)).toEqual(['2000', '3000']);
  });

  it('opens one personal sub-account per person and kind, numbered under its parent', async () => {
    const ada = await createAccount(ctx);
    const bo = await createAccount(ctx);
    const [first, again, second, payable] = await ctx.db.transaction(async (tx) => [
      await ensurePersonalAccount(tx, ctx, {
        coopId: coop.id,
        kind: 'share_capital',
        ownerAccountId: ada.id,
        label: 'Ada',
      }),
      await ensurePersonalAccount(tx, ctx, {
        coopId: coop.id,
        kind: 'share_capital',
        ownerAccountId: ada.id,
        label: 'Ada',
      }),
      await ensurePersonalAccount(tx, ctx, {
        coopId: coop.id,
        kind: 'share_capital',
        ownerAccountId: bo.id,
        label: 'Bo',
      }),
      await ensurePersonalAccount(tx, ctx, {
        coopId: coop.id,
        kind: 'worker_payable',
        ownerAccountId: ada.id,
        label: 'Ada',
      }),
    ]);
    expect(again).toBe(first);
    const rows = await ctx.db.select().from(ledgerAccounts).where(eq(ledgerAccounts.coopId, coop.id));
    const code = (id: string) => rows.find((r) => r.id === id)!.code;
    expect([code(first!), code(second!), code(payable!)]).toEqual(['3000-0001', '3000-0002', '2000-0001']);
    expect(rows.find((r) => r.id === payable)!.type).toBe('liability');
  });

  it('refuses to delete an account, or to change its code, type or balance by hand', async () => {
    expect(await dbError(ctx.db.execute(sql`delete from ledger_accounts where code = '5100'`))).toMatch(
      /append-only/,
    );
    expect(
      await dbError(ctx.db.execute(sql`update ledger_accounts set type = 'asset' where code = '5100'`)),
    ).toMatch(/never change/);
    expect(
      await dbError(ctx.db.execute(sql`update ledger_accounts set balance = 5 where code = '5100'`)),
    ).toMatch(/only by posting/);
  });
});

describe('posting entries', () => {
  it('posts a balanced entry, moves balances and records an audit event in the same transaction', async () => {
    const before = await counts();
    const bank = (await findAccountByCode(ctx.db, coop.id, '1000'))!;
    const startBank = await accountBalance(ctx.db, bank.id);
    const result = await post(
      entry({
        kind: 'booking_payment',
        link: { type: 'booking', id: 'b-1' },
        policyVersion: 3,
        postings: [
          { account: { code: '1000' }, amount: 9700n, currency: 'EUR' },
          { account: { code: '5000' }, amount: 300n, currency: 'EUR' },
          { account: { code: '1100' }, amount: -10000n, currency: 'EUR' },
        ],
      }),
    );
    expect(result.created).toBe(true);
    expect(await accountBalance(ctx.db, { coopId: coop.id, accountId: bank.id })).toBe(startBank + 9700n);
    expect(await counts()).toEqual({
      entries: before.entries + 1,
      postings: before.postings + 3,
      events: before.events + 1,
    });
    const [event] = await ctx.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.coopId, coop.id), eq(auditEvents.subjectId, result.entryId)));
    expect(event).toMatchObject({ action: 'ledger.entry_posted', visibility: 'admins' });
    expect(event!.data).toMatchObject({ kind: 'booking_payment', link: { type: 'booking', id: 'b-1' } });
    const [row] = await ctx.db.select().from(ledgerEntries).where(eq(ledgerEntries.id, result.entryId));
    expect(row).toMatchObject({ policyVersion: 3, linkType: 'booking', linkId: 'b-1' });
    expect((await verifyChain(ctx.db, coop.id)).ok).toBe(true);
  });

  it('returns the first entry for a repeated idempotency key and posts nothing', async () => {
    const input = entry();
    const first = await post(input);
    const before = await counts();
    const again = await post({
      ...input,
      description: 'A retry',
      occurredAt: new Date(ctx.clock().getTime() - 60_000),
    });
    expect(again).toEqual({ entryId: first.entryId, created: false });
    expect(await counts()).toEqual(before);
  });

  it('refuses an idempotency key reused for a different entry', async () => {
    const input = entry();
    await post(input);
    const error = await failure(
      post({ ...input, postings: input.postings.map((p) => ({ ...p, amount: p.amount * 2n })) }),
    );
    expect(error).toMatchObject({
      kind: 'conflict',
      code: 'IDEMPOTENCY_KEY_REUSED',
      field: 'idempotencyKey',
    });
  });

  it('keeps idempotency keys per co-op', async () => {
    const other = await createCoop(ctx);
    const input = entry();
    const here = await post(input);
    const there = await post({ ...input, coopId: other.id });
    expect(there.created).toBe(true);
    expect(there.entryId).not.toBe(here.entryId);
  });

  const refusals: [string, Partial<PostEntryInput>, string, string][] = [
    [
      'an unbalanced entry',
      {
        postings: [
          { account: { code: '1000' }, amount: 1000n, currency: 'EUR' },
          { account: { code: '4000' }, amount: -999n, currency: 'EUR' },
        ],
      },
      'ENTRY_UNBALANCED',
      'postings',
    ],
    [
      'a single posting',
      { postings: [{ account: { code: '1000' }, amount: 1n, currency: 'EUR' }] },
      'ENTRY_TOO_FEW_POSTINGS',
      'postings',
    ],
    [
      'a zero amount',
      {
        postings: [
          { account: { code: '1000' }, amount: 0n, currency: 'EUR' },
          { account: { code: '4000' }, amount: 0n, currency: 'EUR' },
        ],
      },
      'AMOUNT_ZERO',
      'postings.0.amount',
    ],
    [
      'an unknown account',
      {
        postings: [
          { account: { code: '1000' }, amount: 5n, currency: 'EUR' },
          { account: { code: '9999' }, amount: -5n, currency: 'EUR' },
        ],
      },
      'ACCOUNT_UNKNOWN',
      'postings.1.account',
    ],
    [
      'a currency the account does not keep',
      {
        postings: [
          { account: { code: '1000' }, amount: 5n, currency: 'USD' },
          { account: { code: '4000' }, amount: -5n, currency: 'USD' },
        ],
      },
      'CURRENCY_MISMATCH',
      'postings.0.currency',
    ],
    [
      'mixed currencies that balance only in sum',
      {
        postings: [
          { account: { code: '1000' }, amount: 5n, currency: 'EUR' },
          { account: { code: '4000' }, amount: -5n, currency: 'USD' },
        ],
      },
      'CURRENCIES_MIXED',
      'postings',
    ],
    [
      'an amount beyond the range',
      {
        postings: [
          { account: { code: '1000' }, amount: MAX_AMOUNT + 1n, currency: 'EUR' },
          { account: { code: '4000' }, amount: -(MAX_AMOUNT + 1n), currency: 'EUR' },
        ],
      },
      'AMOUNT_OUT_OF_RANGE',
      'postings.0.amount',
    ],
    [
      'a posting to a group account',
      {
        postings: [
          { account: { code: '1000' }, amount: 5n, currency: 'EUR' },
          { account: { code: '3000' }, amount: -5n, currency: 'EUR' },
        ],
      },
      'ACCOUNT_NOT_POSTABLE',
      'postings.1.account',
    ],
    [
      'a date in the future',
      { occurredAt: new Date('2030-01-01T00:00:00Z') },
      'DATE_IN_FUTURE',
      'occurredAt',
    ],
    ['an invalid kind', { kind: 'Not A Kind' }, 'ENTRY_KIND_INVALID', 'kind'],
    ['an empty description', { description: '  ' }, 'DESCRIPTION_INVALID', 'description'],
  ];

  it.each(refusals)(
    'refuses %s with a 422 code and writes nothing',
    async (_label, overrides, code, field) => {
      const before = await counts();
      const error = await failure(post(entry(overrides)));
      expect(error).toMatchObject({ kind: 'rule', code, field });
      expect(await counts()).toEqual(before);
    },
  );

  it('refuses postings to a closed account', async () => {
    const fresh = await createCoop(ctx);
    await ctx.db.execute(
      sql`update ledger_accounts set closed_at = now() where coop_id = ${fresh.id} and code = '5100'`,
    );
    const error = await failure(
      post(
        entry({
          coopId: fresh.id,
          postings: [
            { account: { code: '5100' }, amount: 5n, currency: 'EUR' },
            { account: { code: '1000' }, amount: -5n, currency: 'EUR' },
          ],
        }),
      ),
    );
    expect(error).toMatchObject({ code: 'ACCOUNT_CLOSED', field: 'postings.0.account' });
  });

  it('keeps amounts beyond 2^53 exact', async () => {
    const fresh = await createCoop(ctx);
    const big = MAX_AMOUNT; // 18 nines: a JavaScript number would round it
    await post(
      entry({
        coopId: fresh.id,
        postings: [
          { account: { code: '1000' }, amount: big, currency: 'EUR' },
          { account: { code: '3100' }, amount: -big, currency: 'EUR' },
        ],
      }),
    );
    const bank = (await findAccountByCode(ctx.db, fresh.id, '1000'))!;
    expect(await accountBalance(ctx.db, bank.id)).toBe(big);
    const trial = await trialBalance(ctx.db, { coopId: fresh.id });
    expect(trial.lines.find((l) => l.code === '1000')!.closing).toBe('999999999999999999');
  });
});

describe('the database keeps the books balanced, whoever writes the SQL', () => {
  async function handWritten(postings: [string, number][], options: { postingsFor?: string } = {}) {
    const entryId = ctx.newId();
    return ctx.db.transaction(async (tx) => {
      await tx.execute(sql`insert into ledger_entries (coop_id, id, idempotency_key, request_hash, kind, description, occurred_at, recorded_at)
        values (${coop.id}, ${entryId}, ${`sql-${entryId}`}, 'x', 'adjustment', 'by hand', now(), now())`);
      let line = 0;
      for (const [code, amount] of postings) {
        line += 1;
        await tx.execute(sql`insert into ledger_postings (coop_id, entry_id, line, account_id, amount, currency)
          select ${coop.id}, ${options.postingsFor ?? entryId}, ${line}, id, ${amount}, 'EUR'
          from ledger_accounts where coop_id = ${coop.id} and code = ${code}`);
      }
      return entryId;
    });
  }

  it('accepts a balanced entry written by hand and applies it to the balances', async () => {
    const bank = (await findAccountByCode(ctx.db, coop.id, '1000'))!;
    const before = await accountBalance(ctx.db, bank.id);
    await handWritten([
      ['1000', 250],
      ['4100', -250],
    ]);
    expect(await accountBalance(ctx.db, bank.id)).toBe(before + 250n);
  });

  it('rejects at commit an unbalanced entry written by hand, and keeps nothing of it', async () => {
    const before = await counts();
    const message = await dbError(
      handWritten([
        ['1000', 250],
        ['4100', -200],
      ]),
    );
    expect(message).toMatch(/does not balance: its postings sum to 50 EUR/);
    expect(await counts()).toEqual(before);
  });

  it('rejects an entry without postings and a posting added to an existing entry', async () => {
    expect(await dbError(handWritten([]))).toMatch(/needs at least two/);
    const existing = await handWritten([
      ['1000', 10],
      ['4100', -10],
    ]);
    const message = await dbError(
      ctx.db.execute(sql`insert into ledger_postings (coop_id, entry_id, line, account_id, amount, currency)
        select ${coop.id}, ${existing}, 3, id, 1, 'EUR' from ledger_accounts where coop_id = ${coop.id} and code = '1000'`),
    );
    expect(message).toMatch(/recorded by an earlier transaction/);
  });

  it('seals an entry when its transaction commits: no more postings, even balanced ones', async () => {
    const existing = await handWritten([
      ['1000', 40],
      ['4100', -40],
    ]);
    const message = await dbError(
      ctx.db.transaction(async (tx) => {
        for (const [line, code, amount] of [
          [3, '5100', 15],
          [4, '1000', -15],
        ] as const) {
          await tx.execute(sql`insert into ledger_postings (coop_id, entry_id, line, account_id, amount, currency)
            select ${coop.id}, ${existing}, ${line}, id, ${amount}, 'EUR' from ledger_accounts
            where coop_id = ${coop.id} and code = ${code}`);
        }
      }),
    );
    expect(message).toMatch(/recorded by an earlier transaction/);
  });

  it('checks again at commit an entry that SET CONSTRAINTS checked early', async () => {
    const entryId = ctx.newId();
    const add = (line: number, code: string, amount: number) =>
      sql`insert into ledger_postings (coop_id, entry_id, line, account_id, amount, currency)
          select ${coop.id}, ${entryId}, ${line}, id, ${amount}, 'EUR' from ledger_accounts
          where coop_id = ${coop.id} and code = ${code}`;
    const message = await dbError(
      ctx.db.transaction(async (tx) => {
        await tx.execute(sql`insert into ledger_entries (coop_id, id, idempotency_key, request_hash, kind, description, occurred_at, recorded_at)
          values (${coop.id}, ${entryId}, ${`early-${entryId}`}, 'x', 'adjustment', 'by hand', now(), now())`);
        await tx.execute(add(1, '1000', 20));
        await tx.execute(add(2, '4100', -20));
        await tx.execute(sql`set constraints all immediate`);
        await tx.execute(sql`set constraints all deferred`);
        await tx.execute(add(3, '1000', 5));
      }),
    );
    expect(message).toMatch(/does not balance: its postings sum to 5 EUR/);
  });

  it('refuses to update or delete entries and postings', async () => {
    expect(await dbError(ctx.db.execute(sql`update ledger_postings set amount = amount * 2`))).toMatch(
      /append-only/,
    );
    expect(await dbError(ctx.db.execute(sql`delete from ledger_postings`))).toMatch(/append-only/);
    expect(await dbError(ctx.db.execute(sql`update ledger_entries set description = 'changed'`))).toMatch(
      /append-only/,
    );
    expect(await dbError(ctx.db.execute(sql`delete from ledger_entries`))).toMatch(/append-only/);
    expect(await dbError(ctx.db.execute(sql`truncate ledger_postings cascade`))).toMatch(/append-only/);
  });

  it('keeps every running balance equal to the sum of its postings', async () => {
    const rows = await queryRows<{ code: string; balance: string; summed: string }>(
      ctx.db,
      sql`select a.code, a.balance::text as balance,
            coalesce((select sum(p.amount) from ledger_postings p where p.coop_id = a.coop_id and p.account_id = a.id), 0)::text as summed
          from ledger_accounts a where a.coop_id = ${coop.id}`,
    );
    for (const r of rows) expect(r.balance, r.code).toBe(r.summed);
  });
});

describe('reversals', () => {
  it('posts the mirror image linked to the original, once', async () => {
    const fresh = await createCoop(ctx);
    const original = await post(
      entry({
        coopId: fresh.id,
        link: { type: 'booking', id: 'b-9' },
        postings: [
          { account: { code: '1000' }, amount: 700n, currency: 'EUR' },
          { account: { code: '5000' }, amount: 300n, currency: 'EUR' },
          { account: { code: '1100' }, amount: -1000n, currency: 'EUR' },
        ],
      }),
    );
    const reversal = await ctx.db.transaction((tx) =>
      reverseEntry(tx, ctx, {
        coopId: fresh.id,
        entryId: original.entryId,
        idempotencyKey: 'rev-1',
        actorId: null,
      }),
    );
    expect(reversal.created).toBe(true);
    const accounts = await listAccounts(ctx.db, fresh.id);
    expect(accounts.every((a) => a.balance === '0')).toBe(true);
    const [row] = await ctx.db.select().from(ledgerEntries).where(eq(ledgerEntries.id, reversal.entryId));
    expect(row).toMatchObject({
      kind: 'reversal',
      reversesEntryId: original.entryId,
      linkType: 'booking',
      linkId: 'b-9',
    });
    const postings = await queryRows<{ amount: string }>(
      ctx.db,
      sql`select amount::text as amount from ledger_postings where entry_id = ${reversal.entryId} order by line`,
    );
    expect(postings.map((p) => p.amount)).toEqual(['-700', '-300', '1000']);

    const twice = await failure(
      ctx.db.transaction((tx) =>
        reverseEntry(tx, ctx, {
          coopId: fresh.id,
          entryId: original.entryId,
          idempotencyKey: 'rev-2',
          actorId: null,
        }),
      ),
    );
    expect(twice).toMatchObject({ kind: 'conflict', code: 'ENTRY_ALREADY_REVERSED' });
    const retried = await ctx.db.transaction((tx) =>
      reverseEntry(tx, ctx, {
        coopId: fresh.id,
        entryId: original.entryId,
        idempotencyKey: 'rev-1',
        actorId: null,
      }),
    );
    expect(retried).toEqual({ entryId: reversal.entryId, created: false });
  });
});

describe('payments', () => {
  it('records a share paid by bank transfer into the member’s share capital, once', async () => {
    const fresh = await createCoop(ctx);
    const member = await createAccount(ctx);
    const result = await ctx.db.transaction(async (tx) => {
      const share = await ensurePersonalAccount(tx, ctx, {
        coopId: fresh.id,
        kind: 'share_capital',
        ownerAccountId: member.id,
        label: member.displayName,
      });
      const input = {
        coopId: fresh.id,
        provider: 'manual',
        amount: 5000n,
        currency: 'EUR',
        reference: 'TRF-2026-0042',
        idempotencyKey: 'share:app-1',
        creditAccountId: share,
        kind: 'share_purchase',
        description: 'Member share',
        link: { type: 'membership_application', id: 'app-1' },
        actorId: null,
      };
      const first = await recordIncomingPayment(tx, ctx, input);
      const again = await recordIncomingPayment(tx, ctx, input);
      return { first, again, share };
    });
    expect(result.first.created).toBe(true);
    expect(result.again).toEqual({ ...result.first, created: false });
    expect(await accountBalance(ctx.db, result.share)).toBe(-5000n);
    const statement = await personalStatement(ctx.db, { coopId: fresh.id, ownerAccountId: member.id });
    expect(statement.accounts).toHaveLength(1);
    expect(statement.accounts[0]).toMatchObject({
      opening: '0',
      closing: '5000',
      account: { code: '3000-0001', personal: 'share_capital' },
    });
    expect(statement.accounts[0]!.lines).toMatchObject([
      { kind: 'share_purchase', amount: '5000', balance: '5000' },
    ]);
  });

  it('books a processor fee as a third posting', async () => {
    const fresh = await createCoop(ctx);
    const clearing = (await findAccountByCode(ctx.db, fresh.id, '1100'))!;
    await ctx.db.transaction((tx) =>
      recordIncomingPayment(tx, ctx, {
        coopId: fresh.id,
        provider: 'manual',
        amount: 10_000n,
        fee: 150n,
        currency: 'EUR',
        reference: 'R-1',
        idempotencyKey: 'p-fee',
        creditAccountId: clearing.id,
        kind: 'booking_payment',
        description: 'Booking paid',
        actorId: null,
      }),
    );
    const balances = Object.fromEntries(
      (await listAccounts(ctx.db, fresh.id)).map((a) => [a.code, a.balance]),
    );
    expect(balances).toMatchObject({ '1000': '9850', '5000': '150', '1100': '10000' });
  });

  it('pays out a worker’s earnings: pending first, posted when marked paid, never beyond what is owed', async () => {
    const fresh = await createCoop(ctx);
    const worker = await createAccount(ctx);
    const payable = await ctx.db.transaction(async (tx) => {
      const id = await ensurePersonalAccount(tx, ctx, {
        coopId: fresh.id,
        kind: 'worker_payable',
        ownerAccountId: worker.id,
        label: worker.displayName,
      });
      await postEntry(tx, ctx, {
        ...entry({ coopId: fresh.id }),
        kind: 'booking_settlement',
        postings: [
          { account: { code: '1000' }, amount: 8000n, currency: 'EUR' },
          { account: { id }, amount: -7200n, currency: 'EUR' },
          { account: { code: '4000' }, amount: -800n, currency: 'EUR' },
        ],
      });
      return id;
    });
    const request = (amount: bigint, key: string) =>
      ctx.db.transaction((tx) =>
        requestPayout(tx, ctx, {
          coopId: fresh.id,
          provider: 'manual',
          amount,
          currency: 'EUR',
          debitAccountId: payable,
          idempotencyKey: key,
          description: 'Earnings, March',
          actorId: null,
        }),
      );
    const payout = await request(7000n, 'po-1');
    expect(await failure(request(300n, 'po-2'))).toMatchObject({
      code: 'PAYOUT_EXCEEDS_BALANCE',
      field: 'amount',
    });
    expect(await accountBalance(ctx.db, payable)).toBe(-7200n);
    const paid = await ctx.db.transaction((tx) =>
      markPayoutPaid(tx, ctx, {
        coopId: fresh.id,
        paymentId: payout.paymentId,
        reference: 'SEPA-77',
        actorId: null,
      }),
    );
    expect(paid.created).toBe(true);
    expect(await accountBalance(ctx.db, payable)).toBe(-200n);
    const again = await ctx.db.transaction((tx) =>
      markPayoutPaid(tx, ctx, {
        coopId: fresh.id,
        paymentId: payout.paymentId,
        reference: 'SEPA-77',
        actorId: null,
      }),
    );
    expect(again).toEqual({ ...paid, created: false });
    const bank = (await findAccountByCode(ctx.db, fresh.id, '1000'))!;
    expect(await accountBalance(ctx.db, bank.id)).toBe(1000n);
  });
});

describe('reports agree with the journal', () => {
  it('trial balance, balance sheet and income statement for a period', async () => {
    const fresh = await createCoop(ctx, { timeZone: 'Europe/Berlin' });
    const at = (iso: string) => new Date(iso);
    const p = (occurredAt: Date, postings: [string, bigint][]) =>
      post(
        entry({
          coopId: fresh.id,
          occurredAt,
          postings: postings.map(([code, amount]) => ({ account: { code }, amount, currency: 'EUR' })),
        }),
      );
    await p(at('2026-01-15T10:00:00Z'), [
      ['1000', 100_000n],
      ['3100', -100_000n],
    ]);
    // 23:30 UTC on 31 January is already February in Berlin.
    await p(at('2026-01-31T23:30:00Z'), [
      ['1000', 5000n],
      ['4000', -5000n],
    ]);
    await p(at('2026-02-10T09:00:00Z'), [
      ['5100', 1200n],
      ['1000', -1200n],
    ]);
    const trial = await trialBalance(ctx.db, { coopId: fresh.id, from: '2026-02-01', to: '2026-02-28' });
    const line = (code: string) => trial.lines.find((l) => l.code === code)!;
    expect(line('1000')).toMatchObject({
      opening: '100000',
      debits: '5000',
      credits: '1200',
      closing: '103800',
    });
    expect(line('4000')).toMatchObject({ opening: '0', credits: '5000', closing: '-5000' });
    expect(trial.totals).toEqual([
      { currency: 'EUR', debits: '6200', credits: '6200', closingDebit: '105000', closingCredit: '105000' },
    ]);

    const income = await incomeStatement(ctx.db, { coopId: fresh.id, from: '2026-02-01', to: '2026-02-28' });
    expect(income).toMatchObject({ revenue: { total: '5000' }, expenses: { total: '1200' }, result: '3800' });
    const january = await incomeStatement(ctx.db, { coopId: fresh.id, from: '2026-01-01', to: '2026-01-31' });
    expect(january.result).toBe('0');

    const sheet = await balanceSheet(ctx.db, { coopId: fresh.id, at: '2026-02-28' });
    expect(sheet).toMatchObject({
      assets: { total: '103800' },
      liabilities: { total: '0' },
      equity: { total: '100000' },
      resultToDate: '3800',
      totalEquity: '103800',
      balanced: true,
    });
    const now = await balanceSheet(ctx.db, { coopId: fresh.id });
    expect(now.assets.total).toBe('103800');
    const endOfJanuary = await balanceSheet(ctx.db, { coopId: fresh.id, at: '2026-01-31' });
    expect(endOfJanuary.assets.total).toBe('100000');
  });
});
