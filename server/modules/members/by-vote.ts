import { and, asc, eq, inArray, isNull, lte } from 'drizzle-orm';
import type { Context } from '../../context.ts';
import type { Executor, Tx } from '../../db/client.ts';
import { accounts, coopRoles, coops, membershipApplications, memberships } from '../../db/schema/index.ts';
import { AppError } from '../../lib/errors.ts';
import { recordAudit } from '../audit/index.ts';
import type { CoopRole } from '../coops/index.ts';
import { ensurePersonalAccount, postEntry } from '../ledger/index.ts';
import { admitMember } from './admission.ts';
import { findApplication } from './queries.ts';

// What the governance module needs from the register: who may vote, and the hooks that admit an
// applicant or decline one after a member vote.

export type CurrentMember = {
  membershipId: string;
  accountId: string;
  memberNumber: number;
  classKey: string;
  displayName: string;
  email: string;
  status: 'active' | 'leaving';
};

/** Current members (active or under notice) of the given classes, in member-number order. */
export async function currentMembers(
  db: Executor,
  coopId: string,
  classKeys?: readonly string[],
): Promise<CurrentMember[]> {
  const rows = await db
    .select({
      membershipId: memberships.id,
      accountId: memberships.accountId,
      memberNumber: memberships.memberNumber,
      classKey: memberships.classKey,
      status: memberships.status,
      displayName: accounts.displayName,
      email: accounts.email,
    })
    .from(memberships)
    .innerJoin(accounts, eq(accounts.id, memberships.accountId))
    .where(
      and(
        eq(memberships.coopId, coopId),
        inArray(memberships.status, ['active', 'leaving']),
        classKeys ? inArray(memberships.classKey, [...classKeys, '']) : undefined,
      ),
    )
    .orderBy(asc(memberships.memberNumber));
  return rows.map((r) => ({ ...r, status: r.status as 'active' | 'leaving' }));
}

/** One membership (any status) with the member's name, or null. */
export async function membershipForVote(
  db: Executor,
  coopId: string,
  membershipId: string,
): Promise<(Omit<CurrentMember, 'status'> & { status: string }) | null> {
  const [row] = await db
    .select({
      membershipId: memberships.id,
      accountId: memberships.accountId,
      memberNumber: memberships.memberNumber,
      classKey: memberships.classKey,
      status: memberships.status,
      displayName: accounts.displayName,
      email: accounts.email,
    })
    .from(memberships)
    .innerJoin(accounts, eq(accounts.id, memberships.accountId))
    .where(and(eq(memberships.coopId, coopId), eq(memberships.id, membershipId)));
  return row ?? null;
}

export type ApplicationForVote = {
  id: string;
  accountId: string;
  displayName: string;
  email: string;
  classKey: string;
  status: string;
  createdAt: Date;
};

/** Applications, optionally only those waiting for a member vote. */
export async function applicationsForVote(
  db: Executor,
  coopId: string,
  filter: { id?: string; awaitingVote?: boolean } = {},
): Promise<ApplicationForVote[]> {
  return db
    .select({
      id: membershipApplications.id,
      accountId: membershipApplications.accountId,
      displayName: accounts.displayName,
      email: accounts.email,
      classKey: membershipApplications.classKey,
      status: membershipApplications.status,
      createdAt: membershipApplications.createdAt,
    })
    .from(membershipApplications)
    .innerJoin(accounts, eq(accounts.id, membershipApplications.accountId))
    .where(
      and(
        eq(membershipApplications.coopId, coopId),
        filter.id ? eq(membershipApplications.id, filter.id) : undefined,
        filter.awaitingVote ? eq(membershipApplications.status, 'awaiting_vote') : undefined,
      ),
    )
    .orderBy(asc(membershipApplications.createdAt));
}

/** Every co-op with applications waiting for a member vote (the governance scheduler files proposals). */
export async function coopsWithApplicationsAwaitingVote(db: Executor): Promise<string[]> {
  const rows = await db
    .selectDistinct({ coopId: membershipApplications.coopId })
    .from(membershipApplications)
    .where(eq(membershipApplications.status, 'awaiting_vote'));
  return rows.map((r) => r.coopId);
}

