import { eq, sql } from 'drizzle-orm';
import type { Context } from '../../context.ts';
import { type Executor, runStatement, statement, type Tx } from '../../db/client.ts';
import { sessions } from '../../db/schema/index.ts';
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

// Every signed-in request starts here (decision 0013).
const sessionQuery = statement<{ account_id: string; is_operator: boolean }>(
  'accounts.session',
  sql`select a.id as account_id, a.is_operator from sessions s join accounts a on a.id = s.account_id
      where s.id_hash = ${sql.placeholder('idHash')} and s.expires_at > ${sql.placeholder('now')}::timestamptz`,
);

export async function resolveSession(
  db: Executor,
  now: Date,
  secret: string | undefined,
): Promise<Extract<Actor, { kind: 'account' }> | null> {
  if (!secret || secret.length > 200) return null;
  const [row] = await runStatement(db, sessionQuery, { idHash: sha256Hex(secret), now });
  return row ? { kind: 'account', accountId: row.account_id, isOperator: row.is_operator } : null;
}

export async function closeSession(ctx: Context, secret: string | undefined): Promise<void> {
  if (!secret) return;
  await ctx.db.delete(sessions).where(eq(sessions.idHash, sha256Hex(secret)));
}

export async function closeAllSessions(tx: Tx, accountId: string): Promise<void> {
  await tx.delete(sessions).where(eq(sessions.accountId, accountId));
}
