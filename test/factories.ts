import { randomBytes } from 'node:crypto';
import type { AccountView } from '../contracts/accounts.ts';
import { signUp } from '../server/modules/accounts/index.ts';
import type { TestContext } from './db.ts';

export const DEFAULT_PASSWORD = 'correct horse battery';

/** Creates an account (and nothing else yet); later modules add factories that create parents. */
export async function createAccount(
  ctx: TestContext,
  overrides: { email?: string; displayName?: string; password?: string } = {},
): Promise<AccountView> {
  const tag = randomBytes(4).toString('hex');
  const { account } = await signUp(
    ctx,
    { kind: 'anonymous' },
    {
      email: overrides.email ?? `person-${tag}@example.test`,
      displayName: overrides.displayName ?? `Person ${tag}`,
      password: overrides.password ?? DEFAULT_PASSWORD,
    },
  );
  return account;
}
