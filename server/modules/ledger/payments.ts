import { and, eq, sql } from 'drizzle-orm';
import { queryRows, type Tx } from '../../db/client.ts';
import { ledgerPayments } from '../../db/schema/index.ts';
import { AppError } from '../../lib/errors.ts';
import { recordAudit } from '../audit/index.ts';
import { checkAmountRange, checkCurrency } from './amounts.ts';
import { CHART_CODES, type LedgerContext } from './chart.ts';
import { type PostingInput, postEntry, UUID } from './post-entry.ts';

/**
 * A way money enters or leaves the co-op. The ledger core only records what a provider reports:
 * money received (`recordIncomingPayment`) and payouts sent (`markPayoutPaid`). A card or bank
 * provider adds an adapter that registers itself here and reports its webhooks through the same
 * two functions (after commit work such as starting a transfer goes through the outbox).
 */
export type PaymentProvider = {
  /** Stored with each payment, lower_snake_case, e.g. "manual". */
  readonly id: string;
  readonly label: string;
  /** Whether people record this provider's money by hand through the API (only `manual`). */
  readonly recordedByHand: boolean;
  /** Checks the provider's reference for a payment (a bank reference, a charge id); null when fine. */
  checkReference(reference: string): string | null;
};

export const manualProvider: PaymentProvider = {
  id: 'manual',
  label: 'Bank transfer or cash, recorded by a co-op admin',
  recordedByHand: true,
  checkReference: (reference) =>
    reference.trim().length >= 1 && reference.length <= 140
      ? null
      : 'Give the bank transfer or receipt reference (1 to 140 characters).',
};

const providers = new Map<string, PaymentProvider>([[manualProvider.id, manualProvider]]);

export function registerPaymentProvider(provider: PaymentProvider): void {
  if (!/^[a-z][a-z0-9_]{0,31}$/.test(provider.id))
    throw new Error(`invalid payment provider id ${provider.id}`);
  providers.set(provider.id, provider);
}

export function paymentProvider(id: string): PaymentProvider {
  const provider = providers.get(id);
  if (!provider) {
    throw new AppError('rule', 'PAYMENT_PROVIDER_UNKNOWN', `No payment provider "${id}" is set up.`, {
      field: 'provider',
    });
  }
  return provider;
}

function checkReference(provider: PaymentProvider, reference: string): string {
  const problem = provider.checkReference(reference);
  if (problem) throw new AppError('rule', 'PAYMENT_REFERENCE_INVALID', problem, { field: 'reference' });
  return reference.trim();
}

function positive(amount: bigint, field: string): bigint {
  checkAmountRange(amount, field);
  if (amount <= 0n)
    throw new AppError('rule', 'AMOUNT_NOT_POSITIVE', 'The amount must be above zero.', { field });
  return amount;
}

function unknownAccount(): AppError {
  return new AppError('rule', 'ACCOUNT_UNKNOWN', 'This co-op has no such account.', { field: 'account' });
}

// The entry's last line is the account the caller chose; its errors are about the input's `account`.
function creditLineAsAccount(error: unknown, line: number): unknown {
  if (error instanceof AppError && error.field?.startsWith(`postings.${line}.`)) {
    const field = error.field.endsWith('.currency') ? 'currency' : 'account';
    return new AppError(error.kind, error.code, error.message, { field });
  }
  return error;
}

export type PaymentResult = { paymentId: string; entryId: string; created: boolean };

export type IncomingPaymentInput = {
  coopId: string;
  provider: string;
  /** What the payer paid, in minor units. */
  amount: bigint;
  currency: string;
  reference: string;
  idempotencyKey: string;
  /** The account the money is for: a member's share capital, payment clearing for a booking, … */
  creditAccountId: string;
  kind: string;
  description: string;
  link?: { type: string; id: string };
  actorId: string | null;
  occurredAt?: Date;
  /** What the provider kept, booked to 5000 Payment processing; the bank receives amount − fee. */
  fee?: bigint;
  policyVersion?: number;
};

