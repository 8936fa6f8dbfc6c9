import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addMember,
  createAccount,
  createMarketWorker,
  DEFAULT_PASSWORD,
  foundTemplateCoop,
} from '../../../test/factories.ts';
import { type Agent, errorOf, startTestServer, type TestServer } from '../../../test/http.ts';
import { queryRows } from '../../db/client.ts';
import { registerPaymentProvider } from '../ledger/index.ts';
import { deliverOutbox } from '../outbox/index.ts';
import {
  addAvailabilityException,
  expireOffers,
  expireStaleBookings,
  recordProviderPayment,
} from './index.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

type Person = { agent: Agent; accountId: string; email: string };

async function signedIn(accountId: string, email: string): Promise<Person> {
  const agent = server.agent();
  const res = await agent.post('/api/auth/sign-in', { email, password: DEFAULT_PASSWORD });
  expect(res.status).toBe(200);
  return { agent, accountId, email };
}

async function newPerson(name: string): Promise<Person> {
  const account = await createAccount(server.ctx, { displayName: name });
  return signedIn(account.id, account.email);
}

type Job = {
  id: string;
  status: string;
  statusText: string;
  price: { subtotal: string; fee: string; total: string; source: string };
  offers: { round: number; status: string; worker: { displayName: string } | null; explanation: unknown }[];
  booking: { id: string; status: string; workerDisplayName: string } | null;
};
type Offers = {
  offers: {
    id: string;
    jobId: string;
    status: string;
    round: number;
    job: { earnings: string };
    explanation: { score: number };
  }[];
};

