import { and, desc, eq, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { earningsView, payoutBatchList, payoutBatchView } from '../../../contracts/market.ts';
import { formatMoney } from '../../../contracts/money.ts';
import type { Context } from '../../context.ts';
import { type Executor, queryRows } from '../../db/client.ts';
import { marketPayoutBatches, marketPayoutItems, marketWorkers } from '../../db/schema/index.ts';
import type { Actor } from '../../lib/actor.ts';
import { AppError, isAppError } from '../../lib/errors.ts';
import { recordAudit } from '../audit/index.ts';
import { authorize, loadCoopAccess } from '../coops/index.ts';
import {
  accountBalance,
  markPayoutPaid,
  personalAccounts,
  personalStatement,
  requestPayout,
} from '../ledger/index.ts';
import { notFound, people, signedIn, UUID } from './common.ts';
import { addDays, localToUtc } from './local-time.ts';
import { send } from './notify.ts';

// Workers are paid what the co-op owes them in batches: an admin makes a batch (one ledger payout
// request per worker payable with money owed), sends the transfers, then marks the batch paid,
// which posts each payout (worker payable → bank) through the ledger.

type BatchView = z.infer<typeof payoutBatchView>;

async function batchView(db: Executor, coopId: string, batchId: string): Promise<BatchView> {
  const [batch] = await db
    .select()
    .from(marketPayoutBatches)
    .where(and(eq(marketPayoutBatches.coopId, coopId), eq(marketPayoutBatches.id, batchId)));
  if (!batch) throw notFound('PAYOUT_BATCH_NOT_FOUND', 'No such payout batch.');
  const items = await db
    .select()
    .from(marketPayoutItems)
    .where(and(eq(marketPayoutItems.coopId, coopId), eq(marketPayoutItems.batchId, batchId)));
  const names = await people(
    db,
    items.map((i) => i.workerAccountId),
  );
  return {
    id: batch.id,
    status: batch.status as 'pending' | 'paid',
    currency: batch.currency,
    total: batch.total.toString(),
    itemCount: batch.itemCount,
    createdAt: batch.createdAt.toISOString(),
    paidAt: batch.paidAt?.toISOString() ?? null,
    reference: batch.reference,
    items: items
      .map((i) => ({
        paymentId: i.paymentId,
        workerAccountId: i.workerAccountId,
        displayName: names.get(i.workerAccountId)?.displayName ?? '',
        amount: i.amount.toString(),
      }))
      .sort((a, b) => a.displayName.localeCompare(b.displayName)),
  };
}

/** Requests a payout of everything owed to each worker; one batch may be open at a time. */
export async function createPayoutBatch(ctx: Context, actor: Actor, slug: string): Promise<BatchView> {
  const access = await loadCoopAccess(ctx.db, slug, actor);
  authorize(access, 'coop.record_payments');
  const coopId = access.coop.id;
  const currency = access.coop.currency;
  const now = ctx.clock();
  const batchId = ctx.newId();
  await ctx.db.transaction(async (tx) => {
    // The lock on the co-op's pending batches makes "one open batch" hold under concurrency.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`market-payouts:${coopId}`}))`);
    const [open] = await tx
      .select({ id: marketPayoutBatches.id })
      .from(marketPayoutBatches)
      .where(and(eq(marketPayoutBatches.coopId, coopId), eq(marketPayoutBatches.status, 'pending')));
    if (open) {
      throw new AppError(
        'conflict',
        'PAYOUT_BATCH_OPEN',
        'A payout batch is still waiting to be marked paid.',
      );
    }
    const workers = await tx
      .select({ accountId: marketWorkers.accountId })
      .from(marketWorkers)
      .where(eq(marketWorkers.coopId, coopId));
    const items: { paymentId: string; workerAccountId: string; ledgerAccountId: string; amount: bigint }[] =
      [];
    for (const w of workers) {
      const payable = (await personalAccounts(tx, coopId, w.accountId)).find(
        (a) => a.personal === 'worker_payable',
      );
      if (!payable) continue;
      const owed = -(await accountBalance(tx, { coopId, accountId: payable.id }));
      if (owed <= 0n) continue;
      try {
        const payout = await requestPayout(tx, ctx, {
          coopId,
          provider: 'manual',
          amount: owed,
          currency,
          debitAccountId: payable.id,
          idempotencyKey: `market-payout:${batchId}:${payable.id}`,
          description: `Worker payout (batch of ${now.toISOString().slice(0, 10)})`,
          link: { type: 'market_payout_batch', id: batchId },
          actorId: access.accountId,
        });
        items.push({
          paymentId: payout.paymentId,
          workerAccountId: w.accountId,
          ledgerAccountId: payable.id,
          amount: owed,
        });
      } catch (error) {
        // A payout an admin already requested by hand covers this worker; leave them out.
        if (isAppError(error) && error.code === 'PAYOUT_EXCEEDS_BALANCE') continue;
        throw error;
      }
    }
    if (items.length === 0)
      throw new AppError('rule', 'NOTHING_TO_PAY', 'No worker is owed anything right now.');
    const total = items.reduce((s, i) => s + i.amount, 0n);
    await tx.insert(marketPayoutBatches).values({
      coopId,
      id: batchId,
      status: 'pending',
      currency,
      total,
      itemCount: items.length,
      createdBy: access.accountId,
      createdAt: now,
    });
    await tx.insert(marketPayoutItems).values(items.map((i) => ({ coopId, batchId, ...i })));
    await recordAudit(tx, {
      coopId,
      actorId: access.accountId,
      action: 'market.payout_batch_created',
      subjectType: 'market_payout_batch',
      subjectId: batchId,
      data: { total: total.toString(), items: items.length, currency },
      visibility: 'admins',
      at: now,
    });
  });
  return batchView(ctx.db, coopId, batchId);
}

/** The transfers went out: each payout is posted (payable → bank) and the workers are told. */
export async function markBatchPaid(
  ctx: Context,
  actor: Actor,
  slug: string,
  batchId: string,
  input: { reference: string },
): Promise<BatchView> {
  const access = await loadCoopAccess(ctx.db, slug, actor);
  authorize(access, 'coop.record_payments');
  const coopId = access.coop.id;
  if (!UUID.test(batchId)) throw notFound('PAYOUT_BATCH_NOT_FOUND', 'No such payout batch.');
  const now = ctx.clock();
  await ctx.db.transaction(async (tx) => {
    const [batch] = await tx
      .select()
      .from(marketPayoutBatches)
      .where(and(eq(marketPayoutBatches.coopId, coopId), eq(marketPayoutBatches.id, batchId)))
      .for('update');
    if (!batch) throw notFound('PAYOUT_BATCH_NOT_FOUND', 'No such payout batch.');
    if (batch.status === 'paid') return;
    const items = await tx
      .select()
      .from(marketPayoutItems)
      .where(and(eq(marketPayoutItems.coopId, coopId), eq(marketPayoutItems.batchId, batchId)));
    const who = await people(
      tx,
      items.map((i) => i.workerAccountId),
    );
    for (const item of items) {
      await markPayoutPaid(tx, ctx, {
        coopId,
        paymentId: item.paymentId,
        reference: input.reference,
        actorId: access.accountId,
      });
      const worker = who.get(item.workerAccountId);
      if (worker) {
        await send(tx, ctx, worker, `Payout sent: ${formatMoney(item.amount, batch.currency)}`, [
          `The co-op has sent you ${formatMoney(item.amount, batch.currency)} (reference ${input.reference}).`,
          `${ctx.config.publicUrl}/c/${slug}/me/statement`,
        ]);
      }
    }
    await tx
      .update(marketPayoutBatches)
      .set({ status: 'paid', paidAt: now, paidBy: access.accountId, reference: input.reference })
      .where(and(eq(marketPayoutBatches.coopId, coopId), eq(marketPayoutBatches.id, batchId)));
    await recordAudit(tx, {
      coopId,
      actorId: access.accountId,
      action: 'market.payout_batch_paid',
      subjectType: 'market_payout_batch',
      subjectId: batchId,
      data: { reference: input.reference, total: batch.total.toString(), items: items.length },
      visibility: 'admins',
      at: now,
    });
  });
  ctx.kickOutbox();
  return batchView(ctx.db, coopId, batchId);
}

export async function listPayoutBatches(
  ctx: Context,
  actor: Actor,
  slug: string,
): Promise<z.infer<typeof payoutBatchList>> {
  const access = await loadCoopAccess(ctx.db, slug, actor);
  authorize(access, 'coop.record_payments');
  const rows = await ctx.db
    .select({ id: marketPayoutBatches.id })
    .from(marketPayoutBatches)
    .where(eq(marketPayoutBatches.coopId, access.coop.id))
    .orderBy(desc(marketPayoutBatches.createdAt))
    .limit(100);
  const batches = [];
  for (const r of rows) batches.push(await batchView(ctx.db, access.coop.id, r.id));
  return { batches };
}

/** A worker's month, read from the ledger (their payable account) and from their bookings. */
export async function myEarnings(
  ctx: Context,
  actor: Actor,
  slug: string,
  query: { month?: string | undefined },
): Promise<z.infer<typeof earningsView>> {
  const access = await loadCoopAccess(ctx.db, slug, actor);
  const accountId = signedIn(access);
  const coopId = access.coop.id;
  const zone = access.coop.timeZone;
  const month =
    query.month ??
    new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit' }).format(
      ctx.clock(),
    );
  const first = `${month}-01`;
  const next = `${addDays(first, 32).slice(0, 7)}-01`;
  const last = addDays(next, -1);
  const statement = await personalStatement(ctx.db, {
    coopId,
    ownerAccountId: accountId,
    from: first,
    to: last,
  });
  const payable = statement.accounts.find((a) => a.account.personal === 'worker_payable');
  let earned = 0n;
  let paidOut = 0n;
  for (const line of payable?.lines ?? []) {
    const amount = BigInt(line.amount);
    if (amount > 0n) earned += amount;
    else paidOut -= amount;
  }
  const owed = payable ? -(await accountBalance(ctx.db, { coopId, accountId: payable.account.id })) : 0n;
  const [work] = await queryRows<{ n: string | number; minutes: string | number | null }>(
    ctx.db,
    sql`select count(*) as n, sum(duration_minutes) as minutes from market_bookings
        where coop_id = ${coopId} and worker_account_id = ${accountId} and status = 'settled'
          and settled_at >= ${new Date(localToUtc(zone, first, 0)).toISOString()}::timestamptz
          and settled_at < ${new Date(localToUtc(zone, next, 0)).toISOString()}::timestamptz`,
  );
  const minutes = Number(work?.minutes ?? 0);
  return {
    month,
    currency: access.coop.currency,
    earned: earned.toString(),
    paidOut: paidOut.toString(),
    owed: owed.toString(),
    settledBookings: Number(work?.n ?? 0),
    hoursWorked: (minutes / 60).toFixed(2),
  };
}
