import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../test/db.ts';
import { createAccount, foundTemplateCoop, grantRole } from '../../../test/factories.ts';
import { coopRoles } from '../../db/schema/index.ts';
import { isAppError } from '../../lib/errors.ts';
import { appendConstitutionVersion, loadCoopAccess, loadCoopScope, policyAt } from './index.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(async () => {
  await ctx?.database.close();
});

const account = (accountId: string) => ({ kind: 'account' as const, accountId, isOperator: false });

describe('the co-op scope: who the actor is and the rules in force, in one read', () => {
  it('agrees with the access and policy look-ups it replaces, for members, strangers and anonymous visitors', async () => {
    const { coopId, slug, founderId } = await foundTemplateCoop(ctx);
    await grantRole(ctx, coopId, founderId, 'admin');
    const stranger = await createAccount(ctx);
    const now = ctx.clock();
    for (const actor of [account(founderId), account(stranger.id), { kind: 'anonymous' as const }]) {
      const scope = await loadCoopScope(ctx.db, slug, actor, now);
      const access = await loadCoopAccess(ctx.db, slug, actor);
      expect(scope.access.coop).toEqual(access.coop);
      expect(scope.access.membership).toEqual(access.membership);
      expect([...scope.access.roles].sort()).toEqual([...access.roles].sort());
      expect(scope.access.accountId).toBe(access.accountId);
      const policy = await policyAt(ctx.db, coopId, now);
      expect(scope.policy).toEqual(policy);
    }
    const founder = await loadCoopScope(ctx.db, slug, account(founderId), now);
    expect(founder.access.membership?.memberNumber).toBe(1);
    expect(founder.access.roles).toEqual(['admin', 'board']);

    // A revoked role no longer counts.
    await ctx.db
      .update(coopRoles)
      .set({ revokedAt: now })
      .where(and(eq(coopRoles.coopId, coopId), eq(coopRoles.role, 'admin')));
    expect((await loadCoopScope(ctx.db, slug, account(founderId), now)).access.roles).toEqual(['board']);
  });

  it('reads the version in force at the moment asked, and shares its document read-only', async () => {
    const { coopId, slug } = await foundTemplateCoop(ctx);
    const now = ctx.clock();
    const v1 = await policyAt(ctx.db, coopId, now);
    const later = new Date(now.getTime() + 86_400_000);
    await ctx.db.transaction((tx) =>
      appendConstitutionVersion(tx, {
        coopId,
        document: { ...v1.document, market: { ...v1.document.market, platformFeeBps: 600 } },
        effectiveFrom: later,
        origin: 'founding',
        now,
      }),
    );
    const today = await loadCoopScope(ctx.db, slug, { kind: 'anonymous' }, now);
    expect(today.policy.version).toBe(1);
    expect(today.policy.document.market.platformFeeBps).toBe(v1.document.market.platformFeeBps);
    const tomorrow = await loadCoopScope(ctx.db, slug, { kind: 'anonymous' }, later);
    expect(tomorrow.policy.version).toBe(2);
    expect(tomorrow.policy.document.market.platformFeeBps).toBe(600);
    expect(tomorrow.policy.effectiveFrom.getTime()).toBe(later.getTime());
    // The parsed document is cached for every caller: changing it in place must fail loudly.
    expect(() => {
      (tomorrow.policy.document.market as { platformFeeBps: number }).platformFeeBps = 1;
    }).toThrow(TypeError);
    expect((await policyAt(ctx.db, coopId, later)).document.market.platformFeeBps).toBe(600);
  });

  it('refuses an unknown co-op with COOP_NOT_FOUND on the slug', async () => {
    const error = await loadCoopScope(ctx.db, 'no-such-coop', { kind: 'anonymous' }, ctx.clock()).catch(
      (e: unknown) => e,
    );
    expect(isAppError(error) && { code: error.code, field: error.field }).toEqual({
      code: 'COOP_NOT_FOUND',
      field: 'slug',
    });
  });
});