async function paymentByKey(tx: Tx, coopId: string, key: string) {
  const [row] = await tx
    .select()
    .from(ledgerPayments)
    .where(and(eq(ledgerPayments.coopId, coopId), eq(ledgerPayments.idempotencyKey, key)));
  return row;
}

/** Records money received: debits 1000 Bank and cash (and 5000 for a fee), credits the given account. */
export async function recordIncomingPayment(
  tx: Tx,
  ctx: LedgerContext,
  input: IncomingPaymentInput,
): Promise<PaymentResult> {
  const provider = paymentProvider(input.provider);
  const amount = positive(input.amount, 'amount');
  const fee = input.fee ?? 0n;
  checkAmountRange(fee, 'fee');
  if (fee < 0n || fee >= amount) {
    throw new AppError('rule', 'FEE_INVALID', 'A fee is zero or more and less than the amount.', {
      field: 'fee',
    });
  }
  checkCurrency(input.currency, 'currency');
  const reference = checkReference(provider, input.reference);
  if (!UUID.test(input.creditAccountId)) throw unknownAccount();
  const earlier = await paymentByKey(tx, input.coopId, input.idempotencyKey);
  if (earlier) return { paymentId: earlier.id, entryId: earlier.entryId!, created: false };

  const postings: PostingInput[] = [
    { account: { code: CHART_CODES.bank }, amount: amount - fee, currency: input.currency },
    ...(fee > 0n
      ? [{ account: { code: CHART_CODES.paymentProcessing }, amount: fee, currency: input.currency }]
      : []),
    { account: { id: input.creditAccountId }, amount: -amount, currency: input.currency },
  ];
  const now = ctx.clock();
  const entry = await postEntry(tx, ctx, {
    coopId: input.coopId,
    idempotencyKey: `payment:${input.idempotencyKey}`,
    kind: input.kind,
    description: input.description,
    occurredAt: input.occurredAt ?? now,
    actorId: input.actorId,
    ...(input.link ? { link: input.link } : {}),
    ...(input.policyVersion !== undefined ? { policyVersion: input.policyVersion } : {}),
    postings,
  }).catch((error: unknown) => {
    throw creditLineAsAccount(error, postings.length - 1);
  });
  const paymentId = ctx.newId();
  const inserted = await tx
    .insert(ledgerPayments)
    .values({
      coopId: input.coopId,
      id: paymentId,
      provider: provider.id,
      direction: 'incoming',
      status: 'completed',
      amount,
      currency: input.currency,
      accountId: input.creditAccountId,
      idempotencyKey: input.idempotencyKey,
      reference,
      description: input.description.trim(),
      linkType: input.link?.type ?? null,
      linkId: input.link?.id ?? null,
      entryId: entry.entryId,
      createdAt: now,
      createdBy: input.actorId,
      completedAt: now,
      completedBy: input.actorId,
    })
    .onConflictDoNothing({ target: [ledgerPayments.coopId, ledgerPayments.idempotencyKey] })
    .returning({ id: ledgerPayments.id });
  if (inserted.length === 0) {
    const first = await paymentByKey(tx, input.coopId, input.idempotencyKey);
    return { paymentId: first!.id, entryId: first!.entryId!, created: false };
  }
  await recordAudit(tx, {
    coopId: input.coopId,
    actorId: input.actorId,
    action: 'ledger.payment_recorded',
    subjectType: 'ledger_payment',
    subjectId: paymentId,
    data: {
      provider: provider.id,
      amount: amount.toString(),
      fee: fee.toString(),
      currency: input.currency,
      reference,
      entryId: entry.entryId,
    },
    visibility: 'admins',
    at: now,
  });
  return { paymentId, entryId: entry.entryId, created: true };
}

