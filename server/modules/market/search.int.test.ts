import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount, createMarketWorker, foundTemplateCoop } from '../../../test/factories.ts';
import { errorOf, startTestServer, type TestServer } from '../../../test/http.ts';
import { queryRows } from '../../db/client.ts';
import { appendConstitutionVersion, policyAt } from '../coops/index.ts';
import {
  addAvailabilityException,
  refreshRecentWork,
  removeAvailabilityException,
  requestBooking,
} from './index.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

type Result = {
  worker: { displayName: string };
  distanceKm: number | null;
  firstSlot: { startsAt: string };
  estimate: { subtotal: string; fee: string; total: string };
  explanation: { score: number; factors: { factor: string; detail: string; contribution: number }[] };
};
type Results = { results: Result[]; hasMore: boolean; feeBps: number; constitutionVersion: number };

describe('search with availability, ranked by the constitution', () => {
  let coop: { coopId: string; slug: string; founderId: string };
  const sol = { lat: 40.4168, lng: -3.7038 };
  // Tuesday 3 March 2026, 09:00–17:00 in Madrid.
  const window = 'from=2026-03-03T08:00:00Z&to=2026-03-03T16:00:00Z';
  const search = async (query: string) => {
    const res = await server.agent().get(`/api/coops/${coop.slug}/search?${query}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body as Results;
  };
  const names = (r: Results) => r.results.map((x) => x.worker.displayName);
  let ana: { workerId: string; accountId: string };

  beforeAll(async () => {
    server.ctx.testClock.now = new Date('2026-03-02T09:00:00Z');
    coop = await foundTemplateCoop(server.ctx, { sector: 'home-services' });
    const ctx = server.ctx;
    ana = await createMarketWorker(ctx, coop, {
      displayName: 'Ana',
      area: { kind: 'radius', ...sol, radiusKm: 10 },
      languages: ['en', 'es'],
    });
    // About 5 km north of Sol.
    await createMarketWorker(ctx, coop, {
      displayName: 'Bea',
      area: { kind: 'radius', lat: 40.4618, lng: -3.7038, radiusKm: 10 },
      languages: ['es'],
      rate: '2000',
      skills: ['deep-cleaning', 'ironing'],
      preferredCategories: ['cleaning'],
    });
    await createMarketWorker(ctx, coop, {
      displayName: 'Cris',
      area: { kind: 'postal', postalCodes: ['28013'] },
      languages: ['en'],
      rate: '1600',
    });
    await createMarketWorker(ctx, coop, {
      displayName: 'Dani (far)',
      area: { kind: 'radius', lat: 40.69, lng: -3.7038, radiusKm: 50 },
    });
    const busy = await createMarketWorker(ctx, coop, {
      displayName: 'Eva (booked)',
      area: { kind: 'radius', ...sol, radiusKm: 10 },
      hours: [{ weekday: 2, start: '09:00', end: '11:00' }],
    });
    const customer = await createAccount(ctx);
    await requestBooking(ctx, { kind: 'account', accountId: customer.id, isOperator: false }, coop.slug, {
      serviceId: busy.serviceId,
      startsAt: '2026-03-03T08:00:00Z',
      durationMinutes: 120,
      note: '',
      address: '',
    });
    const gone = await createMarketWorker(ctx, coop, {
      displayName: 'Fede (left)',
      area: { kind: 'radius', ...sol, radiusKm: 10 },
    });
    await ctx.db.execute(
      sql`update memberships set status = 'left', left_at = now() where coop_id = ${coop.coopId} and account_id = ${gone.accountId}`,
    );
  });

  it('finds only matching workers who are free, with explanations and prices', async () => {
    const r = await search(
      `category=cleaning&lat=${sol.lat}&lng=${sol.lng}&radiusKm=10&${window}&durationMinutes=120`,
    );
    expect(names(r).sort()).toEqual(['Ana', 'Bea']);
    const a = r.results.find((x) => x.worker.displayName === 'Ana')!;
    expect(a.distanceKm).toBe(0);
    expect(a.firstSlot.startsAt).toBe('2026-03-03T08:00:00.000Z');
    // 15.00 × 2 h = 30.00; fee 8 % = 2.40.
    expect(a.estimate).toEqual({ subtotal: '3000', fee: '240', total: '3240' });
    expect(a.explanation.factors.map((f) => f.factor)).toEqual([
      'fairness',
      'proximity',
      'rating',
      'skillMatch',
      'preference',
    ]);
    expect(r.constitutionVersion).toBe(1);
  });

  it('matches postal codes, languages and prices', async () => {
    expect(names(await search(`category=cleaning&postalCode=28013&${window}`))).toEqual(['Cris']);
    const both = await search(
      `category=cleaning&lat=${sol.lat}&lng=${sol.lng}&radiusKm=10&postalCode=28013&${window}`,
    );
    expect(names(both).sort()).toEqual(['Ana', 'Bea', 'Cris']);
    expect(both.results.find((x) => x.worker.displayName === 'Cris')!.distanceKm).toBeNull();
    const english = await search(
      `category=cleaning&lat=${sol.lat}&lng=${sol.lng}&postalCode=28013&language=en&${window}`,
    );
    expect(names(english).sort()).toEqual(['Ana', 'Cris']);
    const cheap = await search(`category=cleaning&lat=${sol.lat}&lng=${sol.lng}&rateMax=1500&${window}`);
    expect(names(cheap)).toEqual(['Ana']);
    const far = await search(`category=cleaning&lat=40.69&lng=-3.7038&radiusKm=5&${window}`);
    expect(names(far)).toEqual(['Dani (far)']);
  });

  it('explains skill matches and stated preferences', async () => {
    const r = await search(
      `category=cleaning&lat=${sol.lat}&lng=${sol.lng}&radiusKm=10&${window}&skills=deep-cleaning,first-aid`,
    );
    const factors = (name: string) =>
      Object.fromEntries(
        r.results
          .find((x) => x.worker.displayName === name)!
          .explanation.factors.map((f) => [f.factor, f.detail]),
      );
    expect(factors('Bea')).toMatchObject({
      skillMatch: 'has 1 of 2 skills asked for (deep-cleaning)',
      preference: 'prefers this kind of work',
    });
    expect(factors('Ana')).toMatchObject({
      skillMatch: 'has 0 of 2 skills asked for',
      preference: 'states no preference',
    });
  });

  it('orders by the weights: the worker who received less work comes first', async () => {
    const before = await search(`category=cleaning&lat=${sol.lat}&lng=${sol.lng}&radiusKm=10&${window}`);
    expect(names(before)).toEqual(['Ana', 'Bea']);
    // Ana worked 10 hours in the fairness window; Bea none.
    await server.ctx.db.execute(sql`
      insert into market_bookings (coop_id, id, worker_id, worker_account_id, customer_account_id, service_id, category_key,
        title, starts_at, ends_at, blocked_from, buffer_minutes, duration_minutes, status, pricing, rate, subtotal, fee_bps,
        fee, total, currency, policy_version, cancel_window_hours, cancel_fee_bps, requested_at)
      select ${coop.coopId}, ${server.ctx.newId()}, ${ana.workerId}, ${ana.accountId}, ${coop.founderId}, s.id, 'cleaning',
        'Past work', '2026-02-20T08:00:00Z', '2026-02-20T18:00:00Z', '2026-02-20T08:00:00Z', 0, 600, 'settled', 'hourly',
        1500, 15000, 800, 1200, 16200, 'EUR', 1, 24, 5000, '2026-02-19T08:00:00Z'
      from market_services s where s.coop_id = ${coop.coopId} and s.worker_id = ${ana.workerId}`);
    // Search reads each worker's recent work as kept by the scheduled refresh.
    expect(await refreshRecentWork(server.ctx)).toBe(1);
    expect(await refreshRecentWork(server.ctx)).toBe(0);
    const after = await search(`category=cleaning&lat=${sol.lat}&lng=${sol.lng}&radiusKm=10&${window}`);
    expect(names(after)).toEqual(['Bea', 'Ana']);
    const fairness = after.results[1]!.explanation.factors.find((f) => f.factor === 'fairness')!;
    expect(fairness).toMatchObject({
      contribution: 0,
      detail: '10 h of work in the last 30 days (busiest candidate: 10 h)',
    });
    const paged = await search(
      `category=cleaning&lat=${sol.lat}&lng=${sol.lng}&radiusKm=10&${window}&limit=1`,
    );
    expect(paged.hasMore).toBe(true);
    const second = await search(
      `category=cleaning&lat=${sol.lat}&lng=${sol.lng}&radiusKm=10&${window}&limit=1&offset=1`,
    );
    expect(names(second)).toEqual(['Ana']);
    expect(second.hasMore).toBe(false);
  });

  it('passes over workers with no hours that day, unless they added extra hours', async () => {
    // Sunday 8 March 2026: the weekly hours are Monday to Friday.
    const sunday = 'from=2026-03-08T08:00:00Z&to=2026-03-08T16:00:00Z';
    const query = `category=cleaning&lat=${sol.lat}&lng=${sol.lng}&radiusKm=10&${sunday}&durationMinutes=120`;
    expect(names(await search(query))).toEqual([]);
    const [row] = await queryRows<{ work_weekdays: number; extra_hours_until: string | null }>(
      server.ctx.db,
      sql`select work_weekdays, to_char(extra_hours_until, 'YYYY-MM-DD') as extra_hours_until
          from market_workers where coop_id = ${coop.coopId} and id = ${ana.workerId}`,
    );
    // Bits 1–5: Monday to Friday, kept by the database from the weekly rules.
    expect(row).toEqual({ work_weekdays: 0b111110, extra_hours_until: null });
    const actor = { kind: 'account' as const, accountId: ana.accountId, isOperator: false };
    const view = await addAvailabilityException(server.ctx, actor, coop.slug, {
      date: '2026-03-08',
      kind: 'extra',
      start: '10:00',
      end: '14:00',
      note: '',
    });
    const found = await search(query);
    expect(names(found)).toEqual(['Ana']);
    expect(found.results[0]!.firstSlot.startsAt).toBe('2026-03-08T09:00:00.000Z');
    await removeAvailabilityException(server.ctx, actor, coop.slug, view.exceptions[0]!.id);
    expect(names(await search(query))).toEqual([]);
  });

  it('hides services below a raised floor at once', async () => {
    const policy = await policyAt(server.ctx.db, coop.coopId, server.ctx.clock());
    const document = structuredClone(policy.document);
    document.market.categories.find((c) => c.key === 'cleaning')!.minHourlyRate = '1700';
    document.market.platformFeeBps = 500;
    await server.ctx.db.transaction((tx) =>
      appendConstitutionVersion(tx, {
        coopId: coop.coopId,
        document,
        effectiveFrom: server.ctx.clock(),
        origin: 'proposal',
        now: server.ctx.clock(),
      }),
    );
    const r = await search(
      `category=cleaning&lat=${sol.lat}&lng=${sol.lng}&radiusKm=10&postalCode=28013&${window}`,
    );
    expect(names(r)).toEqual(['Bea']);
    expect(r).toMatchObject({ constitutionVersion: 2, feeBps: 500 });
    expect(r.results[0]!.estimate).toEqual({ subtotal: '2000', fee: '100', total: '2100' });
  });

  it('refuses bad queries with the field at fault', async () => {
    const bad = async (query: string) =>
      errorOf(await server.agent().get(`/api/coops/${coop.slug}/search?${query}`));
    expect(await bad(`category=cleaning&lat=40&${window}`)).toMatchObject({
      code: 'LOCATION_INCOMPLETE',
      field: 'lng',
    });
    expect(await bad('category=cleaning&from=2026-03-03T16:00:00Z&to=2026-03-03T08:00:00Z')).toMatchObject({
      code: 'RANGE_INVALID',
      field: 'to',
    });
    expect(await bad(`category=gardening-x&${window}`)).toMatchObject({
      code: 'UNKNOWN_CATEGORY',
      field: 'category',
    });
    expect(await bad(`category=urgent-repair&${window}`)).toMatchObject({ code: 'CATEGORY_DISPATCHED' });
    expect(await bad(`category=cleaning&${window}&durationMinutes=5`)).toMatchObject({
      code: 'VALIDATION_FAILED',
      field: 'durationMinutes',
    });
    expect(await bad(`category=cleaning&${window}&rateMin=abc`)).toMatchObject({ field: 'rateMin' });
  });
});
