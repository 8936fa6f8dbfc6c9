import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConstitutionDocument } from '../../../contracts/constitution.ts';
import { dbError } from '../../../test/db.ts';
import { addMember, grantRole } from '../../../test/factories.ts';
import {
  errorOf,
  type Person,
  type Reply,
  signInAgain,
  signUpPerson,
  startTestServer,
  type TestServer,
} from '../../../test/http.ts';
import { queryRows } from '../../db/client.ts';
import { auditEvents, ballots } from '../../db/schema/index.ts';
import { appendConstitutionVersion, findCoopIdBySlug, policyAt } from '../coops/index.ts';
import { closeDueVotes, enactDue, openDueVotes } from './index.ts';

// The attacks and bad input the issue lists, each against the API: voting when not on the roll,
// after the close, twice in parallel; ballots that break the method's rules; proxies beyond the cap
// and chains; an admin trying every endpoint to read secret ballots; a policy change that would make
// the constitution invalid; and the one-way switch of secrecy.

let server: TestServer;
const DAY = 86_400_000;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

const person = (name: string): Promise<Person> => signUpPerson(server, name);

type Coop = { slug: string; coopId: string; founder: Person; workers: Person[]; customers: Person[] };

async function coop(slug: string, change?: (doc: ConstitutionDocument) => void): Promise<Coop> {
  const founder = await person('Founder');
  const res = await founder.agent.post('/api/coops', {
    name: `Co-op ${slug}`,
    slug,
    mission: '',
    sector: 'home-services',
    currency: 'EUR',
    timeZone: 'Europe/Madrid',
    defaultLanguage: 'en',
  });
  expect(res.status).toBe(201);
  const coopId = (await findCoopIdBySlug(server.ctx.db, slug))!;
  if (change) {
    const policy = await policyAt(server.ctx.db, coopId, server.ctx.clock());
    const doc = structuredClone(policy.document);
    change(doc);
    await server.ctx.db.transaction((tx) =>
      appendConstitutionVersion(tx, {
        coopId,
        document: doc,
        effectiveFrom: server.ctx.clock(),
        origin: 'proposal',
        now: server.ctx.clock(),
      }),
    );
  }
  const workers = [founder];
  const customers: Person[] = [];
  for (let i = 1; i <= 3; i++) {
    const p = await person(`Worker${i}`);
    await addMember(server.ctx, coopId, p.id, { classKey: 'worker' });
    workers.push(p);
  }
  for (let i = 1; i <= 3; i++) {
    const p = await person(`Customer${i}`);
    await addMember(server.ctx, coopId, p.id, { classKey: 'customer' });
    customers.push(p);
  }
  return { slug, coopId, founder, workers, customers };
}

/** Drafts, submits, seconds and opens a proposal; returns its id. */
async function openProposal(
  c: Coop,
  body: Record<string, unknown>,
  proposer = c.workers[1]!,
): Promise<string> {
  const res = await proposer.agent.post(`/api/coops/${c.slug}/proposals`, body);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  const id = (res.body as { id: string }).id;
  const url = `/api/coops/${c.slug}/proposals/${id}`;
  expect((await proposer.agent.post(`${url}/submit`)).status).toBe(200);
  for (const p of [...c.workers, ...c.customers].filter((x) => x !== proposer)) {
    const view = (await p.agent.get(url)).body as { status: string };
    if (view.status !== 'seconding') break;
    expect((await p.agent.post(`${url}/seconds`)).status).toBe(200);
  }
  const view = (await proposer.agent.get(url)).body as { votingOpensAt: string };
  server.ctx.testClock.now = new Date(view.votingOpensAt);
  expect(await openDueVotes(server.ctx)).toBeGreaterThanOrEqual(1);
  expect(((await proposer.agent.get(url)).body as { status: string }).status).toBe('voting');
  return id;
}

async function closeAt(c: Coop, id: string): Promise<void> {
  const view = (await c.founder.agent.get(`/api/coops/${c.slug}/proposals/${id}`)).body as {
    votingClosesAt: string;
  };
  server.ctx.testClock.now = new Date(view.votingClosesAt);
  expect(await closeDueVotes(server.ctx)).toBeGreaterThanOrEqual(1);
}

