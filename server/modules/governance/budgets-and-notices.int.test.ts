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
import { findCoopIdBySlug } from '../coops/index.ts';
import { accountBalance, findAccountByCode } from '../ledger/index.ts';
import { deliverOutbox } from '../outbox/index.ts';
import { countBallotFile, readBallotFile } from '../tally/index.ts';
import { closeDueVotes, enactDue, openDueVotes, sendDigests, sendReminders } from './index.ts';

// A participatory budget counted by the Method of Equal Shares and earmarked in the ledger; a board
// elected by the approval committee rule; and the notices each member chose to receive.

let server: TestServer;
const DAY = 86_400_000;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

const person = (name: string): Promise<Person> => signUpPerson(server, name);

const slug = 'budgets';
let coopId: string;
let founder: Person;
const members: Person[] = [];

beforeAll(async () => {
  founder = await person('Founder');
  const res = await founder.agent.post('/api/coops', {
    name: 'Budget Co-op',
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
  for (const [i, cls] of ['worker', 'worker', 'customer', 'customer', 'customer'].entries()) {
    const p = await person(`Member${i}`);
    await addMember(server.ctx, coopId, p.id, { classKey: cls });
    members.push(p);
  }
});

async function submitAndOpen(id: string, proposer: Person): Promise<void> {
  const url = `/api/coops/${slug}/proposals/${id}`;
  expect((await proposer.agent.post(`${url}/submit`)).status).toBe(200);
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

describe('a participatory budget', () => {
  it('funds projects by equal shares and earmarks the money from the community fund', async () => {
    const fund = await founder.agent.post(`/api/coops/${slug}/ledger/entries`, {
      idempotencyKey: 'fund-1',
      kind: 'surplus_allocation',
      description: 'Community fund from last year’s surplus',
      postings: [
        { account: '1000', amount: '100000', currency: 'EUR' },
        { account: '3200', amount: '-100000', currency: 'EUR' },
      ],
    });
    expect(fund.status, JSON.stringify(fund.body)).toBe(201);
    const created = await members[1]!.agent.post(`/api/coops/${slug}/proposals`, {
      kind: 'budget',
      title: 'Community budget 2026',
      amount: '50000',
      projects: [
        { name: 'Playground repairs', cost: '30000' },
        { name: 'First-aid training', cost: '20000' },
      ],
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id = (created.body as { id: string }).id;
    const url = `/api/coops/${slug}/proposals/${id}`;
    const tooDear = await members[2]!.agent.post(`${url}/options`, { name: 'New van', cost: '90000' });
    expect(tooDear.status).toBe(404); // still a draft: only the proposer sees it
    await submitAndOpen(id, members[1]!);
    const view = (await founder.agent.get(url)).body as { rules: { countedAs: string; budget: string } };
    expect(view.rules).toMatchObject({ countedAs: 'equal-shares', budget: '50000' });
    const over = await members[3]!.agent.post(`${url}/ballot`, { ballot: { approve: ['p1', 'p2', 'p1'] } });
    expect(over.status).toBe(400);
    const ballots: string[][] = [['p1'], ['p1', 'p2'], ['p2'], ['p2'], ['p1'], ['p2']];
    for (const [i, approve] of ballots.entries()) {
      const res = await members[i]!.agent.post(`${url}/ballot`, { ballot: { approve } });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
    }
    await closeIt(id);
    const result = (await founder.agent.get(`${url}/results`)).body as {
      outcome: string;
      winners: string[];
      budget: { amount: string; spent: string };
      enactment: { status: string; reason: string | null; details: unknown };
    };
    expect(result.outcome).toBe('funded');
    expect(result.winners.length).toBeGreaterThan(0);
    // Every chart has 2300 Budget projects payable, so the earmark is posted when the vote closes.
    expect(result.enactment.status).toBe('enacted');
    expect(result.enactment.details).toEqual({
      kind: 'budget',
      earmarked: result.budget.spent,
      currency: 'EUR',
      entryId: expect.any(String),
      funded: result.winners.map((key) => ({
        key,
        name: key === 'p1' ? 'Playground repairs' : 'First-aid training',
        cost: key === 'p1' ? '30000' : '20000',
      })),
    });
    expect(await enactDue(server.ctx)).toBe(0);
    const payable = await findAccountByCode(server.ctx.db, coopId, '2300');
    expect(-(await accountBalance(server.ctx.db, payable!.id))).toBe(BigInt(result.budget.spent));
    const community = await findAccountByCode(server.ctx.db, coopId, '3200');
    expect(-(await accountBalance(server.ctx.db, community!.id))).toBe(100000n - BigInt(result.budget.spent));
    expect(((await founder.agent.get(url)).body as { status: string }).status).toBe('enacted');

    const file = readBallotFile((await founder.agent.get(`${url}/ballots.json`)).raw);
    expect(file.method).toBe('pb');
    const recount = countBallotFile(file);
    expect(recount.kind === 'pb' ? [...recount.result.selected].sort() : null).toEqual(
      [...result.winners].sort(),
    );
  });

  it('waits for the money when the fund holds less, saying both amounts in the co-op’s currency', async () => {
    const community = await findAccountByCode(server.ctx.db, coopId, '3200');
    const held = -(await accountBalance(server.ctx.db, community!.id));
    const cost = held + 20000n;
    const created = await members[1]!.agent.post(`/api/coops/${slug}/proposals`, {
      kind: 'budget',
      title: 'A bigger budget',
      amount: String(cost),
      projects: [{ name: 'Minibus', cost: String(cost) }],
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id = (created.body as { id: string }).id;
    const url = `/api/coops/${slug}/proposals/${id}`;
    await submitAndOpen(id, members[1]!);
    for (const m of members) {
      expect((await m.agent.post(`${url}/ballot`, { ballot: { approve: ['p1'] } })).status).toBe(200);
    }
    await closeIt(id);
    type Result = {
      outcome: string;
      enactment: { status: string; reason: string | null; details: unknown };
    };
    const waiting = (await founder.agent.get(`${url}/results`)).body as Result;
    expect(waiting.outcome).toBe('funded');
    const euros = (minor: bigint) =>
      `${(minor / 100n).toLocaleString('en')}.${String(minor % 100n).padStart(2, '0')} EUR`;
    expect(waiting.enactment).toEqual({
      status: 'pending',
      at: null,
      reason: `The community fund holds ${euros(held)}, less than the ${euros(cost)} the funded projects cost; the earmark waits for the money.`,
      details: null,
    });

    const topUp = await founder.agent.post(`/api/coops/${slug}/ledger/entries`, {
      idempotencyKey: 'fund-2',
      kind: 'surplus_allocation',
      description: 'More for the community fund',
      postings: [
        { account: '1000', amount: '20000', currency: 'EUR' },
        { account: '3200', amount: '-20000', currency: 'EUR' },
      ],
    });
    expect(topUp.status, JSON.stringify(topUp.body)).toBe(201);
    expect(await enactDue(server.ctx)).toBe(1);
    const enacted = (await founder.agent.get(`${url}/results`)).body as Result;
    expect(enacted.enactment).toMatchObject({
      status: 'enacted',
      reason: null,
      details: {
        kind: 'budget',
        earmarked: String(cost),
        currency: 'EUR',
        funded: [{ key: 'p1', name: 'Minibus' }],
      },
    });
    // A month has passed on the clock since the members signed in.
    await signInAgain(members);
  });
});

describe('an approval committee election (the template’s default)', () => {
  it('elects by equal shares, weighted by class, and re-counts from the file', async () => {
    const created = await members[1]!.agent.post(`/api/coops/${slug}/proposals`, {
      kind: 'election',
      title: 'Board 2026',
      seats: 2,
      termMonths: 12,
      candidates: [members[1]!.id, members[2]!.id, members[3]!.id],
    });
    const id = (created.body as { id: string }).id;
    await submitAndOpen(id, members[1]!);
    const url = `/api/coops/${slug}/proposals/${id}`;
    const view = (await founder.agent.get(url)).body as { rules: { countedAs: string; secret: boolean } };
    expect(view.rules).toMatchObject({ countedAs: 'committee', secret: true });
    const approvals: string[][] = [['c1', 'c2'], ['c1'], ['c2'], ['c3'], ['c3'], ['c3', 'c1']];
    for (const [i, approve] of approvals.entries()) {
      expect((await members[i]!.agent.post(`${url}/ballot`, { ballot: { approve } })).status).toBe(200);
    }
    await closeIt(id);
    const result = (await founder.agent.get(`${url}/results`)).body as {
      outcome: string;
      winners: string[];
      enactment: { status: string };
    };
    expect(result.outcome).toBe('elected');
    expect(result.winners).toHaveLength(2);
    expect(result.enactment.status).toBe('enacted');
    const file = readBallotFile((await founder.agent.get(`${url}/ballots.json`)).raw);
    expect(file.method).toBe('committee');
    const recount = countBallotFile(file);
    expect(recount.kind === 'committee' ? [...recount.result.committee].sort() : null).toEqual(
      [...result.winners].sort(),
    );
  });
});

describe('notices and preferences', () => {
  it('emails by each member’s choice: everything, only votes, or a weekly digest', async () => {
    await signInAgain(members);
    const [everything, votes, digest] = [members[3]!, members[4]!, members[5]!];
    expect(
      (await votes.agent.request('PUT', `/api/coops/${slug}/governance/preferences`, { mode: 'votes' }))
        .status,
    ).toBe(200);
    expect(
      (await digest.agent.request('PUT', `/api/coops/${slug}/governance/preferences`, { mode: 'digest' }))
        .status,
    ).toBe(200);
    const bad = await digest.agent.request('PUT', `/api/coops/${slug}/governance/preferences`, {
      mode: 'never',
    });
    expect(bad.status).toBe(400);
    expect(errorOf(bad).field).toBe('mode');
    const outsider = await person('Outsider');
    expect((await outsider.agent.get(`/api/coops/${slug}/governance/preferences`)).status).toBe(403);

    await deliverOutbox(server.ctx, 500);
    server.ctx.sentEmails.length = 0;
    const created = await members[1]!.agent.post(`/api/coops/${slug}/proposals`, {
      kind: 'resolution',
      title: 'Open on Saturdays',
    });
    const id = (created.body as { id: string }).id;
    const to = (who: Person, subject: string) =>
      server.ctx.sentEmails.filter((e) => e.to === who.email && e.subject.includes(subject)).length;
    await submitAndOpen(id, members[1]!);
    await deliverOutbox(server.ctx, 500);
    expect(to(everything, 'New proposal in discussion')).toBe(1);
    expect(to(votes, 'New proposal in discussion')).toBe(0);
    expect(to(votes, 'Voting is open')).toBe(1);
    expect(to(digest, 'Voting is open')).toBe(0);

    const url = `/api/coops/${slug}/proposals/${id}`;
    expect((await everything.agent.post(`${url}/ballot`, { ballot: { choice: 'yes' } })).status).toBe(200);
    const view = (await founder.agent.get(url)).body as { votingClosesAt: string };
    server.ctx.testClock.now = new Date(new Date(view.votingClosesAt).getTime() - DAY + 60_000);
    expect(await sendReminders(server.ctx)).toBe(1);
    expect(await sendReminders(server.ctx)).toBe(0);
    await deliverOutbox(server.ctx, 500);
    expect(to(everything, 'closes within 24 hours')).toBe(0);
    expect(to(votes, 'closes within 24 hours')).toBe(1);

    await closeIt(id);
    await signInAgain(members);
    await deliverOutbox(server.ctx, 500);
    expect(to(votes, 'Result')).toBe(1);
    expect(to(digest, 'Result')).toBe(0);
    const notices = (await digest.agent.get(`/api/coops/${slug}/governance/notices`)).body as {
      notices: { kind: string; proposalId: string }[];
    };
    expect(
      notices.notices
        .filter((n) => n.proposalId === id)
        .map((n) => n.kind)
        .sort(),
    ).toEqual(['discussion', 'reminder', 'result', 'voting_opened']);
    expect(await sendDigests(server.ctx)).toBe(1);
    expect(await sendDigests(server.ctx)).toBe(0);
    await deliverOutbox(server.ctx, 500);
    expect(to(digest, 'weekly governance digest')).toBe(1);
  });
});
