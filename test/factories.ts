import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { AccountView } from '../contracts/accounts.ts';
import { coopRoles, coops, memberships } from '../server/db/schema/index.ts';
import { signUp } from '../server/modules/accounts/index.ts';
import { createDefaultChart } from '../server/modules/ledger/index.ts';
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

/** A co-op with its default chart of accounts. Inserted directly until the founding use case exists. */
export async function createCoop(
  ctx: TestContext,
  overrides: { slug?: string; name?: string; currency?: string; timeZone?: string } = {},
): Promise<{ id: string; slug: string; name: string; currency: string; timeZone: string }> {
  const tag = randomBytes(4).toString('hex');
  const coop = {
    id: ctx.newId(),
    slug: overrides.slug ?? `coop-${tag}`,
    name: overrides.name ?? `Co-op ${tag}`,
    currency: overrides.currency ?? 'EUR',
    timeZone: overrides.timeZone ?? 'Europe/Berlin',
  };
  await ctx.db.transaction(async (tx) => {
    await tx.insert(coops).values({
      ...coop,
      mission: 'Owned by the people who work in it',
      sector: 'blank',
      defaultLanguage: 'en',
      createdAt: ctx.clock(),
    });
    await createDefaultChart(tx, ctx, { coopId: coop.id, currency: coop.currency });
  });
  return coop;
}

export async function grantRole(
  ctx: TestContext,
  coopId: string,
  accountId: string,
  role: 'board' | 'admin',
): Promise<void> {
  await ctx.db.insert(coopRoles).values({
    coopId,
    id: ctx.newId(),
    accountId,
    role,
    origin: 'test',
    grantedAt: ctx.clock(),
  });
}

/** An active membership with the next member number. */
export async function addMember(
  ctx: TestContext,
  coopId: string,
  accountId: string,
  overrides: { classKey?: string; shares?: number } = {},
): Promise<{ membershipId: string; memberNumber: number }> {
  const existing = await ctx.db.select().from(memberships).where(eq(memberships.coopId, coopId));
  const memberNumber = existing.reduce((max, m) => Math.max(max, m.memberNumber), 0) + 1;
  const membershipId = ctx.newId();
  await ctx.db.insert(memberships).values({
    coopId,
    id: membershipId,
    accountId,
    memberNumber,
    classKey: overrides.classKey ?? 'worker',
    shares: overrides.shares ?? 1,
    status: 'active',
    admittedAt: ctx.clock(),
  });
  return { membershipId, memberNumber };
}
