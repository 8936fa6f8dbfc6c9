import type { z } from 'zod';
import type {
  cancelPayoutInput,
  LedgerAccountView,
  OpenAccountInput,
  PostEntryBody,
  payoutPaidInput,
  recordPaymentInput,
  requestPayoutInput,
  reverseEntryInput,
} from '../../../contracts/ledger.ts';
import type { Context } from '../../context.ts';
import type { Tx } from '../../db/client.ts';
import type { Actor } from '../../lib/actor.ts';
import { AppError } from '../../lib/errors.ts';
import { authorize, type CoopAction, loadCoopAccess } from '../coops/index.ts';
import { parseAmount } from './amounts.ts';
import { closeAccount, openAccount } from './chart.ts';
import { cancelPayout, markPayoutPaid, recordIncomingPayment, requestPayout } from './payments.ts';
import { type PostEntryResult, postEntry, reverseEntry } from './post-entry.ts';
import { findAccountByCode, listAccounts } from './queries.ts';

// Use cases behind the admin API: authorization first, then one transaction per change.

async function withCoop<T>(
  ctx: Context,
  actor: Actor,
  slug: string,
  action: CoopAction,
  work: (tx: Tx, coopId: string, actorId: string | null, currency: string) => Promise<T>,
): Promise<T> {
  const access = await loadCoopAccess(ctx.db, slug, actor);
  authorize(access, action);
  return ctx.db.transaction((tx) => work(tx, access.coop.id, access.accountId, access.coop.currency));
}

function dateOf(value: string | undefined): Date | undefined {
  return value === undefined ? undefined : new Date(value);
}

export async function openLedgerAccount(
  ctx: Context,
  actor: Actor,
  slug: string,
  input: OpenAccountInput,
): Promise<LedgerAccountView> {
  const opened = await withCoop(
    ctx,
    actor,
    slug,
    'coop.manage_ledger',
    async (tx, coopId, actorId, currency) => ({
      coopId,
      id: await openAccount(tx, ctx, {
        coopId,
        code: input.code,
        name: input.name,
        type: input.type,
        currency: input.currency ?? currency,
        parentCode: input.parentCode ?? null,
        actorId,
      }),
    }),
  );
  const accounts = await listAccounts(ctx.db, opened.coopId);
  return accounts.find((a) => a.id === opened.id)!;
}

export async function closeLedgerAccount(
  ctx: Context,
  actor: Actor,
  slug: string,
  code: string,
): Promise<void> {
  await withCoop(ctx, actor, slug, 'coop.manage_ledger', (tx, coopId, actorId) =>
    closeAccount(tx, ctx, { coopId, code, actorId }),
  );
}

/** A hand-made entry (an adjustment, an expense paid, opening balances) with amounts as strings. */
export async function postManualEntry(
  ctx: Context,
  actor: Actor,
  slug: string,
  input: PostEntryBody,
): Promise<PostEntryResult> {
  const postings = input.postings.map((p, i) => ({
    account: { code: p.account },
    amount: parseAmount(p.amount, `postings.${i}.amount`),
    currency: p.currency,
  }));
  return withCoop(ctx, actor, slug, 'coop.manage_ledger', (tx, coopId, actorId) =>
    postEntry(tx, ctx, {
      coopId,
      idempotencyKey: input.idempotencyKey,
      kind: input.kind,
      description: input.description,
      occurredAt: dateOf(input.occurredAt) ?? ctx.clock(),
      actorId,
      postings,
    }),
  );
}

export async function reverseLedgerEntry(
  ctx: Context,
  actor: Actor,
  slug: string,
  entryId: string,
  input: z.infer<typeof reverseEntryInput>,
): Promise<PostEntryResult> {
  return withCoop(ctx, actor, slug, 'coop.manage_ledger', (tx, coopId, actorId) =>
    reverseEntry(tx, ctx, {
      coopId,
      entryId,
      idempotencyKey: input.idempotencyKey,
      ...(input.description !== undefined ? { description: input.description } : {}),
      ...(input.occurredAt !== undefined ? { occurredAt: new Date(input.occurredAt) } : {}),
      actorId,
    }),
  );
}

async function accountIdOf(tx: Tx, coopId: string, code: string): Promise<string> {
  const account = await findAccountByCode(tx, coopId, code);
  if (!account)
    throw new AppError('rule', 'ACCOUNT_UNKNOWN', `This co-op has no account ${code}.`, { field: 'account' });
  return account.id;
}

/** Money received by bank transfer or in cash, recorded by an admin with its reference. */
export async function recordManualPayment(
  ctx: Context,
  actor: Actor,
  slug: string,
  input: z.infer<typeof recordPaymentInput>,
): Promise<{ paymentId: string; entryId: string; created: boolean }> {
  const amount = parseAmount(input.amount, 'amount');
  const fee = input.fee === undefined ? undefined : parseAmount(input.fee, 'fee');
  return withCoop(ctx, actor, slug, 'coop.record_payments', async (tx, coopId, actorId, currency) =>
    recordIncomingPayment(tx, ctx, {
      coopId,
      provider: 'manual',
      amount,
      currency,
      reference: input.reference,
      idempotencyKey: input.idempotencyKey,
      creditAccountId: await accountIdOf(tx, coopId, input.account),
      kind: input.kind,
      description: input.description,
      actorId,
      ...(input.occurredAt !== undefined ? { occurredAt: new Date(input.occurredAt) } : {}),
      ...(fee !== undefined ? { fee } : {}),
    }),
  );
}

export async function requestManualPayout(
  ctx: Context,
  actor: Actor,
  slug: string,
  input: z.infer<typeof requestPayoutInput>,
): Promise<{ paymentId: string; created: boolean }> {
  const amount = parseAmount(input.amount, 'amount');
  return withCoop(ctx, actor, slug, 'coop.record_payments', async (tx, coopId, actorId, currency) =>
    requestPayout(tx, ctx, {
      coopId,
      provider: 'manual',
      amount,
      currency,
      debitAccountId: await accountIdOf(tx, coopId, input.account),
      idempotencyKey: input.idempotencyKey,
      description: input.description,
      actorId,
    }),
  );
}

export async function markManualPayoutPaid(
  ctx: Context,
  actor: Actor,
  slug: string,
  paymentId: string,
  input: z.infer<typeof payoutPaidInput>,
): Promise<{ paymentId: string; entryId: string; created: boolean }> {
  return withCoop(ctx, actor, slug, 'coop.record_payments', (tx, coopId, actorId) =>
    markPayoutPaid(tx, ctx, {
      coopId,
      paymentId,
      reference: input.reference,
      actorId,
      ...(input.occurredAt !== undefined ? { occurredAt: new Date(input.occurredAt) } : {}),
    }),
  );
}

export async function cancelManualPayout(
  ctx: Context,
  actor: Actor,
  slug: string,
  paymentId: string,
  input: z.infer<typeof cancelPayoutInput>,
): Promise<void> {
  await withCoop(ctx, actor, slug, 'coop.record_payments', (tx, coopId, actorId) =>
    cancelPayout(tx, ctx, { coopId, paymentId, reason: input.reason, actorId }),
  );
}
