import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../test/db.ts';
import { createAccount, createCoop } from '../../../test/factories.ts';
import { queryRows } from '../../db/client.ts';
import { AppError } from '../../lib/errors.ts';
import { verifyChain } from '../audit/index.ts';
import {
  accountBalance,
  ensurePersonalAccount,
  findAccountByCode,
  postEntry,
  requestPayout,
  trialBalance,
} from './index.ts';

// Races and locks only show on a PostgreSQL server (PGlite runs one transaction at a time), so these
// run when TEST_DATABASE_URL is set, as CI does.
describe.runIf(process.env.TEST_DATABASE_URL)('concurrent postings on the PostgreSQL server', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext();
  });
  afterAll(async () => {
    await ctx?.database.close();
  });

  const postOne = (coopId: string, key: string, debit: string, credit: string, amount: bigint) =>
    ctx.db.transaction((tx) =>
      postEntry(tx, ctx, {
        coopId,
        idempotencyKey: key,
        kind: 'adjustment',
        description: `Concurrent ${key}`,
        occurredAt: ctx.clock(),
        actorId: null,
        postings: [
          { account: { code: debit }, amount, currency: 'EUR' },
          { account: { code: credit }, amount: -amount, currency: 'EUR' },
        ],
      }),
    );

  it('ends 100 parallel postings against one account with the exact sum', async () => {
    const coop = await createCoop(ctx);
    const amounts = Array.from({ length: 100 }, (_, i) => BigInt(i + 1) * 101n);
    const results = await Promise.all(amounts.map((a, i) => postOne(coop.id, `p-${i}`, '1000', '4000', a)));
    expect(results.every((r) => r.created)).toBe(true);
    const expected = amounts.reduce((s, a) => s + a, 0n);
    const bank = (await findAccountByCode(ctx.db, coop.id, '1000'))!;
    const fees = (await findAccountByCode(ctx.db, coop.id, '4000'))!;
    expect(await accountBalance(ctx.db, bank.id)).toBe(expected);
    expect(await accountBalance(ctx.db, fees.id)).toBe(-expected);
    const [summed] = await queryRows<{ total: string; n: string }>(
      ctx.db,
      sql`select sum(amount)::text as total, count(*)::text as n from ledger_postings
          where coop_id = ${coop.id} and account_id = ${bank.id}`,
    );
    expect(summed).toEqual({ total: expected.toString(), n: '100' });
    // The co-op's audit chain took every event in order, without a fork.
    expect(await verifyChain(ctx.db, coop.id)).toMatchObject({ ok: true });
  });

  it('posts once when the same idempotency key arrives 20 times at once', async () => {
    const coop = await createCoop(ctx);
    const results = await Promise.all(
      Array.from({ length: 20 }, () => postOne(coop.id, 'same-key', '1000', '4100', 777n)),
    );
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(new Set(results.map((r) => r.entryId)).size).toBe(1);
    const bank = (await findAccountByCode(ctx.db, coop.id, '1000'))!;
    expect(await accountBalance(ctx.db, bank.id)).toBe(777n);
  });

  it('never deadlocks on entries crossing the same accounts in opposite directions', async () => {
    const coop = await createCoop(ctx);
    const jobs = Array.from({ length: 60 }, (_, i) =>
      i % 2 === 0
        ? postOne(coop.id, `x-${i}`, '1000', '5100', 10n)
        : postOne(coop.id, `x-${i}`, '5100', '1000', 3n),
    );
    await Promise.all(jobs);
    const bank = (await findAccountByCode(ctx.db, coop.id, '1000'))!;
    expect(await accountBalance(ctx.db, bank.id)).toBe(30n * 10n - 30n * 3n);
    const trial = await trialBalance(ctx.db, { coopId: coop.id });
    expect(trial.totals[0]!.closingDebit).toBe(trial.totals[0]!.closingCredit);
  });

  it('numbers personal sub-accounts without gaps or duplicates when people join at once', async () => {
    const coop = await createCoop(ctx);
    const people = await Promise.all(Array.from({ length: 12 }, () => createAccount(ctx)));
    const open = (ownerAccountId: string) =>
      ctx.db.transaction((tx) =>
        ensurePersonalAccount(tx, ctx, {
          coopId: coop.id,
          kind: 'share_capital',
          ownerAccountId,
          label: 'Member',
        }),
      );
    const ids = await Promise.all([...people.map((p) => open(p.id)), ...people.map((p) => open(p.id))]);
    expect(ids.slice(0, 12)).toEqual(ids.slice(12));
    const codes = await queryRows<{ code: string }>(
      ctx.db,
      sql`select code from ledger_accounts where coop_id = ${coop.id} and owner_kind = 'share_capital' order by code`,
    );
    expect(codes.map((c) => c.code)).toEqual(
      Array.from({ length: 12 }, (_, i) => `3000-${String(i + 1).padStart(4, '0')}`),
    );
  });

  it('lets only one of two simultaneous payouts through when together they exceed what is owed', async () => {
    const coop = await createCoop(ctx);
    const worker = await createAccount(ctx);
    const payable = await ctx.db.transaction(async (tx) => {
      const id = await ensurePersonalAccount(tx, ctx, {
        coopId: coop.id,
        kind: 'worker_payable',
        ownerAccountId: worker.id,
        label: 'Worker',
      });
      await postEntry(tx, ctx, {
        coopId: coop.id,
        idempotencyKey: 'earned',
        kind: 'booking_settlement',
        description: 'Earned',
        occurredAt: ctx.clock(),
        actorId: null,
        postings: [
          { account: { code: '1000' }, amount: 1000n, currency: 'EUR' },
          { account: { id }, amount: -1000n, currency: 'EUR' },
        ],
      });
      return id;
    });
    const request = (key: string) =>
      ctx.db
        .transaction((tx) =>
          requestPayout(tx, ctx, {
            coopId: coop.id,
            provider: 'manual',
            amount: 600n,
            currency: 'EUR',
            debitAccountId: payable,
            idempotencyKey: key,
            description: 'Payout',
            actorId: null,
          }),
        )
        .then(
          () => 'ok',
          (error: unknown) => (error instanceof AppError ? error.code : String(error)),
        );
    const outcomes = await Promise.all([request('a'), request('b')]);
    expect(outcomes.sort()).toEqual(['PAYOUT_EXCEEDS_BALANCE', 'ok']);
  });
});
