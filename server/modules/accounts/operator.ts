import { eq } from 'drizzle-orm';
import type { Context } from '../../context.ts';
import { accounts } from '../../db/schema/index.ts';
import { newSecret } from '../../lib/tokens.ts';
import { recordAudit } from '../audit/index.ts';
import { hashPassword } from './passwords.ts';
import { findAccountByEmail } from './queries.ts';

// The deployment operator runs the server; it is not a co-op role. Granted from the command line
// only (`mutual admin create`), by whoever can run commands on the server.
export async function createOperator(
  ctx: Context,
  input: { email: string; displayName?: string },
): Promise<{ accountId: string; created: boolean; temporaryPassword: string | null }> {
  const email = input.email.trim().toLowerCase();
  const existing = await findAccountByEmail(ctx.db, email);
  const temporaryPassword = existing ? null : newSecret(12);
  const passwordHash = temporaryPassword ? await hashPassword(temporaryPassword) : null;
  const now = ctx.clock();
  return ctx.db.transaction(async (tx) => {
    let accountId: string;
    if (existing) {
      accountId = existing.id;
      await tx.update(accounts).set({ isOperator: true, updatedAt: now }).where(eq(accounts.id, accountId));
    } else {
      accountId = ctx.newId();
      await tx.insert(accounts).values({
        id: accountId,
        email,
        displayName: input.displayName ?? email.split('@')[0]!,
        passwordHash: passwordHash!,
        isOperator: true,
        createdAt: now,
        updatedAt: now,
      });
    }
    await recordAudit(tx, {
      actorId: null,
      action: 'deployment.operator_granted',
      subjectType: 'account',
      subjectId: accountId,
      data: { created: !existing },
      visibility: 'admins',
      at: now,
    });
    return { accountId, created: !existing, temporaryPassword };
  });
}