export type PayoutRequestInput = {
  coopId: string;
  provider: string;
  amount: bigint;
  currency: string;
  /** The liability paid out, e.g. a worker's payable sub-account or 2200 dividends payable. */
  debitAccountId: string;
  idempotencyKey: string;
  description: string;
  link?: { type: string; id: string };
  actorId: string | null;
};

/**
 * Records that money is owed out and should be sent. Nothing is posted until it is paid; pending
 * payouts of an account may not exceed what the co-op owes on it.
 */
export async function requestPayout(
  tx: Tx,
  ctx: LedgerContext,
  input: PayoutRequestInput,
): Promise<{ paymentId: string; created: boolean }> {
  const provider = paymentProvider(input.provider);
  const amount = positive(input.amount, 'amount');
  checkCurrency(input.currency, 'currency');
  if (!UUID.test(input.debitAccountId)) throw unknownAccount();
  const earlier = await paymentByKey(tx, input.coopId, input.idempotencyKey);
  if (earlier) return { paymentId: earlier.id, created: false };
  // Locked so that two payouts requested at once cannot both pass the check below.
  const [account] = await queryRows<{
    code: string;
    type: string;
    currency: string;
    balance: string;
    closed: boolean;
    placeholder: boolean;
  }>(
    tx,
    sql`select code, type, currency, balance::text as balance, closed_at is not null as closed, placeholder
        from ledger_accounts where coop_id = ${input.coopId} and id = ${input.debitAccountId}
        for no key update`,
  );
  if (!account) throw unknownAccount();
  if (account.type !== 'liability' || account.placeholder || account.closed) {
    throw new AppError(
      'rule',
      'PAYOUT_ACCOUNT_INVALID',
      'Payouts settle an open liability account, such as a worker payable.',
      {
        field: 'account',
      },
    );
  }
  if (account.currency !== input.currency) {
    throw new AppError('rule', 'CURRENCY_MISMATCH', `Account ${account.code} keeps ${account.currency}.`, {
      field: 'currency',
    });
  }
  const [pending] = await queryRows<{ total: string }>(
    tx,
    sql`select coalesce(sum(amount), 0)::text as total from ledger_payments
        where coop_id = ${input.coopId} and account_id = ${input.debitAccountId}
          and direction = 'outgoing' and status = 'pending'`,
  );
  const owed = -BigInt(account.balance) - BigInt(pending?.total ?? '0');
  if (amount > owed) {
    throw new AppError(
      'rule',
      'PAYOUT_EXCEEDS_BALANCE',
      `Only ${owed < 0n ? 0n : owed} is owed on account ${account.code} beyond pending payouts.`,
      {
        field: 'amount',
      },
    );
  }
  const now = ctx.clock();
  const paymentId = ctx.newId();
  await tx.insert(ledgerPayments).values({
    coopId: input.coopId,
    id: paymentId,
    provider: provider.id,
    direction: 'outgoing',
    status: 'pending',
    amount,
    currency: input.currency,
    accountId: input.debitAccountId,
    idempotencyKey: input.idempotencyKey,
    description: input.description.trim(),
    linkType: input.link?.type ?? null,
    linkId: input.link?.id ?? null,
    createdAt: now,
    createdBy: input.actorId,
  });
  await recordAudit(tx, {
    coopId: input.coopId,
    actorId: input.actorId,
    action: 'ledger.payout_requested',
    subjectType: 'ledger_payment',
    subjectId: paymentId,
    data: {
      provider: provider.id,
      account: account.code,
      amount: amount.toString(),
      currency: input.currency,
    },
    visibility: 'admins',
    at: now,
  });
  return { paymentId, created: true };
}

type PayoutRow = {
  id: string;
  provider: string;
  status: string;
  amount: bigint;
  currency: string;
  accountId: string;
  description: string;
  linkType: string | null;
  linkId: string | null;
  entryId: string | null;
};

