import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_PASSWORD } from '../../../test/factories.ts';
import { type Agent, errorOf, startTestServer, type TestServer } from '../../../test/http.ts';
import { queryRows } from '../../db/client.ts';
import { verifyChain } from '../audit/index.ts';
import { appendConstitutionVersion, findCoopIdBySlug, policyAt } from '../coops/index.ts';
import { processDueLeavings } from './index.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

const emails = new Map<Agent, string>();

async function person(name: string): Promise<Agent> {
  const agent = server.agent();
  const email = `${name.toLowerCase()}-${Math.random().toString(36).slice(2, 8)}@example.test`;
  emails.set(agent, email);
  const res = await agent.post('/api/auth/sign-up', {
    email,
    displayName: name,
    password: DEFAULT_PASSWORD,
  });
  expect(res.status).toBe(201);
  return agent;
}

const homeServices = (slug: string) => ({
  name: 'Sparkle Home Co-op',
  slug,
  mission: 'Fair pay for home-service workers, fair prices for households.',
  sector: 'home-services',
  currency: 'EUR',
  timeZone: 'Europe/Madrid',
  defaultLanguage: 'en',
});

async function shareCapital(slug: string): Promise<bigint> {
  const coopId = (await findCoopIdBySlug(server.ctx.db, slug))!;
  const [row] = await queryRows<{ total: string | number | null }>(
    server.ctx.db,
    sql`select sum(p.amount) as total from ledger_postings p join ledger_accounts a on a.coop_id = p.coop_id and a.id = p.account_id
        where p.coop_id = ${coopId} and a.code like '3000%'`,
  );
  return -BigInt(row?.total ?? 0);
}

