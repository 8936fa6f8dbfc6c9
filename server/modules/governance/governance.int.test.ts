import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
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
import { queryRows } from '../../db/client.ts';
import { canonicalJson } from '../../lib/canonical-json.ts';
import { verifyChain } from '../audit/index.ts';
import { findCoopIdBySlug, listConstitutionVersions, policyAt } from '../coops/index.ts';
import { countBallotFile, readBallotFile, readBlt } from '../tally/index.ts';
import { closeDueVotes, enactDue, openDueVotes } from './index.ts';

// The "done when" flow at API level: a co-op with weighted classes (workers 60%, customers
// 40%); a worker proposes lowering the platform fee from 8% to 6%; it gathers seconds; members vote by
// secret ballot; it passes with quorum; the fee in force becomes 6% while earlier times keep 8%; the
// published ballots re-count to the same result; then the bylaws switch elections to STV and a board
// election by STV grants the role.

let server: TestServer;
const DAY = 86_400_000;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

const person = (name: string): Promise<Person> => signUpPerson(server, name);

type ProposalBody = {
  id: string;
  status: string;
  rules: { secret: boolean; countedAs: string; frozen: boolean; classWeightsBps: Record<string, number> };
  policy: { diff: { path: string; before: unknown; after: unknown }[] } | null;
  votingOpensAt: string | null;
  votingClosesAt: string | null;
  options: { key: string; accountId: string | null; name: string }[];
  roll: { eligible: number; voted: number } | null;
  me: { voted: boolean; onRoll: boolean };
  enactment: { status: string; details: Record<string, unknown>; reason: string | null } | null;
};

