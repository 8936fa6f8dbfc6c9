// The market journey, on a server of its own whose clock the journey can move (MUTUAL_CLOCK_FILE) and
// whose scheduled tasks run every half second (SCHEDULER_TICK_MS), so a booking's start and a job
// offer's timeout come without waiting. In a home-services co-op a worker lists cleaning at the pay
// floor and sets their hours; a customer finds them, books; the worker accepts, the board records the
// payment, the worker completes, the customer confirms, both review; the ledger holds the exact split.
// In a recycling co-op a posted pickup is offered, times out once, and the next worker takes it.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { type APIRequestContext, type BrowserContext, type Page, request } from 'playwright-core';
import { assertAccessible, screenshot } from './lib/browser.ts';
import { type Env, env, expectHeading, newPage, type Person, scrollsSideways, useEnv } from './lib/pages.ts';
import { type RunningServer, startServer } from './lib/server.ts';

const amara: Person = { name: 'Amara Diallo', email: 'amara@example.org', password: 'founding-member-1' };
const bruno: Person = { name: 'Bruno Costa', email: 'bruno@example.org', password: 'clean-and-green-2' };
const chen: Person = { name: 'Chen Wei', email: 'chen@example.org', password: 'tidy-flat-please-3' };
const home = { slug: 'madrid-home-care', name: 'Madrid Home Care' };
const green = { slug: 'green-loop-madrid', name: 'Green Loop Madrid' };
const ZONE = 'Europe/Madrid';
const MADRID = { lat: 40.4168, lng: -3.7038 };
const MINUTE = 60_000;

type Session = { context: BrowserContext; page: Page };

/** One person's API client, signed in, sending the CSRF token on every write. */
type Api = {
  ctx: APIRequestContext;
  get<T>(path: string): Promise<T>;
  send<T>(method: 'POST' | 'PUT', path: string, data?: unknown): Promise<T>;
};

async function apiFor(baseURL: string, person: Person): Promise<Api> {
  const ctx = await request.newContext({ baseURL });
  let csrf = ((await (await ctx.get('/api/session')).json()) as { csrfToken: string }).csrfToken;
  const signUp = await ctx.post('/api/auth/sign-up', {
    data: { email: person.email, displayName: person.name, password: person.password },
    headers: { 'x-csrf-token': csrf },
  });
  assert.equal(signUp.status(), 201, await signUp.text());
  csrf = ((await signUp.json()) as { csrfToken: string }).csrfToken;
  // The answers are the API's JSON, typed by the caller at each use.
  const check = async <T>(
    response: Awaited<ReturnType<APIRequestContext['get']>>,
    what: string,
  ): Promise<T> => {
    if (!response.ok()) throw new Error(`${what}: ${response.status()} ${await response.text()}`);
    return (response.status() === 204 ? null : await response.json()) as T;
  };
  return {
    ctx,
    get: async <T>(path: string) => check<T>(await ctx.get(path), `GET ${path}`),
    send: async <T>(method: 'POST' | 'PUT', path: string, data?: unknown) =>
      check<T>(
        await ctx.fetch(path, {
          method,
          headers: { 'x-csrf-token': csrf },
          ...(data === undefined ? {} : { data }),
        }),
        `${method} ${path}`,
      ),
  };
}

/** A browser page signed in as the person the API client is signed in as (same session cookies). */
async function pageAs(api: Api, options: { mobile?: boolean } = {}): Promise<Session> {
  const session = await newPage(options);
  await session.context.addCookies((await api.ctx.storageState()).cookies);
  return session;
}

async function found(api: Api, coop: { slug: string; name: string }, sector: string): Promise<void> {
  await api.send('POST', '/api/coops', {
    name: coop.name,
    slug: coop.slug,
    mission: 'Members who do the work own the platform.',
    sector,
    currency: 'EUR',
    timeZone: ZONE,
    defaultLanguage: 'en',
  });
}

