import { and, eq, isNull } from 'drizzle-orm';
import type { MyMembership } from '../../../contracts/members.ts';
import type { Context } from '../../context.ts';
import { coopRoles } from '../../db/schema/index.ts';
import type { Actor } from '../../lib/actor.ts';
import { AppError } from '../../lib/errors.ts';
import { type CoopRole, loadCoopAccess } from '../coops/index.ts';
import { currentMembershipOf, latestApplicationOf } from './queries.ts';

export async function myMembership(ctx: Context, actor: Actor, slug: string): Promise<MyMembership> {
  const access = await loadCoopAccess(ctx.db, slug, actor);
  if (!access.accountId) throw new AppError('unauthenticated', 'NOT_SIGNED_IN', 'Sign in first.');
  const roles = await ctx.db
    .select()
    .from(coopRoles)
    .where(
      and(
        eq(coopRoles.coopId, access.coop.id),
        eq(coopRoles.accountId, access.accountId),
        isNull(coopRoles.revokedAt),
      ),
    );
  return {
    membership: await currentMembershipOf(ctx.db, access.coop.id, access.accountId),
    application: await latestApplicationOf(ctx.db, access.coop.id, access.accountId),
    roles: roles.map((r) => ({
      role: r.role as CoopRole,
      grantedAt: r.grantedAt.toISOString(),
      origin: r.origin,
    })),
  };
}
