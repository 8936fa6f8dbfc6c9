import { eq, sql } from 'drizzle-orm';
import type { AccountView, SignInInput } from '../../../contracts/accounts.ts';
import type { Context } from '../../context.ts';
import { signInThrottle } from '../../db/schema/index.ts';
import type { Actor } from '../../lib/actor.ts';
import { AppError } from '../../lib/errors.ts';
import { sha256Hex } from '../../lib/tokens.ts';
import { recordAudit } from '../audit/index.ts';
import { dummyPasswordHash, verifyPassword } from './passwords.ts';
import { findAccountByEmail, toAccountView } from './queries.ts';
import { openSession } from './sessions.ts';

// After FREE_FAILURES failed attempts within the window, each further failure locks the address
// for twice as long as the last (1, 2, 4 … up to 60 minutes). Unknown addresses are throttled the
// same way, so the answer never tells whether an account exists.
const FREE_FAILURES = 5;
const WINDOW_MS = 60 * 60_000;
const MAX_LOCK_MS = 60 * 60_000;

export async function signIn(
  ctx: Context,
  _actor: Actor,
  input: SignInInput,
): Promise<{ account: AccountView; sessionSecret: string }> {
  const emailHash = sha256Hex(input.email);
  const now = ctx.clock();
  const [throttle] = await ctx.db
    .select()
    .from(signInThrottle)
    .where(eq(signInThrottle.emailHash, emailHash));
  if (throttle?.lockedUntil && throttle.lockedUntil > now) {
    throw tooManyAttempts(throttle.lockedUntil, now);
  }
  const account = await findAccountByEmail(ctx.db, input.email);
  let ok = false;
  if (account) ok = await verifyPassword(account.passwordHash, input.password);
  else await verifyPassword(await dummyPasswordHash(), input.password);

  if (!ok) {
    const locked = await ctx.db.transaction(async (tx) => {
      const fresh = !throttle || now.getTime() - throttle.firstFailureAt.getTime() > WINDOW_MS;
      const failures = fresh ? 1 : throttle.failures + 1;
      const over = failures - FREE_FAILURES;
      const lockedUntil =
        over > 0 ? new Date(now.getTime() + Math.min(2 ** (over - 1) * 60_000, MAX_LOCK_MS)) : null;
      await tx
        .insert(signInThrottle)
        .values({ emailHash, failures, firstFailureAt: now, lockedUntil })
        .onConflictDoUpdate({
          target: signInThrottle.emailHash,
          set: {
            failures,
            lockedUntil,
            firstFailureAt: fresh ? now : sql`${signInThrottle.firstFailureAt}`,
          },
        });
      if (lockedUntil && account) {
        await recordAudit(tx, {
          actorId: null,
          action: 'account.sign_in_locked',
          subjectType: 'account',
          subjectId: account.id,
          data: { failures, lockedUntil: lockedUntil.toISOString() },
          visibility: 'admins',
          at: now,
        });
      }
      return lockedUntil;
    });
    if (locked) throw tooManyAttempts(locked, now);
    throw new AppError('unauthenticated', 'INVALID_CREDENTIALS', 'The email or password is not right.');
  }

  const signedIn = account!;
  return ctx.db.transaction(async (tx) => {
    if (throttle) await tx.delete(signInThrottle).where(eq(signInThrottle.emailHash, emailHash));
    const sessionSecret = await openSession(tx, ctx, signedIn.id);
    return { account: toAccountView(signedIn), sessionSecret };
  });
}

function tooManyAttempts(until: Date, now: Date): AppError {
  const retryAfterSeconds = Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000));
  return new AppError(
    'rate_limited',
    'TOO_MANY_ATTEMPTS',
    'Too many failed sign-ins for this email. Wait a little, or reset your password.',
    { retryAfterSeconds },
  );
}
