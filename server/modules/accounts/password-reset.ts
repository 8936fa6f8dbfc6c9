import { and, eq, gt, isNull } from 'drizzle-orm';
import type { Context } from '../../context.ts';
import { accounts, passwordResets } from '../../db/schema/index.ts';
import type { Actor } from '../../lib/actor.ts';
import { AppError } from '../../lib/errors.ts';
import { newSecret, sha256Hex } from '../../lib/tokens.ts';
import { recordAudit } from '../audit/index.ts';
import { enqueueEmail } from '../outbox/index.ts';
import { hashPassword } from './passwords.ts';
import { findAccountByEmail } from './queries.ts';
import { closeAllSessions } from './sessions.ts';

const RESET_TTL_MS = 60 * 60_000;

/** Always succeeds from the caller's point of view, so it cannot be used to probe for accounts. */
export async function requestPasswordReset(
  ctx: Context,
  _actor: Actor,
  input: { email: string },
): Promise<void> {
  const account = await findAccountByEmail(ctx.db, input.email);
  if (!account) return;
  const token = newSecret();
  const now = ctx.clock();
  await ctx.db.transaction(async (tx) => {
    await tx.insert(passwordResets).values({
      tokenHash: sha256Hex(token),
      accountId: account.id,
      createdAt: now,
      expiresAt: new Date(now.getTime() + RESET_TTL_MS),
    });
    await recordAudit(tx, {
      actorId: null,
      action: 'account.password_reset_requested',
      subjectType: 'account',
      subjectId: account.id,
      visibility: 'admins',
      at: now,
    });
    const link = `${ctx.config.publicUrl}/reset-password?token=${encodeURIComponent(token)}`;
    await enqueueEmail(tx, ctx, {
      to: account.email,
      subject: 'Reset your Mutual password',
      text: `Hello ${account.displayName},\n\nSomeone asked to reset the password of your Mutual account. If it was you, open this link within an hour:\n\n${link}\n\nIf it was not you, ignore this email; your password stays as it is.\n`,
    });
  });
  ctx.kickOutbox();
}

export async function confirmPasswordReset(
  ctx: Context,
  _actor: Actor,
  input: { token: string; password: string },
): Promise<void> {
  const passwordHash = await hashPassword(input.password);
  const now = ctx.clock();
  await ctx.db.transaction(async (tx) => {
    // Marking the token used in the same statement that checks it makes it single-use under races.
    const [used] = await tx
      .update(passwordResets)
      .set({ usedAt: now })
      .where(
        and(
          eq(passwordResets.tokenHash, sha256Hex(input.token)),
          isNull(passwordResets.usedAt),
          gt(passwordResets.expiresAt, now),
        ),
      )
      .returning();
    if (!used) {
      throw new AppError(
        'rule',
        'RESET_TOKEN_INVALID',
        'This reset link is invalid, used or expired. Ask for a new one.',
        {
          field: 'token',
        },
      );
    }
    await tx.update(accounts).set({ passwordHash, updatedAt: now }).where(eq(accounts.id, used.accountId));
    await closeAllSessions(tx, used.accountId);
    await recordAudit(tx, {
      actorId: used.accountId,
      action: 'account.password_changed',
      subjectType: 'account',
      subjectId: used.accountId,
      data: { via: 'reset' },
      visibility: 'admins',
      at: now,
    });
  });
}