function expectError(res: Reply, status: number, code: string, field?: string) {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  expect(errorOf(res).code).toBe(code);
  if (field !== undefined) expect(errorOf(res).field).toBe(field);
}

describe('policy changes are validated at drafting, with the field path', () => {
  let c: Coop;
  beforeAll(async () => {
    c = await coop('drafting');
  });

  it('refuses a change that makes the constitution invalid', async () => {
    const post = (body: Record<string, unknown>) =>
      c.workers[1]!.agent.post(`/api/coops/${c.slug}/proposals`, body);
    expectError(
      await post({ kind: 'policy', title: 'Fee of 200%', changes: { market: { platformFeeBps: 20000 } } }),
      400,
      'CONSTITUTION_INVALID',
      'changes.market.platformFeeBps',
    );
    expectError(
      await post({ kind: 'policy', title: 'Reserve', changes: { surplus: { reserveBps: 9000 } } }),
      400,
      'CONSTITUTION_INVALID',
      'changes.surplus',
    );
    expectError(
      await post({
        kind: 'policy',
        title: 'Weights',
        changes: { voting: { classWeightsBps: { worker: 7000, customer: 3000 } } },
      }),
      400,
      'NEEDS_BYLAWS_AMENDMENT',
      'changes.voting',
    );
    expectError(
      await post({
        kind: 'bylaws',
        title: 'Weights',
        changes: { voting: { classWeightsBps: { worker: 5000, customer: 4000 } } },
      }),
      400,
      'CONSTITUTION_INVALID',
      'changes.voting.classWeightsBps',
    );
    expectError(
      await post({ kind: 'policy', title: 'Unknown', changes: { market: { surgePricing: true } } }),
      400,
      'CONSTITUTION_INVALID',
      'changes.market',
    );
    expectError(
      await post({ kind: 'policy', title: 'Same', changes: { market: { platformFeeBps: 800 } } }),
      400,
      'NO_CHANGES',
    );
    const [row] = await queryRows<{ n: string }>(
      server.ctx.db,
      sql`select count(*) as n from governance_proposals`,
    );
    expect(Number(row!.n)).toBe(0);
  });

  it('refuses people who may not propose, second, moderate or edit', async () => {
    const outsider = await person('Outsider');
    const url = `/api/coops/${c.slug}/proposals`;
    expectError(
      await outsider.agent.post(url, { kind: 'resolution', title: 'Hello there' }),
      403,
      'FORBIDDEN',
    );
    expectError(await server.agent().get(url), 401, 'NOT_SIGNED_IN');
    expectError(await outsider.agent.get(url), 403, 'FORBIDDEN');
    const created = await c.workers[1]!.agent.post(url, { kind: 'resolution', title: 'Buy a van' });
    const id = (created.body as { id: string }).id;
    expectError(await c.workers[2]!.agent.post(`${url}/${id}/submit`), 404, 'PROPOSAL_NOT_FOUND');
    expect((await c.workers[1]!.agent.post(`${url}/${id}/submit`)).status).toBe(200);
    expectError(
      await c.workers[2]!.agent.request('PATCH', `${url}/${id}`, { title: 'Buy two vans' }),
      403,
      'NOT_THE_PROPOSER',
    );
    expectError(
      await c.workers[2]!.agent.post(`${url}/${id}/withdraw`, { reason: 'mine now' }),
      403,
      'NOT_THE_PROPOSER',
    );
    expectError(await outsider.agent.post(`${url}/${id}/seconds`), 403, 'FORBIDDEN');
    const comment = await c.customers[0]!.agent.post(`${url}/${id}/comments`, { body: 'Spam spam spam' });
    const commentId = (comment.body as { id: string }).id;
    expectError(
      await c.customers[1]!.agent.post(`${url}/${id}/comments/${commentId}/moderation`, {
        reason: 'off topic',
      }),
      403,
      'FORBIDDEN',
    );
    expectError(
      await c.customers[1]!.agent.request('PATCH', `${url}/${id}/comments/${commentId}`, {
        body: 'edited by someone else',
      }),
      403,
      'NOT_YOUR_COMMENT',
    );
    const edited = await c.customers[0]!.agent.request('PATCH', `${url}/${id}/comments/${commentId}`, {
      body: 'Spam, edited',
    });
    expect(edited.body).toMatchObject({ body: 'Spam, edited' });
    expect((edited.body as { editedAt: string | null }).editedAt).not.toBeNull();
    const hidden = await c.founder.agent.post(`${url}/${id}/comments/${commentId}/moderation`, {
      reason: 'advertising',
    });
    expect(hidden.body).toMatchObject({ body: null, hidden: { reason: 'advertising' } });
    const [event] = await server.ctx.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'proposal.comment_hidden'), eq(auditEvents.subjectId, commentId)));
    expect(event?.data).toMatchObject({ reason: 'advertising' });
    const withdrawn = await c.workers[1]!.agent.post(`${url}/${id}/withdraw`, { reason: 'we found a van' });
    expect(withdrawn.body).toMatchObject({ status: 'withdrawn' });
  });
});

