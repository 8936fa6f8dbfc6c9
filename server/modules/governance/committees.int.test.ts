import { and, eq, isNull } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMember } from '../../../test/factories.ts';
import {
  errorOf,
  type Person,
  signInAgain,
  signUpPerson,
  startTestServer,
  type TestServer,
} from '../../../test/http.ts';
import { auditEvents, coopRoles, proposals } from '../../db/schema/index.ts';
import { findCoopIdBySlug } from '../coops/index.ts';
import { closeDueVotes, enactDue, openDueVotes } from './index.ts';

// Committees: the constitution lists them (the childcare template has a safeguarding committee), an
// election may fill one's seats, the winners hold `committee:<key>` for the term while the previous
// holders' seats end, the term runs out by itself, and a bylaws amendment that removes the committee
// ends its seats. An election naming a committee the constitution does not list is refused.

let server: TestServer;
const DAY = 86_400_000;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

const person = (name: string): Promise<Person> => signUpPerson(server, name);

const slug = 'little-steps';
const SAFEGUARDING = 'committee:safeguarding';
let coopId: string;
let founder: Person;
const members: Person[] = [];

beforeAll(async () => {
  founder = await person('Founder');
  const res = await founder.agent.post('/api/coops', {
    name: 'Little Steps',
    slug,
    mission: '',
    sector: 'childcare',
    currency: 'EUR',
    timeZone: 'Europe/Lisbon',
    defaultLanguage: 'en',
  });
  expect(res.status).toBe(201);
  coopId = (await findCoopIdBySlug(server.ctx.db, slug))!;
  members.push(founder);
  for (const [i, cls] of ['worker', 'worker', 'customer', 'customer'].entries()) {
    const p = await person(`Member${i}`);
    await addMember(server.ctx, coopId, p.id, { classKey: cls });
    members.push(p);
  }
});

/** Accounts holding a role now, straight from the table. */
async function holders(role: string): Promise<string[]> {
  const rows = await server.ctx.db
    .select({ accountId: coopRoles.accountId })
    .from(coopRoles)
    .where(and(eq(coopRoles.coopId, coopId), eq(coopRoles.role, role), isNull(coopRoles.revokedAt)));
  return rows.map((r) => r.accountId).sort();
}

async function proposalCount(): Promise<number> {
  return (await server.ctx.db.select().from(proposals).where(eq(proposals.coopId, coopId))).length;
}

async function submitAndOpen(id: string, proposer: Person): Promise<void> {
  const url = `/api/coops/${slug}/proposals/${id}`;
  const submitted = await proposer.agent.post(`${url}/submit`);
  expect(submitted.status, JSON.stringify(submitted.body)).toBe(200);
  for (const p of members.filter((m) => m !== proposer)) {
    if (((await p.agent.get(url)).body as { status: string }).status !== 'seconding') break;
    expect((await p.agent.post(`${url}/seconds`)).status).toBe(200);
  }
  const view = (await proposer.agent.get(url)).body as { votingOpensAt: string };
  server.ctx.testClock.now = new Date(view.votingOpensAt);
  expect(await openDueVotes(server.ctx)).toBe(1);
}

async function closeIt(id: string): Promise<void> {
  const view = (await founder.agent.get(`/api/coops/${slug}/proposals/${id}`)).body as {
    votingClosesAt: string;
  };
  server.ctx.testClock.now = new Date(view.votingClosesAt);
  expect(await closeDueVotes(server.ctx)).toBe(1);
}

type Enacted = {
  outcome: string;
  enactment: { status: string; reason: string | null; details: Record<string, unknown> | null };
};

