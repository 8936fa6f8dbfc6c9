import type { Tx } from '../../db/client.ts';
import type { LedgerContext } from '../ledger/index.ts';
import {
  CHART_CODES,
  ensurePersonalAccount,
  findAccountByCode,
  postEntry,
  recordIncomingPayment,
  requestPayout,
} from '../ledger/index.ts';
import { cancellationSplit, settlementSplit } from './pricing.ts';
import type { BookingRow } from './queries.ts';

// Every amount of a booking moves through the ledger, in the use case's transaction:
//   payment     1000 Bank  ←  1100 Payment clearing           (the customer's total, held)
//   settlement  1100       →  2000-n worker payable + 4000 fee (remainder to the worker)
//   late cancel 1100       →  2000-n + 4000 (the cancellation fee) and a pending refund payout from 1100

async function clearingAccountId(tx: Tx, coopId: string): Promise<string> {
  const account = await findAccountByCode(tx, coopId, CHART_CODES.clearing);
  if (!account) throw new Error(`co-op ${coopId} has no payment clearing account`);
  return account.id;
}

function workerPayable(tx: Tx, ctx: LedgerContext, booking: BookingRow, label: string): Promise<string> {
  return ensurePersonalAccount(tx, ctx, {
    coopId: booking.coopId,
    kind: 'worker_payable',
    ownerAccountId: booking.workerAccountId,
    label: `Worker payable — ${label}`,
  });
}

/** The customer's payment arrives: the whole total goes to payment clearing. */
export async function recordBookingPayment(
  tx: Tx,
  ctx: LedgerContext,
  booking: BookingRow,
  input: { provider: string; reference: string; actorId: string | null },
): Promise<{ entryId: string; created: boolean }> {
  const result = await recordIncomingPayment(tx, ctx, {
    coopId: booking.coopId,
    provider: input.provider,
    amount: booking.total,
    currency: booking.currency,
    reference: input.reference,
    idempotencyKey: `booking:${booking.id}`,
    creditAccountId: await clearingAccountId(tx, booking.coopId),
    kind: 'booking_payment',
    description: `Booking paid: ${booking.title}`.slice(0, 500),
    link: { type: 'market_booking', id: booking.id },
    actorId: input.actorId,
    policyVersion: booking.policyVersion,
  });
  return { entryId: result.entryId, created: result.created };
}

/** Clearing is split exactly: the fee priced into the booking to 4000, the remainder to the worker. */
export async function postSettlement(
  tx: Tx,
  ctx: LedgerContext,
  booking: BookingRow,
  input: { workerName: string; actorId: string | null },
): Promise<string> {
  const split = settlementSplit(booking.total, booking.fee);
  const payable = await workerPayable(tx, ctx, booking, input.workerName);
  const entry = await postEntry(tx, ctx, {
    coopId: booking.coopId,
    idempotencyKey: `booking-settlement:${booking.id}`,
    kind: 'booking_settlement',
    description: `Booking settled: ${booking.title}`.slice(0, 500),
    occurredAt: ctx.clock(),
    actorId: input.actorId,
    link: { type: 'market_booking', id: booking.id },
    policyVersion: booking.policyVersion,
    postings: [
      { account: { code: CHART_CODES.clearing }, amount: booking.total, currency: booking.currency },
      { account: { id: payable }, amount: -split.worker, currency: booking.currency },
      ...(split.platform > 0n
        ? [
            {
              account: { code: CHART_CODES.platformFees },
              amount: -split.platform,
              currency: booking.currency,
            },
          ]
        : []),
    ],
  });
  return entry.entryId;
}

/**
 * A paid booking is cancelled: the cancellation fee (if late) is split like a settlement, and the
 * rest is owed back to the customer as a pending refund payout from clearing, posted when paid.
 */
export async function postCancellation(
  tx: Tx,
  ctx: LedgerContext,
  booking: BookingRow,
  input: { late: boolean; workerName: string; actorId: string | null },
): Promise<{ cancellationFee: bigint; refund: bigint; refundPaymentId: string | null }> {
  const split = cancellationSplit({
    total: booking.total,
    fee: booking.fee,
    cancelFeeBps: booking.cancelFeeBps,
    late: input.late,
  });
  const link = { type: 'market_booking', id: booking.id };
  if (split.cancellationFee > 0n) {
    const payable = split.worker > 0n ? await workerPayable(tx, ctx, booking, input.workerName) : null;
    await postEntry(tx, ctx, {
      coopId: booking.coopId,
      idempotencyKey: `booking-cancellation:${booking.id}`,
      kind: 'cancellation_fee',
      description: `Late cancellation fee: ${booking.title}`.slice(0, 500),
      occurredAt: ctx.clock(),
      actorId: input.actorId,
      link,
      policyVersion: booking.policyVersion,
      postings: [
        {
          account: { code: CHART_CODES.clearing },
          amount: split.cancellationFee,
          currency: booking.currency,
        },
        ...(payable ? [{ account: { id: payable }, amount: -split.worker, currency: booking.currency }] : []),
        ...(split.platform > 0n
          ? [
              {
                account: { code: CHART_CODES.platformFees },
                amount: -split.platform,
                currency: booking.currency,
              },
            ]
          : []),
      ],
    });
  }
  let refundPaymentId: string | null = null;
  if (split.refund > 0n) {
    const payout = await requestPayout(tx, ctx, {
      coopId: booking.coopId,
      provider: booking.paymentProvider ?? 'manual',
      amount: split.refund,
      currency: booking.currency,
      debitAccountId: await clearingAccountId(tx, booking.coopId),
      idempotencyKey: `booking-refund:${booking.id}`,
      description: `Refund for a cancelled booking: ${booking.title}`.slice(0, 500),
      link,
      actorId: input.actorId,
    });
    refundPaymentId = payout.paymentId;
  }
  return { cancellationFee: split.cancellationFee, refund: split.refund, refundPaymentId };
}