describe('voting attacks', () => {
  let c: Coop;
  let id: string;
  let url: string;
  const keys = new Map<string, string>();

  beforeAll(async () => {
    c = await coop('attacks');
    id = await openProposal(c, {
      kind: 'policy',
      title: 'Fee to 7%',
      changes: { market: { platformFeeBps: 700 } },
    });
    url = `/api/coops/${c.slug}/proposals/${id}`;
  });

  it('refuses people who are not on the roll, including members admitted after the opening', async () => {
    const late = await person('Latecomer');
    await addMember(server.ctx, c.coopId, late.id, { classKey: 'worker' });
    expectError(await late.agent.post(`${url}/ballot`, { ballot: { choice: 'yes' } }), 403, 'NOT_ON_ROLL');
    const outsider = await person('Outsider');
    expectError(
      await outsider.agent.post(`${url}/ballot`, { ballot: { choice: 'yes' } }),
      403,
      'NOT_ON_ROLL',
    );
    expectError(
      await server.agent().post(`${url}/ballot`, { ballot: { choice: 'yes' } }),
      401,
      'NOT_SIGNED_IN',
    );
  });

  it('refuses ballots that break the method, naming the field', async () => {
    const a = c.workers[0]!.agent;
    expectError(
      await a.post(`${url}/ballot`, { ballot: { choice: 'maybe' } }),
      400,
      'INVALID_CHOICE',
      'ballot.choice',
    );
    expectError(
      await a.post(`${url}/ballot`, { ballot: { choice: 'block' } }),
      400,
      'BLOCK_NOT_ALLOWED',
      'ballot.choice',
    );
    expectError(
      await a.post(`${url}/ballot`, { ballot: { ranking: ['yes'] } }),
      400,
      'BALLOT_SHAPE',
      'ballot.ranking',
    );
    expectError(await a.post(`${url}/ballot`, { ballot: {} }), 400, 'BALLOT_SHAPE', 'ballot');
    expectError(
      await a.post(`${url}/ballot`, { ballot: { choice: 'yes' }, extra: 1 }),
      400,
      'VALIDATION_FAILED',
    );
    const rows = await server.ctx.db.select().from(ballots).where(eq(ballots.proposalId, id));
    expect(rows).toHaveLength(0);
  });

  it('keeps one ballot when a voter casts twice at once', async () => {
    const a = c.workers[1]!.agent;
    const [r1, r2] = await Promise.all([
      a.post(`${url}/ballot`, { ballot: { choice: 'yes' } }),
      a.post(`${url}/ballot`, { ballot: { choice: 'no' } }),
    ]);
    const ok = [r1, r2].filter((r) => r.status === 200);
    const refused = [r1, r2].filter((r) => r.status !== 200);
    expect(ok).toHaveLength(1);
    expect(errorOf(refused[0]!).code).toBe('BALLOT_KEY_REQUIRED');
    keys.set(c.workers[1]!.id, (ok[0]!.body as { ballotKey: string }).ballotKey);
    const rows = await server.ctx.db.select().from(ballots).where(eq(ballots.proposalId, id));
    expect(rows).toHaveLength(1);
  });

  it('an admin cannot read a secret ballot through any endpoint, before or after the close', async () => {
    const admin = c.founder; // founder holds the board role
    await grantRole(server.ctx, c.coopId, admin.id, 'admin');
    const receipts: string[] = [];
    for (const p of [c.workers[2]!, c.customers[0]!, c.customers[1]!]) {
      const res = await p.agent.post(`${url}/ballot`, { ballot: { choice: 'yes' } });
      receipts.push((res.body as { receipt: string }).receipt);
    }
    const [firstRow] = await server.ctx.db.select().from(ballots).where(eq(ballots.proposalId, id));
    receipts.push(firstRow!.receipt);
    const voters = [c.workers[1]!, c.workers[2]!, c.customers[0]!, c.customers[1]!].map((p) => p.id);
    const everything = async (phase: 'open' | 'closed') => {
      const gets = [
        `/api/coops/${c.slug}/proposals`,
        `/api/coops/${c.slug}/proposals?filter=open`,
        `/api/coops/${c.slug}/proposals?filter=decided`,
        url,
        `${url}/roll`,
        `${url}/comments`,
        `${url}/results`,
        `${url}/ballots.json`,
        `${url}/ballots.blt`,

        `/api/coops/${c.slug}/proxies`,
        `/api/coops/${c.slug}/governance/my-votes`,
        `/api/coops/${c.slug}/governance/notices`,
        `/api/coops/${c.slug}/members`,
        `/api/coops/${c.slug}/applications`,
      ];
      const replies = await Promise.all(gets.map((g) => admin.agent.get(g)));
      for (const [i, reply] of replies.entries()) {
        const published = gets[i]!.endsWith('ballots.json');
        for (const r of receipts) {
          if (published && phase === 'closed') continue;
          expect(reply.raw, `${gets[i]} shows a receipt`).not.toContain(r);
        }
        if (published && phase === 'closed') {
          expect(reply.status).toBe(200);
          for (const v of voters) expect(reply.raw).not.toContain(v);
        }
      }
      // Trying the voter's own-ballot endpoint as admin: not the admin's ballot.
      const mine = await admin.agent.post(`${url}/ballot/mine`, { ballotKey: keys.get(c.workers[1]!.id) });
      expect(mine.status).toBeGreaterThanOrEqual(400);
    };
    await everything('open');
    // Nothing in the database links them either: no voter, no time, no sequence on a secret ballot row.
    const columns = await queryRows<{ column_name: string; data_type: string }>(
      server.ctx.db,
      sql`select column_name, data_type from information_schema.columns where table_name = 'governance_ballots'`,
    );
    expect(
      columns.some((col) => col.data_type.includes('timestamp') || col.data_type.includes('serial')),
    ).toBe(false);
    const rows = await server.ctx.db.select().from(ballots).where(eq(ballots.proposalId, id));
    expect(rows.every((r) => r.voterId === null && r.castById === null)).toBe(true);
    const cast = await server.ctx.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.subjectId, id), sql`${auditEvents.action} like 'proposal.ballot_%'`));
    for (const e of cast) for (const r of receipts) expect(JSON.stringify(e.data)).not.toContain(r);
    await closeAt(c, id);
    await everything('closed');
  });

  it('refuses a ballot after the close, even before the close job has run', async () => {
    const id2 = await openProposal(c, { kind: 'resolution', title: 'Paint the office' });
    const url2 = `/api/coops/${c.slug}/proposals/${id2}`;
    const view = (await c.founder.agent.get(url2)).body as { votingClosesAt: string };
    server.ctx.testClock.now = new Date(view.votingClosesAt);
    expectError(
      await c.workers[0]!.agent.post(`${url2}/ballot`, { ballot: { choice: 'yes' } }),
      422,
      'VOTING_CLOSED',
    );
    await closeDueVotes(server.ctx);
    expectError(
      await c.workers[0]!.agent.post(`${url2}/ballot`, { ballot: { choice: 'yes' } }),
      422,
      'VOTING_CLOSED',
    );
    const result = (await c.founder.agent.get(`${url2}/results`)).body as {
      outcome: string;
      turnout: { ballots: number };
    };
    expect(result).toMatchObject({ outcome: 'failed', turnout: { ballots: 0 } });
  });

  it('keeps a secret ballot secret for good (database triggers)', async () => {
    const err = await dbError(
      server.ctx.db.execute(sql`update governance_proposals set secret = false where id = ${id}`),
    );
    expect(err).toContain('stays so');
    const named = await dbError(
      server.ctx.db.execute(
        sql`insert into governance_ballots (coop_id, proposal_id, receipt, class_key, content, voter_id, cast_by_id)
            values (${c.coopId}, ${id}, 'AAAAAAAAAAAAAAAAAAAAAA', 'worker', '{}', ${c.workers[0]!.id}, ${c.workers[0]!.id})`,
      ),
    );
    expect(named).toContain('secret ballot cannot name its voter');
    const rewrite = await dbError(
      server.ctx.db.execute(sql`update governance_proposals set result_hash = 'x' where id = ${id}`),
    );
    expect(rewrite).toContain('published and final');
  });
});