/** Drafts a safeguarding election, opens it, has everyone approve `approve`, closes it. */
async function elect(seats: number, termMonths: number, approve: Person[]): Promise<Enacted> {
  const proposer = members[1]!;
  const created = await proposer.agent.post(`/api/coops/${slug}/proposals`, {
    kind: 'election',
    title: `Safeguarding committee (${seats} seats)`,
    role: 'committee',
    committee: 'safeguarding',
    seats,
    termMonths,
    candidates: members.slice(1).map((m) => m.id),
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const id = (created.body as { id: string }).id;
  await submitAndOpen(id, proposer);
  const url = `/api/coops/${slug}/proposals/${id}`;
  const view = (await founder.agent.get(url)).body as { options: { key: string; accountId: string }[] };
  const keys = approve.map((p) => view.options.find((o) => o.accountId === p.id)!.key);
  for (const m of members) {
    const cast = await m.agent.post(`${url}/ballot`, { ballot: { approve: keys } });
    expect(cast.status, JSON.stringify(cast.body)).toBe(200);
  }
  await closeIt(id);
  return (await founder.agent.get(`${url}/results`)).body as Enacted;
}

describe('committee roles', () => {
  it('the template lists the safeguarding committee; the database takes committee roles and nothing else', async () => {
    const constitution = (await founder.agent.get(`/api/coops/${slug}/constitution`)).body as {
      document: { committees?: { key: string; name: string }[] };
    };
    expect(constitution.document.committees).toEqual([
      expect.objectContaining({ key: 'safeguarding', name: 'Safeguarding committee' }),
    ]);
    const row = (role: string) => ({
      coopId,
      id: server.ctx.newId(),
      accountId: founder.id,
      role,
      origin: 'test',
      grantedAt: server.ctx.clock(),
    });
    await expect(server.ctx.db.insert(coopRoles).values(row('committee:Not A Key'))).rejects.toThrow();
    await expect(server.ctx.db.insert(coopRoles).values(row('treasurer'))).rejects.toThrow();
  });

  it('refuses an election for a committee the constitution does not list (422 naming committee), and a committee without its role', async () => {
    const before = await proposalCount();
    const draft = (extra: Record<string, unknown>) =>
      members[1]!.agent.post(`/api/coops/${slug}/proposals`, {
        kind: 'election',
        title: 'Finance committee',
        seats: 2,
        termMonths: 12,
        ...extra,
      });
    const unknown = await draft({ role: 'committee', committee: 'finance' });
    expect(unknown.status).toBe(422);
    expect(errorOf(unknown)).toMatchObject({ code: 'UNKNOWN_COMMITTEE', field: 'committee' });
    expect(errorOf(unknown).message).toContain('"safeguarding"');
    const missing = await draft({ role: 'committee' });
    expect(missing.status).toBe(400);
    expect(errorOf(missing)).toMatchObject({ code: 'COMMITTEE_REQUIRED', field: 'committee' });
    const stray = await draft({ role: 'board', committee: 'safeguarding' });
    expect(stray.status).toBe(400);
    expect(errorOf(stray)).toMatchObject({ code: 'COMMITTEE_NOT_FOR_ROLE', field: 'committee' });
    const malformed = await draft({ role: 'committee', committee: 'Safe Guarding' });
    expect(malformed.status).toBe(400);
    expect(errorOf(malformed).field).toBe('committee');
    expect(await proposalCount()).toBe(before);
  });

  it('an election gives the winners the committee’s seats for the term; the board is untouched', async () => {
    const boardBefore = await holders('board');
    const [a, b] = [members[1]!, members[3]!];
    const result = await elect(2, 12, [a, b]);
    expect(result.outcome).toBe('elected');
    expect(result.enactment.status).toBe('enacted');
    expect(result.enactment.details).toMatchObject({
      kind: 'election',
      role: SAFEGUARDING,
      granted: expect.arrayContaining([a.id, b.id]),
      revoked: [],
    });
    expect(await holders(SAFEGUARDING)).toEqual([a.id, b.id].sort());
    expect(await holders('board')).toEqual(boardBefore);

    const mine = (await a.agent.get(`/api/coops/${slug}/me`)).body as { roles: { role: string }[] };
    expect(mine.roles.map((r) => r.role)).toEqual([SAFEGUARDING]);
    const register = (await members[4]!.agent.get(`/api/coops/${slug}/members`)).body as {
      members: { accountId: string; roles: string[] }[];
    };
    const rolesOf = (p: Person) => register.members.find((m) => m.accountId === p.id)?.roles;
    expect(rolesOf(a)).toEqual([SAFEGUARDING]);
    expect(rolesOf(founder)).toEqual(['board']);
    expect(rolesOf(members[2]!)).toEqual([]);

    const proposal = (await founder.agent.get(`/api/coops/${slug}/proposals`)).body as {
      proposals: { id: string; kind: string }[];
    };
    const id = proposal.proposals.find((p) => p.kind === 'election')!.id;
    const view = (await founder.agent.get(`/api/coops/${slug}/proposals/${id}`)).body as {
      election: unknown;
    };
    expect(view.election).toEqual({
      role: SAFEGUARDING,
      committee: { key: 'safeguarding', name: 'Safeguarding committee' },
      seats: 2,
      termMonths: 12,
    });
  });

  it('the next election ends the previous members’ seats and gives them to the new winners', async () => {
    await signInAgain(members);
    const previous = await holders(SAFEGUARDING);
    const c = members[2]!;
    const result = await elect(1, 6, [c]);
    expect(result.enactment.details).toMatchObject({
      kind: 'election',
      role: SAFEGUARDING,
      granted: [c.id],
      revoked: expect.arrayContaining(previous),
    });
    expect(await holders(SAFEGUARDING)).toEqual([c.id]);
    const revoked = await server.ctx.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.coopId, coopId), eq(auditEvents.action, 'role.revoked')));
    expect(revoked.map((e) => (e.data as { role: string }).role)).toEqual([SAFEGUARDING, SAFEGUARDING]);
  });

  it('a committee seat ends by itself when its term runs out', async () => {
    const [row] = await server.ctx.db
      .select()
      .from(coopRoles)
      .where(
        and(eq(coopRoles.coopId, coopId), eq(coopRoles.role, SAFEGUARDING), isNull(coopRoles.revokedAt)),
      );
    server.ctx.testClock.now = new Date(row!.termEndsAt!.getTime() - DAY);
    await enactDue(server.ctx);
    expect(await holders(SAFEGUARDING)).toEqual([row!.accountId]);
    server.ctx.testClock.now = new Date(row!.termEndsAt!.getTime() + 60_000);
    await enactDue(server.ctx);
    expect(await holders(SAFEGUARDING)).toEqual([]);
    const ended = await server.ctx.db
      .select()
      .from(auditEvents)
      .where(
        and(
          eq(auditEvents.coopId, coopId),
          eq(auditEvents.action, 'role.revoked'),
          eq(auditEvents.subjectId, row!.accountId),
        ),
      );
    expect(ended.map((e) => e.data)).toEqual([
      { role: SAFEGUARDING, reason: `term ended ${row!.termEndsAt!.toISOString()}` },
    ]);
  });

  it('a bylaws amendment that removes the committee ends its seats, and an election drafted for it cannot go ahead', async () => {
    await signInAgain(members);
    const d = members[4]!;
    await elect(1, 12, [d]);
    expect(await holders(SAFEGUARDING)).toEqual([d.id]);
    await signInAgain(members);
    // An election drafted now, before the amendment, for the committee it removes.
    const late = await members[1]!.agent.post(`/api/coops/${slug}/proposals`, {
      kind: 'election',
      title: 'Safeguarding again',
      role: 'committee',
      committee: 'safeguarding',
      seats: 1,
      termMonths: 12,
    });
    expect(late.status).toBe(201);

    const amendment = await founder.agent.post(`/api/coops/${slug}/proposals`, {
      kind: 'bylaws',
      title: 'The board takes over safeguarding',
      changes: { committees: null },
    });
    expect(amendment.status, JSON.stringify(amendment.body)).toBe(201);
    const id = (amendment.body as { id: string }).id;
    await submitAndOpen(id, founder);
    for (const m of members) {
      expect(
        (await m.agent.post(`/api/coops/${slug}/proposals/${id}/ballot`, { ballot: { choice: 'yes' } }))
          .status,
      ).toBe(200);
    }
    await closeIt(id);
    const result = (await founder.agent.get(`/api/coops/${slug}/proposals/${id}/results`)).body as Enacted;
    expect(result.enactment).toMatchObject({ status: 'enacted', details: { kind: 'bylaws' } });
    expect(await holders(SAFEGUARDING)).toEqual([]);
    const [revoked] = await server.ctx.db
      .select()
      .from(auditEvents)
      .where(
        and(
          eq(auditEvents.coopId, coopId),
          eq(auditEvents.action, 'role.revoked'),
          eq(auditEvents.subjectId, d.id),
        ),
      );
    expect((revoked!.data as { reason: string }).reason).toMatch(/^committee removed from the constitution/);

    await signInAgain(members);
    const submit = await members[1]!.agent.post(
      `/api/coops/${slug}/proposals/${(late.body as { id: string }).id}/submit`,
    );
    expect(submit.status).toBe(422);
    expect(errorOf(submit)).toMatchObject({ code: 'UNKNOWN_COMMITTEE', field: 'committee' });
  });
});
