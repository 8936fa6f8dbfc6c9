import { and, asc, desc, eq, isNull, sql } from 'drizzle-orm';
import type { ApplicationView, MemberView, RegisterEntry } from '../../../contracts/members.ts';
import type { Executor } from '../../db/client.ts';
import { accounts, coopRoles, membershipApplications, memberships } from '../../db/schema/index.ts';
import { AppError } from '../../lib/errors.ts';
import type { CoopRole } from '../coops/index.ts';

export type ApplicationRow = typeof membershipApplications.$inferSelect;

export async function findApplication(
  db: Executor,
  coopId: string,
  id: string,
  options: { lock?: boolean } = {},
): Promise<ApplicationRow> {
  const query = db
    .select()
    .from(membershipApplications)
    .where(and(eq(membershipApplications.coopId, coopId), eq(membershipApplications.id, id)));
  const [row] = options.lock ? await query.for('update') : await query;
  if (!row)
    throw new AppError('not_found', 'APPLICATION_NOT_FOUND', 'No such application in this co-op.', {
      field: 'applicationId',
    });
  return row;
}

export async function listApplications(
  db: Executor,
  coopId: string,
  status?: string,
): Promise<ApplicationView[]> {
  const rows = await db
    .select({ app: membershipApplications, displayName: accounts.displayName, email: accounts.email })
    .from(membershipApplications)
    .innerJoin(accounts, eq(accounts.id, membershipApplications.accountId))
    .where(
      and(
        eq(membershipApplications.coopId, coopId),
        status ? eq(membershipApplications.status, status) : sql`true`,
      ),
    )
    .orderBy(desc(membershipApplications.createdAt));
  return rows.map((r) => toApplicationView(r.app, r.displayName, r.email));
}

export async function latestApplicationOf(
  db: Executor,
  coopId: string,
  accountId: string,
): Promise<ApplicationView | null> {
  const [row] = await db
    .select({ app: membershipApplications, displayName: accounts.displayName })
    .from(membershipApplications)
    .innerJoin(accounts, eq(accounts.id, membershipApplications.accountId))
    .where(and(eq(membershipApplications.coopId, coopId), eq(membershipApplications.accountId, accountId)))
    .orderBy(desc(membershipApplications.createdAt))
    .limit(1);
  return row ? toApplicationView(row.app, row.displayName) : null;
}

export function toApplicationView(app: ApplicationRow, displayName: string, email?: string): ApplicationView {
  return {
    id: app.id,
    accountId: app.accountId,
    displayName,
    ...(email ? { email } : {}),
    classKey: app.classKey,
    statement: app.statement,
    agreedVersion: app.agreedVersion,
    status: app.status as ApplicationView['status'],
    sharePrice: app.sharePrice,
    paidAt: app.paidAt?.toISOString() ?? null,
    paymentReference: app.paymentReference,
    decidedAt: app.decidedAt?.toISOString() ?? null,
    decisionReason: app.decisionReason,
    createdAt: app.createdAt.toISOString(),
  };
}

type MembershipRow = typeof memberships.$inferSelect;

export function toMemberView(m: MembershipRow, displayName: string): MemberView {
  return {
    id: m.id,
    memberNumber: m.memberNumber,
    accountId: m.accountId,
    displayName,
    classKey: m.classKey,
    shares: m.shares,
    status: m.status as MemberView['status'],
    admittedAt: m.admittedAt.toISOString(),
    leavesAt: m.leavesAt?.toISOString() ?? null,
    leftAt: m.leftAt?.toISOString() ?? null,
  };
}

/**
 * The member register, past members included (it is a legal record), by member number, with the
 * roles each current member holds.
 */
export async function listRegister(db: Executor, coopId: string): Promise<RegisterEntry[]> {
  const rows = await db
    .select({ m: memberships, displayName: accounts.displayName })
    .from(memberships)
    .innerJoin(accounts, eq(accounts.id, memberships.accountId))
    .where(eq(memberships.coopId, coopId))
    .orderBy(memberships.memberNumber);
  const held = await db
    .select({ accountId: coopRoles.accountId, role: coopRoles.role })
    .from(coopRoles)
    .where(and(eq(coopRoles.coopId, coopId), isNull(coopRoles.revokedAt)))
    .orderBy(asc(coopRoles.role));
  const roles = new Map<string, CoopRole[]>();
  for (const r of held) roles.set(r.accountId, [...(roles.get(r.accountId) ?? []), r.role as CoopRole]);
  return rows.map((r) => {
    const current = r.m.status === 'active' || r.m.status === 'leaving';
    return { ...toMemberView(r.m, r.displayName), roles: current ? (roles.get(r.m.accountId) ?? []) : [] };
  });
}

export async function currentMembershipOf(
  db: Executor,
  coopId: string,
  accountId: string,
): Promise<MemberView | null> {
  const [row] = await db
    .select({ m: memberships, displayName: accounts.displayName })
    .from(memberships)
    .innerJoin(accounts, eq(accounts.id, memberships.accountId))
    .where(
      and(
        eq(memberships.coopId, coopId),
        eq(memberships.accountId, accountId),
        sql`${memberships.status} in ('active', 'leaving')`,
      ),
    );
  return row ? toMemberView(row.m, row.displayName) : null;
}
