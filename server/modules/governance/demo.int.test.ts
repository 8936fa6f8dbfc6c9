import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../test/db.ts';
import { GOVERNANCE_DEMO, seedDemo } from '../../demo/seed.ts';
import { findAccountByEmail } from '../accounts/index.ts';
import { findCoopIdBySlug, listConstitutionVersions, policyAt } from '../coops/index.ts';
import { countBallotFile, readBallotFile } from '../tally/index.ts';
import { getProposal, getResults, listProposals } from './index.ts';
import { findProposal } from './queries.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(async () => {
  await ctx?.database.close();
});

it('the home-services demo has a decided fee cut in force, a vote open now and an election in discussion', async () => {
  await seedDemo(ctx, () => {});
  const coopId = (await findCoopIdBySlug(ctx.db, GOVERNANCE_DEMO))!;
  const now = ctx.clock();
  expect((await policyAt(ctx.db, coopId, now)).document.market.platformFeeBps).toBe(700);
  const versions = await listConstitutionVersions(ctx.db, coopId);
  expect(versions.map((v) => v.origin)).toEqual(['founding', 'proposal']);
  expect(versions.every((v) => v.effectiveFrom.getTime() <= now.getTime())).toBe(true);

  const member = await findAccountByEmail(ctx.db, 'hugo.delgado@demo-home-services.example');
  const actor = { kind: 'account' as const, accountId: member!.id, isOperator: false };
  const all = await listProposals(ctx, actor, GOVERNANCE_DEMO, { filter: 'all' });
  expect(all.map((p) => [p.kind, p.status])).toEqual([
    ['election', 'discussion'],
    ['resolution', 'voting'],
    ['policy', 'enacted'],
  ]);
  const fee = all.find((p) => p.kind === 'policy')!;
  const result = await getResults(ctx, actor, GOVERNANCE_DEMO, fee.id);
  expect(result).toMatchObject({ outcome: 'passed', enactment: { status: 'enacted' } });
  expect(result.classes.map((c) => c.shareBps).sort()).toEqual([4000, 6000]);
  const view = await getProposal(ctx, actor, GOVERNANCE_DEMO, fee.id);
  expect(view.closedAt! < now.toISOString()).toBe(true);
  const open = all.find((p) => p.kind === 'resolution')!;
  expect(new Date(open.votingClosesAt!).getTime()).toBeGreaterThan(now.getTime());
  const election = await getProposal(ctx, actor, GOVERNANCE_DEMO, all[0]!.id);
  expect(election.options).toHaveLength(3);
  expect(new Date(election.votingOpensAt!).getTime()).toBeGreaterThan(now.getTime());

  const row = await findProposal(ctx.db, coopId, fee.id);
  const recount = countBallotFile(readBallotFile(row.ballotFile!));
  expect(recount.kind === 'decision' && recount.result.passed).toBe(true);
});