async function lockPayout(tx: Tx, coopId: string, paymentId: string): Promise<PayoutRow> {
  if (!UUID.test(paymentId)) throw new AppError('not_found', 'PAYOUT_UNKNOWN', 'No such payout.');
  const [row] = await queryRows<Omit<PayoutRow, 'amount'> & { amount: string }>(
    tx,
    sql`select id, provider, status, amount::text as amount, currency, account_id as "accountId",
          description, link_type as "linkType", link_id as "linkId", entry_id as "entryId"
        from ledger_payments
        where coop_id = ${coopId} and id = ${paymentId} and direction = 'outgoing'
        for update`,
  );
  if (!row) throw new AppError('not_found', 'PAYOUT_UNKNOWN', 'No such payout.');
  return { ...row, amount: BigInt(row.amount) };
}

/** Records that a payout was sent: debits the liability, credits 1000 Bank and cash. Repeating it is harmless. */
export async function markPayoutPaid(
  tx: Tx,
  ctx: LedgerContext,
  input: { coopId: string; paymentId: string; reference: string; actorId: string | null; occurredAt?: Date },
): Promise<PaymentResult> {
  const payout = await lockPayout(tx, input.coopId, input.paymentId);
  if (payout.status === 'completed')
    return { paymentId: payout.id, entryId: payout.entryId!, created: false };
  if (payout.status === 'cancelled')
    throw new AppError('conflict', 'PAYOUT_CANCELLED', 'This payout was cancelled.');
  const reference = checkReference(paymentProvider(payout.provider), input.reference);
  const now = ctx.clock();
  const entry = await postEntry(tx, ctx, {
    coopId: input.coopId,
    idempotencyKey: `payout:${payout.id}`,
    kind: 'payout',
    description: payout.description,
    occurredAt: input.occurredAt ?? now,
    actorId: input.actorId,
    ...(payout.linkType && payout.linkId ? { link: { type: payout.linkType, id: payout.linkId } } : {}),
    postings: [
      { account: { id: payout.accountId }, amount: payout.amount, currency: payout.currency },
      { account: { code: CHART_CODES.bank }, amount: -payout.amount, currency: payout.currency },
    ],
  });
  await tx
    .update(ledgerPayments)
    .set({
      status: 'completed',
      reference,
      entryId: entry.entryId,
      completedAt: now,
      completedBy: input.actorId,
    })
    .where(and(eq(ledgerPayments.coopId, input.coopId), eq(ledgerPayments.id, payout.id)));
  await recordAudit(tx, {
    coopId: input.coopId,
    actorId: input.actorId,
    action: 'ledger.payout_paid',
    subjectType: 'ledger_payment',
    subjectId: payout.id,
    data: { reference, entryId: entry.entryId, amount: payout.amount.toString(), currency: payout.currency },
    visibility: 'admins',
    at: now,
  });
  return { paymentId: payout.id, entryId: entry.entryId, created: true };
}

/** Withdraws a payout that has not been paid; nothing was posted for it, so nothing is reversed. */
export async function cancelPayout(
  tx: Tx,
  ctx: LedgerContext,
  input: { coopId: string; paymentId: string; reason: string; actorId: string | null },
): Promise<void> {
  const payout = await lockPayout(tx, input.coopId, input.paymentId);
  if (payout.status !== 'pending') {
    throw new AppError(
      'conflict',
      'PAYOUT_NOT_PENDING',
      `This payout is ${payout.status}; only a pending one can be cancelled.`,
    );
  }
  const now = ctx.clock();
  await tx
    .update(ledgerPayments)
    .set({ status: 'cancelled', completedBy: input.actorId })
    .where(and(eq(ledgerPayments.coopId, input.coopId), eq(ledgerPayments.id, payout.id)));
  await recordAudit(tx, {
    coopId: input.coopId,
    actorId: input.actorId,
    action: 'ledger.payout_cancelled',
    subjectType: 'ledger_payment',
    subjectId: payout.id,
    data: { reason: input.reason.trim().slice(0, 500) },
    visibility: 'admins',
    at: now,
  });
}