/** The worker applies for the worker class; the founder records the share and admits them. */
async function admitWorker(founder: Api, worker: Api, slug: string): Promise<void> {
  const { applicationId } = await worker.send<{ applicationId: string }>(
    'POST',
    `/api/coops/${slug}/applications`,
    {
      classKey: 'worker',
      statement: 'I would like to work through the co-op.',
      agreedVersion: 1,
    },
  );
  await founder.send('POST', `/api/coops/${slug}/applications/${applicationId}/payment`, {
    reference: 'SHARE-1',
  });
  await founder.send('POST', `/api/coops/${slug}/applications/${applicationId}/decision`, {
    decision: 'admit',
    reason: 'Welcome.',
  });
}

/** A worker profile, one service and every day's hours, through the API (the UI is exercised by Bruno). */
async function listWorker(
  api: Api,
  slug: string,
  profile: Record<string, unknown>,
  service: { categoryKey: string; title: string; rate: string; minDurationMinutes: number },
  hours: { start: string; end: string },
): Promise<void> {
  await api.send('PUT', `/api/coops/${slug}/me/worker`, { timeZone: ZONE, ...profile });
  await api.send('POST', `/api/coops/${slug}/me/worker/services`, {
    description: '',
    pricing: 'hourly',
    ...service,
  });
  await api.send('PUT', `/api/coops/${slug}/me/worker/availability`, {
    rules: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, ...hours })),
  });
}

/** Waits until nothing on the page says it is loading. */
async function settled(page: Page): Promise<void> {
  await page.waitForFunction(() =>
    [...document.querySelectorAll('[role="status"]')].every(
      (e) => !/Loading|Searching|Working out/.test(e.textContent ?? ''),
    ),
  );
}

/**
 * Checks a page with axe at desktop width and again at 360 px (where it must not scroll sideways),
 * saving a screenshot of each. The phone check narrows the same window, so the page keeps its state.
 */
async function checkPage(page: Page, name: string, title: string | RegExp): Promise<void> {
  await expectHeading(page, title);
  await settled(page);
  await assertAccessible(page, name);
  await screenshot(page, `market-${name}`);
  const desktop = page.viewportSize();
  await page.setViewportSize({ width: 360, height: 740 });
  try {
    await settled(page);
    assert.equal(await scrollsSideways(page), false, `${name} scrolls sideways on a 360 px screen`);
    await assertAccessible(page, `${name} (360 px)`);
    await screenshot(page, `market-${name}-mobile`);
  } finally {
    if (desktop) await page.setViewportSize(desktop);
  }
}

/** Picks an option in the Mantine select labelled `label`. */
async function choose(page: Page, label: string, option: string): Promise<void> {
  await page.getByRole('combobox', { name: label, exact: true }).click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

/** Clicks the star of the rating input (its radio is visually hidden behind the star's label). */
async function rate(page: Page, stars: number): Promise<void> {
  const id = await page.getByRole('radio', { name: `${stars} stars` }).getAttribute('id');
  await page.locator(`label[for="${id}"]`).click();
}

function localDate(ms: number): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: ZONE,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date(ms));
}

