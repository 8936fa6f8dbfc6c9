import { and, eq, gt } from 'drizzle-orm';
import type { Context } from '../../context.ts';
import type { Executor, Tx } from '../../db/client.ts';
import { accounts, sessions } from '../../db/schema/index.ts';
import type { Actor } from '../../lib/actor.ts';
import { newSecret, sha256Hex } from '../../lib/tokens.ts';

export const SESSION_DAYS = 30;

/** Opens a session; the secret goes into the cookie, only its hash into the database. */
export async function openSession(tx: Tx, ctx: Pick<Context, 'clock'>, accountId: string): Promise<string> {
  const secret = newSecret();
  const now = ctx.clock();
  await tx.insert(sessions).values({
    idHash: sha256Hex(secret),
    accountId,
    createdAt: now,
    expiresAt: new Date(now.getTime() + SESSION_DAYS * 86_400_000),
  });
  return secret;
}

export async function resolveSession(
  db: Executor,
  now: Date,
  secret: string | undefined,
): Promise<Extract<Actor, { kind: 'account' }> | null> {
  if (!secret || secret.length > 200) return null;
  const rows = await db
    .select({ accountId: accounts.id, isOperator: accounts.isOperator })
    .from(sessions)
    .innerJoin(accounts, eq(accounts.id, sessions.accountId))
    .where(and(eq(sessions.idHash, sha256Hex(secret)), gt(sessions.expiresAt, now)));
  const row = rows[0];
  return row ? { kind: 'account', accountId: row.accountId, isOperator: row.isOperator } : null;
}

export async function closeSession(ctx: Context, secret: string | undefined): Promise<void> {
  if (!secret) return;
  await ctx.db.delete(sessions).where(eq(sessions.idHash, sha256Hex(secret)));
}

export async function closeAllSessions(tx: Tx, accountId: string): Promise<void> {
  await tx.delete(sessions).where(eq(sessions.accountId, accountId));
}