describe('secrecy switches and live results', () => {
  let c: Coop;
  beforeAll(async () => {
    c = await coop('switches');
  });

  it('a proposal may make an open vote secret, never the reverse; live results need an open ballot', async () => {
    const url = `/api/coops/${c.slug}/proposals`;
    expectError(
      await c.workers[1]!.agent.post(url, {
        kind: 'policy',
        title: 'Fee 7%',
        changes: { market: { platformFeeBps: 700 } },
        liveResults: true,
      }),
      422,
      'LIVE_RESULTS_NEED_OPEN_BALLOT',
      'liveResults',
    );
    const created = await c.workers[1]!.agent.post(url, {
      kind: 'resolution',
      title: 'Open poll',
      secret: true,
    });
    const id = (created.body as { id: string; rules: { secret: boolean } }).id;
    expect((created.body as { rules: { secret: boolean } }).rules.secret).toBe(true);
    expectError(
      await c.workers[1]!.agent.request('PATCH', `${url}/${id}`, { secret: false }),
      422,
      'SECRET_IS_ONE_WAY',
      'secret',
    );
  });

  it('an open vote with live results shows the count and who voted what as it goes', async () => {
    const id = await openProposal(c, { kind: 'resolution', title: 'Summer party', liveResults: true });
    const url = `/api/coops/${c.slug}/proposals/${id}`;
    const cast = await c.workers[0]!.agent.post(`${url}/ballot`, { ballot: { choice: 'yes' } });
    expect(cast.body).toMatchObject({ ballotKey: null, replaced: false });
    const again = await c.workers[0]!.agent.post(`${url}/ballot`, { ballot: { choice: 'no' } });
    expect(again.body).toMatchObject({ replaced: true });
    const live = (await c.customers[2]!.agent.get(`${url}/results`)).body as {
      final: boolean;
      outcome: string;
      totals: { no: string };
    };
    expect(live).toMatchObject({ final: false, outcome: 'pending' });
    expect(live.totals.no).not.toBe('0');
    const roll = (await c.customers[2]!.agent.get(`${url}/roll`)).body as {
      entries: { accountId: string; ballot: { choice: string } | null; votedAt: string | null }[];
    };
    const entry = roll.entries.find((e) => e.accountId === c.workers[0]!.id)!;
    expect(entry.ballot).toEqual({ choice: 'no' });
    expect(entry.votedAt).not.toBeNull();
  });
});