describe('founding, joining and the register', () => {
  let founder: Agent;
  let worker: Agent;
  let customer: Agent;
  const slug = 'sparkle';

  it('founds a home-services co-op from its template', async () => {
    founder = await person('Fatima');
    const res = await founder.post('/api/coops', homeServices(slug));
    expect(res.status).toBe(201);
    const profile = (await server.agent().get(`/api/coops/${slug}`)).body as Record<string, unknown>;
    expect(profile).toMatchObject({
      name: 'Sparkle Home Co-op',
      sector: 'home-services',
      currency: 'EUR',
      constitutionVersion: 1,
    });
    const constitution = (await server.agent().get(`/api/coops/${slug}/constitution`)).body as {
      version: number;
      origin: string;
      document: { market: { platformFeeBps: number; categories: { key: string; minHourlyRate: string }[] } };
    };
    expect(constitution.version).toBe(1);
    expect(constitution.origin).toBe('founding');
    expect(constitution.document.market.platformFeeBps).toBe(800);
    expect(constitution.document.market.categories.map((c) => c.key)).toEqual(
      expect.arrayContaining(['cleaning', 'handyman', 'gardening', 'moving-help']),
    );
    const me = (await founder.get(`/api/coops/${slug}/me`)).body as {
      membership: { memberNumber: number };
      roles: { role: string }[];
    };
    expect(me.membership.memberNumber).toBe(1);
    expect(me.roles.map((r) => r.role)).toEqual(['board']);
  });

  it('refuses a taken or malformed slug', async () => {
    const taken = await founder.post('/api/coops', homeServices(slug));
    expect(taken.status).toBe(409);
    expect(errorOf(taken)).toMatchObject({ code: 'SLUG_TAKEN', field: 'slug' });
    const malformed = await founder.post('/api/coops', homeServices('-Bad Slug'));
    expect(malformed.status).toBe(400);
    expect(errorOf(malformed).field).toBe('slug');
  });

  it('takes a worker and a customer through application, payment and admission', async () => {
    worker = await person('Wen');
    customer = await person('Carlos');
    const apply = async (agent: Agent, classKey: string) => {
      const res = await agent.post(`/api/coops/${slug}/applications`, {
        classKey,
        statement: 'I want to join.',
        agreedVersion: 1,
      });
      expect(res.status).toBe(201);
      return (res.body as { applicationId: string }).applicationId;
    };
    const workerApp = await apply(worker, 'worker');
    const customerApp = await apply(customer, 'customer');

    const dup = await worker.post(`/api/coops/${slug}/applications`, {
      classKey: 'worker',
      statement: '',
      agreedVersion: 1,
    });
    expect(dup.status).toBe(409);
    expect(errorOf(dup).code).toBe('APPLICATION_PENDING');

    // The worker cannot record their own payment; the board can.
    const self = await worker.post(`/api/coops/${slug}/applications/${workerApp}/payment`, {
      reference: 'TRX-1',
    });
    expect(self.status).toBe(403);
    const paid = await founder.post(`/api/coops/${slug}/applications/${workerApp}/payment`, {
      reference: 'TRX-1',
    });
    expect(paid.status).toBe(200);
    expect(paid.body).toMatchObject({ status: 'awaiting_admission', alreadyRecorded: false });
    const again = await founder.post(`/api/coops/${slug}/applications/${workerApp}/payment`, {
      reference: 'TRX-1',
    });
    expect(again.body).toMatchObject({ alreadyRecorded: true });

    // Customers are admitted automatically once paid.
    const custPaid = await founder.post(`/api/coops/${slug}/applications/${customerApp}/payment`, {
      reference: 'CASH-7',
    });
    expect(custPaid.body).toMatchObject({ status: 'admitted' });

    // Share capital: worker 100 EUR + customer 20 EUR, each posted once.
    expect(await shareCapital(slug)).toBe(12_000n);

    const notBoard = await customer.post(`/api/coops/${slug}/applications/${workerApp}/decision`, {
      decision: 'admit',
      reason: '',
    });
    expect(notBoard.status).toBe(403);
    const admitted = await founder.post(`/api/coops/${slug}/applications/${workerApp}/decision`, {
      decision: 'admit',
      reason: 'Welcome!',
    });
    expect(admitted.status).toBe(204);

    const reg = (await worker.get(`/api/coops/${slug}/members`)).body as {
      members: { memberNumber: number; classKey: string; shares: number }[];
    };
    expect(reg.members.map((m) => [m.memberNumber, m.classKey, m.shares])).toEqual([
      [1, 'worker', 0],
      [2, 'customer', 1],
      [3, 'worker', 1],
    ]);
    const profile = (await server.agent().get(`/api/coops/${slug}`)).body as {
      members: { total: number; byClass: { classKey: string; members: number }[] };
    };
    expect(profile.members.total).toBe(3);
    expect(profile.members.byClass).toEqual(
      expect.arrayContaining([
        { classKey: 'worker', name: 'Worker', members: 2 },
        { classKey: 'customer', name: 'Customer', members: 1 },
      ]),
    );
  });

  it('lets the founder pay their own share later', async () => {
    const applications = (await founder.get(`/api/coops/${slug}/applications?status=admitted`)).body as {
      applications: { id: string; displayName: string; paidAt: string | null }[];
    };
    const own = applications.applications.find((a) => a.displayName === 'Fatima')!;
    expect(own.paidAt).toBeNull();
    const res = await founder.post(`/api/coops/${slug}/applications/${own.id}/payment`, {
      reference: 'FOUNDER',
    });
    expect(res.status).toBe(200);
    expect(await shareCapital(slug)).toBe(22_000n);
  });

  it('keeps the register from non-members and its export to the board', async () => {
    const outsider = await person('Olga');
    expect((await outsider.get(`/api/coops/${slug}/members`)).status).toBe(403);
    expect((await server.agent().get(`/api/coops/${slug}/members`)).status).toBe(401);
    expect((await customer.get(`/api/coops/${slug}/members.csv`)).status).toBe(403);
    expect((await outsider.get(`/api/coops/${slug}/applications`)).status).toBe(403);
    const csv = await founder.get(`/api/coops/${slug}/members.csv`);
    expect(csv.status).toBe(200);
    expect(csv.raw.split('\r\n')[0]).toBe('member_number,name,class,shares,status,admitted,left');
    expect(csv.raw).toContain('3,Wen,worker,1,active');
  });

  it('refuses applications to closed or unknown classes and after a constitution change', async () => {
    const coopId = (await findCoopIdBySlug(server.ctx.db, slug))!;
    const current = await policyAt(server.ctx.db, coopId, server.ctx.clock());
    const closed = structuredClone(current.document);
    closed.memberClasses = closed.memberClasses.map((c) =>
      c.key === 'supporter' ? { ...c, openToApplicants: false } : c,
    );
    await server.ctx.db.transaction((tx) =>
      appendConstitutionVersion(tx, {
        coopId,
        document: closed,
        effectiveFrom: server.ctx.clock(),
        origin: 'proposal',
        now: server.ctx.clock(),
      }),
    );
    const someone = await person('Sam');
    const stale = await someone.post(`/api/coops/${slug}/applications`, {
      classKey: 'customer',
      statement: '',
      agreedVersion: 1,
    });
    expect(stale.status).toBe(409);
    expect(errorOf(stale)).toMatchObject({ code: 'CONSTITUTION_CHANGED', field: 'agreedVersion' });
    const shut = await someone.post(`/api/coops/${slug}/applications`, {
      classKey: 'supporter',
      statement: '',
      agreedVersion: 2,
    });
    expect(shut.status).toBe(422);
    expect(errorOf(shut).code).toBe('CLASS_CLOSED');
    const unknown = await someone.post(`/api/coops/${slug}/applications`, {
      classKey: 'pirate',
      statement: '',
      agreedVersion: 2,
    });
    expect(unknown.status).toBe(400);
    expect(errorOf(unknown)).toMatchObject({ code: 'UNKNOWN_CLASS', field: 'classKey' });
    const versions = (await server.agent().get(`/api/coops/${slug}/constitution/versions`)).body as {
      inForce: number;
      versions: { version: number; prevHash: string; hash: string }[];
    };
    expect(versions.inForce).toBe(2);
    expect(versions.versions[1]!.prevHash).toBe(versions.versions[0]!.hash);
    const v1 = (await server.agent().get(`/api/coops/${slug}/constitution?version=1`)).body as {
      version: number;
    };
    expect(v1.version).toBe(1);
  });

  it('refuses to rewrite a constitution version in place, even in SQL', async () => {
    const res = await server.ctx.db
      .execute(sql`update constitution_versions set document = '{}'::jsonb`)
      .catch((e: unknown) => e);
    expect(String((res as { cause?: Error }).cause?.message ?? res)).toMatch(/append-only/);
  });

  it('gives notice once, then redeems the share when the notice period has passed', async () => {
    const notice = await customer.post(`/api/coops/${slug}/me/notice`);
    expect(notice.status).toBe(200);
    const twice = await customer.post(`/api/coops/${slug}/me/notice`);
    expect(twice.status).toBe(409);
    expect(errorOf(twice).code).toBe('ALREADY_LEAVING');
    expect(await processDueLeavings(server.ctx)).toBe(0);
    server.ctx.testClock.advance(91 * 86_400_000);
    expect(await processDueLeavings(server.ctx)).toBe(1);
    expect(await processDueLeavings(server.ctx)).toBe(0);
    expect(await shareCapital(slug)).toBe(20_000n);
    // Sessions last 30 days: after three months the founder signs in again.
    for (const a of [founder, customer])
      await a.post('/api/auth/sign-in', { email: emails.get(a), password: DEFAULT_PASSWORD });
    const reg = (await founder.get(`/api/coops/${slug}/members`)).body as {
      members: { memberNumber: number; status: string; leftAt: string | null }[];
    };
    expect(reg.members.find((m) => m.memberNumber === 2)).toMatchObject({ status: 'left' });
    expect((await customer.get(`/api/coops/${slug}/members`)).status).toBe(403);
  });

  it('keeps an intact audit chain for the co-op', async () => {
    const coopId = (await findCoopIdBySlug(server.ctx.db, slug))!;
    const report = await verifyChain(server.ctx.db, coopId);
    expect(report.ok).toBe(true);
    expect(report.events).toBeGreaterThan(8);
  });
});
