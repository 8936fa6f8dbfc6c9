import { and, eq, sql } from 'drizzle-orm';
import type { Context } from '../../context.ts';
import { queryRows, type Tx } from '../../db/client.ts';
import { membershipApplications, memberships } from '../../db/schema/index.ts';
import type { Actor } from '../../lib/actor.ts';
import { AppError } from '../../lib/errors.ts';
import { recordAudit } from '../audit/index.ts';
import { authorize, loadCoopAccess } from '../coops/index.ts';
import { ensurePersonalAccount, postEntry } from '../ledger/index.ts';
import { findApplication } from './queries.ts';

/** Enters a person in the register with the next member number. Runs inside the caller's transaction. */
export async function admitMember(
  tx: Tx,
  ctx: Pick<Context, 'newId' | 'clock'>,
  input: {
    coopId: string;
    accountId: string;
    classKey: string;
    applicationId: string;
    shares: number;
    actorId: string | null;
    reason: string;
  },
): Promise<{ membershipId: string; memberNumber: number }> {
  // Locking the co-op row serialises admissions, so member numbers are dense and never reused.
  await tx.execute(sql`select id from coops where id = ${input.coopId} for update`);
  const [next] = await queryRows<{ n: number | string }>(
    tx,
    sql`select coalesce(max(member_number), 0) + 1 as n from memberships where coop_id = ${input.coopId}`,
  );
  const memberNumber = Number(next!.n);
  const now = ctx.clock();
  const membershipId = ctx.newId();
  await tx.insert(memberships).values({
    coopId: input.coopId,
    id: membershipId,
    accountId: input.accountId,
    memberNumber,
    classKey: input.classKey,
    shares: input.shares,
    applicationId: input.applicationId,
    status: 'active',
    admittedAt: now,
  });
  await recordAudit(tx, {
    coopId: input.coopId,
    actorId: input.actorId,
    action: 'member.admitted',
    subjectType: 'membership',
    subjectId: membershipId,
    data: {
      memberNumber,
      classKey: input.classKey,
      applicationId: input.applicationId,
      reason: input.reason,
    },
    visibility: 'members',
    at: now,
  });
  return { membershipId, memberNumber };
}

/** The board admits or declines an applicant whose class is admitted by the board. */
export async function decideAdmission(
  ctx: Context,
  actor: Actor,
  slug: string,
  applicationId: string,
  input: { decision: 'admit' | 'decline'; reason: string },
): Promise<void> {
  const access = await loadCoopAccess(ctx.db, slug, actor);
  authorize(access, 'coop.decide_admissions');
  if (input.decision === 'decline' && input.reason.trim() === '') {
    throw new AppError('validation', 'REASON_REQUIRED', 'Give the applicant a reason when declining.', {
      field: 'reason',
    });
  }
  const coopId = access.coop.id;
  const now = ctx.clock();
  await ctx.db.transaction(async (tx) => {
    const app = await findApplication(tx, coopId, applicationId, { lock: true });
    if (app.status !== 'awaiting_admission') {
      throw new AppError(
        'rule',
        'APPLICATION_NOT_AWAITING_ADMISSION',
        `This application is ${app.status.replaceAll('_', ' ')}, not awaiting the board.`,
      );
    }
    await tx
      .update(membershipApplications)
      .set({
        status: input.decision === 'admit' ? 'admitted' : 'declined',
        decidedBy: access.accountId,
        decidedAt: now,
        decisionReason: input.reason,
      })
      .where(and(eq(membershipApplications.coopId, coopId), eq(membershipApplications.id, applicationId)));
    if (input.decision === 'admit') {
      await admitMember(tx, ctx, {
        coopId,
        accountId: app.accountId,
        classKey: app.classKey,
        applicationId,
        shares: app.paidAt ? 1 : 0,
        actorId: access.accountId,
        reason: input.reason || 'admitted by the board',
      });
      return;
    }
    await recordAudit(tx, {
      coopId,
      actorId: access.accountId,
      action: 'application.declined',
      subjectType: 'membership_application',
      subjectId: applicationId,
      data: { reason: input.reason },
      visibility: 'admins',
      at: now,
    });
    // A declined applicant's paid share is owed back: it moves from share capital to a payable.
    if (app.paidAt && BigInt(app.sharePrice) > 0n) {
      const shareAccount = await ensurePersonalAccount(tx, ctx, {
        coopId,
        kind: 'share_capital',
        ownerAccountId: app.accountId,
        label: `Share capital — applicant ${applicationId.slice(0, 8)}`,
      });
      await postEntry(tx, ctx, {
        coopId,
        idempotencyKey: `share-refund:${applicationId}`,
        kind: 'refund',
        description: 'Share refunded to a declined applicant',
        occurredAt: now,
        actorId: access.accountId,
        link: { type: 'membership_application', id: applicationId },
        postings: [
          { account: { id: shareAccount }, amount: BigInt(app.sharePrice), currency: access.coop.currency },
          { account: { code: '2100' }, amount: -BigInt(app.sharePrice), currency: access.coop.currency },
        ],
      });
    }
  });
}