describe('proxies: cap, no chains, and the member’s own vote overrides', () => {
  let c: Coop;
  beforeAll(async () => {
    c = await coop('proxies');
  });

  it('refuses proxies beyond the cap and chains', async () => {
    const [, w1, w2, w3] = c.workers;
    const [c1, c2, c3] = c.customers;
    const appoint = (from: Person, to: Person) =>
      from.agent.post(`/api/coops/${c.slug}/proxies`, { proxyAccountId: to.id });
    expect((await appoint(c1!, w1!)).status).toBe(201);
    expect((await appoint(c2!, w1!)).status).toBe(201);
    expectError(await appoint(c3!, w1!), 422, 'PROXY_CAP_REACHED', 'proxyAccountId');
    // w1 holds proxies, so w1 cannot hand on their vote; nobody can appoint someone who appointed one.
    expectError(await appoint(w1!, w2!), 422, 'PROXY_CHAIN', 'proxyAccountId');
    expectError(await appoint(w2!, c1!), 422, 'PROXY_CHAIN', 'proxyAccountId');
    expectError(await appoint(w3!, w3!), 400, 'PROXY_IS_SELF');
    const outsider = await person('Outsider');
    expectError(await appoint(w3!, outsider), 422, 'PROXY_NOT_A_VOTER');
    const mine = (await c1!.agent.get(`/api/coops/${c.slug}/proxies`)).body as {
      given: { proxy: { accountId: string } }[];
    };
    expect(mine.given[0]!.proxy.accountId).toBe(w1!.id);
  });

  it('a proxy votes for an absent member, secretly; the member’s own vote replaces it', async () => {
    const [, w1, w2] = c.workers;
    const [c1, c2] = c.customers;
    const id = await openProposal(c, {
      kind: 'policy',
      title: 'Fee 7%',
      changes: { market: { platformFeeBps: 700 } },
    });
    const url = `/api/coops/${c.slug}/proposals/${id}`;
    const view = (await w1!.agent.get(url)).body as { me: { mayCastFor: { accountId: string }[] } };
    expect(view.me.mayCastFor.map((m) => m.accountId).sort()).toEqual([c1!.id, c2!.id].sort());
    expectError(
      await w2!.agent.post(`${url}/ballot`, { ballot: { choice: 'yes' }, onBehalfOf: c1!.id }),
      403,
      'NOT_THEIR_PROXY',
      'onBehalfOf',
    );
    const proxyCast = await w1!.agent.post(`${url}/ballot`, {
      ballot: { choice: 'yes' },
      onBehalfOf: c1!.id,
    });
    expect(proxyCast.status).toBe(200);
    expect(proxyCast.body).toMatchObject({ castFor: c1!.id });
    expect(
      (await w1!.agent.post(`${url}/ballot`, { ballot: { choice: 'no' }, onBehalfOf: c2!.id })).status,
    ).toBe(200);
    expect((await w1!.agent.post(`${url}/ballot`, { ballot: { choice: 'yes' } })).status).toBe(200);
    const own = await c1!.agent.post(`${url}/ballot`, { ballot: { choice: 'no' } });
    expect(own.status).toBe(200);
    expect(own.body).toMatchObject({ replaced: true });
    expectError(
      await w1!.agent.post(`${url}/ballot`, { ballot: { choice: 'yes' }, onBehalfOf: c1!.id }),
      409,
      'MEMBER_VOTED_THEMSELVES',
    );
    const rows = await server.ctx.db.select().from(ballots).where(eq(ballots.proposalId, id));
    expect(rows).toHaveLength(3);
    const escrow = await queryRows(
      server.ctx.db,
      sql`select * from governance_proxy_escrow where proposal_id = ${id}`,
    );
    expect(escrow).toHaveLength(1);
    const roll = (await c1!.agent.get(`${url}/roll`)).body as {
      entries: { accountId: string; castBy: string }[];
    };
    expect(roll.entries.find((e) => e.accountId === c2!.id)!.castBy).toBe('proxy');
    expect(roll.entries.find((e) => e.accountId === c1!.id)!.castBy).toBe('self');
    await closeAt(c, id);
    const after = await queryRows(
      server.ctx.db,
      sql`select * from governance_proxy_escrow where proposal_id = ${id}`,
    );
    expect(after).toHaveLength(0);
    const result = (await c1!.agent.get(`${url}/results`)).body as {
      turnout: { ballots: number };
      totals: { no: string };
    };
    expect(result.turnout.ballots).toBe(3);
  });
});