/**
 * Decides an application after the member vote on it, in the caller's transaction: admitted (a new
 * member with the next number) or declined (a paid share is owed back). Returns null when the
 * application no longer waits for a vote (withdrawn meanwhile).
 */
export async function decideApplicationByVote(
  tx: Tx,
  ctx: Pick<Context, 'newId' | 'clock'>,
  input: { coopId: string; applicationId: string; admit: boolean; proposalId: string },
): Promise<{
  status: 'admitted' | 'declined';
  membershipId: string | null;
  memberNumber: number | null;
} | null> {
  const app = await findApplication(tx, input.coopId, input.applicationId, { lock: true });
  if (app.status !== 'awaiting_vote') return null;
  const now = ctx.clock();
  const reason = input.admit ? 'admitted by member vote' : 'declined by member vote';
  await tx
    .update(membershipApplications)
    .set({ status: input.admit ? 'admitted' : 'declined', decidedAt: now, decisionReason: reason })
    .where(
      and(
        eq(membershipApplications.coopId, input.coopId),
        eq(membershipApplications.id, input.applicationId),
      ),
    );
  if (input.admit) {
    const admitted = await admitMember(tx, ctx, {
      coopId: input.coopId,
      accountId: app.accountId,
      classKey: app.classKey,
      applicationId: app.id,
      shares: app.paidAt ? 1 : 0,
      actorId: null,
      reason: `${reason} (proposal ${input.proposalId})`,
    });
    return { status: 'admitted', ...admitted };
  }
  await recordAudit(tx, {
    coopId: input.coopId,
    actorId: null,
    action: 'application.declined',
    subjectType: 'membership_application',
    subjectId: app.id,
    data: { reason, proposalId: input.proposalId },
    visibility: 'admins',
    at: now,
  });
  if (app.paidAt && BigInt(app.sharePrice) > 0n) {
    const [coop] = await tx
      .select({ currency: coops.currency })
      .from(coops)
      .where(eq(coops.id, input.coopId));
    if (!coop) throw new AppError('not_found', 'COOP_NOT_FOUND', 'No such co-op.');
    const shareAccount = await ensurePersonalAccount(tx, ctx, {
      coopId: input.coopId,
      kind: 'share_capital',
      ownerAccountId: app.accountId,
      label: `Share capital — applicant ${app.id.slice(0, 8)}`,
    });
    await postEntry(tx, ctx, {
      coopId: input.coopId,
      idempotencyKey: `share-refund:${app.id}`,
      kind: 'refund',
      description: 'Share refunded to an applicant declined by member vote',
      occurredAt: now,
      actorId: null,
      link: { type: 'membership_application', id: app.id },
      postings: [
        { account: { id: shareAccount }, amount: BigInt(app.sharePrice), currency: coop.currency },
        { account: { code: '2100' }, amount: -BigInt(app.sharePrice), currency: coop.currency },
      ],
    });
  }
  return { status: 'declined', membershipId: null, memberNumber: null };
}

/** Accounts holding a role now: the board, admin or a committee's seats (an election revokes the previous holders'). */
export async function roleHolders(db: Executor, coopId: string, role: CoopRole): Promise<string[]> {
  const rows = await db
    .select({ accountId: coopRoles.accountId })
    .from(coopRoles)
    .where(and(eq(coopRoles.coopId, coopId), eq(coopRoles.role, role), isNull(coopRoles.revokedAt)));
  return rows.map((r) => r.accountId);
}

/** Roles held past the end of their elected term (the governance scheduler ends them). */
export async function expiredRoleTerms(
  db: Executor,
  now: Date,
): Promise<{ coopId: string; accountId: string; role: CoopRole; termEndsAt: Date }[]> {
  const rows = await db
    .select({
      coopId: coopRoles.coopId,
      accountId: coopRoles.accountId,
      role: coopRoles.role,
      termEndsAt: coopRoles.termEndsAt,
    })
    .from(coopRoles)
    .where(and(isNull(coopRoles.revokedAt), lte(coopRoles.termEndsAt, now)));
  return rows.map((r) => ({ ...r, role: r.role as CoopRole, termEndsAt: r.termEndsAt! }));
}
