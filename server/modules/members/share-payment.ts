import { and, eq } from 'drizzle-orm';
import type { Context } from '../../context.ts';
import type { Tx } from '../../db/client.ts';
import { membershipApplications, memberships } from '../../db/schema/index.ts';
import type { Actor } from '../../lib/actor.ts';
import { AppError } from '../../lib/errors.ts';
import { authorize, loadCoopAccess, policyAt } from '../coops/index.ts';
import { ensurePersonalAccount, recordIncomingPayment } from '../ledger/index.ts';
import { admitMember } from './admission.ts';
import { findApplication } from './queries.ts';

/**
 * An admin or board member records that an applicant's share price arrived (manual provider: a bank
 * transfer or cash with its reference). The money goes to the person's share-capital account. Paying
 * twice is harmless: the same application posts once.
 */
export async function recordSharePayment(
  ctx: Context,
  actor: Actor,
  slug: string,
  applicationId: string,
  input: { reference: string },
): Promise<{ status: string; entryId: string; alreadyRecorded: boolean }> {
  const access = await loadCoopAccess(ctx.db, slug, actor);
  authorize(access, 'coop.record_payments');
  const coopId = access.coop.id;
  const now = ctx.clock();
  return ctx.db.transaction(async (tx) => {
    const app = await findApplication(tx, coopId, applicationId, { lock: true });
    const founderUnpaid = app.status === 'admitted' && !app.paidAt;
    if (app.status !== 'awaiting_payment' && !founderUnpaid && !app.paidAt) {
      throw new AppError(
        'rule',
        'APPLICATION_NOT_PAYABLE',
        `This application is ${app.status.replaceAll('_', ' ')}; no share is owed on it.`,
      );
    }
    if (BigInt(app.sharePrice) === 0n) {
      throw new AppError(
        'rule',
        'NO_SHARE_OWED',
        'This class has no share price; there is nothing to record.',
      );
    }
    const shareAccount = await ensurePersonalAccount(tx, ctx, {
      coopId,
      kind: 'share_capital',
      ownerAccountId: app.accountId,
      label: `Share capital — ${app.classKey}`,
    });
    const payment = await recordIncomingPayment(tx, ctx, {
      coopId,
      provider: 'manual',
      amount: BigInt(app.sharePrice),
      currency: access.coop.currency,
      reference: input.reference,
      idempotencyKey: `share:${applicationId}`,
      creditAccountId: shareAccount,
      kind: 'share_purchase',
      description: `Member share (${app.classKey})`,
      link: { type: 'membership_application', id: applicationId },
      actorId: access.accountId,
    });
    if (!payment.created || app.paidAt)
      return { status: app.status, entryId: payment.entryId, alreadyRecorded: true };
    await tx
      .update(membershipApplications)
      .set({ paidAt: now, paymentReference: input.reference })
      .where(and(eq(membershipApplications.coopId, coopId), eq(membershipApplications.id, applicationId)));
    if (founderUnpaid) {
      await tx
        .update(memberships)
        .set({ shares: 1 })
        .where(and(eq(memberships.coopId, coopId), eq(memberships.applicationId, applicationId)));
      return { status: 'admitted', entryId: payment.entryId, alreadyRecorded: false };
    }
    const policyClass = await classRuleOf(tx, coopId, app.classKey, now);
    const status = await admitAfterPayment(tx, ctx, {
      coopId,
      applicationId,
      admission: policyClass,
      actorId: access.accountId,
    });
    return { status, entryId: payment.entryId, alreadyRecorded: false };
  });
}

async function classRuleOf(
  tx: Tx,
  coopId: string,
  classKey: string,
  at: Date,
): Promise<'automatic' | 'board' | 'vote'> {
  const policy = await policyAt(tx, coopId, at);
  return policy.document.memberClasses.find((c) => c.key === classKey)?.admission ?? 'board';
}

/** Moves a paid (or free) application on by its class's admission rule. */
export async function admitAfterPayment(
  tx: Tx,
  ctx: Pick<Context, 'newId' | 'clock'>,
  input: {
    coopId: string;
    applicationId: string;
    admission: 'automatic' | 'board' | 'vote';
    actorId: string | null;
  },
): Promise<string> {
  const app = await findApplication(tx, input.coopId, input.applicationId);
  const where = and(
    eq(membershipApplications.coopId, input.coopId),
    eq(membershipApplications.id, input.applicationId),
  );
  if (input.admission === 'automatic') {
    await tx
      .update(membershipApplications)
      .set({ status: 'admitted', decidedAt: ctx.clock(), decisionReason: 'automatic on payment' })
      .where(where);
    await admitMember(tx, ctx, {
      coopId: input.coopId,
      accountId: app.accountId,
      classKey: app.classKey,
      applicationId: app.id,
      shares: BigInt(app.sharePrice) > 0n ? 1 : 0,
      actorId: input.actorId,
      reason: 'automatic on payment',
    });
    return 'admitted';
  }
  // Admission by member vote waits here until the governance module opens the vote.
  const status = input.admission === 'board' ? 'awaiting_admission' : 'awaiting_vote';
  await tx.update(membershipApplications).set({ status }).where(where);
  return status;
}
