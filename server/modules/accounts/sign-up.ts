import type { AccountView, SignUpInput } from '../../../contracts/accounts.ts';
import type { Context } from '../../context.ts';
import { isUniqueViolation } from '../../db/errors.ts';
import { accounts } from '../../db/schema/index.ts';
import type { Actor } from '../../lib/actor.ts';
import { AppError } from '../../lib/errors.ts';
import { recordAudit } from '../audit/index.ts';
import { hashPassword } from './passwords.ts';
import { findAccountByEmail, toAccountView } from './queries.ts';
import { openSession } from './sessions.ts';

export async function signUp(
  ctx: Context,
  actor: Actor,
  input: SignUpInput,
): Promise<{ account: AccountView; sessionSecret: string }> {
  if (actor.kind === 'account') {
    throw new AppError('conflict', 'ALREADY_SIGNED_IN', 'Sign out before creating another account.');
  }
  const passwordHash = await hashPassword(input.password);
  const now = ctx.clock();
  try {
    return await ctx.db.transaction(async (tx) => {
      if (await findAccountByEmail(tx, input.email)) throw emailTaken();
      const [row] = await tx
        .insert(accounts)
        .values({
          id: ctx.newId(),
          email: input.email,
          displayName: input.displayName,
          passwordHash,
          createdAt: now,
          updatedAt: now,
        })
        .returning();
      const account = row!;
      await recordAudit(tx, {
        actorId: account.id,
        action: 'account.signed_up',
        subjectType: 'account',
        subjectId: account.id,
        visibility: 'admins',
        at: now,
      });
      const sessionSecret = await openSession(tx, ctx, account.id);
      return { account: toAccountView(account), sessionSecret };
    });
  } catch (error) {
    // Two sign-ups racing for one address: the unique index decides, the loser gets the same 409.
    if (isUniqueViolation(error)) throw emailTaken();
    throw error;
  }
}

function emailTaken(): AppError {
  return new AppError(
    'conflict',
    'EMAIL_TAKEN',
    'An account with this email already exists. Sign in instead.',
    {
      field: 'email',
    },
  );
}
