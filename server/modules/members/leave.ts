import { and, eq, inArray, lte } from 'drizzle-orm';
import type { Context } from '../../context.ts';
import type { Tx } from '../../db/client.ts';
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
      const ended = await endMembership(tx, ctx, m, {
        from: 'leaving',
        status: 'left',
        reason: 'notice',
        action: 'member.left',
        description: `Share redeemed: member ${m.memberNumber} left`,
        actorId: null,
        data: {},
      });
      if (ended) processed++;
    });
  }
  return processed;
}

type MembershipRow = typeof memberships.$inferSelect;

/**
 * Ends a membership in the caller's transaction: the register records it, the share capital moves to
 * "share redemptions payable" (paid out by an admin), roles end, and the event is audited. Returns
 * false when the membership was no longer in the expected status (someone else ended it first).
 */
async function endMembership(
  tx: Tx,
  ctx: Pick<Context, 'newId' | 'clock'>,
  m: MembershipRow,
  how: {
    from: 'leaving' | 'current';
    status: 'left' | 'expelled';
    reason: string;
    action: string;
    description: string;
    actorId: string | null;
    data: Record<string, unknown>;
  },
): Promise<{ redeemed: bigint } | null> {
  const now = ctx.clock();
  const [row] = await tx
    .update(memberships)
    .set({ status: how.status, leftAt: now, leftReason: how.reason, shares: 0 })
    .where(
      and(
        eq(memberships.coopId, m.coopId),
        eq(memberships.id, m.id),
        how.from === 'leaving'
          ? eq(memberships.status, 'leaving')
          : inArray(memberships.status, ['active', 'leaving']),
      ),
    )
    .returning();
  if (!row) return null;
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
      description: how.description,
      occurredAt: now,
      actorId: how.actorId,
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
      reason: how.status === 'expelled' ? 'expelled' : 'left the co-op',
      actorId: how.actorId,
    });
  }
  await recordAudit(tx, {
    coopId: m.coopId,
    actorId: how.actorId,
    action: how.action,
    subjectType: 'membership',
    subjectId: m.id,
    data: { memberNumber: m.memberNumber, redeemed: balance.toString(), ...how.data },
    visibility: 'members',
    at: now,
  });
  return { redeemed: balance };
}

/**
 * Expels a member after a passed expulsion vote (the governance module calls it in its enactment
 * transaction): the membership ends now and the share is redeemed like a leaving member's.
 */
export async function expelMember(
  tx: Tx,
  ctx: Pick<Context, 'newId' | 'clock'>,
  input: { coopId: string; membershipId: string; proposalId: string; reason: string },
): Promise<{ redeemed: string; memberNumber: number; accountId: string } | null> {
  const [m] = await tx
    .select()
    .from(memberships)
    .where(and(eq(memberships.coopId, input.coopId), eq(memberships.id, input.membershipId)))
    .for('update');
  if (!m) return null;
  const ended = await endMembership(tx, ctx, m, {
    from: 'current',
    status: 'expelled',
    reason: input.reason,
    action: 'member.expelled',
    description: `Share redeemed: member ${m.memberNumber} expelled by vote`,
    actorId: null,
    data: { proposalId: input.proposalId },
  });
  if (!ended) return null;
  return { redeemed: ended.redeemed.toString(), memberNumber: m.memberNumber, accountId: m.accountId };
}
