import { and, eq, lte } from 'drizzle-orm';
import type { Context } from '../../context.ts';
import { coops, memberships } from '../../db/schema/index.ts';
import type { Actor } from '../../lib/actor.ts';
import { AppError } from '../../lib/errors.ts';
import { recordAudit } from '../audit/index.ts';
import { loadCoopAccess, policyAt } from '../coops/index.ts';
import { accountBalance, ensurePersonalAccount, postEntry } from '../ledger/index.ts';
import { revokeRole } from './roles.ts';

/** A member gives notice; the share is redeemed when the constitution's notice period has passed. */
export async function giveNotice(ctx: Context, actor: Actor, slug: string): Promise<{ leavesAt: string }> {
  const access = await loadCoopAccess(ctx.db, slug, actor);
  if (!access.accountId) throw new AppError('unauthenticated', 'NOT_SIGNED_IN', 'Sign in first.');
  if (!access.membership)
    throw new AppError('forbidden', 'NOT_A_MEMBER', 'You are not a member of this co-op.');
  if (access.membership.status === 'leaving')
    throw new AppError('conflict', 'ALREADY_LEAVING', 'You have already given notice.');
  const now = ctx.clock();
  const policy = await policyAt(ctx.db, access.coop.id, now);
  const leavesAt = new Date(now.getTime() + policy.document.membership.noticeDays * 86_400_000);
  await ctx.db.transaction(async (tx) => {
    const updated = await tx
      .update(memberships)
      .set({ status: 'leaving', noticeGivenAt: now, leavesAt })
      .where(
        and(
          eq(memberships.coopId, access.coop.id),
          eq(memberships.id, access.membership!.id),
          eq(memberships.status, 'active'),
        ),
      )
      .returning();
    if (updated.length === 0)
      throw new AppError('conflict', 'ALREADY_LEAVING', 'You have already given notice.');
    await recordAudit(tx, {
      coopId: access.coop.id,
      actorId: access.accountId,
      action: 'member.gave_notice',
      subjectType: 'membership',
      subjectId: access.membership!.id,
      data: {
        leavesAt: leavesAt.toISOString(),
        noticeDays: policy.document.membership.noticeDays,
        constitutionVersion: policy.version,
      },
      visibility: 'members',
      at: now,
    });
  });
  return { leavesAt: leavesAt.toISOString() };
}

/**
 * Ends memberships whose notice has run out: the register records the date, the person's share
 * capital moves to "share redemptions payable" (paid out by an admin), and any roles end.
 * Safe to run repeatedly and after downtime: each membership is processed once.
 */
export async function processDueLeavings(ctx: Context): Promise<number> {
  const now = ctx.clock();
  const due = await ctx.db
    .select()
    .from(memberships)
    .where(and(eq(memberships.status, 'leaving'), lte(memberships.leavesAt, now)));
  let processed = 0;
  for (const m of due) {
    await ctx.db.transaction(async (tx) => {
      const [row] = await tx
        .update(memberships)
        .set({ status: 'left', leftAt: now, leftReason: 'notice', shares: 0 })
        .where(
          and(eq(memberships.coopId, m.coopId), eq(memberships.id, m.id), eq(memberships.status, 'leaving')),
        )
        .returning();
      if (!row) return;
      const [coop] = await tx.select({ currency: coops.currency }).from(coops).where(eq(coops.id, m.coopId));
      const shareAccount = await ensurePersonalAccount(tx, ctx, {
        coopId: m.coopId,
        kind: 'share_capital',
        ownerAccountId: m.accountId,
        label: `Share capital — member ${m.memberNumber}`,
      });
      // Share capital is a credit balance (negative in our sign convention).
      const balance = -(await accountBalance(tx, shareAccount));
      if (balance > 0n) {
        await postEntry(tx, ctx, {
          coopId: m.coopId,
          idempotencyKey: `share-redemption:${m.id}`,
          kind: 'share_redemption',
          description: `Share redeemed: member ${m.memberNumber} left`,
          occurredAt: now,
          actorId: null,
          link: { type: 'membership', id: m.id },
          postings: [
            { account: { id: shareAccount }, amount: balance, currency: coop!.currency },
            { account: { code: '2100' }, amount: -balance, currency: coop!.currency },
          ],
        });
      }
      for (const role of ['board', 'admin'] as const) {
        await revokeRole(tx, ctx, {
          coopId: m.coopId,
          accountId: m.accountId,
          role,
          reason: 'left the co-op',
          actorId: null,
        });
      }
      await recordAudit(tx, {
        coopId: m.coopId,
        actorId: null,
        action: 'member.left',
        subjectType: 'membership',
        subjectId: m.id,
        data: { memberNumber: m.memberNumber, redeemed: balance.toString() },
        visibility: 'members',
        at: now,
      });
      processed++;
    });
  }
  return processed;
}