describe('the done-when flow: a fee cut by secret weighted vote, then a board elected by STV', () => {
  const slug = 'fair-fees';
  let coopId: string;
  let founder: Person;
  const workers: Person[] = [];
  const customers: Person[] = [];
  let feeProposal: ProposalBody;
  const receipts = new Map<string, { receipt: string; ballotKey: string }>();

  it('sets up a home-services co-op with 4 workers and 5 customers', async () => {
    founder = await person('Fatima');
    expect(
      (
        await founder.agent.post('/api/coops', {
          name: 'Fair Fees Co-op',
          slug,
          mission: '',
          sector: 'home-services',
          currency: 'EUR',
          timeZone: 'Europe/Madrid',
          defaultLanguage: 'en',
        })
      ).status,
    ).toBe(201);
    coopId = (await findCoopIdBySlug(server.ctx.db, slug))!;
    workers.push(founder);
    for (const name of ['Wen', 'Ward', 'Wanda']) {
      const p = await person(name);
      await addMember(server.ctx, coopId, p.id, { classKey: 'worker' });
      workers.push(p);
    }
    for (const name of ['Carla', 'Chen', 'Cyril', 'Cora', 'Colm']) {
      const p = await person(name);
      await addMember(server.ctx, coopId, p.id, { classKey: 'customer' });
      customers.push(p);
    }
    const policy = await policyAt(server.ctx.db, coopId, server.ctx.clock());
    expect(policy.document.market.platformFeeBps).toBe(800);
    expect(policy.document.voting.classWeightsBps).toEqual({ worker: 6000, customer: 4000 });
  });

  it('a worker drafts the fee change; the diff reads 8% → 6%', async () => {
    const res = await workers[1]!.agent.post(`/api/coops/${slug}/proposals`, {
      kind: 'policy',
      title: 'Lower the platform fee to 6%',
      body: 'Our costs went down; let the workers keep more.',
      changes: { market: { platformFeeBps: 600 } },
    });
    expect(res.status).toBe(201);
    feeProposal = res.body as ProposalBody;
    expect(feeProposal.status).toBe('draft');
    expect(feeProposal.policy!.diff).toEqual([{ path: 'market.platformFeeBps', before: 800, after: 600 }]);
    expect(feeProposal.rules).toMatchObject({ secret: true, countedAs: 'decision', frozen: false });
    // A draft is its proposer's own.
    const other = await workers[2]!.agent.get(`/api/coops/${slug}/proposals/${feeProposal.id}`);
    expect(other.status).toBe(404);
  });

  it('gathers its two seconds and moves to discussion, voting no earlier than three days on', async () => {
    const url = `/api/coops/${slug}/proposals/${feeProposal.id}`;
    const submitted = await workers[1]!.agent.post(`${url}/submit`);
    expect(submitted.status).toBe(200);
    expect((submitted.body as ProposalBody).status).toBe('seconding');
    const own = await workers[1]!.agent.post(`${url}/seconds`);
    expect(errorOf(own).code).toBe('CANNOT_SECOND_OWN');
    expect((await workers[2]!.agent.post(`${url}/seconds`)).status).toBe(200);
    const twice = await workers[2]!.agent.post(`${url}/seconds`);
    expect(twice.status).toBe(409);
    const second = await customers[0]!.agent.post(`${url}/seconds`);
    const body = second.body as ProposalBody;
    expect(body.status).toBe('discussion');
    expect(new Date(body.votingOpensAt!).getTime() - server.ctx.clock().getTime()).toBe(3 * DAY);
    expect(new Date(body.votingClosesAt!).getTime() - new Date(body.votingOpensAt!).getTime()).toBe(7 * DAY);
    const comment = await customers[1]!.agent.post(`${url}/comments`, {
      body: 'Could we go to 5% instead?',
      amendment: true,
    });
    expect(comment.status).toBe(201);
  });

  it('opens voting at its time with a frozen secret, weighted roll', async () => {
    expect(await openDueVotes(server.ctx)).toBe(0);
    server.ctx.testClock.advance(3 * DAY);
    expect(await openDueVotes(server.ctx)).toBe(1);
    const res = await workers[0]!.agent.get(`/api/coops/${slug}/proposals/${feeProposal.id}`);
    const body = res.body as ProposalBody;
    expect(body.status).toBe('voting');
    expect(body.rules).toMatchObject({
      frozen: true,
      secret: true,
      classWeightsBps: { worker: 6000, customer: 4000 },
    });
    expect(body.roll).toEqual({ eligible: 9, voted: 0 });
    const opened = server.ctx.sentEmails.filter((e) => e.subject.includes('Voting is open'));
    expect(opened.length).toBeGreaterThanOrEqual(0);
  });

  it('takes secret ballots; a revote with the ballot key replaces the first', async () => {
    const url = `/api/coops/${slug}/proposals/${feeProposal.id}/ballot`;
    const vote = async (p: Person, choice: string) => {
      const res = await p.agent.post(url, { ballot: { choice } });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      const body = res.body as { receipt: string; ballotKey: string; replaced: boolean };
      expect(body.ballotKey).toMatch(/^[A-Za-z0-9_-]{43}$/);
      receipts.set(p.id, { receipt: body.receipt, ballotKey: body.ballotKey });
    };
    // Workers 3 yes / 1 no; customers 1 yes / 2 no / 1 abstain (one customer stays away).
    await vote(workers[0]!, 'yes');
    await vote(workers[1]!, 'yes');
    await vote(workers[2]!, 'yes');
    await vote(workers[3]!, 'no');
    await vote(customers[0]!, 'no');
    await vote(customers[1]!, 'no');
    await vote(customers[2]!, 'no');
    await vote(customers[3]!, 'abstain');

    const again = await customers[2]!.agent.post(url, { ballot: { choice: 'yes' } });
    expect(again.status).toBe(409);
    expect(errorOf(again)).toMatchObject({ code: 'BALLOT_KEY_REQUIRED', field: 'ballotKey' });
    const wrongKey = await customers[2]!.agent.post(url, {
      ballot: { choice: 'yes' },
      ballotKey: receipts.get(customers[1]!.id)!.ballotKey,
    });
    expect(errorOf(wrongKey).code).toBe('BALLOT_KEY_WRONG');
    const revote = await customers[2]!.agent.post(url, {
      ballot: { choice: 'yes' },
      ballotKey: receipts.get(customers[2]!.id)!.ballotKey,
    });
    expect(revote.status).toBe(200);
    expect(revote.body).toMatchObject({ replaced: true, receipt: receipts.get(customers[2]!.id)!.receipt });

    const mine = await customers[2]!.agent.post(`${url}/mine`, {
      ballotKey: receipts.get(customers[2]!.id)!.ballotKey,
    });
    expect(mine.body).toMatchObject({ ballot: { choice: 'yes' }, castBy: 'self' });

    const hidden = await workers[0]!.agent.get(`/api/coops/${slug}/proposals/${feeProposal.id}/results`);
    expect(hidden.status).toBe(422);
    expect(errorOf(hidden).code).toBe('RESULTS_NOT_AVAILABLE');
    const roll = (await workers[0]!.agent.get(`/api/coops/${slug}/proposals/${feeProposal.id}/roll`))
      .body as {
      secret: boolean;
      entries: { accountId: string; voted: boolean; votedAt: string | null; ballot: unknown }[];
    };
    expect(roll.secret).toBe(true);
    expect(roll.entries.filter((e) => e.voted)).toHaveLength(8);
    expect(roll.entries.every((e) => e.votedAt === null && e.ballot === null)).toBe(true);
  });

  it('closes at its time, passes with quorum and the class shares, and enacts the 6% fee', async () => {
    const before = server.ctx.clock();
    server.ctx.testClock.advance(7 * DAY);
    expect(await closeDueVotes(server.ctx)).toBe(1);
    const results = await customers[4]!.agent.get(`/api/coops/${slug}/proposals/${feeProposal.id}/results`);
    expect(results.status).toBe(200);
    const r = results.body as {
      outcome: string;
      quorum: { met: boolean };
      threshold: { met: boolean; yesShare: string };
      turnout: { eligible: number; ballots: number };
      classes: {
        classKey: string;
        shareBps: number;
        eligible: number;
        ballots: number;
        yes: number;
        no: number;
      }[];
      resultHash: string;
      ballotFileUrl: string;
      enactment: { status: string; details: { constitutionVersion: number } };
    };
    expect(r.outcome).toBe('passed');
    expect(r.quorum.met).toBe(true);
    expect(r.threshold.met).toBe(true);
    expect(r.turnout).toMatchObject({ eligible: 9, ballots: 8 });
    const worker = r.classes.find((c) => c.classKey === 'worker')!;
    const customer = r.classes.find((c) => c.classKey === 'customer')!;
    expect(worker).toMatchObject({ shareBps: 6000, eligible: 4, ballots: 4, yes: 3, no: 1 });
    expect(customer).toMatchObject({ shareBps: 4000, eligible: 5, ballots: 4, yes: 1, no: 2 });
    // Weighted: yes = 3 × 0.6·9/4 + 1 × 0.4·9/5 = 4.77; no = 1.35 + 1.44 = 2.79.
    expect(r.threshold.yesShare).toBe('0.6310');
    expect(r.resultHash).toMatch(/^[0-9a-f]{64}$/);
    // Anyone can check the hash from what the endpoint returns.
    const { resultHash, ballotFileHash, ballotFileUrl, bltUrl, enactment, ...stored } =
      results.body as Record<string, unknown>;
    expect([ballotFileHash, ballotFileUrl, bltUrl, enactment].every((x) => x !== undefined)).toBe(true);
    expect(createHash('sha256').update(canonicalJson(stored)).digest('hex')).toBe(resultHash);
    expect(r.enactment).toMatchObject({ status: 'enacted', details: { constitutionVersion: 2 } });

    // The next booking is priced at 6%; the moment an earlier booking was priced still reads 8%.
    const now = server.ctx.clock();
    expect((await policyAt(server.ctx.db, coopId, now)).document.market.platformFeeBps).toBe(600);
    const earlier = await policyAt(server.ctx.db, coopId, before);
    expect(earlier.version).toBe(1);
    expect(earlier.document.market.platformFeeBps).toBe(800);
    const versions = await listConstitutionVersions(server.ctx.db, coopId);
    expect(versions.at(-1)).toMatchObject({ version: 2, origin: 'proposal', proposalId: feeProposal.id });
    const view = (await workers[1]!.agent.get(`/api/coops/${slug}/proposals/${feeProposal.id}`))
      .body as ProposalBody;
    expect(view.status).toBe('enacted');
  });

  it('publishes shuffled, anonymous ballots that re-count to the same result', async () => {
    const res = await customers[4]!.agent.get(`/api/coops/${slug}/proposals/${feeProposal.id}/ballots.json`);
    expect(res.status).toBe(200);
    const file = readBallotFile(res.raw);
    expect(file.ballots).toHaveLength(8);
    for (const { receipt } of receipts.values()) expect(res.raw).toContain(receipt);
    for (const p of [...workers, ...customers]) expect(res.raw).not.toContain(p.id);
    const recount = countBallotFile(file);
    expect(recount.kind).toBe('decision');
    if (recount.kind !== 'decision') return;
    expect(recount.result.passed).toBe(true);
    expect(recount.result.threshold.yesShare?.decimal).toBe('0.6310');
    const mineIn = file.ballots.find((b) => b.receipt === receipts.get(customers[2]!.id)!.receipt);
    expect(mineIn).toMatchObject({ class: 'customer', choice: 'yes' });
  });

  let stvProposal: ProposalBody;
  it('a bylaws amendment switches elections to STV (higher threshold, secret)', async () => {
    const res = await workers[0]!.agent.post(`/api/coops/${slug}/proposals`, {
      kind: 'bylaws',
      title: 'Elect the board by single transferable vote',
      changes: { voting: { decisions: { election: { method: 'stv' } } } },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    stvProposal = res.body as ProposalBody;
    const url = `/api/coops/${slug}/proposals/${stvProposal.id}`;
    await workers[0]!.agent.post(`${url}/submit`);
    for (const p of [workers[1]!, workers[2]!, customers[0]!])
      expect((await p.agent.post(`${url}/seconds`)).status).toBe(200);
    server.ctx.testClock.advance(7 * DAY);
    expect(await openDueVotes(server.ctx)).toBe(1);
    for (const p of [...workers, ...customers.slice(0, 3)]) {
      expect((await p.agent.post(`${url}/ballot`, { ballot: { choice: 'yes' } })).status).toBe(200);
    }
    server.ctx.testClock.advance(14 * DAY);
    expect(await closeDueVotes(server.ctx)).toBe(1);
    const policy = await policyAt(server.ctx.db, coopId, server.ctx.clock());
    expect(policy.version).toBe(3);
    expect(policy.document.voting.decisions.election.method).toBe('stv');
  });

  it('elects two board members by STV and hands them the role, ending the founder’s', async () => {
    await signInAgain([...workers, ...customers]);
    const res = await workers[1]!.agent.post(`/api/coops/${slug}/proposals`, {
      kind: 'election',
      title: 'Board election 2026',
      role: 'board',
      seats: 2,
      termMonths: 24,
      candidates: [workers[1]!.id],
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const election = res.body as ProposalBody;
    const url = `/api/coops/${slug}/proposals/${election.id}`;
    expect((await workers[1]!.agent.post(`${url}/submit`)).status).toBe(200);
    expect((await workers[3]!.agent.post(`${url}/seconds`)).status).toBe(200);
    // Members stand during the discussion; only the proposer nominates others.
    expect((await workers[2]!.agent.post(`${url}/options`, {})).status).toBe(200);
    expect((await customers[0]!.agent.post(`${url}/options`, { description: 'Customer voice' })).status).toBe(
      200,
    );
    const nominated = await customers[1]!.agent.post(`${url}/options`, { accountId: workers[3]!.id });
    expect(errorOf(nominated).code).toBe('ONLY_SELF_NOMINATION');
    server.ctx.testClock.advance(3 * DAY);
    expect(await openDueVotes(server.ctx)).toBe(1);
    const open = (await workers[0]!.agent.get(url)).body as ProposalBody;
    expect(open.rules.countedAs).toBe('stv');
    const key = (id: string) => open.options.find((o) => o.accountId === id)!.key;
    const [c1, c2, c3] = [key(workers[1]!.id), key(workers[2]!.id), key(customers[0]!.id)];
    const rankings: [Person, string[]][] = [
      [workers[0]!, [c1, c2]],
      [workers[1]!, [c1, c3]],
      [workers[2]!, [c2, c1]],
      [workers[3]!, [c1, c2, c3]],
      [customers[0]!, [c3, c1]],
      [customers[1]!, [c3, c2]],
      [customers[2]!, [c3]],
      [customers[3]!, [c2, c3]],
    ];
    for (const [p, ranking] of rankings) {
      const cast = await p.agent.post(`${url}/ballot`, { ballot: { ranking } });
      expect(cast.status, JSON.stringify(cast.body)).toBe(200);
    }
    const unknown = await customers[4]!.agent.post(`${url}/ballot`, { ballot: { ranking: ['c9'] } });
    expect(unknown.status).toBe(400);
    expect(errorOf(unknown)).toMatchObject({ code: 'UNKNOWN_OPTION' });
    server.ctx.testClock.advance(7 * DAY);
    expect(await closeDueVotes(server.ctx)).toBe(1);
    const result = (await workers[0]!.agent.get(`${url}/results`)).body as {
      outcome: string;
      winners: string[];
      rounds: unknown[];
      bltUrl: string;
      enactment: { status: string; details: { granted: string[]; revoked: string[] } };
    };
    expect(result.outcome).toBe('elected');
    expect(result.winners).toHaveLength(2);
    expect(result.rounds.length).toBeGreaterThan(0);
    expect(result.enactment.status).toBe('enacted');
    const winners = result.enactment.details.granted;
    expect(result.enactment.details.revoked).toContain(founder.id);
    for (const p of [...workers, ...customers]) {
      const me = (await p.agent.get(`/api/coops/${slug}/me`)).body as { roles: { role: string }[] };
      expect(me.roles.some((r) => r.role === 'board')).toBe(winners.includes(p.id));
    }
    // The published files re-count to the same winners.
    const file = readBallotFile((await workers[0]!.agent.get(`${url}/ballots.json`)).raw);
    const recount = countBallotFile(file);
    expect(recount.kind === 'ranked-choice' ? [...recount.result.winners].sort() : null).toEqual(
      [...result.winners].sort(),
    );
    const blt = readBlt((await workers[0]!.agent.get(result.bltUrl)).raw);
    expect(blt.seats).toBe(2);
    expect(blt.ballots.reduce((n, b) => n + b.weight, 0)).toBeGreaterThanOrEqual(8);
  });

  it('enacts nothing twice, ends the board’s term when it runs out, and the audit chain verifies', async () => {
    expect(await enactDue(server.ctx)).toBe(0);
    expect(await closeDueVotes(server.ctx)).toBe(0);
    const board = async () =>
      (
        await queryRows<{ n: string }>(
          server.ctx.db,
          sql`select count(*) as n from coop_roles where coop_id = ${coopId} and role = 'board' and revoked_at is null`,
        )
      )[0]!.n;
    expect(Number(await board())).toBe(2);
    server.ctx.testClock.advance(731 * DAY);
    await enactDue(server.ctx);
    expect(Number(await board())).toBe(0);
    const report = await verifyChain(server.ctx.db, coopId);
    expect(report.ok).toBe(true);
  });
});
