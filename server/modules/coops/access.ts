import { and, eq, inArray, isNull } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import { coopRoles, coops, memberships } from '../../db/schema/index.ts';
import type { Actor } from '../../lib/actor.ts';
import { AppError } from '../../lib/errors.ts';

export type CoopRow = typeof coops.$inferSelect;
export type CoopRole = 'board' | 'admin' | `committee:${string}`;

/** What an actor is within one co-op; the input of every co-op policy check. */
export type CoopAccess = {
  coop: CoopRow;
  accountId: string | null;
  isOperator: boolean;
  membership: { id: string; memberNumber: number; classKey: string; status: 'active' | 'leaving' } | null;
  roles: CoopRole[];
};

export async function findCoopBySlug(db: Executor, slug: string): Promise<CoopRow | undefined> {
  const rows = await db.select().from(coops).where(eq(coops.slug, slug));
  return rows[0];
}

export async function requireCoop(db: Executor, slug: string): Promise<CoopRow> {
  const coop = await findCoopBySlug(db, slug);
  if (!coop)
    throw new AppError('not_found', 'COOP_NOT_FOUND', `No co-op is hosted here at "${slug}".`, {
      field: 'slug',
    });
  return coop;
}

// Reads the member register and the role table (owned by the members module) for authorization only.
export async function coopAccess(db: Executor, coop: CoopRow, actor: Actor): Promise<CoopAccess> {
  if (actor.kind !== 'account') {
    return { coop, accountId: null, isOperator: false, membership: null, roles: [] };
  }
  const [member] = await db
    .select()
    .from(memberships)
    .where(
      and(
        eq(memberships.coopId, coop.id),
        eq(memberships.accountId, actor.accountId),
        inArray(memberships.status, ['active', 'leaving']),
      ),
    );
  const roles = await db
    .select({ role: coopRoles.role })
    .from(coopRoles)
    .where(
      and(
        eq(coopRoles.coopId, coop.id),
        eq(coopRoles.accountId, actor.accountId),
        isNull(coopRoles.revokedAt),
      ),
    );
  return {
    coop,
    accountId: actor.accountId,
    isOperator: actor.isOperator,
    membership: member
      ? {
          id: member.id,
          memberNumber: member.memberNumber,
          classKey: member.classKey,
          status: member.status as 'active' | 'leaving',
        }
      : null,
    roles: roles.map((r) => r.role as CoopRole),
  };
}

/** Resolves the co-op by slug and the actor's standing in it, in one call for routes and use cases. */
export async function loadCoopAccess(db: Executor, slug: string, actor: Actor): Promise<CoopAccess> {
  return coopAccess(db, await requireCoop(db, slug), actor);
}
