import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../test/db.ts';
import { getCoopProfile, listCoops } from '../modules/coops/index.ts';
import { seedDemo } from './seed.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(async () => {
  await ctx?.database.close();
});

it('seeds one demo co-op per sector template, with members in every class, and runs again safely', async () => {
  const lines: string[] = [];
  await seedDemo(ctx, (l) => lines.push(l));
  const coops = await listCoops(ctx.db);
  expect(coops.map((c) => c.slug).sort()).toEqual([
    'demo-childcare',
    'demo-data-entry',
    'demo-home-services',
    'demo-recycling',
  ]);
  for (const coop of coops) {
    const profile = await getCoopProfile(ctx, coop.slug);
    expect(coop.memberCount).toBe(profile.members.total);
    expect(coop.memberCount).toBeGreaterThan(5);
    for (const cls of profile.members.byClass)
      expect(cls.members, `${coop.slug}/${cls.classKey}`).toBeGreaterThan(0);
  }
  await seedDemo(ctx, (l) => lines.push(l));
  expect(lines.filter((l) => l.includes('already there'))).toHaveLength(4);
  expect((await listCoops(ctx.db)).length).toBe(4);
});