describe('downtime, admission by vote, expulsion and conflicting changes', () => {
  let c: Coop;
  beforeAll(async () => {
    c = await coop('hooks', (doc) => {
      doc.memberClasses.find((k) => k.key === 'customer')!.admission = 'vote';
      doc.memberClasses.find((k) => k.key === 'customer')!.sharePrice = '0';
    });
  });

  it('files an admission proposal for an applicant to a class admitted by vote, and admits when it passes', async () => {
    await signInAgain([...c.workers, ...c.customers]);
    const applicant = await person('Applicant');
    const version = (await policyAt(server.ctx.db, c.coopId, server.ctx.clock())).version;
    const applied = await applicant.agent.post(`/api/coops/${c.slug}/applications`, {
      classKey: 'customer',
      statement: 'I book cleaning every week.',
      agreedVersion: version,
    });
    expect(applied.body).toMatchObject({ status: 'awaiting_vote' });
    expect(await openDueVotes(server.ctx)).toBe(1);
    const list = (await c.workers[0]!.agent.get(`/api/coops/${c.slug}/proposals?filter=open&kind=admission`))
      .body as {
      proposals: { id: string; proposer: unknown }[];
    };
    expect(list.proposals).toHaveLength(1);
    expect(list.proposals[0]!.proposer).toBeNull();
    const id = list.proposals[0]!.id;
    const url = `/api/coops/${c.slug}/proposals/${id}`;
    for (const p of [...c.workers, ...c.customers.slice(0, 2)]) {
      expect((await p.agent.post(`${url}/ballot`, { ballot: { choice: 'yes' } })).status).toBe(200);
    }
    // The server is down when voting should close; it closes correctly when it comes back.
    server.ctx.testClock.advance(10 * DAY);
    await signInAgain([...c.workers]);
    expect(await closeDueVotes(server.ctx)).toBe(1);
    const result = (await c.workers[0]!.agent.get(`${url}/results`)).body as {
      outcome: string;
      closedAt: string;
      enactment: { status: string; details: { memberNumber: number } };
    };
    expect(result.outcome).toBe('passed');
    expect(result.enactment.status).toBe('enacted');
    expect(result.enactment.details.memberNumber).toBe(8);
    const me = (await applicant.agent.get(`/api/coops/${c.slug}/me`)).body as {
      membership: { classKey: string };
    };
    expect(me.membership.classKey).toBe('customer');
  });

  it('expels a member by vote: they do not vote on it, the membership ends and the share is redeemed', async () => {
    const target = c.customers[2]!;
    const register = (await c.workers[0]!.agent.get(`/api/coops/${c.slug}/members`)).body as {
      members: { id: string; accountId: string }[];
    };
    const membershipId = register.members.find((m) => m.accountId === target.id)!.id;
    expectError(
      await target.agent.post(`/api/coops/${c.slug}/proposals`, {
        kind: 'expulsion',
        title: 'Expel me',
        membershipId,
      }),
      422,
      'CANNOT_EXPEL_SELF',
    );
    const id = await openProposal(c, {
      kind: 'expulsion',
      title: 'Expel for repeated no-shows',
      membershipId,
    });
    const url = `/api/coops/${c.slug}/proposals/${id}`;
    expectError(await target.agent.post(`${url}/ballot`, { ballot: { choice: 'no' } }), 403, 'NOT_ON_ROLL');
    for (const p of [...c.workers, ...c.customers.slice(0, 2)]) {
      expect((await p.agent.post(`${url}/ballot`, { ballot: { choice: 'yes' } })).status).toBe(200);
    }
    await closeAt(c, id);
    const result = (await c.workers[0]!.agent.get(`${url}/results`)).body as {
      outcome: string;
      enactment: { status: string };
    };
    expect(result).toMatchObject({ outcome: 'passed', enactment: { status: 'enacted' } });
    const after = (await c.workers[0]!.agent.get(`/api/coops/${c.slug}/members`)).body as {
      members: { accountId: string; status: string }[];
    };
    expect(after.members.find((m) => m.accountId === target.id)!.status).toBe('expelled');
  });

  it('enacts at the stated time, and refuses a change whose fields another decision changed meanwhile', async () => {
    await signInAgain([...c.workers, ...c.customers.slice(0, 2)]);
    const later = new Date(server.ctx.clock().getTime() + 40 * DAY).toISOString();
    const a = await c.workers[1]!.agent.post(`/api/coops/${c.slug}/proposals`, {
      kind: 'policy',
      title: 'Fee 6% from next quarter',
      changes: { market: { platformFeeBps: 600 } },
      effectiveAt: later,
    });
    const b = await c.workers[2]!.agent.post(`/api/coops/${c.slug}/proposals`, {
      kind: 'policy',
      title: 'Fee 7% and a smaller cancellation fee',
      changes: { market: { platformFeeBps: 700, cancellation: { feeBps: 2500 } } },
    });
    const ids = [(a.body as { id: string }).id, (b.body as { id: string }).id];
    for (const [i, id] of ids.entries()) {
      const proposer = i === 0 ? c.workers[1]! : c.workers[2]!;
      const url = `/api/coops/${c.slug}/proposals/${id}`;
      expect((await proposer.agent.post(`${url}/submit`)).status).toBe(200);
      for (const p of [c.workers[0]!, c.workers[3]!])
        expect((await p.agent.post(`${url}/seconds`)).status).toBe(200);
    }
    server.ctx.testClock.advance(3 * DAY);
    expect(await openDueVotes(server.ctx)).toBe(2);
    for (const id of ids) {
      for (const p of [...c.workers, ...c.customers.slice(0, 2)]) {
        expect(
          (await p.agent.post(`/api/coops/${c.slug}/proposals/${id}/ballot`, { ballot: { choice: 'yes' } }))
            .status,
        ).toBe(200);
      }
    }
    server.ctx.testClock.advance(7 * DAY);
    const before = (await policyAt(server.ctx.db, c.coopId, server.ctx.clock())).version;
    expect(await closeDueVotes(server.ctx)).toBe(2);
    // B took effect at once; A waits for its date.
    const now = await policyAt(server.ctx.db, c.coopId, server.ctx.clock());
    expect(now.version).toBe(before + 1);
    expect(now.document.market.platformFeeBps).toBe(700);
    const pending = (await c.workers[0]!.agent.get(`/api/coops/${c.slug}/proposals/${ids[0]}`)).body as {
      status: string;
      enactment: { status: string };
    };
    expect(pending).toMatchObject({ status: 'passed', enactment: { status: 'pending' } });
    server.ctx.testClock.now = new Date(later);
    expect(await enactDue(server.ctx)).toBe(0);
    await signInAgain([c.workers[0]!]);
    const refused = (await c.workers[0]!.agent.get(`/api/coops/${c.slug}/proposals/${ids[0]}/results`))
      .body as {
      enactment: { status: string; reason: string };
    };
    expect(refused.enactment.status).toBe('not_enacted');
    expect(refused.enactment.reason).toContain('market.platformFeeBps');
    expect((await policyAt(server.ctx.db, c.coopId, server.ctx.clock())).document.market.platformFeeBps).toBe(
      700,
    );
  });
});

