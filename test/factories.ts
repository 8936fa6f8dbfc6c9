import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { AccountView } from '../contracts/accounts.ts';
import type { WorkerProfileInput } from '../contracts/market.ts';
import { coopRoles, coops, memberships } from '../server/db/schema/index.ts';
import { signUp } from '../server/modules/accounts/index.ts';
import type { Sector } from '../server/modules/coops/index.ts';
import { createDefaultChart } from '../server/modules/ledger/index.ts';
import { createService, saveWorkerProfile, setWeeklyHours } from '../server/modules/market/index.ts';
import { foundCoop } from '../server/modules/members/index.ts';
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

/** A co-op founded from a sector template by the founding use case: constitution v1, chart, founder on the board. */
export async function foundTemplateCoop(
  ctx: TestContext,
  overrides: {
    sector?: Sector;
    slug?: string;
    timeZone?: string;
    currency?: string;
    founderId?: string;
  } = {},
): Promise<{ coopId: string; slug: string; founderId: string }> {
  const founderId = overrides.founderId ?? (await createAccount(ctx, { displayName: 'Founder' })).id;
  const slug = overrides.slug ?? `coop-${randomBytes(4).toString('hex')}`;
  const { coopId } = await foundCoop(
    ctx,
    { kind: 'account', accountId: founderId, isOperator: false },
    {
      name: `Co-op ${slug}`,
      slug,
      mission: 'Owned by the people who work in it',
      sector: overrides.sector ?? 'home-services',
      currency: overrides.currency ?? 'EUR',
      timeZone: overrides.timeZone ?? 'Europe/Madrid',
      defaultLanguage: 'en',
    },
  );
  return { coopId, slug, founderId };
}

/**
 * A worker ready to be booked: a member of the worker class with a profile (radius area), one
 * service and weekly hours, made through the market's own use cases.
 */
export async function createMarketWorker(
  ctx: TestContext,
  coop: { coopId: string; slug: string },
  overrides: {
    accountId?: string;
    displayName?: string;
    timeZone?: string;
    category?: string;
    rate?: string;
    pricing?: 'hourly' | 'fixed';
    minDurationMinutes?: number;
    bufferMinutes?: number;
    instantBooking?: boolean;
    area?: WorkerProfileInput['area'];
    skills?: string[];
    languages?: string[];
    preferredCategories?: string[];
    hours?: { weekday: number; start: string; end: string }[];
  } = {},
): Promise<{ accountId: string; workerId: string; serviceId: string }> {
  const accountId =
    overrides.accountId ?? (await createAccount(ctx, { displayName: overrides.displayName ?? 'Worker' })).id;
  if (!overrides.accountId) await addMember(ctx, coop.coopId, accountId, { classKey: 'worker' });
  const actor = { kind: 'account' as const, accountId, isOperator: false };
  const profile = await saveWorkerProfile(ctx, actor, coop.slug, {
    displayName: overrides.displayName ?? 'Worker',
    bio: '',
    languages: overrides.languages ?? ['en'],
    skills: overrides.skills ?? [],
    timeZone: overrides.timeZone ?? 'Europe/Madrid',
    area: overrides.area ?? { kind: 'radius', lat: 40.4168, lng: -3.7038, radiusKm: 15 },
    bufferMinutes: overrides.bufferMinutes ?? 0,
    instantBooking: overrides.instantBooking ?? false,
    preferredCategories: overrides.preferredCategories ?? [],
    active: true,
  });
  const service = await createService(ctx, actor, coop.slug, {
    categoryKey: overrides.category ?? 'cleaning',
    title: 'Home cleaning',
    description: '',
    pricing: overrides.pricing ?? 'hourly',
    rate: overrides.rate ?? '1500',
    minDurationMinutes: overrides.minDurationMinutes ?? 60,
  });
  await setWeeklyHours(ctx, actor, coop.slug, {
    rules: overrides.hours ?? [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: '09:00', end: '17:00' })),
  });
  return { accountId, workerId: profile.id, serviceId: service.id };
}
