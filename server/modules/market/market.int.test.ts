import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addMember,
  createMarketWorker,
  DEFAULT_PASSWORD,
  foundTemplateCoop,
  grantRole,
} from '../../../test/factories.ts';
import { type Agent, errorOf, startTestServer, type TestServer } from '../../../test/http.ts';
import { queryRows } from '../../db/client.ts';
import type { Email } from '../../lib/mailer.ts';
import { verifyChain } from '../audit/index.ts';
import { appendConstitutionVersion, policyAt } from '../coops/index.ts';
import { deliverOutbox } from '../outbox/index.ts';
import {
  autoConfirmCompleted,
  expireStaleBookings,
  flagServicesBelowFloor,
  sendDayBeforeReminders,
} from './index.ts';

let server: TestServer;
let dataDir: string;
beforeAll(async () => {
  server = await startTestServer();
  // Photos go under the data directory: a temporary one, not the developer's.
  dataDir = mkdtempSync(join(tmpdir(), 'mutual-market-'));
  server.ctx.config.dataDir = dataDir;
});
afterAll(async () => {
  await server?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const _H = 3_600_000;
type Person = { agent: Agent; accountId: string; email: string };

async function person(name: string): Promise<Person> {
  const agent = server.agent();
  const email = `${name.toLowerCase()}-${Math.random().toString(36).slice(2, 8)}@example.test`;
  const res = await agent.post('/api/auth/sign-up', { email, displayName: name, password: DEFAULT_PASSWORD });
  expect(res.status).toBe(201);
  const session = await agent.get('/api/session');
  return { agent, accountId: (session.body as { account: { id: string } }).account.id, email };
}

async function count(table: string, coopId: string): Promise<number> {
  const [row] = await queryRows<{ n: string | number }>(
    server.ctx.db,
    sql`select count(*) as n from ${sql.raw(table)} where coop_id = ${coopId}`,
  );
  return Number(row?.n);
}

/** Balance of a ledger account (debit positive) by code or code prefix. */
async function balance(coopId: string, code: string): Promise<bigint> {
  const [row] = await queryRows<{ total: string | null }>(
    server.ctx.db,
    sql`select sum(balance)::text as total from ledger_accounts where coop_id = ${coopId} and code like ${code}`,
  );
  return BigInt(row?.total ?? '0');
}

const at = (iso: string) => new Date(iso);

/**
 * Reads an iCalendar text strictly enough to catch a broken file (RFC 5545): CRLF line ends, long
 * lines folded (the library folds at 75 characters), every BEGIN closed by its END, one VCALENDAR
 * holding one VEVENT.
 */
function readCalendar(text: string): { calendar: Record<string, string>; event: Record<string, string> } {
  expect(text.endsWith('\r\n')).toBe(true);
  const physical = text.slice(0, -2).split('\r\n');
  for (const line of physical) {
    expect(line).not.toContain('\n');
    expect([...line].length).toBeLessThanOrEqual(75);
  }
  const lines: string[] = [];
  for (const line of physical) {
    if (/^[ \t]/.test(line) && lines.length > 0) lines[lines.length - 1] += line.slice(1);
    else lines.push(line);
  }
  const calendar: Record<string, string> = {};
  const event: Record<string, string> = {};
  const open: string[] = [];
  let events = 0;
  for (const line of lines) {
    const colon = line.indexOf(':');
    expect(colon, line).toBeGreaterThan(0);
    const name = line.slice(0, colon).split(';')[0]!;
    const value = line.slice(colon + 1);
    if (name === 'BEGIN') {
      open.push(value);
      if (value === 'VEVENT') events++;
    } else if (name === 'END') expect(open.pop()).toBe(value);
    else if (open.at(-1) === 'VEVENT') event[name] = value;
    else if (open.at(-1) === 'VCALENDAR') calendar[name] = value;
  }
  expect(lines[0]).toBe('BEGIN:VCALENDAR');
  expect(open).toEqual([]);
  expect(events).toBe(1);
  return { calendar, event };
}

describe('workers, services and the pay floor', () => {
  let coop: { coopId: string; slug: string; founderId: string };
  let worker: Person;
  let customer: Person;
  const base = () => `/api/coops/${coop.slug}`;

  beforeAll(async () => {
    server.ctx.testClock.now = at('2026-03-02T09:00:00Z');
    coop = await foundTemplateCoop(server.ctx, { sector: 'home-services' });
    worker = await person('Wen');
    customer = await person('Carlos');
    await addMember(server.ctx, coop.coopId, worker.accountId, { classKey: 'worker' });
    await addMember(server.ctx, coop.coopId, customer.accountId, { classKey: 'customer' });
  });

  const profile = {
    displayName: 'Wen Li',
    bio: 'Ten years of cleaning homes.',
    languages: ['en', 'es'],
    skills: ['deep-cleaning'],
    timeZone: 'Europe/Madrid',
    area: { kind: 'radius', lat: 40.4168, lng: -3.7038, radiusKm: 10 },
    bufferMinutes: 30,
  };

  it('lets only members of a selling class create a profile', async () => {
    const refused = await customer.agent.request('PUT', `${base()}/me/worker`, profile);
    expect(refused.status).toBe(403);
    expect(errorOf(refused).code).toBe('NOT_A_SELLER');
    const anonymous = await server.agent().request('PUT', `${base()}/me/worker`, profile);
    expect(anonymous.status).toBe(401);
    const badZone = await worker.agent.request('PUT', `${base()}/me/worker`, {
      ...profile,
      timeZone: 'Mars/Base',
    });
    expect(badZone.status).toBe(422);
    expect(errorOf(badZone)).toMatchObject({ code: 'TIME_ZONE_INVALID', field: 'timeZone' });
    const badArea = await worker.agent.request('PUT', `${base()}/me/worker`, {
      ...profile,
      area: { kind: 'radius', lat: 91, lng: 0, radiusKm: 5 },
    });
    expect(badArea.status).toBe(400);
    expect(errorOf(badArea).field).toBe('area.lat');
    expect(await count('market_workers', coop.coopId)).toBe(0);
    const ok = await worker.agent.request('PUT', `${base()}/me/worker`, profile);
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({
      displayName: 'Wen Li',
      bufferMinutes: 30,
      calendarFeed: { enabled: false },
    });
  });

  it('refuses a rate below the floor, quoting the floor and the constitution version', async () => {
    const low = await worker.agent.post(`${base()}/me/worker/services`, {
      categoryKey: 'cleaning',
      title: 'Cleaning',
      pricing: 'hourly',
      rate: '1499',
    });
    expect(low.status).toBe(422);
    expect(errorOf(low)).toMatchObject({ code: 'RATE_BELOW_FLOOR', field: 'rate' });
    expect(errorOf(low).message).toContain('15.00 EUR an hour');
    expect(errorOf(low).message).toContain('version 1 of the constitution');
    // A fixed 20.00 for at least 90 minutes pays 13.33 an hour.
    const fixed = await worker.agent.post(`${base()}/me/worker/services`, {
      categoryKey: 'cleaning',
      title: 'Flat clean',
      pricing: 'fixed',
      rate: '2000',
      minDurationMinutes: 90,
    });
    expect(fixed.status).toBe(422);
    expect(errorOf(fixed).code).toBe('RATE_BELOW_FLOOR');
    const unknown = await worker.agent.post(`${base()}/me/worker/services`, {
      categoryKey: 'pet-sitting',
      title: 'Dogs',
      pricing: 'hourly',
      rate: '2000',
    });
    expect(errorOf(unknown)).toMatchObject({ code: 'UNKNOWN_CATEGORY', field: 'categoryKey' });
    expect(await count('market_services', coop.coopId)).toBe(0);
    const atFloor = await worker.agent.post(`${base()}/me/worker/services`, {
      categoryKey: 'cleaning',
      title: 'Home cleaning',
      pricing: 'hourly',
      rate: '1500',
    });
    expect(atFloor.status).toBe(201);
    expect(atFloor.body).toMatchObject({
      rate: '1500',
      checkedVersion: 1,
      belowFloor: null,
      categoryName: 'Cleaning',
    });
  });

  it('flags and hides services when a later constitution raises the floor, and tells the worker', async () => {
    const me = (await worker.agent.get(`${base()}/me/worker`)).body as {
      id: string;
      services: { id: string }[];
    };
    const serviceId = me.services[0]!.id;
    const policy = await policyAt(server.ctx.db, coop.coopId, server.ctx.clock());
    const document = structuredClone(policy.document);
    document.market.categories.find((c) => c.key === 'cleaning')!.minHourlyRate = '1600';
    await server.ctx.db.transaction((tx) =>
      appendConstitutionVersion(tx, {
        coopId: coop.coopId,
        document,
        effectiveFrom: server.ctx.clock(),
        origin: 'proposal',
        now: server.ctx.clock(),
      }),
    );
    server.ctx.sentEmails.length = 0;
    expect(await flagServicesBelowFloor(server.ctx)).toBe(1);
    expect(await flagServicesBelowFloor(server.ctx)).toBe(0);
    await deliverOutbox(server.ctx);
    const mail = server.ctx.sentEmails.find((e) => e.to === worker.email);
    expect(mail?.text).toContain('16.00 EUR an hour, set by version 2');
    const mine = (await worker.agent.get(`${base()}/me/worker`)).body as {
      flaggedServices: number;
      services: { belowFloor: unknown }[];
    };
    expect(mine.flaggedServices).toBe(1);
    expect(mine.services[0]!.belowFloor).toEqual({ floor: '1600', version: 2 });
    // Hidden from the public profile; refused for booking.
    const publicView = (await customer.agent.get(`${base()}/workers/${me.id}`)).body as {
      services: unknown[];
    };
    expect(publicView.services).toEqual([]);
    const quote = await customer.agent.post(`${base()}/bookings/quote`, {
      serviceId,
      startsAt: '2026-03-03T09:00:00Z',
    });
    expect(quote.status).toBe(422);
    expect(errorOf(quote).code).toBe('SERVICE_BELOW_FLOOR');
    // A title change keeps the flag; raising the rate to the new floor lifts it.
    const renamed = await worker.agent.request('PATCH', `${base()}/me/worker/services/${serviceId}`, {
      title: 'Cleaning',
    });
    expect((renamed.body as { belowFloor: unknown }).belowFloor).not.toBeNull();
    const still = await worker.agent.request('PATCH', `${base()}/me/worker/services/${serviceId}`, {
      rate: '1550',
    });
    expect(errorOf(still)).toMatchObject({ code: 'RATE_BELOW_FLOOR', field: 'rate' });
    expect(errorOf(still).message).toContain('version 2');
    const raised = await worker.agent.request('PATCH', `${base()}/me/worker/services/${serviceId}`, {
      rate: '1600',
    });
    expect(raised.status).toBe(200);
    expect(raised.body).toMatchObject({ belowFloor: null, checkedVersion: 2, rate: '1600' });
    // Somebody else's service cannot be changed.
    const other = await customer.agent.request('PATCH', `${base()}/me/worker/services/${serviceId}`, {
      rate: '9000',
    });
    expect(other.status).toBe(403);
  });
});

describe('availability and slots', () => {
  let coop: { coopId: string; slug: string; founderId: string };
  let worker: Person;

  beforeAll(async () => {
    server.ctx.testClock.now = at('2026-03-20T09:00:00Z');
    coop = await foundTemplateCoop(server.ctx, { sector: 'home-services', timeZone: 'Europe/Madrid' });
    worker = await person('Ines');
    await addMember(server.ctx, coop.coopId, worker.accountId, { classKey: 'worker' });
    await createMarketWorker(server.ctx, coop, { accountId: worker.accountId, displayName: 'Inés' });
  });

  it('keeps weekly hours in local time across the spring change', async () => {
    const me = (await worker.agent.get(`/api/coops/${coop.slug}/me/worker`)).body as {
      id: string;
      services: { id: string }[];
    };
    const res = await worker.agent.get(
      `/api/coops/${coop.slug}/workers/${me.id}/slots?serviceId=${me.services[0]!.id}&from=2026-03-27T00:00:00Z&to=2026-03-31T00:00:00Z&durationMinutes=480`,
    );
    expect(res.status).toBe(200);
    // Friday 27 March 09:00 is 08:00 UTC; Monday 30 March (summer time) 09:00 is 07:00 UTC.
    expect((res.body as { slots: { startsAt: string }[] }).slots.map((s) => s.startsAt)).toEqual([
      '2026-03-27T08:00:00.000Z',
      '2026-03-30T07:00:00.000Z',
    ]);
  });

  it('applies dated exceptions and refuses bad ones with nothing written', async () => {
    const base = `/api/coops/${coop.slug}/me/worker/availability`;
    const off = await worker.agent.post(`${base}/exceptions`, { date: '2026-03-27', kind: 'off' });
    expect(off.status).toBe(201);
    const extra = await worker.agent.post(`${base}/exceptions`, {
      date: '2026-03-28',
      kind: 'extra',
      start: '10:00',
      end: '12:00',
    });
    expect(extra.status).toBe(201);
    const before = await count('market_availability_exceptions', coop.coopId);
    for (const [body, code, field] of [
      [{ date: '2026-03-10', kind: 'off' }, 'DATE_IN_PAST', 'date'],
      [{ date: '2026-03-28', kind: 'extra' }, 'TIME_REQUIRED', 'start'],
      [{ date: '2026-03-28', kind: 'extra', start: '12:00', end: '10:00' }, 'TIME_RANGE_INVALID', 'end'],
      [{ date: '2026-02-30', kind: 'off' }, 'VALIDATION_FAILED', 'date'],
    ] as const) {
      const res = await worker.agent.post(`${base}/exceptions`, body);
      expect(res.status, JSON.stringify(body)).toBeGreaterThanOrEqual(400);
      expect(errorOf(res)).toMatchObject({ code, field });
    }
    const badRules = await worker.agent.request('PUT', base, {
      rules: [{ weekday: 1, start: '18:00', end: '09:00' }],
    });
    expect(errorOf(badRules)).toMatchObject({ code: 'TIME_RANGE_INVALID', field: 'rules.0.end' });
    expect(await count('market_availability_exceptions', coop.coopId)).toBe(before);
    const view = (await worker.agent.get(base)).body as { rules: unknown[]; exceptions: { kind: string }[] };
    expect(view.rules).toHaveLength(5);
    expect(view.exceptions.map((e) => e.kind)).toEqual(['off', 'extra']);
    const me = (await worker.agent.get(`/api/coops/${coop.slug}/me/worker`)).body as {
      id: string;
      services: { id: string }[];
    };
    const slots = (
      await server
        .agent()
        .get(
          `/api/coops/${coop.slug}/workers/${me.id}/slots?serviceId=${me.services[0]!.id}&from=2026-03-27T00:00:00Z&to=2026-03-29T00:00:00Z&durationMinutes=120`,
        )
    ).body as { slots: { startsAt: string }[] };
    // Friday off; Saturday only the extra 10:00–12:00 (09:00–11:00 UTC).
    expect(slots.slots.map((s) => s.startsAt)).toEqual(['2026-03-28T09:00:00.000Z']);
  });
});

describe('booking, payment, completion and settlement', () => {
  let coop: { coopId: string; slug: string; founderId: string };
  let board: Person;
  let worker: Person;
  let customer: Person;
  let outsider: Person;
  let workerId: string;
  let serviceId: string;
  const base = () => `/api/coops/${coop.slug}`;
  // Tuesday 3 March 2026, 10:00 in Madrid (UTC+1).
  const slot = '2026-03-03T09:00:00Z';

  beforeAll(async () => {
    server.ctx.testClock.now = at('2026-03-02T09:00:00Z');
    board = await person('Beatriz');
    coop = await foundTemplateCoop(server.ctx, { sector: 'home-services', founderId: board.accountId });
    worker = await person('Sofia');
    customer = await person('Hugo');
    outsider = await person('Olga');
    await addMember(server.ctx, coop.coopId, worker.accountId, { classKey: 'worker' });
    await addMember(server.ctx, coop.coopId, customer.accountId, { classKey: 'customer' });
    ({ workerId, serviceId } = await createMarketWorker(server.ctx, coop, {
      accountId: worker.accountId,
      displayName: 'Sofía',
      bufferMinutes: 30,
    }));
  });

  it('quotes the price breakdown at the constitution’s fee', async () => {
    const res = await customer.agent.post(`${base()}/bookings/quote`, {
      serviceId,
      startsAt: slot,
      durationMinutes: 150,
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      startsAt: '2026-03-03T09:00:00.000Z',
      endsAt: '2026-03-03T11:30:00.000Z',
      rate: '1500',
      subtotal: '3750',
      feeBps: 800,
      fee: '300',
      total: '4050',
      currency: 'EUR',
      constitutionVersion: 1,
      cancellation: { windowHours: 24, feeBps: 5000, freeUntil: '2026-03-02T09:00:00.000Z' },
    });
  });

  it('refuses bad requests clearly and writes nothing', async () => {
    const cases: [unknown, number, string, string | undefined][] = [
      [{ serviceId, startsAt: '2026-03-02T08:00:00Z' }, 422, 'SLOT_IN_PAST', 'startsAt'],
      [{ serviceId, startsAt: '2026-03-07T10:00:00Z' }, 422, 'OUTSIDE_AVAILABILITY', 'startsAt'],
      [{ serviceId, startsAt: '2026-03-03T15:30:00Z' }, 422, 'OUTSIDE_AVAILABILITY', 'startsAt'],
      [{ serviceId, startsAt: slot, durationMinutes: 30 }, 422, 'DURATION_TOO_SHORT', 'durationMinutes'],
      [
        { serviceId: '0190aaaa-0000-7000-8000-000000000000', startsAt: slot },
        404,
        'SERVICE_NOT_FOUND',
        'serviceId',
      ],
      [{ serviceId, startsAt: 'tomorrow' }, 400, 'VALIDATION_FAILED', 'startsAt'],
      [{ serviceId, startsAt: slot, price: '1' }, 400, 'VALIDATION_FAILED', 'price'],
    ];
    for (const [body, status, code, field] of cases) {
      const res = await customer.agent.post(`${base()}/bookings`, body);
      expect(res.status, JSON.stringify(body)).toBe(status);
      expect(errorOf(res)).toMatchObject({ code, ...(field ? { field } : {}) });
    }
    const notDispatched = await customer.agent.post(`${base()}/jobs`, {
      categoryKey: 'cleaning',
      title: 'Clean',
      location: { lat: 40.4, lng: -3.7 },
      windowStart: '2026-03-03T09:00:00Z',
      windowEnd: '2026-03-03T11:00:00Z',
    });
    expect(errorOf(notDispatched)).toMatchObject({ code: 'CATEGORY_NOT_DISPATCHED', field: 'categoryKey' });
    const self = await worker.agent.post(`${base()}/bookings`, { serviceId, startsAt: slot });
    expect(errorOf(self).code).toBe('CANNOT_BOOK_SELF');
    const anonymous = await server.agent().post(`${base()}/bookings`, { serviceId, startsAt: slot });
    expect(anonymous.status).toBe(401);
    expect(await count('market_bookings', coop.coopId)).toBe(0);
  });

  let bookingId: string;

  it('books a free slot and refuses an overlap, including the worker’s buffer', async () => {
    const res = await customer.agent.post(`${base()}/bookings`, {
      serviceId,
      startsAt: slot,
      durationMinutes: 150,
      note: 'Two bedrooms',
      address: 'Calle Mayor 1',
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ status: 'requested', quote: { total: '4050' } });
    bookingId = (res.body as { bookingId: string }).bookingId;
    // Non-members may buy in a home-services co-op; the slot itself is taken.
    const overlap = await outsider.agent.post(`${base()}/bookings`, {
      serviceId,
      startsAt: '2026-03-03T10:00:00Z',
    });
    expect(overlap.status).toBe(409);
    expect(errorOf(overlap)).toMatchObject({ code: 'BOOKING_OVERLAP', field: 'startsAt' });
    // 11:30 ends the first booking; with a 30-minute buffer the next may start at 12:00, not 11:45.
    const inBuffer = await outsider.agent.post(`${base()}/bookings`, {
      serviceId,
      startsAt: '2026-03-03T11:45:00Z',
    });
    expect(errorOf(inBuffer).code).toBe('BOOKING_OVERLAP');
    const before = await outsider.agent.post(`${base()}/bookings`, {
      serviceId,
      startsAt: '2026-03-03T08:00:00Z',
    });
    expect(errorOf(before).code).toBe('BOOKING_OVERLAP');
    const after = await outsider.agent.post(`${base()}/bookings`, {
      serviceId,
      startsAt: '2026-03-03T12:00:00Z',
    });
    expect(after.status).toBe(201);
    const quoteTaken = await outsider.agent.post(`${base()}/bookings/quote`, { serviceId, startsAt: slot });
    expect(errorOf(quoteTaken).code).toBe('BOOKING_OVERLAP');
    const emails = server.ctx.sentEmails;
    emails.length = 0;
    await deliverOutbox(server.ctx);
    expect(emails.some((e) => e.to === worker.email && e.subject.startsWith('New booking request'))).toBe(
      true,
    );
  });

  it('shows the booking to its parties and admins only', async () => {
    const mine = await customer.agent.get(`${base()}/bookings/${bookingId}`);
    expect(mine.status).toBe(200);
    expect(mine.body).toMatchObject({
      status: 'requested',
      viewerRole: 'customer',
      price: { subtotal: '3750', fee: '300', total: '4050', feeBps: 800, constitutionVersion: 1 },
      actions: ['cancel', 'message'],
    });
    const theirs = await worker.agent.get(`${base()}/bookings/${bookingId}`);
    expect((theirs.body as { actions: string[] }).actions).toEqual([
      'accept',
      'decline',
      'cancel',
      'message',
    ]);
    const stranger = await outsider.agent.get(`${base()}/bookings/${bookingId}`);
    expect(stranger.status).toBe(404);
    const admin = await board.agent.get(`${base()}/bookings/${bookingId}`);
    expect(admin.body).toMatchObject({ viewerRole: 'admin' });
    const list = (await worker.agent.get(`${base()}/me/bookings?role=worker`)).body as {
      bookings: unknown[];
    };
    expect(list.bookings).toHaveLength(2);
  });

  it('lets only the worker accept, only an admin record payment, only the worker complete', async () => {
    const byCustomer = await customer.agent.post(`${base()}/bookings/${bookingId}/accept`);
    expect(byCustomer.status).toBe(403);
    const byStranger = await outsider.agent.post(`${base()}/bookings/${bookingId}/accept`);
    expect(byStranger.status).toBe(404);
    const payEarly = await board.agent.post(`${base()}/bookings/${bookingId}/payment`, { reference: 'TR-1' });
    expect(errorOf(payEarly).code).toBe('BOOKING_STATE');
    const accepted = await worker.agent.post(`${base()}/bookings/${bookingId}/accept`);
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({ status: 'accepted' });
    const again = await worker.agent.post(`${base()}/bookings/${bookingId}/accept`);
    expect(again.status).toBe(409);
    const selfPay = await customer.agent.post(`${base()}/bookings/${bookingId}/payment`, {
      reference: 'TR-1',
    });
    expect(selfPay.status).toBe(403);
    // The board's list of payments due: who owes what to whom, and since when.
    server.ctx.testClock.advance(90 * 60_000);
    const due = `${base()}/market/awaiting-payment`;
    expect((await worker.agent.get(due)).status).toBe(403);
    expect((await customer.agent.get(due)).status).toBe(403);
    expect((await outsider.agent.get(due)).status).toBe(403);
    expect((await server.agent().get(due)).status).toBe(401);
    const awaiting = await board.agent.get(due);
    expect(awaiting.status).toBe(200);
    expect(awaiting.body).toEqual({
      now: '2026-03-02T10:30:00.000Z',
      currency: 'EUR',
      total: '4050',
      bookings: [
        {
          id: bookingId,
          title: 'Home cleaning',
          customer: { accountId: customer.accountId, displayName: 'Hugo' },
          worker: { workerId, displayName: 'Sofia' },
          total: '4050',
          currency: 'EUR',
          acceptedAt: '2026-03-02T09:00:00.000Z',
          waitingMinutes: 90,
          startsAt: '2026-03-03T09:00:00.000Z',
          endsAt: '2026-03-03T11:30:00.000Z',
          jobId: null,
        },
      ],
    });
    const paid = await board.agent.post(`${base()}/bookings/${bookingId}/payment`, { reference: 'TR-1' });
    expect(paid.status).toBe(200);
    expect(paid.body).toMatchObject({ status: 'confirmed' });
    expect(((await board.agent.get(due)).body as { bookings: unknown[] }).bookings).toEqual([]);
    const twice = await board.agent.post(`${base()}/bookings/${bookingId}/payment`, { reference: 'TR-1' });
    expect(twice.status).toBe(200);
    expect(await balance(coop.coopId, '1100')).toBe(-4050n);
    expect(await balance(coop.coopId, '1000')).toBe(4050n);
    const early = await worker.agent.post(`${base()}/bookings/${bookingId}/complete`);
    expect(errorOf(early).code).toBe('TOO_EARLY_TO_COMPLETE');
  });

  it('settles exactly when the customer confirms: fee to 4000, the remainder to the worker', async () => {
    // A later fee change never reprices this booking.
    const policy = await policyAt(server.ctx.db, coop.coopId, server.ctx.clock());
    const document = structuredClone(policy.document);
    document.market.platformFeeBps = 1250;
    await server.ctx.db.transaction((tx) =>
      appendConstitutionVersion(tx, {
        coopId: coop.coopId,
        document,
        effectiveFrom: server.ctx.clock(),
        origin: 'proposal',
        now: server.ctx.clock(),
      }),
    );
    server.ctx.testClock.now = at('2026-03-03T11:35:00Z');
    const done = await worker.agent.post(`${base()}/bookings/${bookingId}/complete`);
    expect(done.body).toMatchObject({ status: 'completed', autoConfirmAt: '2026-03-05T11:35:00.000Z' });
    const notYours = await worker.agent.post(`${base()}/bookings/${bookingId}/confirm`);
    expect(notYours.status).toBe(403);
    const confirmed = await customer.agent.post(`${base()}/bookings/${bookingId}/confirm`);
    expect(confirmed.status).toBe(200);
    expect(confirmed.body).toMatchObject({
      status: 'settled',
      settledHow: 'customer',
      price: { fee: '300', feeBps: 800, constitutionVersion: 1 },
    });
    expect(await balance(coop.coopId, '1100')).toBe(0n);
    expect(await balance(coop.coopId, '4000')).toBe(-300n);
    expect(await balance(coop.coopId, '2000-%')).toBe(-3750n);
    const [entry] = await queryRows<{ kind: string; policy_version: number }>(
      server.ctx.db,
      sql`select kind, policy_version from ledger_entries where coop_id = ${coop.coopId} and link_id = ${bookingId} and kind = 'booking_settlement'`,
    );
    expect(entry).toMatchObject({ kind: 'booking_settlement', policy_version: 1 });
    // A new quote uses the new fee: 12.5 % of 15.00 = 1.875 → 1.88 (half-even on 187.5 gives 188).
    const quote = (
      await customer.agent.post(`${base()}/bookings/quote`, { serviceId, startsAt: '2026-03-04T09:00:00Z' })
    ).body as { fee: string; feeBps: number; constitutionVersion: number };
    expect(quote).toMatchObject({ fee: '188', feeBps: 1250, constitutionVersion: 2 });
    const report = await verifyChain(server.ctx.db, coop.coopId);
    expect(report.ok).toBe(true);
  });

  it('cancels with the window and fee of the booking; refunds wait as a payout', async () => {
    // Booked and paid for Wednesday 4 March 10:00 Madrid; cancelled 12 hours before: late.
    const req = await customer.agent.post(`${base()}/bookings`, {
      serviceId,
      startsAt: '2026-03-04T09:00:00Z',
    });
    const id = (req.body as { bookingId: string }).bookingId;
    await worker.agent.post(`${base()}/bookings/${id}/accept`);
    await board.agent.post(`${base()}/bookings/${id}/payment`, { reference: 'TR-2' });
    // 15.00 + 12.5 % fee 1.88 = 16.88.
    server.ctx.testClock.now = at('2026-03-03T21:00:00Z');
    const stranger = await outsider.agent.post(`${base()}/bookings/${id}/cancel`, { reason: 'no' });
    expect(stranger.status).toBe(404);
    const cancelled = await customer.agent.post(`${base()}/bookings/${id}/cancel`, {
      reason: 'Change of plans',
    });
    expect(cancelled.status).toBe(200);
    // 50 % of 16.88 = 8.44 kept: platform 188 × 844 / 1688 = 94, worker 750; 8.44 refunded.
    expect(cancelled.body).toMatchObject({
      status: 'cancelled',
      cancellation: { cancelledBy: 'customer', cancellationFee: '844', refund: '844' },
    });
    expect(await balance(coop.coopId, '4000')).toBe(-300n - 94n);
    expect(await balance(coop.coopId, '2000-%')).toBe(-3750n - 750n);
    expect(await balance(coop.coopId, '1100')).toBe(-844n);
    const [refund] = await queryRows<{ status: string; amount: string }>(
      server.ctx.db,
      sql`select status, amount::text from ledger_payments where coop_id = ${coop.coopId} and link_id = ${id} and direction = 'outgoing'`,
    );
    expect(refund).toEqual({ status: 'pending', amount: '844' });
    const twice = await customer.agent.post(`${base()}/bookings/${id}/cancel`, { reason: '' });
    expect(errorOf(twice).code).toBe('BOOKING_STATE');
  });

  it('refunds in full when the worker cancels, and frees the slot', async () => {
    server.ctx.testClock.now = at('2026-03-04T09:00:00Z');
    const req = await customer.agent.post(`${base()}/bookings`, {
      serviceId,
      startsAt: '2026-03-05T09:00:00Z',
    });
    const id = (req.body as { bookingId: string }).bookingId;
    await worker.agent.post(`${base()}/bookings/${id}/accept`);
    await board.agent.post(`${base()}/bookings/${id}/payment`, { reference: 'TR-3' });
    server.ctx.testClock.now = at('2026-03-05T08:00:00Z');
    const cancelled = await worker.agent.post(`${base()}/bookings/${id}/cancel`, { reason: 'Ill' });
    expect(cancelled.body).toMatchObject({
      cancellation: { cancelledBy: 'worker', cancellationFee: '0', refund: '1688' },
    });
    const rebook = await outsider.agent.post(`${base()}/bookings`, {
      serviceId,
      startsAt: '2026-03-05T09:00:00Z',
    });
    expect(rebook.status).toBe(201);

    // Both parties' confirmations carry the booking as booking.ics (PUBLISH); both cancellations
    // carry a CANCEL of the same event (same UID, later SEQUENCE).
    const rows = await queryRows<{ payload: Email }>(
      server.ctx.db,
      sql`select payload from outbox where payload->>'text' like ${`%/bookings/${id}%`} order by created_at`,
    );
    const withFile = (subject: string) =>
      rows.map((r) => r.payload).filter((e) => e.subject.startsWith(subject) && e.attachments);
    const confirmations = withFile('Booking confirmed');
    const cancellations = withFile('Booking cancelled');
    expect(confirmations.map((e) => e.to).sort()).toEqual([customer.email, worker.email].sort());
    expect(cancellations.map((e) => e.to).sort()).toEqual([customer.email, worker.email].sort());
    for (const email of [...confirmations, ...cancellations]) {
      expect(email.attachments).toHaveLength(1);
      expect(email.attachments![0]!.filename).toBe('booking.ics');
    }
    const published = confirmations.map((e) => readCalendar(e.attachments![0]!.content));
    const withdrawn = cancellations.map((e) => readCalendar(e.attachments![0]!.content));
    for (const { calendar, event } of published) {
      expect(calendar).toMatchObject({ VERSION: '2.0', METHOD: 'PUBLISH', PRODID: expect.any(String) });
      expect(event).toMatchObject({
        UID: `booking-${id}@mutual`,
        DTSTART: '20260305T090000Z',
        DTEND: '20260305T100000Z',
        STATUS: 'CONFIRMED',
        DTSTAMP: expect.stringMatching(/^\d{8}T\d{6}Z$/),
        ORGANIZER: 'MAILTO:no-reply@localhost',
      });
    }
    for (const [i, { calendar, event }] of withdrawn.entries()) {
      expect(calendar.METHOD).toBe('CANCEL');
      expect(event).toMatchObject({
        UID: `booking-${id}@mutual`,
        DTSTART: '20260305T090000Z',
        STATUS: 'CANCELLED',
      });
      expect(Number(event.SEQUENCE)).toBeGreaterThan(Number(published[i]!.event.SEQUENCE));
    }
    // Each party's copy names the other.
    const workerCopy = confirmations.findIndex((e) => e.to === worker.email);
    expect(published[workerCopy]!.event.SUMMARY).toContain('Hugo');
    expect(published[1 - workerCopy]!.event.SUMMARY).toContain('Sofia');
    // The mailer receives the file as queued.
    server.ctx.sentEmails.length = 0;
    await deliverOutbox(server.ctx);
    const sent = server.ctx.sentEmails.find((e) => e.subject.startsWith('Booking cancelled'));
    expect(sent?.attachments?.[0]?.contentType).toContain('method=CANCEL');
  });

  it('auto-confirms 48 hours after completion, expires unanswered requests, reminds the day before', async () => {
    server.ctx.testClock.now = at('2026-03-09T08:00:00Z');
    const a = (
      await customer.agent.post(`${base()}/bookings`, { serviceId, startsAt: '2026-03-09T09:00:00Z' })
    ).body as {
      bookingId: string;
    };
    const b = (
      await customer.agent.post(`${base()}/bookings`, { serviceId, startsAt: '2026-03-10T08:00:00Z' })
    ).body as {
      bookingId: string;
    };
    const c = (
      await customer.agent.post(`${base()}/bookings`, { serviceId, startsAt: '2026-03-09T13:00:00Z' })
    ).body as {
      bookingId: string;
    };
    await worker.agent.post(`${base()}/bookings/${a.bookingId}/accept`);
    await board.agent.post(`${base()}/bookings/${a.bookingId}/payment`, { reference: 'TR-4' });
    await worker.agent.post(`${base()}/bookings/${b.bookingId}/accept`);
    await board.agent.post(`${base()}/bookings/${b.bookingId}/payment`, { reference: 'TR-5' });
    server.ctx.sentEmails.length = 0;
    expect(await sendDayBeforeReminders(server.ctx)).toBe(2);
    expect(await sendDayBeforeReminders(server.ctx)).toBe(0);
    server.ctx.testClock.now = at('2026-03-09T10:05:00Z');
    await worker.agent.post(`${base()}/bookings/${a.bookingId}/complete`);
    server.ctx.testClock.now = at('2026-03-11T10:04:00Z');
    expect(await autoConfirmCompleted(server.ctx)).toBe(0);
    server.ctx.testClock.now = at('2026-03-11T10:05:00Z');
    // c, and two earlier requests nobody accepted.
    expect(await expireStaleBookings(server.ctx)).toBe(3);
    expect(await autoConfirmCompleted(server.ctx)).toBe(1);
    const settled = (await customer.agent.get(`${base()}/bookings/${a.bookingId}`)).body as Record<
      string,
      unknown
    >;
    expect(settled).toMatchObject({ status: 'settled', settledHow: 'auto' });
    expect((settled.timeline as { event: string }[]).map((e) => e.event)).toEqual([
      'requested',
      'accepted',
      'paid',
      'completed',
      'settled_automatically',
    ]);
    expect((await customer.agent.get(`${base()}/bookings/${c.bookingId}`)).body).toMatchObject({
      status: 'expired',
    });
  });

  it('serves .ics files to the parties and a revocable feed to the worker', async () => {
    const ics = await customer.agent.get(`${base()}/bookings/${bookingId}/calendar.ics`);
    expect(ics.status).toBe(200);
    expect(String(ics.headers['content-type'])).toContain('text/calendar');
    expect(ics.raw).toContain('BEGIN:VCALENDAR');
    expect(ics.raw).toContain(`UID:booking-${bookingId}@mutual`);
    expect(ics.raw).toContain('DTSTART:20260303T090000Z');
    expect((await outsider.agent.get(`${base()}/bookings/${bookingId}/calendar.ics`)).status).toBe(404);
    const feed = await worker.agent.post(`${base()}/me/worker/calendar-feed`);
    expect(feed.status).toBe(200);
    const url = new URL((feed.body as { url: string }).url);
    const got = await server.agent().get(url.pathname);
    expect(got.status).toBe(200);
    expect(got.raw).toContain('Home cleaning — Hugo');
    expect((await server.agent().get(url.pathname.replace(/[^/]{6}\.ics$/, 'xxxxxx.ics'))).status).toBe(404);
    const renewed = await worker.agent.post(`${base()}/me/worker/calendar-feed`);
    expect((await server.agent().get(url.pathname)).status).toBe(404);
    expect((await server.agent().get(new URL((renewed.body as { url: string }).url).pathname)).status).toBe(
      200,
    );
    await worker.agent.request('DELETE', `${base()}/me/worker/calendar-feed`);
    expect((await server.agent().get(new URL((renewed.body as { url: string }).url).pathname)).status).toBe(
      404,
    );
    expect(workerId).toBeTruthy();
  });

  it('takes image uploads within the size limit only', async () => {
    const png = Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      Buffer.alloc(64, 1),
    ]);
    const notImage = await worker.agent.request('PUT', `${base()}/me/worker/photo`, {
      contentType: 'image/png',
      data: Buffer.from('<svg onload=alert(1)>').toString('base64'),
    });
    expect(notImage.status).toBe(422);
    expect(errorOf(notImage)).toMatchObject({ code: 'PHOTO_NOT_AN_IMAGE', field: 'data' });
    const wrongType = await worker.agent.request('PUT', `${base()}/me/worker/photo`, {
      contentType: 'image/gif',
      data: png.toString('base64'),
    });
    expect(wrongType.status).toBe(400);
    const big = Buffer.concat([png, Buffer.alloc(2 * 1024 * 1024)]);
    const tooBig = await worker.agent.request('PUT', `${base()}/me/worker/photo`, {
      contentType: 'image/png',
      data: big.toString('base64'),
    });
    expect(tooBig.status).toBeGreaterThanOrEqual(400);
    expect(['PHOTO_TOO_LARGE', 'VALIDATION_FAILED', 'BODY_TOO_LARGE']).toContain(errorOf(tooBig).code);
    const noProfile = await customer.agent.request('PUT', `${base()}/me/worker/photo`, {
      contentType: 'image/png',
      data: png.toString('base64'),
    });
    expect(noProfile.status).toBe(404);
    const ok = await worker.agent.request('PUT', `${base()}/me/worker/photo`, {
      contentType: 'image/png',
      data: png.toString('base64'),
    });
    expect(ok.status).toBe(200);
    const photo = await server.agent().get((ok.body as { photoUrl: string }).photoUrl);
    expect(photo.status).toBe(200);
    expect(photo.headers['content-type']).toBe('image/png');
  });

  it('takes one review per side after completion, and one reply from the worker', async () => {
    // A booking not yet done cannot be reviewed.
    server.ctx.testClock.now = at('2026-03-12T09:00:00Z');
    const open = (
      await customer.agent.post(`${base()}/bookings`, { serviceId, startsAt: '2026-03-13T09:00:00Z' })
    ).body as {
      bookingId: string;
    };
    const early = await customer.agent.post(`${base()}/bookings/${open.bookingId}/reviews`, {
      stars: 5,
      body: 'Great',
    });
    expect(early.status).toBe(422);
    expect(errorOf(early).code).toBe('REVIEW_TOO_EARLY');
    const stranger = await outsider.agent.post(`${base()}/bookings/${bookingId}/reviews`, { stars: 1 });
    expect(stranger.status).toBe(404);
    const badStars = await customer.agent.post(`${base()}/bookings/${bookingId}/reviews`, { stars: 6 });
    expect(errorOf(badStars)).toMatchObject({ code: 'VALIDATION_FAILED', field: 'stars' });
    const byCustomer = await customer.agent.post(`${base()}/bookings/${bookingId}/reviews`, {
      stars: 5,
      body: 'Spotless, on time.',
    });
    expect(byCustomer.status).toBe(201);
    const twice = await customer.agent.post(`${base()}/bookings/${bookingId}/reviews`, { stars: 1 });
    expect(twice.status).toBe(409);
    expect(errorOf(twice).code).toBe('REVIEW_EXISTS');
    const byWorker = await worker.agent.post(`${base()}/bookings/${bookingId}/reviews`, {
      stars: 4,
      body: 'Friendly',
    });
    expect(byWorker.status).toBe(201);
    const reviewId = (byCustomer.body as { id: string }).id;
    expect(
      (await customer.agent.post(`${base()}/reviews/${reviewId}/reply`, { reply: 'me too' })).status,
    ).toBe(403);
    const reply = await worker.agent.post(`${base()}/reviews/${reviewId}/reply`, { reply: 'Thank you!' });
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ reply: 'Thank you!' });
    const again = await worker.agent.post(`${base()}/reviews/${reviewId}/reply`, { reply: 'Again' });
    expect(errorOf(again).code).toBe('ALREADY_REPLIED');
    const list = (await server.agent().get(`${base()}/workers/${workerId}/reviews`)).body as {
      rating: unknown;
      reviews: { authorDisplayName: string; stars: number }[];
    };
    expect(list.rating).toEqual({ average: '5.00', count: 1 });
    expect(list.reviews).toEqual([expect.objectContaining({ authorDisplayName: 'Hugo', stars: 5 })]);
    const view = (await worker.agent.get(`${base()}/bookings/${bookingId}`)).body as {
      customerRating: unknown;
      actions: string[];
    };
    expect(view.customerRating).toEqual({ average: '4.00', count: 1 });
    expect(view.actions).not.toContain('review');
    server.ctx.sentEmails.length = 0;
    await deliverOutbox(server.ctx);
    expect(server.ctx.sentEmails.map((e) => e.to)).toEqual(
      expect.arrayContaining([worker.email, customer.email]),
    );
  });

  it('keeps messages between the two parties; admins read them only on a dispute, audited', async () => {
    const thread = `${base()}/bookings/${bookingId}/messages`;
    const sent = await customer.agent.post(thread, { body: 'Thanks again! The oven is still dirty.' });
    expect(sent.status).toBe(201);
    await worker.agent.post(thread, { body: 'Sorry, I will come back.' });
    const mine = (await customer.agent.get(thread)).body as { messages: { body: string; mine: boolean }[] };
    expect(mine.messages.map((m) => [m.body, m.mine])).toEqual([
      ['Thanks again! The oven is still dirty.', true],
      ['Sorry, I will come back.', false],
    ]);
    expect((await outsider.agent.get(thread)).status).toBe(404);
    const intrude = await outsider.agent.post(thread, { body: 'hello' });
    expect(intrude.status).toBe(404);
    expect((await board.agent.get(thread)).status).toBe(404);
    expect((await board.agent.post(thread, { body: 'admin here' })).status).toBe(404);
    expect(errorOf(await customer.agent.post(thread, { body: '' })).field).toBe('body');
    expect(await count('market_messages', coop.coopId)).toBe(2);
    const reported = await customer.agent.post(`${base()}/bookings/${bookingId}/dispute`, {
      reason: 'Oven not cleaned',
    });
    expect(reported.status).toBe(200);
    expect(reported.body).toMatchObject({ dispute: { reason: 'Oven not cleaned' } });
    expect(
      errorOf(await worker.agent.post(`${base()}/bookings/${bookingId}/dispute`, { reason: 'x' })).code,
    ).toBe('DISPUTE_ALREADY_REPORTED');
    const asAdmin = await board.agent.get(thread);
    expect(asAdmin.status).toBe(200);
    expect(asAdmin.body).toMatchObject({ readAsAdmin: true });
    expect((await outsider.agent.get(thread)).status).toBe(404);
    const [audit] = await queryRows<{ actor_id: string }>(
      server.ctx.db,
      sql`select actor_id from audit_events where coop_id = ${coop.coopId} and action = 'market.dispute_messages_read'`,
    );
    expect(audit?.actor_id).toBe(board.accountId);
  });

  it('shows the worker’s month from the ledger and pays workers in batches marked paid by an admin', async () => {
    // Settled: 37.50 (2 h 30) and 15.00 (1 h); kept from a late cancellation: 7.50.
    const earnings = await worker.agent.get(`${base()}/me/worker/earnings?month=2026-03`);
    expect(earnings.body).toEqual({
      month: '2026-03',
      currency: 'EUR',
      earned: '6000',
      paidOut: '0',
      owed: '6000',
      settledBookings: 2,
      hoursWorked: '3.50',
    });
    expect((await customer.agent.post(`${base()}/market/payout-batches`)).status).toBe(403);
    expect((await worker.agent.get(`${base()}/market/payout-batches`)).status).toBe(403);
    const created = await board.agent.post(`${base()}/market/payout-batches`);
    expect(created.status).toBe(201);
    const batch = created.body as {
      id: string;
      total: string;
      items: { displayName: string; amount: string }[];
    };
    expect(batch).toMatchObject({ status: 'pending', total: '6000', itemCount: 1 });
    expect(batch.items).toEqual([expect.objectContaining({ displayName: 'Sofia', amount: '6000' })]);
    expect(errorOf(await board.agent.post(`${base()}/market/payout-batches`)).code).toBe('PAYOUT_BATCH_OPEN');
    const bankBefore = await balance(coop.coopId, '1000');
    expect(
      (await customer.agent.post(`${base()}/market/payout-batches/${batch.id}/paid`, { reference: 'B-1' }))
        .status,
    ).toBe(403);
    const paid = await board.agent.post(`${base()}/market/payout-batches/${batch.id}/paid`, {
      reference: 'SEPA-2026-03',
    });
    expect(paid.body).toMatchObject({ status: 'paid', reference: 'SEPA-2026-03' });
    const again = await board.agent.post(`${base()}/market/payout-batches/${batch.id}/paid`, {
      reference: 'SEPA-2026-03',
    });
    expect(again.status).toBe(200);
    expect(await balance(coop.coopId, '2000-%')).toBe(0n);
    expect(await balance(coop.coopId, '1000')).toBe(bankBefore - 6000n);
    expect((await worker.agent.get(`${base()}/me/worker/earnings?month=2026-03`)).body).toMatchObject({
      earned: '6000',
      paidOut: '6000',
      owed: '0',
    });
    expect(errorOf(await board.agent.post(`${base()}/market/payout-batches`)).code).toBe('NOTHING_TO_PAY');
    const list = (await board.agent.get(`${base()}/market/payout-batches`)).body as { batches: unknown[] };
    expect(list.batches).toHaveLength(1);
  });

  it('needs board or admin roles for admin actions', async () => {
    const admin = await person('Adela');
    await grantRole(server.ctx, coop.coopId, admin.accountId, 'admin');
    const view = await admin.agent.get(`${base()}/bookings/${bookingId}`);
    expect(view.body).toMatchObject({ viewerRole: 'admin' });
  });
});