describe.runIf(process.env.TEST_DATABASE_URL)('concurrency on the PostgreSQL server', () => {
  let c: Coop;
  beforeAll(async () => {
    c = await coop('parallel');
  });

  it('two parallel casts by one voter leave one ballot; parallel voters all count', async () => {
    const secret = await openProposal(c, {
      kind: 'policy',
      title: 'Fee 7%',
      changes: { market: { platformFeeBps: 700 } },
    });
    const url = `/api/coops/${c.slug}/proposals/${secret}/ballot`;
    const same = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        c.workers[0]!.agent.post(url, { ballot: { choice: i % 2 ? 'yes' : 'no' } }),
      ),
    );
    expect(same.filter((r) => r.status === 200)).toHaveLength(1);
    const others = await Promise.all(
      [...c.workers.slice(1), ...c.customers].map((p) => p.agent.post(url, { ballot: { choice: 'yes' } })),
    );
    expect(others.every((r) => r.status === 200)).toBe(true);
    const rows = await server.ctx.db.select().from(ballots).where(eq(ballots.proposalId, secret));
    expect(rows).toHaveLength(7);
    const [counted] = await queryRows<{ voted: string }>(
      server.ctx.db,
      sql`select count(*) filter (where voted) as voted from governance_roll where proposal_id = ${secret}`,
    );
    expect(Number(counted!.voted)).toBe(7);

    const open = await openProposal(c, { kind: 'resolution', title: 'Open question' });
    const openUrl = `/api/coops/${c.slug}/proposals/${open}/ballot`;
    const twice = await Promise.all([
      c.customers[0]!.agent.post(openUrl, { ballot: { choice: 'yes' } }),
      c.customers[0]!.agent.post(openUrl, { ballot: { choice: 'no' } }),
    ]);
    expect(twice.every((r) => r.status === 200)).toBe(true);
    const openRows = await server.ctx.db.select().from(ballots).where(eq(ballots.proposalId, open));
    expect(openRows).toHaveLength(1);
  });

  it('a proxy cannot exceed the cap by appointing in parallel', async () => {
    const w = c.workers[3]!;
    const results = await Promise.all(
      c.customers.map((m) => m.agent.post(`/api/coops/${c.slug}/proxies`, { proxyAccountId: w.id })),
    );
    expect(results.filter((r) => r.status === 201)).toHaveLength(2);
    expect(results.filter((r) => r.status === 422).map((r) => errorOf(r).code)).toEqual([
      'PROXY_CAP_REACHED',
    ]);
  });
});