describe('posted jobs offered one worker at a time', () => {
  let coop: { coopId: string; slug: string; founderId: string };
  let customer: Person;
  let board: Person;
  const workers: Record<string, Person & { workerId: string }> = {};
  const base = () => `/api/coops/${coop.slug}`;
  // Place de la République, Paris.
  const here = { lat: 48.8674, lng: 2.3636 };
  // Tuesday 3 March 2026, 10:00–12:00 in Paris.
  const window = { windowStart: '2026-03-03T09:00:00Z', windowEnd: '2026-03-03T11:00:00Z' };
  const job = (extra: Record<string, unknown> = {}) => ({
    categoryKey: 'household-pickup',
    title: 'Sorted recycling, 3 bags',
    location: here,
    address: 'Rue du Temple 1',
    ...window,
    ...extra,
  });

  beforeAll(async () => {
    server.ctx.testClock.now = new Date('2026-03-02T09:00:00Z');
    const founder = await createAccount(server.ctx, { displayName: 'Amadou' });
    coop = await foundTemplateCoop(server.ctx, {
      sector: 'urban-recycling',
      timeZone: 'Europe/Paris',
      founderId: founder.id,
    });
    board = await signedIn(founder.id, founder.email);
    customer = await newPerson('Claire');
    const hours = [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: '08:00', end: '18:00' }));
    const make = async (
      name: string,
      at: { lat: number; lng: number },
      extra: Record<string, unknown> = {},
    ) => {
      const account = await createAccount(server.ctx, { displayName: name });
      await addMember(server.ctx, coop.coopId, account.id, { classKey: 'worker' });
      const w = await createMarketWorker(server.ctx, coop, {
        accountId: account.id,
        displayName: name,
        timeZone: 'Europe/Paris',
        category: 'household-pickup',
        rate: '1300',
        area: { kind: 'radius', ...at, radiusKm: 20 },
        hours,
        ...extra,
      });
      workers[name] = { ...(await signedIn(account.id, account.email)), workerId: w.workerId };
    };
    await make('Yanis', { lat: 48.868, lng: 2.364 });
    await make('Lea', { lat: 48.85, lng: 2.3 });
    await make('Off', { lat: 48.8675, lng: 2.3637 });
    await make(
      'Far',
      { lat: 49.3, lng: 2.36 },
      { area: { kind: 'radius', lat: 49.3, lng: 2.36, radiusKm: 100 } },
    );
    await addAvailabilityException(
      server.ctx,
      { kind: 'account', accountId: workers.Off!.accountId, isOperator: false },
      coop.slug,
      { date: '2026-03-03', kind: 'off', note: 'Day off' },
    );
  });

  it('refuses jobs below the pay floor or outside the rules, writing nothing', async () => {
    const cases: [Record<string, unknown>, number, string, string][] = [
      // The standard 12.00 cannot pay two hours at the 13.00 floor.
      [{ durationMinutes: 120 }, 422, 'BUDGET_BELOW_FLOOR', 'durationMinutes'],
      [{ budget: '500', durationMinutes: 60 }, 422, 'BUDGET_BELOW_FLOOR', 'budget'],
      [{ windowStart: '2026-03-01T09:00:00Z' }, 422, 'WINDOW_IN_PAST', 'windowStart'],
      [{ windowEnd: '2026-03-03T08:00:00Z' }, 422, 'WINDOW_INVALID', 'windowEnd'],
      [{ categoryKey: 'gardening' }, 422, 'UNKNOWN_CATEGORY', 'categoryKey'],
      [{ location: { lat: 100, lng: 0 } }, 400, 'VALIDATION_FAILED', 'location.lat'],
    ];
    for (const [extra, status, code, field] of cases) {
      const res = await customer.agent.post(`${base()}/jobs`, job(extra));
      expect(res.status, JSON.stringify(extra)).toBe(status);
      expect(errorOf(res)).toMatchObject({ code, field });
    }
    const below = await customer.agent.post(`${base()}/jobs`, job({ durationMinutes: 120 }));
    expect(errorOf(below).message).toContain('13.00 EUR an hour, set by version 1');
    expect((await server.agent().post(`${base()}/jobs`, job())).status).toBe(401);
    const [row] = await queryRows<{ n: string }>(
      server.ctx.db,
      sql`select count(*)::text as n from market_jobs where coop_id = ${coop.coopId}`,
    );
    expect(row?.n).toBe('0');
  });

  let first: Job;

  it('offers the job to the best-scoring free worker first, with the reasons', async () => {
    const res = await customer.agent.post(`${base()}/jobs`, job());
    expect(res.status).toBe(201);
    first = res.body as Job;
    // The standard price 12.00, plus the 10 % platform fee.
    expect(first.price).toEqual({
      source: 'standard',
      subtotal: '1200',
      feeBps: 1000,
      fee: '120',
      total: '1320',
      currency: 'EUR',
      constitutionVersion: 1,
    });
    expect(first.status).toBe('dispatching');
    expect(first.statusText).toContain('the 1st asked');
    expect(first.offers).toHaveLength(1);
    // The customer does not see who was asked, nor why; admins do.
    expect(first.offers[0]).toMatchObject({ round: 1, status: 'pending', worker: null, explanation: null });
    const admin = (await board.agent.get(`${base()}/jobs/${first.id}`)).body as Job;
    expect(admin.offers[0]!.worker?.displayName).toBe('Yanis');
    expect(admin.offers[0]!.explanation).toMatchObject({ score: expect.any(Number) });
    const offers = (await workers.Yanis!.agent.get(`${base()}/me/offers`)).body as Offers;
    expect(offers.offers).toHaveLength(1);
    expect(offers.offers[0]).toMatchObject({ status: 'pending', round: 1, job: { earnings: '1200' } });
    expect((await workers.Lea!.agent.get(`${base()}/me/offers`)).body).toEqual({ offers: [] });
    // Nobody but the customer, the assigned worker and admins sees the job.
    expect((await workers.Lea!.agent.get(`${base()}/jobs/${first.id}`)).status).toBe(404);
    const [audit] = await queryRows<{ data: { excluded: { reason: string }[] } }>(
      server.ctx.db,
      sql`select data from audit_events where coop_id = ${coop.coopId} and action = 'market.job_offered'`,
    );
    // 'Off' has the day off; 'Far' is beyond the co-op's 25 km and never even a candidate.
    expect(audit!.data.excluded.map((e) => e.reason)).toEqual(['not_available']);
  });

  it('moves to the next worker when the offer times out', async () => {
    const offer = ((await workers.Yanis!.agent.get(`${base()}/me/offers`)).body as Offers).offers[0]!;
    const stranger = await workers.Lea!.agent.post(`${base()}/offers/${offer.id}/accept`);
    expect(stranger.status).toBe(404);
    server.ctx.testClock.advance(14 * 60_000);
    expect(await expireOffers(server.ctx)).toBe(0);
    server.ctx.testClock.advance(60_000);
    expect(await expireOffers(server.ctx)).toBe(1);
    const late = await workers.Yanis!.agent.post(`${base()}/offers/${offer.id}/accept`);
    expect(late.status).toBe(409);
    expect(errorOf(late).code).toBe('OFFER_CLOSED');
    const view = (await customer.agent.get(`${base()}/jobs/${first.id}`)).body as Job;
    expect(view.offers.map((o) => [o.round, o.status])).toEqual([
      [1, 'expired'],
      [2, 'pending'],
    ]);
    server.ctx.sentEmails.length = 0;
    await deliverOutbox(server.ctx);
    expect(
      server.ctx.sentEmails.some((e) => e.to === workers.Lea!.email && e.subject.startsWith('Job offer')),
    ).toBe(true);
  });

  it('books the worker who accepts; the customer sees who and the booking', async () => {
    const offer = ((await workers.Lea!.agent.get(`${base()}/me/offers`)).body as Offers).offers[0]!;
    const accepted = await workers.Lea!.agent.post(`${base()}/offers/${offer.id}/accept`);
    expect(accepted.status).toBe(200);
    const { bookingId } = accepted.body as { bookingId: string };
    const view = (await customer.agent.get(`${base()}/jobs/${first.id}`)).body as Job;
    expect(view).toMatchObject({
      status: 'assigned',
      booking: { id: bookingId, status: 'accepted', workerDisplayName: 'Lea' },
    });
    expect(view.offers[1]).toMatchObject({ status: 'accepted', worker: { displayName: 'Lea' } });
    const again = await workers.Lea!.agent.post(`${base()}/offers/${offer.id}/accept`);
    expect(errorOf(again).code).toBe('OFFER_CLOSED');
    const booking = (await customer.agent.get(`${base()}/bookings/${bookingId}`)).body as Record<
      string,
      unknown
    >;
    expect(booking).toMatchObject({
      status: 'accepted',
      jobId: first.id,
      startsAt: '2026-03-03T09:00:00.000Z',
      endsAt: '2026-03-03T11:00:00.000Z',
      price: { subtotal: '1200', fee: '120', total: '1320', feeBps: 1000 },
    });
    expect((await workers.Lea!.agent.get(`${base()}/jobs/${first.id}`)).status).toBe(200);
    // The job's booking follows the booking flow: paid, done, settled with the exact split.
    // Paid online: the provider's adapter reports it, with no person acting; a repeat changes nothing.
    registerPaymentProvider({
      id: 'card_test',
      label: 'Test card processor',
      recordedByHand: false,
      checkReference: (r) => (r.startsWith('ch_') ? null : 'a charge id'),
    });
    const paid = await recordProviderPayment(server.ctx, coop.slug, bookingId, {
      provider: 'card_test',
      reference: 'ch_123',
    });
    expect(paid).toMatchObject({
      alreadyRecorded: false,
      booking: { status: 'confirmed', paymentProvider: 'card_test' },
    });
    const repeated = await recordProviderPayment(server.ctx, coop.slug, bookingId, {
      provider: 'card_test',
      reference: 'ch_123',
    });
    expect(repeated.alreadyRecorded).toBe(true);
    // The customer and the assigned worker talk in the job's thread; other workers cannot.
    const thread = `${base()}/jobs/${first.id}/messages`;
    expect((await customer.agent.post(thread, { body: 'The bags are by the door.' })).status).toBe(201);
    const read = (await workers.Lea!.agent.get(thread)).body as { messages: { body: string }[] };
    expect(read.messages.map((m) => m.body)).toEqual(['The bags are by the door.']);
    expect((await workers.Yanis!.agent.get(thread)).status).toBe(404);
    expect((await workers.Yanis!.agent.post(thread, { body: 'me too' })).status).toBe(404);
    server.ctx.testClock.now = new Date('2026-03-03T10:00:00Z');
    expect((await workers.Lea!.agent.post(`${base()}/bookings/${bookingId}/complete`)).status).toBe(200);
    expect((await customer.agent.post(`${base()}/bookings/${bookingId}/confirm`)).body).toMatchObject({
      status: 'settled',
    });
  });

  it('gives up clearly when every worker declines, and lets the customer withdraw a job', async () => {
    server.ctx.testClock.now = new Date('2026-03-02T12:00:00Z');
    const second = (
      await customer.agent.post(
        `${base()}/jobs`,
        job({ windowStart: '2026-03-04T09:00:00Z', windowEnd: '2026-03-04T10:00:00Z' }),
      )
    ).body as Job;
    const asked: string[] = [];
    for (let round = 1; round <= 3; round++) {
      for (const name of ['Yanis', 'Lea', 'Off']) {
        const offers = ((await workers[name]!.agent.get(`${base()}/me/offers`)).body as Offers).offers.filter(
          (o) => o.jobId === second.id && o.status === 'pending',
        );
        if (offers.length === 0) continue;
        asked.push(name);
        const declined = await workers[name]!.agent.post(`${base()}/offers/${offers[0]!.id}/decline`, {
          reason: 'Busy',
        });
        expect(declined.status).toBe(204);
      }
    }
    expect(asked.sort()).toEqual(['Lea', 'Off', 'Yanis']);
    const view = (await customer.agent.get(`${base()}/jobs/${second.id}`)).body as Job;
    expect(view.status).toBe('unfilled');
    expect(view.statusText).toContain('3 asked, none accepted');
    expect((view as Job & { statusNote: unknown }).statusNote).toEqual({
      code: 'no_worker',
      params: { asked: 3 },
    });
    const third = (
      await customer.agent.post(
        `${base()}/jobs`,
        job({ windowStart: '2026-03-05T09:00:00Z', windowEnd: '2026-03-05T10:00:00Z' }),
      )
    ).body as Job;
    expect(
      (await workers.Yanis!.agent.post(`${base()}/jobs/${third.id}/cancel`, { reason: '' })).status,
    ).toBe(404);
    const withdrawn = await customer.agent.post(`${base()}/jobs/${third.id}/cancel`, {
      reason: 'Done it myself',
    });
    expect(withdrawn.body).toMatchObject({ status: 'cancelled', offers: [{ status: 'withdrawn' }] });
    expect(errorOf(await customer.agent.post(`${base()}/jobs/${first.id}/cancel`, { reason: '' })).code).toBe(
      'JOB_ASSIGNED',
    );
    const list = (await customer.agent.get(`${base()}/me/jobs`)).body as { jobs: { status: string }[] };
    expect(list.jobs.map((j) => j.status)).toEqual(['cancelled', 'unfilled', 'assigned']);
  });

  it('marks a job unfilled when its window starts while offers are still out', async () => {
    server.ctx.testClock.now = new Date('2026-03-06T08:50:00Z');
    const soon = (
      await customer.agent.post(
        `${base()}/jobs`,
        job({ windowStart: '2026-03-06T09:00:00Z', windowEnd: '2026-03-06T10:00:00Z' }),
      )
    ).body as Job;
    expect(soon.status).toBe('dispatching');
    server.ctx.testClock.now = new Date('2026-03-06T09:00:00Z');
    expect(await expireOffers(server.ctx)).toBe(1);
    const view = (await customer.agent.get(`${base()}/jobs/${soon.id}`)).body as Job;
    expect(view.status).toBe('unfilled');
    expect(view.statusText).toContain('time window started');
    expect((view as Job & { statusNote: unknown }).statusNote).toEqual({
      code: 'window_started',
      params: {},
    });
  });
  it('ends a job whose booking lapsed unpaid at the start of its window', async () => {
    server.ctx.testClock.now = new Date('2026-03-16T09:00:00Z');
    const posted = (
      await customer.agent.post(
        `${base()}/jobs`,
        job({ windowStart: '2026-03-17T09:00:00Z', windowEnd: '2026-03-17T10:00:00Z' }),
      )
    ).body as Job;
    const view = (await board.agent.get(`${base()}/jobs/${posted.id}`)).body as Job;
    const name = view.offers.find((o) => o.status === 'pending')!.worker!.displayName;
    const worker = workers[name]!;
    const offer = ((await worker.agent.get(`${base()}/me/offers`)).body as Offers).offers.find(
      (o) => o.jobId === posted.id && o.status === 'pending',
    )!;
    const taken = await worker.agent.post(`${base()}/offers/${offer.id}/accept`);
    expect(taken.status).toBe(200);
    // Nobody records the payment; the window begins.
    server.ctx.testClock.now = new Date('2026-03-17T09:00:00Z');
    expect(await expireStaleBookings(server.ctx)).toBeGreaterThanOrEqual(1);
    const ended = (await customer.agent.get(`${base()}/jobs/${posted.id}`)).body as Job & {
      statusReason: string | null;
    };
    expect(ended).toMatchObject({
      status: 'cancelled',
      statusReason: 'The booking lapsed: its payment was not recorded before the start',
      booking: { status: 'expired' },
    });
    expect(ended.statusText).toBe(
      'Cancelled (The booking lapsed: its payment was not recorded before the start).',
    );
    expect(ended.offers.some((o) => o.status === 'pending')).toBe(false);
  });

  it('sends a job back to dispatch when its worker cancels, and ends it when the customer cancels', async () => {
    server.ctx.testClock.now = new Date('2026-03-09T09:00:00Z');
    const posted = (
      await customer.agent.post(
        `${base()}/jobs`,
        job({ windowStart: '2026-03-10T09:00:00Z', windowEnd: '2026-03-10T10:00:00Z' }),
      )
    ).body as Job;
    const holder = async (): Promise<Person & { workerId: string; name: string }> => {
      const view = (await board.agent.get(`${base()}/jobs/${posted.id}`)).body as Job;
      const name = view.offers.find((o) => o.status === 'pending')!.worker!.displayName;
      return { ...workers[name]!, name };
    };
    const pendingOffer = async (p: Person) =>
      ((await p.agent.get(`${base()}/me/offers`)).body as Offers).offers.find(
        (o) => o.jobId === posted.id && o.status === 'pending',
      );
    const first = await holder();
    const taken = await first.agent.post(`${base()}/offers/${(await pendingOffer(first))!.id}/accept`);
    const firstBooking = (taken.body as { bookingId: string }).bookingId;
    server.ctx.testClock.advance(60_000);
    const thread = `${base()}/jobs/${posted.id}/messages`;
    await customer.agent.post(thread, { body: 'Gate code 1234.' });
    await first.agent.post(thread, { body: 'See you at nine.' });

    server.ctx.testClock.advance(60_000);
    server.ctx.sentEmails.length = 0;
    const cancel = await first.agent.post(`${base()}/bookings/${firstBooking}/cancel`, {
      reason: 'Van broke down',
    });
    expect(cancel.status).toBe(200);
    const reopened = (await customer.agent.get(`${base()}/jobs/${posted.id}`)).body as Job & {
      statusReason: string | null;
      viewerRole: string;
      cancelledBookings: { workerDisplayName: string; cancelledBy: string; reason: string | null }[];
    };
    expect(reopened).toMatchObject({
      status: 'dispatching',
      statusReason: 'Van broke down',
      viewerRole: 'customer',
      booking: null,
      cancelledBookings: [{ workerDisplayName: first.name, cancelledBy: 'worker', reason: 'Van broke down' }],
    });
    expect(reopened.statusText).toContain(
      `${first.name} cancelled (Van broke down); the job is offered again.`,
    );
    expect(reopened.offers.map((o) => [o.round, o.status])).toEqual([
      [1, 'accepted'],
      [2, 'pending'],
    ]);
    // The next worker in order is asked; never the one who cancelled.
    const second = await holder();
    expect(second.name).not.toBe(first.name);
    expect(await pendingOffer(first)).toBeUndefined();
    expect((await first.agent.get(`${base()}/jobs/${posted.id}`)).status).toBe(404);
    await deliverOutbox(server.ctx);
    const told = server.ctx.sentEmails.find(
      (e) => e.to === customer.email && e.subject === 'Booking cancelled: Sorted recycling, 3 bags',
    );
    expect(told?.text).toContain('offering it to the next worker');
    expect(
      server.ctx.sentEmails.some((e) => e.to === second.email && e.subject.startsWith('Job offer')),
    ).toBe(true);
    const [audit] = await queryRows<{ n: number }>(
      server.ctx.db,
      sql`select count(*)::int as n from audit_events where coop_id = ${coop.coopId}
          and action = 'market.job_redispatched' and subject_id = ${posted.id}`,
    );
    expect(audit?.n).toBe(1);

    // The next worker takes it: a second booking for the same job.
    const retaken = await second.agent.post(`${base()}/offers/${(await pendingOffer(second))!.id}/accept`);
    expect(retaken.status).toBe(200);
    const secondBooking = (retaken.body as { bookingId: string }).bookingId;
    expect((await customer.agent.get(`${base()}/jobs/${posted.id}`)).body).toMatchObject({
      status: 'assigned',
      statusReason: null,
      booking: { id: secondBooking, workerDisplayName: second.name },
    });
    // What the customer and the first worker said stays between them.
    server.ctx.testClock.advance(60_000);
    await customer.agent.post(thread, { body: 'Thanks for stepping in.' });
    const seen = (await second.agent.get(thread)).body as { messages: { body: string }[] };
    expect(seen.messages.map((m) => m.body)).toEqual(['Thanks for stepping in.']);
    const all = (await customer.agent.get(thread)).body as { messages: { body: string }[] };
    expect(all.messages).toHaveLength(3);

    // The customer cancels: the job ends with the booking, and nobody else is asked.
    const ended = await customer.agent.post(`${base()}/bookings/${secondBooking}/cancel`, {
      reason: 'Moved the bags myself',
    });
    expect(ended.status).toBe(200);
    const view = (await customer.agent.get(`${base()}/jobs/${posted.id}`)).body as Job & {
      statusReason: string | null;
      cancelledBookings: { cancelledBy: string }[];
    };
    expect(view).toMatchObject({
      status: 'cancelled',
      statusReason: 'Moved the bags myself',
      booking: { id: secondBooking, status: 'cancelled' },
    });
    expect(view.statusText).toBe('Cancelled with its booking by the customer (Moved the bags myself).');
    expect(view.cancelledBookings.map((b) => b.cancelledBy)).toEqual(['worker', 'customer']);
    expect(view.offers.some((o) => o.status === 'pending')).toBe(false);
  });
  it('says why nobody could be asked, as a code with counts for any language', async () => {
    server.ctx.testClock.now = new Date('2026-03-10T12:00:00Z');
    // Saturday: every worker's weekly hours are Monday to Friday.
    const res = await customer.agent.post(
      `${base()}/jobs`,
      job({ windowStart: '2026-03-14T09:00:00Z', windowEnd: '2026-03-14T10:00:00Z' }),
    );
    expect(res.body).toMatchObject({
      status: 'unfilled',
      statusText: 'No worker could take it (nobody could be asked; 3 not available).',
      statusNote: { code: 'no_worker', params: { asked: 0, not_available: 3 } },
    });
  });
});