export function marketJourney(): void {
  describe('the market', { concurrency: 1 }, () => {
    let shared: Env;
    let server: RunningServer;
    let clockDir: string;
    let clockFile: string;
    const api: Record<'amara' | 'bruno' | 'chen', Api> = {} as never;
    const sessions: Record<'amara' | 'bruno' | 'chen', Session> = {} as never;
    let bookingPath = '';
    let jobPath = '';

    /** Moves the server's clock forward (the browser keeps real time). */
    const advance = (ms: number) => {
      const current = Number(readFileSync(clockFile, 'utf8')) || 0;
      writeFileSync(clockFile, String(current + ms));
    };
    const serverNow = () => Date.now() + (Number(readFileSync(clockFile, 'utf8')) || 0);

    before(async () => {
      shared = env();
      clockDir = mkdtempSync(join(tmpdir(), 'mutual-e2e-clock-'));
      clockFile = join(clockDir, 'offset-ms');
      writeFileSync(clockFile, '0');
      server = await startServer({ env: { MUTUAL_CLOCK_FILE: clockFile, SCHEDULER_TICK_MS: '500' } });
      useEnv({ server, browser: shared.browser });

      api.amara = await apiFor(server.url, amara);
      api.bruno = await apiFor(server.url, bruno);
      api.chen = await apiFor(server.url, chen);
      await found(api.amara, home, 'home-services');
      await admitWorker(api.amara, api.bruno, home.slug);
      // A second cleaner, so the search has an order to explain.
      await listWorker(
        api.amara,
        home.slug,
        {
          displayName: 'Amara D.',
          languages: ['en', 'fr'],
          area: { kind: 'postal', postalCodes: ['28001'] },
        },
        { categoryKey: 'cleaning', title: 'Cleaning and ironing', rate: '1800', minDurationMinutes: 60 },
        { start: '08:00', end: '20:00' },
      );
      for (const who of ['amara', 'bruno', 'chen'] as const) sessions[who] = await pageAs(api[who]);
    });

    // A failed step leaves a picture of every open page, to show what the person would have seen.
    afterEach(async (t) => {
      if ((t as unknown as { passed: boolean }).passed) return;
      for (const [who, s] of Object.entries(sessions))
        await screenshot(s.page, `market-failed-${who}`).catch(() => undefined);
    });

    after(async () => {
      for (const s of Object.values(sessions)) await s.context.close().catch(() => undefined);
      for (const a of Object.values(api)) await a.ctx.dispose().catch(() => undefined);
      useEnv(shared);
      await server?.stop();
      rmSync(clockDir, { recursive: true, force: true });
    });

    test('a worker makes a profile, lists cleaning at the pay floor and sets weekly hours', async () => {
      const { page } = sessions.bruno;
      const base = `/c/${home.slug}`;
      await page.goto(base);
      await page.getByRole('navigation', { name: home.name }).getByRole('link', { name: 'My work' }).click();
      await expectHeading(page, 'My work');
      await page.getByTestId('no-profile').getByRole('link', { name: 'Make my profile' }).click();

      await expectHeading(page, 'My worker profile');
      await page.getByLabel('Name shown to customers').fill('Bruno C.');
      await page.getByLabel('A few words about you').fill('Ten years of careful cleaning.');
      await page.getByRole('combobox', { name: 'Languages you speak' }).click();
      await page.getByRole('option', { name: 'English' }).click();
      await page.getByRole('option', { name: 'Portuguese' }).click();
      await page.keyboard.press('Escape');
      await page.getByLabel('Postal codes you cover').fill('28001, 28004');
      await page.getByRole('checkbox', { name: 'Cleaning' }).check();
      await checkPage(page, 'worker-profile', 'My worker profile');
      await page.getByTestId('save-profile').click();
      await page.getByText('Your worker profile is ready.').waitFor();

      await page.getByRole('navigation', { name: 'My work' }).getByRole('link', { name: 'Services' }).click();
      await expectHeading(page, 'My services');
      const rate = page.getByTestId('new-service-rate');
      await page.getByLabel('Title').fill('Home cleaning');
      await page.getByText('The pay floor is 15.00 EUR an hour (constitution version 1).').waitFor();
      // Below the floor: refused, and the refusal sits on the price with the floor and its version.
      await rate.fill('14.99');
      await page.getByTestId('new-service-save').click();
      await page
        .getByText(
          'The pay floor for Cleaning is 15.00 EUR an hour, set by version 1 of the constitution; this price is below it.',
        )
        .waitFor();
      assert.equal(await rate.getAttribute('aria-invalid'), 'true');
      await checkPage(page, 'worker-services-floor-error', 'My services');
      await rate.fill('15');
      await page.getByTestId('new-service-save').click();
      const service = page.getByTestId('my-service').filter({ hasText: 'Home cleaning' });
      await service.getByText('Cleaning · 15.00 EUR an hour').waitFor();

      await page
        .getByRole('navigation', { name: 'My work' })
        .getByRole('link', { name: 'Hours and calendar' })
        .click();
      await expectHeading(page, 'Hours and calendar');
      const monday = page.getByTestId('weekday-1');
      await monday.getByRole('button', { name: /^Add hours on Monday$/i }).click();
      await monday.getByLabel('Monday, from (period 1)').fill('08:00');
      await monday.getByLabel('Monday, until (period 1)').fill('20:00');
      await page.getByRole('button', { name: "Use Monday's hours every day" }).click();
      await page.getByTestId('weekday-7').getByLabel('Sunday, until (period 1)').waitFor();
      await page.getByTestId('save-hours').click();
      await page.getByText('Hours saved.').waitFor();

      // The private calendar feed: made, readable by a calendar app, then revoked.
      const feed = page.getByTestId('calendar-feed');
      await feed.getByTestId('renew-feed').click();
      const url = await feed.getByTestId('feed-url').inputValue();
      assert.match(url, new RegExp(`^${server.url}/api/calendar/${home.slug}/[0-9a-f-]+/\\S+\\.ics$`));
      const ics = await page.request.get(url);
      assert.equal(ics.status(), 200);
      assert.match(await ics.text(), /BEGIN:VCALENDAR/);
      await checkPage(page, 'worker-availability', 'Hours and calendar');
      await feed.getByTestId('revoke-feed').click();
      await page.getByTestId('confirm-revoke').click();
      await feed.getByText('Your calendar feed is off.').waitFor();
      assert.equal((await page.request.get(url)).status(), 404);
    });

    test('a customer searches, sees why each worker ranks where they do, and books at the quoted price', async () => {
      const { page } = sessions.chen;
      await page.goto(`/c/${home.slug}`);
      await page
        .getByRole('navigation', { name: home.name })
        .getByRole('link', { name: 'Find a worker' })
        .click();
      await expectHeading(page, 'Find a worker');
      await page.getByText('Ranked by version 1 of the constitution: Fair share of work 40.00%').waitFor();
      await choose(page, 'How long', '2 h');
      await page
        .locator('label')
        .filter({ hasText: /^Postal code$/ })
        .click();
      await page.getByLabel('Postal code of the place').fill('28001');
      await page.getByTestId('search-submit').click();

      const results = page.getByTestId('search-result');
      await results.nth(1).waitFor();
      assert.equal(await results.count(), 2);
      // Both are equally near, new and unreviewed; Bruno said he prefers cleaning, Amara said nothing.
      await results
        .nth(0)
        .getByRole('heading', { name: /Bruno C\./ })
        .waitFor();
      await results
        .nth(1)
        .getByRole('heading', { name: /Amara D\./ })
        .waitFor();
      await results
        .nth(0)
        .getByTestId('why-rank')
        .getByText(/^Why number 1: \d+\.\d\d points, mostly from /)
        .waitFor();
      await results
        .nth(0)
        .getByTestId('estimate')
        .getByText('32.40 EUR in all: 30.00 EUR for the work and 2.40 EUR platform fee.')
        .waitFor();
      await results.nth(0).getByText("How Bruno C.'s score is made").click();
      const why = results.nth(0).getByTestId('explanation');
      await why.getByRole('row', { name: /Own preference .* prefers this kind of work/ }).waitFor();
      await results.nth(1).getByText("How Amara D.'s score is made").click();
      await results
        .nth(1)
        .getByTestId('explanation')
        .getByRole('row', { name: /Own preference .* states no preference/ })
        .waitFor();
      await checkPage(page, 'search', 'Find a worker');

      await results.nth(0).getByRole('link', { name: 'Choose a time' }).click();
      await expectHeading(page, 'Bruno C.');
      // The search's first free time comes chosen. In the last minute before it, the slot list may no
      // longer offer it (it keeps a minute's margin): then take the first time listed, that day or the next.
      await settled(page);
      if ((await page.locator('[aria-pressed="true"]').count()) === 0) {
        await page.getByTestId('slot-gone').waitFor();
        if ((await page.getByTestId('no-slots').count()) > 0)
          await page.getByRole('button', { name: 'Next day' }).click();
        await page.getByTestId('slots').getByRole('button').first().click();
      }
      const quote = page.getByTestId('quote');
      const breakdown = quote.getByTestId('price-breakdown');
      await breakdown.getByRole('row', { name: /15\.00 EUR × 2 h\s*30\.00 EUR/ }).waitFor();
      await breakdown
        .getByRole('row', { name: /Platform fee, 8\.00% \(constitution version 1\)\s*2\.40 EUR/ })
        .waitFor();
      await breakdown.getByRole('row', { name: /Total\s*32\.40 EUR/ }).waitFor();
      await quote.getByLabel('Address of the work').fill('Calle Mayor 1, 28001 Madrid');
      await quote.getByLabel('Note for the worker').fill('Two bedrooms; the key is with the porter.');
      await checkPage(page, 'worker-page', 'Bruno C.');
      await quote.getByTestId('request-booking').click();

      await page.waitForURL(/\/bookings\/[0-9a-f-]+$/);
      await expectHeading(page, 'Home cleaning');
      bookingPath = new URL(page.url()).pathname;
      await page.getByTestId('status-badge').getByText('Requested').waitFor();
      await page
        .getByTestId('next-step')
        .getByText('Waiting for Bruno Costa to accept or decline.')
        .waitFor();
      await page.getByLabel('Write to Bruno Costa').fill('Hello! Ring twice, please.');
      await page.getByTestId('send-message').click();
      await page.getByTestId('messages').getByText('Hello! Ring twice, please.').waitFor();
      await screenshot(page, 'market-booking-requested');
    });

    test('the worker accepts, the board records the payment, the work is done, confirmed and reviewed', async () => {
      const worker = sessions.bruno.page;
      await worker.goto(`/c/${home.slug}/worker`);
      await expectHeading(worker, 'My work');
      const request = worker
        .getByTestId('requests')
        .getByTestId('booking-card')
        .filter({ hasText: 'Home cleaning' });
      await request.getByText('For Chen Wei').waitFor();
      const start = Date.parse(
        (
          await api.bruno.get<{ startsAt: string }>(
            `/api/coops/${home.slug}${bookingPath.slice(`/c/${home.slug}`.length)}`,
          )
        ).startsAt,
      );
      // The week view shows the booking on its day (the next week's view if it falls there).
      const sameWeek = await worker
        .getByTestId('week')
        .getByRole('link', { name: /Home cleaning/ })
        .count();
      if (sameWeek === 0) await worker.getByRole('button', { name: 'Next week' }).click();
      await worker
        .getByTestId('week')
        .getByRole('link', { name: /Home cleaning/ })
        .waitFor();
      await checkPage(worker, 'worker-dashboard', 'My work');
      await request.getByRole('link', { name: 'Home cleaning' }).click();
      await expectHeading(worker, 'Home cleaning');
      await worker.getByTestId('messages').getByText('Hello! Ring twice, please.').waitFor();
      await worker.getByTestId('booking-actions').getByRole('button', { name: 'Accept' }).click();
      await worker.getByTestId('status-badge').getByText('Awaiting payment').waitFor();

      // The co-op's board records the customer's bank transfer: the booking is confirmed.
      const board = sessions.amara.page;
      await board.goto(bookingPath);
      await expectHeading(board, 'Home cleaning');
      await board.getByTestId('next-step').getByText('record 32.40 EUR when it arrives').waitFor();
      await board.getByTestId('booking-actions').getByRole('button', { name: 'Record payment' }).click();
      await board.getByLabel(/^Bank transfer reference or receipt number/).fill('TRANSFER-0042');
      await board.getByTestId('confirm-action').click();
      await board.getByTestId('status-badge').getByText('Confirmed').waitFor();

      // The time of the booking comes: the server's clock moves past its start.
      advance(Math.max(0, start - Date.now()) + 5 * MINUTE);
      await worker.reload();
      await worker.getByTestId('booking-actions').getByRole('button', { name: 'Mark as done' }).click();
      await worker.getByTestId('status-badge').getByText('Done, to confirm').waitFor();

      const customer = sessions.chen.page;
      await customer.goto(bookingPath);
      await customer
        .getByTestId('booking-actions')
        .getByRole('button', { name: 'Confirm the work is done' })
        .click();
      await customer.getByTestId('status-badge').getByText('Settled').waitFor();
      const timeline = customer.getByTestId('booking-timeline');
      for (const event of [
        'Requested',
        'Accepted',
        'Paid and confirmed',
        'Marked done',
        'Confirmed by the customer and settled',
      ])
        await timeline.getByText(event, { exact: true }).waitFor();
      await rate(customer, 5);
      await customer.getByLabel('Your review (optional)').fill('Spotless, and on time.');
      await checkPage(customer, 'booking-settled', 'Home cleaning');
      await customer.getByTestId('send-review').click();
      await customer.getByTestId('booking-reviews').getByText('Spotless, and on time.').waitFor();

      await worker.reload();
      await rate(worker, 4);
      await worker.getByLabel('Your review (optional)').fill('Friendly and clear instructions.');
      await worker.getByTestId('send-review').click();
      await worker.getByTestId('booking-reviews').getByText('Friendly and clear instructions.').waitFor();
      await worker.getByLabel('Reply to this review').fill('Thank you, see you next week!');
      await worker.getByRole('button', { name: 'Send the reply' }).click();
      await worker.getByText('Thank you, see you next week!').waitFor();

      // Reviews count on the public profile: the average with its count, and the worker's reply.
      const me = await api.bruno.get<{ id: string }>(`/api/coops/${home.slug}/me/worker`);
      await customer.goto(`/c/${home.slug}/workers/${me.id}`);
      const reviews = customer.getByTestId('worker-reviews');
      await reviews.getByText('5.00 stars from 1 review').waitFor();
      await reviews.getByText('Thank you, see you next week!').waitFor();
    });

    test('the ledger holds the split exactly: 30.00 to the worker, 2.40 fee at 8.00%, 32.40 paid', async () => {
      const worker = sessions.bruno.page;
      await worker.goto(`/c/${home.slug}/worker`);
      const earnings = worker.getByTestId('earnings');
      await earnings.getByText('30.00 EUR').first().waitFor();
      await earnings.getByText('1 booking, 2.00 hours').waitFor();
      await worker.getByRole('link', { name: 'See every movement in my statement' }).click();
      await expectHeading(worker, 'My statement');
      const owed = worker.getByTestId('statement-account').filter({ hasText: 'Earnings owed to you' });
      await owed.getByTestId('statement-balance').getByText('30.00 EUR').waitFor();
      await owed.getByText('Booking settled: Home cleaning').waitFor();

      // The board's journal: the payment into clearing, then clearing split into payable and fee.
      const journal = await api.amara.get<{
        entries: {
          kind: string;
          policyVersion: number | null;
          postings: { accountCode: string; amount: string }[];
        }[];
      }>(`/api/coops/${home.slug}/ledger/entries?kind=booking_settlement`);
      assert.equal(journal.entries.length, 1);
      const [settlement] = journal.entries;
      assert.equal(settlement!.policyVersion, 1);
      const byAccount = settlement!.postings.map((p) => [p.accountCode.split('.')[0]!.slice(0, 4), p.amount]);
      assert.deepEqual(byAccount.sort(), [
        ['1100', '3240'],
        ['2000', '-3000'],
        ['4000', '-240'],
      ]);
      assert.equal(
        settlement!.postings.reduce((s, p) => s + BigInt(p.amount), 0n),
        0n,
      );

      // Paying the worker out: the board makes a batch of what is owed and marks it paid.
      const board = sessions.amara.page;
      await board.goto(`/c/${home.slug}`);
      await board.getByRole('navigation', { name: home.name }).getByRole('link', { name: 'Payouts' }).click();
      await expectHeading(board, 'Worker payouts');
      await board.getByTestId('make-batch').click();
      const batch = board.getByTestId('payout-batch');
      await batch.getByText('1 worker, 30.00 EUR in all').waitFor();
      await batch.getByRole('row', { name: /Bruno Costa\s*30\.00 EUR/ }).waitFor();
      await checkPage(board, 'payouts', 'Worker payouts');
      await batch.getByLabel('Bank reference of the transfers').fill('BATCH-2026-11');
      await batch.getByRole('button', { name: 'Mark as paid' }).click();
      await batch.getByTestId('status-badge').getByText('Paid').waitFor();
      await worker.goto(`/c/${home.slug}/worker`);
      await worker.getByTestId('earnings').getByText('Owed to you now').waitFor();
      const owedNow = await api.bruno.get<{ owed: string; paidOut: string }>(
        `/api/coops/${home.slug}/me/worker/earnings`,
      );
      assert.deepEqual({ owed: owedNow.owed, paidOut: owedNow.paidOut }, { owed: '0', paidOut: '3000' });
    });

    test('a posted recycling pickup is offered, times out once, and the next worker takes it', async () => {
      await found(api.amara, green, 'urban-recycling');
      await admitWorker(api.amara, api.bruno, green.slug);
      const area = { kind: 'radius', ...MADRID, radiusKm: 15 };
      // Bruno prefers pickups, so the dispatch score asks him first; Amara comes next.
      await listWorker(
        api.bruno,
        green.slug,
        { displayName: 'Bruno C.', area, preferredCategories: ['household-pickup'] },
        {
          categoryKey: 'household-pickup',
          title: 'Pickups by cargo bike',
          rate: '1300',
          minDurationMinutes: 30,
        },
        { start: '00:00', end: '24:00' },
      );
      await listWorker(
        api.amara,
        green.slug,
        { displayName: 'Amara D.', area },
        { categoryKey: 'household-pickup', title: 'Pickups by van', rate: '1400', minDurationMinutes: 30 },
        { start: '00:00', end: '24:00' },
      );

      const customer = sessions.chen.page;
      await customer.goto(`/c/${green.slug}/bookings`);
      await expectHeading(customer, 'My bookings');
      await customer.getByRole('link', { name: 'Post a job' }).first().click();
      await expectHeading(customer, 'Post a job');
      await customer.getByText('Standard price: 12.00 EUR.').waitFor();
      await customer.getByLabel('What needs doing').fill('Old newspapers and glass');
      await customer.getByLabel('Latitude').fill('40.4200');
      await customer.getByLabel('Longitude').fill('-3.7000');
      await customer.getByLabel('Postal code').fill('28004');
      await customer.getByLabel(/^Address/).fill('Calle de Fuencarral 10');
      // Two days ahead on the server's clock, which this journey has moved.
      await customer.getByLabel('Day').fill(localDate(serverNow() + 2 * 86_400_000));
      await checkPage(customer, 'post-job', 'Post a job');
      await customer.getByTestId('post-job').click();

      await customer.waitForURL(/\/jobs\/[0-9a-f-]+$/);
      jobPath = new URL(customer.url()).pathname;
      await expectHeading(customer, 'Old newspapers and glass');
      await customer
        .getByTestId('job-status')
        .getByText(/^Offered to a worker \(offer 1\)\. They have until /)
        .waitFor();
      const offers = customer.getByTestId('offer-round');
      await offers.nth(0).getByText('Waiting for an answer').waitFor();
      const facts = customer.getByTestId('price-breakdown');
      await facts
        .getByRole('row', { name: /Platform fee, 10\.00% \(constitution version 1\)\s*1\.20 EUR/ })
        .waitFor();
      await facts.getByRole('row', { name: /Total\s*13\.20 EUR/ }).waitFor();
      await screenshot(customer, 'market-job-offered');

      // Bruno is asked first and sees why; he does not answer.
      const first = sessions.bruno.page;
      await first.goto(`/c/${green.slug}/worker/offers`);
      await expectHeading(first, 'Job offers');
      const offer = first.getByTestId('offer').filter({ hasText: 'Old newspapers and glass' });
      await offer.getByTestId('offer-earnings').getByText('You earn 12.00 EUR').waitFor();
      await offer
        .getByTestId('offer-deadline')
        .getByText(/^Answer by /)
        .waitFor();
      await offer.getByText('Why you were asked').click();
      await offer.getByRole('row', { name: /Own preference .* prefers this kind of work/ }).waitFor();
      await checkPage(first, 'offers', 'Job offers');

      // The constitution gives 15 minutes; the server's clock moves 16, and the timeout task runs.
      const rules = await api.chen.get<{ dispatch: { offerTimeoutMinutes: number } }>(
        `/api/coops/${green.slug}/market`,
      );
      assert.equal(rules.dispatch.offerTimeoutMinutes, 15);
      advance(16 * MINUTE);
      const deadline = Date.now() + 20_000;
      while ((await offers.count()) < 2) {
        if (Date.now() > deadline) throw new Error(`the offer did not time out:\n${server.tail()}`);
        await sleep(500);
        await customer.getByRole('button', { name: 'Refresh' }).click();
      }
      await offers.nth(0).getByText('Timed out', { exact: true }).waitFor();
      await offers
        .nth(0)
        .getByText(/without an answer\.$/)
        .waitFor();
      await offers.nth(1).getByText('Waiting for an answer').waitFor();
      await customer.getByTestId('job-status').getByText('1 worker before did not take it.').waitFor();

      await first.reload();
      await first.getByTestId('no-open-offers').waitFor();
      await first
        .getByTestId('offer')
        .filter({ hasText: 'Old newspapers and glass' })
        .getByText(/^Timed out at /)
        .waitFor();

      // Amara, asked next, takes it: a booking for the job's window at its price.
      const next = sessions.amara.page;
      await next.goto(`/c/${green.slug}/worker/offers`);
      await next
        .getByTestId('offer')
        .filter({ hasText: 'Old newspapers and glass' })
        .getByTestId('accept-offer')
        .click();
      await next.waitForURL(/\/bookings\/[0-9a-f-]+$/);
      await expectHeading(next, 'Old newspapers and glass');
      await next.getByTestId('status-badge').getByText('Awaiting payment').waitFor();

      await customer.getByRole('button', { name: 'Refresh' }).click();
      await customer
        .getByTestId('job-status')
        .getByText('Accepted by Amara Diallo. Booking: Awaiting payment.')
        .waitFor();
      await offers.nth(1).getByText('Offer 2: Amara Diallo').waitFor();
      await offers.nth(1).getByText('Accepted', { exact: true }).waitFor();
      await checkPage(customer, 'job-accepted', 'Old newspapers and glass');

      // The job's own thread: the customer writes on the job page, the worker who took it answers there.
      const customerThread = customer.getByTestId('job-messages');
      await customerThread
        .getByText('Only you and Amara Diallo can read these messages', { exact: false })
        .waitFor();
      await customerThread.getByLabel('Write to Amara Diallo').fill('The bags are inside the gate.');
      await customerThread.getByTestId('send-message').click();
      await customerThread.getByTestId('messages').getByText('The bags are inside the gate.').waitFor();

      // The board sees who each offer went to and why.
      await next.goto(jobPath);
      const workerThread = next.getByTestId('job-messages');
      await workerThread.getByTestId('messages').getByText('The bags are inside the gate.').waitFor();
      await workerThread.getByLabel('Write to Chen Wei').fill('Noted, see you then.');
      await workerThread.getByTestId('send-message').click();
      await workerThread.getByTestId('messages').getByText('Noted, see you then.').waitFor();
      const rounds = next.getByTestId('offer-round');
      await rounds.nth(0).getByText('Offer 1: Bruno Costa').waitFor();
      await rounds.nth(0).getByText('Why offer 1 went to this worker').click();
      await rounds
        .nth(0)
        .getByRole('row', { name: /Own preference .* prefers this kind of work/ })
        .waitFor();

      // Amara is also on the board: the job's booking waits in the payments due until she records it.
      await next.getByTestId('nav-awaiting-payment').first().click();
      await expectHeading(next, 'Payments due');
      const due = next.getByTestId('awaiting-payment').filter({ hasText: 'Old newspapers and glass' });
      await due.getByText('Chen Wei pays for work by Amara Diallo.').waitFor();
      await due.getByTestId('awaiting-amount').getByText('13.20 EUR').waitFor();
      await due
        .getByTestId('awaiting-age')
        .getByText(/^Accepted /)
        .waitFor();
      await checkPage(next, 'awaiting-payment', 'Payments due');
      await due.getByLabel('Bank transfer reference or receipt number').fill('BANK-77');
      await due.getByTestId('record-payment').click();
      await next.getByTestId('awaiting-none').waitFor();

      await customer.goto(`/c/${green.slug}/bookings`);
      await customer.getByTestId('job-list').getByText('Accepted').waitFor();
      await checkPage(customer, 'customer-bookings', 'My bookings');
      // The job's booking is listed with the others, and leads back to the job.
      await customer
        .getByTestId('booking-card')
        .filter({ hasText: 'Old newspapers and glass' })
        .getByRole('link', { name: 'From a posted job: see the job' })
        .click();
      await customer.waitForURL((url) => url.pathname === jobPath);
      await expectHeading(customer, 'Old newspapers and glass');
    });
  });
}
