import { and, eq, isNull } from 'drizzle-orm';
import type { Context } from '../../context.ts';
import type { Tx } from '../../db/client.ts';
import { coopRoles } from '../../db/schema/index.ts';
import { recordAudit } from '../audit/index.ts';
import type { CoopRole } from '../coops/index.ts';

/** Grants a role (idempotent while it is held) and audits it publicly: who holds power is public. */
export async function grantRole(
  tx: Tx,
  ctx: Pick<Context, 'newId' | 'clock'>,
  input: {
    coopId: string;
    accountId: string;
    role: CoopRole;
    origin: string;
    actorId: string | null;
    termEndsAt?: Date | null;
  },
): Promise<void> {
  const held = await tx
    .select()
    .from(coopRoles)
    .where(
      and(
        eq(coopRoles.coopId, input.coopId),
        eq(coopRoles.accountId, input.accountId),
        eq(coopRoles.role, input.role),
        isNull(coopRoles.revokedAt),
      ),
    );
  if (held.length > 0) return;
  const now = ctx.clock();
  const id = ctx.newId();
  await tx.insert(coopRoles).values({
    coopId: input.coopId,
    id,
    accountId: input.accountId,
    role: input.role,
    origin: input.origin,
    grantedAt: now,
    termEndsAt: input.termEndsAt ?? null,
  });
  await recordAudit(tx, {
    coopId: input.coopId,
    actorId: input.actorId,
    action: 'role.granted',
    subjectType: 'account',
    subjectId: input.accountId,
    data: { role: input.role, origin: input.origin, termEndsAt: input.termEndsAt?.toISOString() ?? null },
    visibility: 'public',
    at: now,
  });
}

export async function revokeRole(
  tx: Tx,
  ctx: Pick<Context, 'clock'>,
  input: { coopId: string; accountId: string; role: CoopRole; reason: string; actorId: string | null },
): Promise<boolean> {
  const now = ctx.clock();
  const revoked = await tx
    .update(coopRoles)
    .set({ revokedAt: now })
    .where(
      and(
        eq(coopRoles.coopId, input.coopId),
        eq(coopRoles.accountId, input.accountId),
        eq(coopRoles.role, input.role),
        isNull(coopRoles.revokedAt),
      ),
    )
    .returning();
  if (revoked.length === 0) return false;
  await recordAudit(tx, {
    coopId: input.coopId,
    actorId: input.actorId,
    action: 'role.revoked',
    subjectType: 'account',
    subjectId: input.accountId,
    data: { role: input.role, reason: input.reason },
    visibility: 'public',
    at: now,
  });
  return true;
}
