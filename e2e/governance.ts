// The governance journey, on a server of its own whose clock the journey moves (MUTUAL_CLOCK_FILE,
// test servers only): in a home-services co-op (workers 60 % of the vote, customers 40 %) a worker
// proposes lowering the platform fee from 8 % to 6 %, two members second it, the members discuss it,
// one appoints a proxy, everyone votes by secret ballot, it passes with quorum, the constitution moves
// to version 2 with 6.00 %, the result shows each class's share, and the published ballot file
// downloads, matches its hash and re-counts to the same result with `mutual tally`. A customer books the
// worker in the market before the vote (8 %, version 1) and again after it (6 %, version 2); the first
// booking keeps its 8 %. Then an amendment
// switches elections to STV and a board election, ranked in the browser, gives the winners the board role;
// last, a member drafts an expulsion with the proposal form.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { templateConstitution } from '../server/modules/coops/templates.ts';
import {
  buildPatch,
  emptyListEdit,
  fieldForError,
  fieldSpecs,
  fromInput,
  newKey,
  previewDiff,
  toInput,
  withListEdit,
} from '../web/src/features/governance/fields.ts';
import { isoToZoned, zonedToIso } from '../web/src/features/governance/time.ts';
import { assertAccessible, screenshot } from './lib/browser.ts';
import { env, expectHeading, type Person, scrollsSideways } from './lib/pages.ts';
import { type RunningServer, repoRoot, startServer } from './lib/server.ts';

const DAY = 86_400_000;

const founder: Person = {
  name: 'Grace Hopper',
  email: 'grace@gov.example.org',
  password: 'compiler-a0-1952',
};
const worker: Person = { name: 'Tomás Silva', email: 'tomas@gov.example.org', password: 'handyman-tools-77' };
const customer: Person = { name: 'Chidi Okeke', email: 'chidi@gov.example.org', password: 'tidy-house-2026' };
const customer2: Person = { name: 'Dana Scully', email: 'dana@gov.example.org', password: 'x-files-1993-ok' };
const slug = 'fair-hands';
const base = `/c/${slug}`;
const feeTitle = 'Lower the platform fee to 6%';

type Session = { context: BrowserContext; page: Page };
type Answer = { status: number; body: Record<string, unknown> | null };

/** The API through the page's own fetch (setup steps), with the session's CSRF token. */
async function api(page: Page, method: string, path: string, body?: unknown): Promise<Answer> {
  return page.evaluate(
    async ({ method, path, body }) => {
      const session = (await (await fetch('/api/session')).json()) as { csrfToken: string };
      const headers: Record<string, string> = { 'x-csrf-token': session.csrfToken };
      if (body !== undefined) headers['content-type'] = 'application/json';
      const response = await fetch(path, {
        method,
        headers,
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
      const text = await response.text();
      return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : null };
    },
    { method, path, body },
  );
}

async function ok(
  page: Page,
  method: string,
  path: string,
  body?: unknown,
): Promise<Record<string, unknown>> {
  const answer = await api(page, method, path, body);
  assert.ok(answer.status < 300, `${method} ${path} → ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body ?? {};
}

// The governance form's pure helpers, checked without a browser.
function helperTests(): void {
  describe('governance web helpers', () => {
    const doc = templateConstitution('home-services', 'EUR');
    const policy = fieldSpecs('policy', doc);
    const field = (id: string) => policy.find((f) => f.id === id)!;

    test('a percentage or an amount typed in becomes basis points or minor units, exactly', () => {
      assert.deepEqual(fromInput(field('market.platformFeeBps'), '6', 'EUR'), { ok: true, value: 600 });
      assert.deepEqual(fromInput(field('market.platformFeeBps'), '6,25', 'EUR'), { ok: true, value: 625 });
      assert.equal(fromInput(field('market.platformFeeBps'), '100.01', 'EUR').ok, false);
      assert.equal(fromInput(field('market.platformFeeBps'), '6.125', 'EUR').ok, false);
      const floor = field('market.categories[cleaning].minHourlyRate');
      assert.deepEqual(fromInput(floor, '15.5', 'EUR'), { ok: true, value: '1550' });
      assert.deepEqual(fromInput(floor, '2000', 'JPY'), { ok: true, value: '2000' });
      assert.equal(toInput('bps', 625, 'EUR'), '6.25');
      assert.equal(toInput('money', '1550', 'EUR'), '15.5');
      assert.equal(fromInput(field('dispatch.maxJobsPerDay'), '51', 'EUR').ok, false);
    });

    test('edits become one merge patch; a keyed list is sent whole with the edit in place', () => {
      const patch = buildPatch(doc, [
        { segments: field('market.platformFeeBps').segments, value: 600 },
        { segments: field('market.categories[cleaning].minHourlyRate').segments, value: '1600' },
      ]);
      const market = patch.market as {
        platformFeeBps: number;
        categories: { key: string; minHourlyRate: string }[];
      };
      assert.equal(market.platformFeeBps, 600);
      assert.equal(market.categories.length, doc.market.categories.length);
      assert.equal(market.categories.find((c) => c.key === 'cleaning')?.minHourlyRate, '1600');
      assert.deepEqual(
        market.categories.find((c) => c.key === 'handyman'),
        doc.market.categories[1],
      );
      assert.deepEqual(
        previewDiff(doc, patch).map((c) => c.path),
        ['market.categories[cleaning].minHourlyRate', 'market.platformFeeBps'],
      );
      assert.equal(doc.market.platformFeeBps, 800, 'the constitution itself is left as it was');
    });

    test('kinds of work and committees are added and removed by key, on top of the fields edited', () => {
      assert.equal(newKey('Pet care', ['cleaning']), 'pet-care');
      assert.equal(newKey('Pet care', ['pet-care', 'pet-care-2']), 'pet-care-3');
      assert.equal(newKey('24h repairs', []), 'k-24h-repairs');
      assert.equal(newKey('Comité de Sécurité', []), 'comite-de-securite');
      assert.equal(newKey('  !!  ', []), null);
      const petCare = { key: 'pet-care', name: 'Pet care', minHourlyRate: '1500', dispatched: false };
      const fee = buildPatch(doc, [
        { segments: field('market.categories[cleaning].minHourlyRate').segments, value: '1600' },
      ]);
      const edited = withListEdit(doc, fee, { list: 'categories', added: [petCare], removed: ['handyman'] });
      const categories = (edited.market as { categories: { key: string; minHourlyRate: string }[] })
        .categories;
      assert.deepEqual(
        categories.map((c) => c.key),
        doc.market.categories
          .map((c) => c.key)
          .filter((k) => k !== 'handyman')
          .concat('pet-care'),
      );
      assert.equal(
        categories.find((c) => c.key === 'cleaning')?.minHourlyRate,
        '1600',
        'the field edit stays',
      );
      assert.deepEqual(
        previewDiff(doc, edited)
          .map((c) => c.path)
          .sort(),
        [
          'market.categories[cleaning].minHourlyRate',
          'market.categories[handyman]',
          'market.categories[pet-care]',
        ],
      );
      const committee = { key: 'safeguarding', name: 'Safeguarding', purpose: 'Keeps children safe' };
      const bylaws = withListEdit(doc, {}, { list: 'committees', added: [committee], removed: [] });
      assert.deepEqual(bylaws, { committees: [committee] });
      assert.equal(withListEdit(doc, fee, emptyListEdit('policy')), fee, 'no list edit, no change');
    });

    test('a server error naming a list item by index finds the form field named by key', () => {
      const found = fieldForError(doc, policy, 'changes.market.categories.0.minHourlyRate');
      assert.equal(found?.id, 'market.categories[cleaning].minHourlyRate');
      assert.equal(fieldForError(doc, policy, 'changes.surplus'), null);
      assert.equal(fieldForError(doc, policy, 'title'), null);
    });

    test('times typed in are read in the co-op’s zone, daylight saving included', () => {
      assert.equal(zonedToIso('2027-01-15T18:00', 'Europe/Madrid'), '2027-01-15T17:00:00.000Z');
      assert.equal(zonedToIso('2027-07-15T18:00', 'Europe/Madrid'), '2027-07-15T16:00:00.000Z');
      assert.equal(zonedToIso('2027-07-15', 'America/New_York'), '2027-07-15T04:00:00.000Z');
      assert.equal(zonedToIso('not a time', 'Europe/Madrid'), null);
      assert.equal(isoToZoned('2027-07-15T16:00:00.000Z', 'Europe/Madrid'), '2027-07-15T18:00');
    });
  });
}

export function governanceJourney(): void {
  helperTests();
  let server: RunningServer;
  let clockDir: string;
  let offset = 0;
  const sessions: Session[] = [];
  const people = new Map<string, Session>();
  let proposalId = '';
  let tomasReceipt = '';
  let workerId = '';
  let firstBookingPath = '';

  /** A browser page on the governance server, signed in as `person` (through the API). */
  async function open(person: Person, options: { mobile?: boolean } = {}): Promise<Session> {
    const context = await env().browser.newContext({
      baseURL: server.url,
      locale: 'en-US',
      viewport: options.mobile ? { width: 360, height: 740 } : { width: 1280, height: 860 },
      ...(options.mobile ? { isMobile: true, hasTouch: true, deviceScaleFactor: 2 } : {}),
    });
    context.setDefaultTimeout(10_000);
    const page = await context.newPage();
    page.on('pageerror', (error) => console.error(`# page error: ${error.message}`));
    // React reports a crashed page in the console; refused API calls (expected in places) are not errors here.
    page.on('console', (m) => {
      if (m.type() === 'error' && !m.text().startsWith('Failed to load resource'))
        console.error(`# console: ${m.text().slice(0, 600)}`);
    });
    await page.goto('/');
    await ok(page, 'POST', '/api/auth/sign-in', { email: person.email, password: person.password });
    const session = { context, page };
    sessions.push(session);
    return session;
  }

  /** Moves the server's clock forward; the scheduler acts on what falls due at its next tick. */
  function advance(ms: number): void {
    offset += ms;
    writeFileSync(join(clockDir, 'offset'), String(offset));
  }

  async function proposalStatus(page: Page, id: string): Promise<string> {
    const view = await ok(page, 'GET', `/api/coops/${slug}/proposals/${id}`);
    return String(view.status);
  }

  async function waitForStatus(page: Page, wanted: string[], id = proposalId): Promise<string> {
    const until = Date.now() + 20_000;
    for (;;) {
      const status = await proposalStatus(page, id);
      if (wanted.includes(status)) return status;
      if (Date.now() > until)
        throw new Error(`the proposal stayed ${status}, expected ${wanted.join(' or ')}`);
      await sleep(250);
    }
  }

  /** The day after the server's today, in the co-op's zone (the server's clock runs ahead of the browser's). */
  function serverTomorrow(): string {
    return new Intl.DateTimeFormat('en-CA', {
      timeZone: 'Europe/Madrid',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    }).format(new Date(Date.now() + offset + DAY));
  }

  /** On a worker's page, changes the day and waits for that day's free times (not the previous day's). */
  async function showDay(page: Page, change: () => Promise<void>): Promise<void> {
    const asked = page.waitForRequest((r) => new URL(r.url()).pathname.endsWith('/slots'));
    await change();
    await (await asked).response();
  }

  /** On a worker's page, picks the first free time of the day shown and waits for the quote. */
  async function pickFirstSlot(page: Page): Promise<Locator> {
    await page.getByTestId('slots').getByRole('button').first().click();
    const quote = page.getByTestId('quote');
    await quote.getByTestId('price-breakdown').waitFor();
    return quote;
  }

  /** The price lines of a booking or a quote (one hour of Tomás's cleaning): the fee at its rate and version. */
  async function expectPrice(
    breakdown: Locator,
    price: { feeRate: string; version: number; fee: string; total: string },
  ): Promise<void> {
    const row = async (text: string) =>
      breakdown
        .getByRole('row', { name: new RegExp(text.replace(/[.()]/g, '\\$&').replace(/ \| /g, '\\s*')) })
        .waitFor();
    await row('18.00 EUR × 1 h | 18.00 EUR');
    await row(`Platform fee, ${price.feeRate}% (constitution version ${price.version}) | ${price.fee} EUR`);
    await row(`Total | ${price.total} EUR`);
  }

  async function checkPage(session: Session, label: string, shot: string): Promise<void> {
    const loading = session.page.getByRole('status').filter({ hasText: 'Loading' });
    for (let i = 0; i < 100 && (await loading.count()) > 0; i++) await sleep(100);
    assert.equal(await scrollsSideways(session.page), false, `${label} scrolls sideways`);
    await assertAccessible(session.page, label);
    await screenshot(session.page, shot);
  }

  after(async () => {
    for (const s of sessions) await s.context.close().catch(() => undefined);
    await server?.stop();
    if (clockDir) rmSync(clockDir, { recursive: true, force: true });
  });

  test('governance: a co-op with weighted classes and four members (setup through the API)', async () => {
    clockDir = mkdtempSync(join(tmpdir(), 'mutual-clock-'));
    // The journey's own server: a clock it can move, and a scheduler that looks every 300 ms.
    server = await startServer({
      env: { MUTUAL_CLOCK_FILE: join(clockDir, 'offset'), SCHEDULER_TICK_MS: '300' },
    });
    const context = await env().browser.newContext({ baseURL: server.url });
    const setup = await context.newPage();
    sessions.push({ context, page: setup });
    await setup.goto('/');
    for (const person of [founder, worker, customer, customer2]) {
      await ok(setup, 'POST', '/api/auth/sign-up', {
        email: person.email,
        displayName: person.name,
        password: person.password,
      });
      await ok(setup, 'POST', '/api/auth/sign-out');
    }
    const grace = await open(founder);
    people.set(founder.name, grace);
    await ok(grace.page, 'POST', '/api/coops', {
      name: 'Fair Hands',
      slug,
      mission: 'Home services owned by the people who do them and the households they serve.',
      sector: 'home-services',
      currency: 'EUR',
      timeZone: 'Europe/Madrid',
      defaultLanguage: 'en',
    });
    for (const [person, classKey] of [
      [worker, 'worker'],
      [customer, 'customer'],
      [customer2, 'customer'],
    ] as const) {
      const session = await open(person);
      people.set(person.name, session);
      const applied = await ok(session.page, 'POST', `/api/coops/${slug}/applications`, {
        classKey,
        statement: 'Glad to join.',
        agreedVersion: 1,
      });
      const id = String(applied.applicationId);
      await ok(grace.page, 'POST', `/api/coops/${slug}/applications/${id}/payment`, {
        reference: `REF-${id}`,
      });
      if (classKey === 'worker')
        await ok(grace.page, 'POST', `/api/coops/${slug}/applications/${id}/decision`, {
          decision: 'admit',
          reason: '',
        });
    }
    const members = (await ok(grace.page, 'GET', `/api/coops/${slug}/members`)).members as unknown[];
    assert.equal(members.length, 4);

    // Tomás offers cleaning in the market at 18.00 EUR an hour, every day from 08:00 to 20:00.
    const tomas = people.get(worker.name)!.page;
    const profile = await ok(tomas, 'PUT', `/api/coops/${slug}/me/worker`, {
      displayName: 'Tomás S.',
      timeZone: 'Europe/Madrid',
      languages: ['en', 'es'],
      area: { kind: 'postal', postalCodes: ['28001'] },
    });
    workerId = String(profile.id);
    await ok(tomas, 'POST', `/api/coops/${slug}/me/worker/services`, {
      categoryKey: 'cleaning',
      title: 'Home cleaning',
      description: '',
      pricing: 'hourly',
      rate: '1800',
      minDurationMinutes: 60,
    });
    await ok(tomas, 'PUT', `/api/coops/${slug}/me/worker/availability`, {
      rules: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: '08:00', end: '20:00' })),
    });
  });

  test('governance: a worker drafts a policy change in the browser; the server checks the constitution', async () => {
    const { page } = people.get(worker.name)!;
    await page.goto(base);
    await page
      .getByRole('navigation', { name: 'Fair Hands' })
      .getByRole('link', { name: 'Proposals' })
      .click();
    await expectHeading(page, 'Proposals');
    await page.getByTestId('proposals-empty').getByText('No proposals yet.').waitFor();
    await page.getByTestId('new-proposal').click();
    await expectHeading(page, 'New proposal');
    await page.getByRole('radio', { name: 'Policy change' }).check();
    await page
      .getByTestId('rules-ahead')
      .getByText('Needs 2 seconds, at least 3 days of discussion')
      .waitFor();
    await page.getByTestId('rules-ahead').getByText('The constitution asks for a secret ballot.').waitFor();
    await page.getByLabel(/^Title/).fill(feeTitle);
    await page
      .getByLabel('Text', { exact: true })
      .fill('Bookings have grown; 6% covers the platform. Workers keep more of each job.');

    const picker = page.getByRole('combobox', { name: 'Rule to change' });
    await picker.click();
    await picker.fill('Platform fee');
    await page.getByRole('option', { name: 'Platform fee', exact: true }).click();
    const fee = page.getByLabel('Platform fee — new value');
    assert.equal(await fee.inputValue(), '8');
    await fee.fill('150');
    // A second rule that breaks the constitution: the server refuses it, naming what is wrong.
    await picker.click();
    await picker.fill('reserve');
    await page.getByRole('option', { name: 'Surplus to the reserve', exact: true }).click();
    await page.getByLabel('Surplus to the reserve — new value').fill('50');
    await page.getByTestId('save-draft').click();
    await page.getByText('Give a percentage between 0 and 100, with at most two decimals.').waitFor();
    await fee.fill('6');
    const preview = page.getByTestId('change-preview');
    await preview.getByRole('row', { name: /Platform fee.*8\.00%.*6\.00%/ }).waitFor();
    await assertAccessible(page, 'new proposal (policy change)');
    await screenshot(page, 'governance-new-policy');
    await page.getByTestId('save-draft').click();
    await page
      .getByTestId('form-error')
      .getByText(/must add up to 100%/)
      .waitFor();
    await page.getByRole('button', { name: 'Do not change Surplus to the reserve' }).click();
    await page.getByTestId('save-draft').click();

    await expectHeading(page, `#1 ${feeTitle}`);
    proposalId = new URL(page.url()).pathname.split('/').at(-1) ?? '';
    const diff = page.getByTestId('proposal-diff');
    await diff.getByRole('row', { name: /Platform fee.*market\.platformFeeBps.*8\.00%.*6\.00%/ }).waitFor();
    assert.equal(await diff.locator('tbody tr').count(), 1);
    const rules = page.getByTestId('frozen-rules');
    await rules
      .getByTestId('rule-quorum')
      .getByText('At least 30.00% of the members on the roll must vote')
      .waitFor();
    await rules.getByTestId('rule-threshold').getByText('More than half yes among yes and no.').waitFor();
    await rules
      .getByTestId('rule-secret')
      .getByText(/^Secret/)
      .waitFor();
    await rules
      .getByTestId('rule-weighting')
      .getByText('By class: Worker 60.00%, Customer 40.00%.')
      .waitFor();
    await rules
      .getByTestId('rules-frozen')
      .getByText(/frozen when voting opens/)
      .waitFor();
    await page.getByTestId('submit-proposal').click();
    await page.getByTestId('seconds-count').getByText('0 of 2 seconds').waitFor();
    await assertAccessible(page, 'proposal (gathering seconds)');
    await screenshot(page, 'governance-proposal-seconding');
  });

  test('governance: while the fee change gathers seconds, a customer books the worker at 8% (constitution version 1)', async () => {
    const { page } = people.get(customer.name)!;
    await page.goto(base);
    await page
      .getByRole('navigation', { name: 'Fair Hands' })
      .getByRole('link', { name: 'Find a worker' })
      .click();
    await expectHeading(page, 'Find a worker');
    await page
      .locator('label')
      .filter({ hasText: /^Postal code$/ })
      .click();
    await page.getByLabel('Postal code of the place').fill('28001');
    await page.getByTestId('search-submit').click();
    const result = page.getByTestId('search-result').filter({ hasText: 'Tomás S.' });
    await result
      .getByTestId('estimate')
      .getByText('19.44 EUR in all: 18.00 EUR for the work and 1.44 EUR platform fee.')
      .waitFor();
    await result.getByRole('link', { name: 'Choose a time' }).click();
    await expectHeading(page, 'Tomás S.');
    // Tomorrow's first time: well clear of the minute's margin the slot list keeps before now.
    await showDay(page, () => page.getByRole('button', { name: 'Next day' }).click());
    const quote = await pickFirstSlot(page);
    await expectPrice(quote.getByTestId('price-breakdown'), {
      feeRate: '8.00',
      version: 1,
      fee: '1.44',
      total: '19.44',
    });
    await quote.getByLabel('Address of the work').fill('Calle Mayor 1, 28001 Madrid');
    await quote.getByTestId('request-booking').click();
    await page.waitForURL(/\/bookings\/[0-9a-f-]+$/);
    await expectHeading(page, 'Home cleaning');
    firstBookingPath = new URL(page.url()).pathname;
    await expectPrice(page.getByTestId('price-breakdown'), {
      feeRate: '8.00',
      version: 1,
      fee: '1.44',
      total: '19.44',
    });
  });

  test('governance: two members second it, the members discuss it, the board hides an off-topic comment', async () => {
    for (const person of [customer, customer2]) {
      const { page } = people.get(person.name)!;
      await page.goto(`${base}/proposals?filter=discussion`);
      await page
        .getByTestId('proposal-card')
        .getByRole('link', { name: `#1 ${feeTitle}` })
        .click();
      await expectHeading(page, `#1 ${feeTitle}`);
      await page.getByTestId('second-proposal').click();
      await page
        .getByTestId('proposal-status')
        .filter({ hasText: /Gathering seconds|In discussion/ })
        .waitFor();
    }
    const chidi = people.get(customer.name)!.page;
    await chidi.reload();
    await chidi.getByTestId('proposal-status').getByText('In discussion').waitFor();
    await chidi
      .getByTestId('voting-dates')
      .getByText(/^Voting opens .* and closes /)
      .waitFor();

    const form = chidi.getByTestId('comment-form');
    await form.getByLabel('Your comment').fill('Could we say 6% for two years, then review it?');
    await form.getByLabel('This suggests an amendment').check();
    await form.getByRole('button', { name: 'Comment' }).click();
    const chidiComment = chidi.getByTestId('comment').filter({ hasText: 'for two years' });
    await chidiComment.getByTestId('amendment-badge').waitFor();

    const tomas = people.get(worker.name)!.page;
    await tomas.reload();
    await tomas.getByRole('button', { name: 'Reply to Chidi Okeke' }).click();
    await tomas
      .getByTestId('reply-form')
      .getByLabel('Your reply')
      .fill('A review after two years sounds right.');
    await tomas.getByTestId('reply-form').getByRole('button', { name: 'Reply' }).click();
    await tomas
      .getByRole('list', { name: 'Replies to Chidi Okeke' })
      .getByText('A review after two years sounds right.')
      .waitFor();

    const dana = people.get(customer2.name)!.page;
    await dana.reload();
    await dana
      .getByTestId('comment-form')
      .getByLabel('Your comment')
      .fill('Cheap sofas at my cousin’s shop!');
    await dana.getByTestId('comment-form').getByRole('button', { name: 'Comment' }).click();
    await dana.getByText('Cheap sofas').waitFor();

    const grace = people.get(founder.name)!.page;
    await grace.goto(`${base}/proposals/${proposalId}`);
    const spam = grace.getByTestId('comment').filter({ hasText: 'Cheap sofas' });
    await spam.getByRole('button', { name: 'Hide' }).click();
    await spam.getByLabel('Reason for hiding it (everyone sees it)').fill('Advertising, not about the fee.');
    await spam.getByRole('button', { name: 'Hide the comment' }).click();
    await grace
      .getByTestId('hidden-comment')
      .getByText(/Hidden by a moderator on .*: Advertising, not about the fee\./)
      .waitFor();
    assert.equal(await grace.getByText('Cheap sofas').count(), 0);
  });

  test('governance: a member appoints a proxy within the cap and picks which emails to get', async () => {
    const { page } = people.get(customer2.name)!;
    await page.goto(base);
    await page
      .getByRole('navigation', { name: 'Fair Hands' })
      .getByRole('link', { name: 'My votes' })
      .click();
    await expectHeading(page, 'My votes and proxies');
    await page
      .getByTestId('proxy-cap')
      .getByText('A member may hold the proxies of up to 2 other members.')
      .waitFor();
    await page.getByTestId('votes-empty').waitFor();
    const appoint = page.getByTestId('appoint-proxy');
    await appoint.getByLabel('Member who votes for you').selectOption({ label: customer.name });
    await appoint.getByRole('button', { name: 'Appoint' }).click();
    await page.getByTestId('proxy-given').getByText(`${customer.name} votes for me`).waitFor();
    await page.getByRole('radio', { name: 'Only votes' }).check();
    await page.getByText('Your choice is saved.').waitFor();
    await page.reload();
    await expectHeading(page, 'My votes and proxies');
    assert.equal(await page.getByRole('radio', { name: 'Only votes' }).isChecked(), true);
    await checkPage(
      { context: people.get(customer2.name)!.context, page },
      'my votes and proxies',
      'governance-my-votes',
    );
  });

  test('governance: after the discussion, members vote by secret ballot — one as a proxy, one changing their vote', async () => {
    const tomas = people.get(worker.name)!.page;
    advance(3 * DAY + 5 * 60_000);
    await waitForStatus(tomas, ['voting']);

    await tomas.goto(`${base}/proposals?filter=open`);
    await tomas.getByRole('link', { name: `#1 ${feeTitle}` }).click();
    await expectHeading(tomas, `#1 ${feeTitle}`);
    await tomas
      .getByTestId('frozen-rules')
      .getByTestId('rules-frozen')
      .getByText(/^Frozen when voting opened/)
      .waitFor();
    const ballot = tomas.getByTestId('ballot');
    await ballot.getByRole('radio', { name: 'Yes' }).check();
    await ballot.getByTestId('cast').click();
    const receiptPanel = tomas.getByTestId('receipt-panel');
    tomasReceipt = ((await receiptPanel.getByTestId('receipt').textContent()) ?? '').trim();
    assert.match(tomasReceipt, /^[A-Za-z0-9_-]{16,}$/);
    assert.match((await receiptPanel.getByTestId('ballot-key').textContent()) ?? '', /^[A-Za-z0-9_-]{43}$/);
    await tomas.getByTestId('roll-count').getByText('1 of 4 members on the roll have voted.').waitFor();
    await checkPage(
      { context: people.get(worker.name)!.context, page: tomas },
      'proposal (voting, receipt)',
      'governance-ballot-receipt',
    );

    // Chidi votes no, keeps the key in this browser, changes to yes with it, then votes for Dana as proxy.
    const chidi = people.get(customer.name)!.page;
    await chidi.goto(`${base}/proposals/${proposalId}`);
    const chidiBallot = chidi.getByTestId('ballot');
    await chidiBallot.getByRole('radio', { name: 'Myself' }).check();
    await chidiBallot.getByRole('radio', { name: 'No' }).check();
    await chidiBallot.getByTestId('cast').click();
    await chidi.getByTestId('receipt-panel').getByText('It will be counted at the close.').waitFor();
    await chidi.getByLabel('Remember them on this device').check();
    await chidi.getByTestId('already-voted').waitFor();
    await chidiBallot.getByRole('radio', { name: 'Yes' }).check();
    await chidiBallot.getByRole('button', { name: 'Change my vote' }).click();
    await chidi.getByTestId('receipt-panel').getByText('It replaces your earlier ballot.').waitFor();
    await chidi.getByRole('button', { name: 'Show my ballot' }).click();
    await chidi.getByTestId('my-ballot').getByText('Your ballot: Yes').waitFor();
    await chidiBallot.getByRole('radio', { name: 'Dana Scully, as their proxy' }).check();
    await chidiBallot.getByRole('radio', { name: 'Abstain' }).check();
    await chidiBallot.getByTestId('cast').click();
    await chidi.getByTestId('roll-count').getByText('3 of 4 members on the roll have voted.').waitFor();

    // Grace votes no (through the API: the ballot UI is shown above).
    const grace = people.get(founder.name)!.page;
    await ok(grace, 'POST', `/api/coops/${slug}/proposals/${proposalId}/ballot`, {
      ballot: { choice: 'no' },
    });

    // The roll says who voted, never what.
    await tomas.reload();
    await tomas.getByRole('button', { name: 'Show who has voted' }).click();
    const roll = tomas.getByTestId('roll');
    await roll.getByRole('row', { name: /Dana Scully.*Customer.*Voted by proxy \(Chidi Okeke\)/ }).waitFor();
    const early = await api(grace, 'GET', `/api/coops/${slug}/proposals/${proposalId}/results`);
    assert.notEqual(early.status, 200, 'results stay hidden until the close');
  });

  test('governance: it closes, passes with quorum, and the constitution moves to version 2 at 6.00%', async () => {
    const tomas = people.get(worker.name)!.page;
    advance(7 * DAY + 5 * 60_000);
    assert.equal(await waitForStatus(tomas, ['enacted']), 'enacted');

    await tomas.goto(`${base}/proposals/${proposalId}`);
    await tomas.getByTestId('stage').getByText('Passed and in effect').waitFor();
    await tomas
      .getByTestId('enactment')
      .getByText(/the constitution is now at version 2\./)
      .waitFor();
    await tomas.getByTestId('see-results').click();
    await expectHeading(tomas, `Result of #1 ${feeTitle}`);
    await tomas.getByTestId('outcome').getByText('Passed').waitFor();
    await tomas.getByTestId('quorum').getByText('Met', { exact: true }).waitFor();
    await tomas
      .getByTestId('turnout')
      .getByText('4 ballots from 4 members on the roll', { exact: false })
      .waitFor();
    const classes = tomas.getByTestId('class-shares');
    await classes.getByRole('row', { name: /^Worker 60\.00% 2 2 100\.00%/ }).waitFor();
    await classes.getByRole('row', { name: /^Customer 40\.00% 2 2 100\.00%/ }).waitFor();
    await tomas.getByTestId('threshold-test').getByText('Met').waitFor();
    const resultHash = ((await tomas.getByTestId('result-hash').textContent()) ?? '').trim();
    assert.match(resultHash, /^[0-9a-f]{64}$/);
    await tomas
      .getByTestId('recount-command')
      .getByText(`mutual tally --ballots proposal-${proposalId}-ballots.json`)
      .waitFor();

    // The published ballot file downloads, matches the hash shown, and holds Tomás's ballot under his receipt.
    const fileHash = ((await tomas.getByTestId('file-hash').textContent()) ?? '').trim();
    const [download] = await Promise.all([
      tomas.waitForEvent('download'),
      tomas.getByTestId('download-ballots').click(),
    ]);
    assert.equal(download.suggestedFilename(), `proposal-${proposalId}-ballots.json`);
    const file = join(clockDir, download.suggestedFilename());
    await download.saveAs(file);
    const text = readFileSync(file, 'utf8');
    assert.equal(createHash('sha256').update(text).digest('hex'), fileHash);
    await tomas.getByTestId('check-hash').click();
    await tomas.getByTestId('hash-check').getByText('The published file matches its hash.').waitFor();
    const published = JSON.parse(text) as { ballots: { receipt: string; class?: string; choice?: string }[] };
    assert.equal(published.ballots.length, 4);
    assert.deepEqual(
      published.ballots.find((b) => b.receipt === tomasReceipt),
      { receipt: tomasReceipt, class: 'worker', choice: 'yes' },
    );
    await tomas.getByLabel('Receipt').fill(tomasReceipt);
    await tomas.getByRole('button', { name: 'Find', exact: true }).click();
    await tomas.getByTestId('found-ballot').getByText('Found: your ballot says Yes.').waitFor();
    await checkPage(
      { context: people.get(worker.name)!.context, page: tomas },
      'results',
      'governance-results',
    );

    // Anyone can re-count the file with the command line and get the same outcome.
    const recount = spawnSync(
      join(repoRoot, 'node_modules', '.bin', 'node'),
      ['server/main.ts', 'tally', '--ballots', file, '--format', 'json'],
      { cwd: repoRoot, encoding: 'utf8' },
    );
    assert.equal(recount.status, 0, recount.stderr);
    const counted = JSON.parse(recount.stdout) as { result?: { outcome?: string; passed?: boolean } };
    const outcome = counted.result?.outcome ?? (counted.result?.passed ? 'passed' : 'failed');
    assert.equal(outcome, 'passed', recount.stdout);

    // The constitution page reads version 2 with the new fee, and the change from version 1.
    await tomas
      .getByRole('navigation', { name: 'Fair Hands' })
      .getByRole('link', { name: 'Constitution' })
      .click();
    await expectHeading(tomas, 'Constitution');
    await tomas
      .getByTestId('version-status')
      .getByText(/^Version 2, in force since /)
      .waitFor();
    await tomas
      .getByTestId('constitution-rules')
      .getByText('The platform keeps 6.00% of each booking.')
      .waitFor();
    await tomas.getByTestId('version-history').getByText('Adopted proposal').waitFor();
    await tomas.getByTestId('diff').getByText('market.platformFeeBps').waitFor();
    assert.match(
      (await tomas.getByTestId('diff').textContent()) ?? '',
      /market\.platformFeeBps: 8\.00% → 6\.00%/,
    );
    await screenshot(tomas, 'governance-constitution-v2');

    // Everyone's "my votes" shows the vote; Dana's says her proxy cast it.
    const dana = people.get(customer2.name)!.page;
    await dana.goto(`${base}/votes`);
    await dana
      .getByTestId('my-votes')
      .getByRole('row', { name: /Lower the platform fee.*Enacted.*Cast by my proxy, Chidi Okeke/ })
      .waitFor();
  });

  test('governance: the next booking is priced at 6% (version 2); the earlier one keeps 8% (version 1)', async () => {
    const { page } = people.get(customer.name)!;
    await page.goto(`${base}/workers/${workerId}`);
    await expectHeading(page, 'Tomás S.');
    await showDay(page, () => page.getByLabel('Day', { exact: true }).fill(serverTomorrow()));
    const quote = await pickFirstSlot(page);
    await expectPrice(quote.getByTestId('price-breakdown'), {
      feeRate: '6.00',
      version: 2,
      fee: '1.08',
      total: '19.08',
    });
    await quote.getByLabel('Address of the work').fill('Calle Mayor 1, 28001 Madrid');
    await quote.getByTestId('request-booking').click();
    await page.waitForURL(
      (url) => /\/bookings\/[0-9a-f-]+$/.test(url.pathname) && url.pathname !== firstBookingPath,
    );
    await expectHeading(page, 'Home cleaning');
    await expectPrice(page.getByTestId('price-breakdown'), {
      feeRate: '6.00',
      version: 2,
      fee: '1.08',
      total: '19.08',
    });
    await page.getByText('Priced under version 2 of the constitution').waitFor();

    // The booking made before the change keeps the fee and the version it was priced under.
    await page.goto(firstBookingPath);
    await expectHeading(page, 'Home cleaning');
    await expectPrice(page.getByTestId('price-breakdown'), {
      feeRate: '8.00',
      version: 1,
      fee: '1.44',
      total: '19.44',
    });
    await page.getByText('Priced under version 1 of the constitution').waitFor();
  });

  test('governance: the pages work on a phone and pass axe', async () => {
    const phone = await open(worker, { mobile: true });
    const pages = [
      { path: `${base}/proposals`, title: 'Proposals', shot: 'governance-proposals-mobile' },
      { path: `${base}/proposals/new`, title: 'New proposal', shot: 'governance-new-mobile' },
      {
        path: `${base}/proposals/${proposalId}`,
        title: `#1 ${feeTitle}`,
        shot: 'governance-proposal-mobile',
      },
      {
        path: `${base}/proposals/${proposalId}/results`,
        title: `Result of #1 ${feeTitle}`,
        shot: 'governance-results-mobile',
      },
      { path: `${base}/votes`, title: 'My votes and proxies', shot: 'governance-my-votes-mobile' },
    ];
    for (const target of pages) {
      await phone.page.goto(target.path);
      await expectHeading(phone.page, target.title);
      await checkPage(phone, `${target.title} (mobile)`, target.shot);
    }
    const desktop = people.get(worker.name)!;
    await desktop.page.goto(`${base}/proposals?filter=decided`);
    await desktop.page.getByTestId('proposal-card').first().waitFor();
    await checkPage(desktop, 'proposals list', 'governance-proposals');
  });

  test('governance: a constitution amendment switches elections to STV (through the API)', async () => {
    const grace = people.get(founder.name)!.page;
    const drafted = await ok(grace, 'POST', `/api/coops/${slug}/proposals`, {
      kind: 'bylaws',
      title: 'Elect the board by STV; score choices among options',
      changes: { voting: { decisions: { election: { method: 'stv' }, ordinary: { method: 'score' } } } },
    });
    const id = String(drafted.id);
    await ok(grace, 'POST', `/api/coops/${slug}/proposals/${id}/submit`);
    for (const person of [worker, customer, customer2])
      await ok(people.get(person.name)!.page, 'POST', `/api/coops/${slug}/proposals/${id}/seconds`);
    advance(7 * DAY + 5 * 60_000);
    await waitForStatus(grace, ['voting'], id);
    for (const person of [founder, worker, customer, customer2])
      await ok(people.get(person.name)!.page, 'POST', `/api/coops/${slug}/proposals/${id}/ballot`, {
        ballot: { choice: 'yes' },
      });
    advance(14 * DAY + 5 * 60_000);
    // A month has passed on the server since everyone signed in: their sessions ended; they sign in again.
    for (const person of [founder, worker, customer, customer2]) people.set(person.name, await open(person));
    assert.equal(await waitForStatus(people.get(founder.name)!.page, ['enacted'], id), 'enacted');
  });

  let budgetId = '';

  /** Chidi drafts a participatory budget with three projects in the browser; Dana seconds it. */
  async function draftBudget(): Promise<void> {
    const chidi = people.get(customer.name)!.page;
    await chidi.goto(`${base}/proposals/new`);
    await expectHeading(chidi, 'New proposal');
    await chidi.getByRole('radio', { name: 'Participatory budget' }).check();
    await chidi.getByLabel(/^Title/).fill('Community fund 2027');
    await chidi.getByLabel('Amount from the community fund').fill('1000');
    const projects = [
      ['Tool library', '600'],
      ['Training days', '500'],
      ['First-aid kits', '300'],
    ] as const;
    for (const [i, [name, cost]] of projects.entries()) {
      await chidi.getByRole('button', { name: 'Add a project' }).click();
      await chidi.getByLabel(`Project ${i + 1}: name`).fill(name);
      await chidi.getByLabel(`Project ${i + 1}: cost`).fill(cost);
    }
    await chidi
      .getByTestId('projects-total')
      .getByText('The projects cost 1,400.00 EUR together; the budget is 1,000.00 EUR.')
      .waitFor();
    await chidi.getByTestId('save-draft').click();
    await expectHeading(chidi, '#4 Community fund 2027');
    budgetId = new URL(chidi.url()).pathname.split('/').at(-1) ?? '';
    await chidi.getByTestId('budget-facts').getByText('1,000.00 EUR from the community fund.').waitFor();
    await chidi.getByTestId('submit-proposal').click();
    await chidi.getByTestId('seconds-count').waitFor();
    await ok(people.get(customer2.name)!.page, 'POST', `/api/coops/${slug}/proposals/${budgetId}/seconds`);
  }

  /** Chidi picks projects within the budget; the picker refuses a choice over it. */
  async function voteOnBudget(): Promise<void> {
    const chidi = people.get(customer.name)!.page;
    await chidi.goto(`${base}/proposals/${budgetId}`);
    const ballot = chidi.getByTestId('ballot');
    await ballot.getByRole('checkbox', { name: /^Tool library/ }).check();
    await ballot.getByRole('checkbox', { name: /^Training days/ }).check();
    await ballot
      .getByTestId('budget-meter')
      .getByText('Over the budget by 100.00 EUR: untick a project.')
      .waitFor();
    assert.equal(await ballot.getByTestId('cast').isDisabled(), true);
    await ballot.getByRole('checkbox', { name: /^Training days/ }).uncheck();
    await ballot.getByRole('checkbox', { name: /^First-aid kits/ }).check();
    await ballot.getByTestId('budget-meter').getByText('Chosen: 900.00 EUR of 1,000.00 EUR').waitFor();
    await assertAccessible(chidi, 'budget ballot');
    await screenshot(chidi, 'governance-budget-ballot');
    await ballot.getByTestId('cast').click();
    await chidi.getByTestId('receipt-panel').waitFor();
    const view = await ok(chidi, 'GET', `/api/coops/${slug}/proposals/${budgetId}`);
    const key = new Map(
      (view.options as { key: string; name: string }[]).map((o) => [o.name, o.key] as const),
    );
    for (const person of [founder, worker, customer2])
      await ok(people.get(person.name)!.page, 'POST', `/api/coops/${slug}/proposals/${budgetId}/ballot`, {
        ballot: { approve: [key.get('Tool library'), key.get('First-aid kits')] },
      });
  }

  let resolutionId = '';
  const places = ['Community hall', 'Park pavilion', 'Online'];

  /** Tomás drafts a resolution with three options (counted by score since the amendment); Grace seconds it. */
  async function draftResolution(): Promise<void> {
    const tomas = people.get(worker.name)!.page;
    await tomas.goto(`${base}/proposals/new`);
    await expectHeading(tomas, 'New proposal');
    await tomas.getByRole('radio', { name: 'Resolution' }).check();
    await tomas
      .getByTestId('rules-ahead')
      .getByText(/voted by score voting/)
      .waitFor();
    await tomas.getByLabel(/^Title/).fill('Where to hold the 2027 assembly');
    await tomas.getByRole('radio', { name: 'A choice among options' }).check();
    await tomas.getByRole('button', { name: 'Add an option' }).click();
    for (const [i, place] of places.entries())
      await tomas.getByRole('textbox', { name: `Option ${i + 1}` }).fill(place);
    await tomas.getByTestId('save-draft').click();
    await expectHeading(tomas, '#5 Where to hold the 2027 assembly');
    resolutionId = new URL(tomas.url()).pathname.split('/').at(-1) ?? '';
    await tomas.getByTestId('submit-proposal').click();
    await tomas.getByTestId('seconds-count').waitFor();
    await ok(people.get(founder.name)!.page, 'POST', `/api/coops/${slug}/proposals/${resolutionId}/seconds`);
  }

  /** Dana scores the places with the sliders, by keyboard; the others score through the API. */
  async function voteOnResolution(): Promise<void> {
    const dana = people.get(customer2.name)!.page;
    await dana.goto(`${base}/proposals/${resolutionId}`);
    const ballot = dana.getByTestId('ballot');
    await ballot.getByText('Give each option a score from 0 to 5').first().waitFor();
    const slider = (place: string) => ballot.getByRole('slider', { name: `Score for ${place}` });
    await slider('Park pavilion').focus();
    for (let i = 0; i < 4; i++) await dana.keyboard.press('ArrowRight');
    await slider('Online').focus();
    await dana.keyboard.press('ArrowRight');
    assert.equal(await slider('Park pavilion').getAttribute('aria-valuenow'), '4');
    assert.equal(await slider('Online').getAttribute('aria-valuenow'), '1');
    await assertAccessible(dana, 'score ballot');
    await screenshot(dana, 'governance-score-ballot');
    await ballot.getByTestId('cast').click();
    await dana.getByTestId('receipt-panel').waitFor();
    const view = await ok(dana, 'GET', `/api/coops/${slug}/proposals/${resolutionId}`);
    const key = new Map(
      (view.options as { key: string; name: string }[]).map((o) => [o.name, o.key] as const),
    );
    const scores = (hall: number, park: number, online: number) => ({
      [key.get('Community hall')!]: hall,
      [key.get('Park pavilion')!]: park,
      [key.get('Online')!]: online,
    });
    await ok(people.get(founder.name)!.page, 'POST', `/api/coops/${slug}/proposals/${resolutionId}/ballot`, {
      ballot: { scores: scores(2, 5, 0) },
    });
    await ok(people.get(worker.name)!.page, 'POST', `/api/coops/${slug}/proposals/${resolutionId}/ballot`, {
      ballot: { scores: scores(5, 3, 1) },
    });
  }

  test('governance: a board election by STV — ranked by dragging and by buttons — gives the winners the board role', async () => {
    const grace = people.get(founder.name)!.page;
    await grace.goto(`${base}/proposals/new?kind=election`);
    await expectHeading(grace, 'New proposal');
    await grace
      .getByTestId('rules-ahead')
      .getByText(/voted by single transferable vote/)
      .waitFor();
    await grace.getByLabel(/^Title/).fill('Board election 2027');
    await grace.getByLabel('Seats').fill('2');
    await grace.getByLabel('Term (months)').fill('12');
    const candidates = grace.getByRole('combobox', { name: 'Candidates' });
    for (const person of [worker, customer, customer2]) {
      await candidates.click();
      await candidates.fill(person.name.split(' ')[0]!);
      await grace.getByRole('option', { name: person.name }).click();
    }
    await grace.keyboard.press('Escape');
    await assertAccessible(grace, 'new proposal (election)');
    await grace.getByTestId('save-draft').click();
    await expectHeading(grace, '#3 Board election 2027');
    const electionId = new URL(grace.url()).pathname.split('/').at(-1) ?? '';
    await grace
      .getByTestId('election-facts')
      .getByText('2 seats with the Board role, for 12 months.')
      .waitFor();
    assert.equal(await grace.getByTestId('option').count(), 3);
    await grace.getByTestId('submit-proposal').click();
    await grace.getByTestId('seconds-count').getByText('0 of 1 seconds').waitFor();
    await ok(people.get(customer2.name)!.page, 'POST', `/api/coops/${slug}/proposals/${electionId}/seconds`);
    // A participatory budget goes through the same days alongside the election.
    await draftBudget();
    await draftResolution();
    advance(3 * DAY + 5 * 60_000);
    await waitForStatus(grace, ['voting'], electionId);

    // Tomás ranks in the browser: adds all three, drags himself to the top, moves Dana up with a button.
    const tomas = people.get(worker.name)!.page;
    await tomas.goto(`${base}/proposals/${electionId}`);
    await tomas
      .getByTestId('rule-method')
      .getByText(/single transferable vote/)
      .first()
      .waitFor();
    const ballot = tomas.getByTestId('ballot');
    for (const person of [customer, customer2, worker])
      await ballot.getByRole('button', { name: `Add ${person.name} to the ranking` }).click();
    const view = await ok(tomas, 'GET', `/api/coops/${slug}/proposals/${electionId}`);
    const keyOf = new Map(
      (view.options as { key: string; name: string }[]).map((o) => [o.name, o.key] as const),
    );
    const ranked = () =>
      tomas.getByTestId('ranked').evaluateAll((items) => items.map((i) => i.getAttribute('data-key')));
    assert.deepEqual(await ranked(), [
      keyOf.get(customer.name),
      keyOf.get(customer2.name),
      keyOf.get(worker.name),
    ]);
    await tomas.getByTestId('ranked').nth(2).dragTo(tomas.getByTestId('ranked').nth(0));
    await ballot
      .getByTestId('ranking-announcement')
      .getByText(`${worker.name} is now number 1.`)
      .waitFor({ state: 'attached' });
    await ballot.getByRole('button', { name: `Move ${customer2.name} up` }).click();
    await ballot
      .getByTestId('ranking-announcement')
      .getByText(`${customer2.name} is now number 2.`)
      .waitFor({ state: 'attached' });
    assert.deepEqual(await ranked(), [
      keyOf.get(worker.name),
      keyOf.get(customer2.name),
      keyOf.get(customer.name),
    ]);
    await checkPage(
      { context: people.get(worker.name)!.context, page: tomas },
      'ranked ballot',
      'governance-ranked-ballot',
    );
    await ballot.getByTestId('cast').click();
    await tomas.getByTestId('receipt-panel').waitFor();

    // The others vote through the API. Workers' ballots weigh 3, customers' 2 (60 % and 40 %).
    const rank = async (person: Person, names: Person[]) =>
      ok(people.get(person.name)!.page, 'POST', `/api/coops/${slug}/proposals/${electionId}/ballot`, {
        ballot: { ranking: names.map((n) => keyOf.get(n.name)) },
      });
    await rank(founder, [worker, customer2]);
    await rank(customer, [customer, customer2]);
    await rank(customer2, [customer2, customer]);
    await waitForStatus(grace, ['voting'], budgetId);
    await voteOnBudget();
    await waitForStatus(grace, ['voting'], resolutionId);
    await voteOnResolution();
    advance(7 * DAY + 5 * 60_000);
    assert.equal(await waitForStatus(grace, ['enacted'], electionId), 'enacted');

    await tomas.goto(`${base}/proposals/${electionId}/results`);
    await expectHeading(tomas, 'Result of #3 Board election 2027');
    await tomas.getByTestId('outcome').getByText('Elected').waitFor();
    const options = tomas.getByTestId('option-results');
    await options.getByRole('row', { name: new RegExp(`^${worker.name}.*Elected`) }).waitFor();
    await options.getByRole('row', { name: new RegExp(`^${customer2.name}.*Elected`) }).waitFor();
    assert.equal(await options.getByText('Elected').count(), 2);
    await tomas.getByTestId('rounds').getByRole('columnheader', { name: 'Round 2' }).waitFor();
    await tomas.getByTestId('rounds-chart').waitFor({ state: 'attached' });
    await tomas.getByTestId('download-blt').waitFor();
    await tomas
      .getByTestId('result-enactment')
      .getByText(/the winners hold the Board role until/)
      .waitFor();
    await checkPage(
      { context: people.get(worker.name)!.context, page: tomas },
      'election results',
      'governance-election-results',
    );

    // The winners hold the board role now; the founder's ended with the election.
    await tomas.reload();
    await tomas
      .getByRole('navigation', { name: 'Fair Hands' })
      .getByRole('link', { name: 'Applications' })
      .waitFor();
    await grace.goto(base);
    await grace
      .getByRole('navigation', { name: 'Fair Hands' })
      .getByRole('link', { name: 'Proposals' })
      .waitFor();
    assert.equal(
      await grace
        .getByRole('navigation', { name: 'Fair Hands' })
        .getByRole('link', { name: 'Applications' })
        .count(),
      0,
    );
  });

  test('governance: the budget funds the projects that fit, and the result says what waits for the ledger', async () => {
    const chidi = people.get(customer.name)!.page;
    assert.match(await waitForStatus(chidi, ['funded', 'enacted'], budgetId), /funded|enacted/);
    await chidi.goto(`${base}/proposals/${budgetId}/results`);
    await expectHeading(chidi, 'Result of #4 Community fund 2027');
    await chidi.getByTestId('outcome').getByText('Funded').waitFor();
    await chidi.getByTestId('budget-spent').getByText('900.00 EUR of 1,000.00 EUR funded.').waitFor();
    // The new co-op's community fund is empty: the earmark in the ledger waits, and the page says so.
    await chidi
      .getByTestId('result-enactment')
      .getByText(/^Waiting to take effect: /)
      .waitFor();
    const projects = chidi.getByTestId('option-results');
    await projects.getByRole('row', { name: /^Tool library.*600\.00 EUR.*Funded/ }).waitFor();
    await projects.getByRole('row', { name: /^First-aid kits.*300\.00 EUR.*Funded/ }).waitFor();
    await projects.getByRole('row', { name: /^Training days.*500\.00 EUR.*—$/ }).waitFor();
    await checkPage(
      { context: people.get(customer.name)!.context, page: chidi },
      'budget results',
      'governance-budget-results',
    );
  });

  test('governance: the score vote picks the park; an open ballot shows members who scored what', async () => {
    const tomas = people.get(worker.name)!.page;
    assert.equal(await waitForStatus(tomas, ['passed'], resolutionId), 'passed');
    await tomas.goto(`${base}/proposals/${resolutionId}/results`);
    await expectHeading(tomas, 'Result of #5 Where to hold the 2027 assembly');
    const options = tomas.getByTestId('option-results');
    await options.getByRole('row', { name: /^Park pavilion.*Chosen/ }).waitFor();
    assert.equal(await options.getByText('Chosen').count(), 1);
    await tomas.getByRole('link', { name: '← Back to the proposal' }).click();
    await expectHeading(tomas, '#5 Where to hold the 2027 assembly');
    await tomas.getByRole('button', { name: 'Show who has voted' }).click();
    await tomas
      .getByTestId('roll')
      .getByRole('row', {
        name: /Dana Scully.*Customer.*Voted.*Community hall: 0, Park pavilion: 4, Online: 1/,
      })
      .waitFor();
  });

  test('governance: a member drafts an expulsion in the browser; admission votes list what waits for one', async () => {
    const tomas = people.get(worker.name)!.page;
    await tomas.goto(`${base}/proposals/new?kind=expulsion`);
    await expectHeading(tomas, 'New proposal');
    await tomas.getByTestId('rules-ahead').getByText('Needs 3 seconds').waitFor();
    await tomas.getByLabel(/^Title/).fill('End the membership of member 4');
    await tomas.getByTestId('save-draft').click();
    await tomas.getByText('Choose a value.').waitFor();
    const member = tomas.getByRole('combobox', { name: 'Member' });
    await member.click();
    assert.equal(
      await tomas.getByRole('option', { name: /Tomás Silva/ }).count(),
      0,
      'nobody proposes their own expulsion',
    );
    await tomas.getByRole('option', { name: 'No. 4 Dana Scully (Customer)' }).click();
    await assertAccessible(tomas, 'new proposal (expulsion)');
    await tomas.getByTestId('save-draft').click();
    await expectHeading(tomas, '#6 End the membership of member 4');
    await tomas.getByTestId('subject').getByText('About the membership of Dana Scully.').waitFor();

    // Tomás sits on the board since the election: he sees the applications waiting for a vote (none).
    await tomas.goto(`${base}/proposals/new?kind=admission`);
    await tomas.getByTestId('no-applications').waitFor();
  });

  test('governance: proposals add kinds of work and committees in the browser', async () => {
    const tomas = people.get(worker.name)!.page;
    // A policy change can add a kind of work, with its pay floor.
    await tomas.goto(`${base}/proposals/new?kind=policy`);
    await expectHeading(tomas, 'New proposal');
    const kinds = tomas.getByTestId('list-categories');
    await kinds.getByLabel('Name of the new kind of work').fill('Pet care');
    await kinds.getByRole('button', { name: 'Add this kind of work' }).click();
    await kinds.getByText('Give an amount, e.g. 25 or 25.50.').waitFor();
    await kinds.getByLabel('Pay floor an hour').fill('15');
    await kinds.getByRole('button', { name: 'Add this kind of work' }).click();
    await kinds.getByTestId('list-item').filter({ hasText: 'Pet care' }).getByText('New').waitFor();
    await tomas
      .getByTestId('change-preview')
      .getByRole('row', { name: /market\.categories\[pet-care\].*Pet care/ })
      .waitFor();

    // A constitution amendment creates a committee; changing the kind of proposal starts the lists afresh.
    await tomas.getByRole('radio', { name: 'Constitution amendment' }).check();
    await tomas.getByLabel(/^Title/).fill('A safeguarding committee');
    const committees = tomas.getByTestId('list-committees');
    await committees.getByRole('button', { name: 'Add the committee' }).click();
    await committees.getByText('Fill in this field.').waitFor();
    await committees.getByLabel('Name of the new committee').fill('Safeguarding');
    await committees.getByLabel('What it is for').fill('Looks after the safety of the people we work for.');
    await committees.getByRole('button', { name: 'Add the committee' }).click();
    await committees.getByTestId('list-item').filter({ hasText: 'Safeguarding' }).getByText('New').waitFor();
    // The constitution had no committees: the list appears whole, named by its committee.
    await tomas
      .getByTestId('change-preview')
      .getByRole('row', { name: /committees.*Safeguarding/ })
      .waitFor();
    await assertAccessible(tomas, 'new proposal (bylaws amendment with a committee)');
    await tomas.getByTestId('save-draft').click();
    await expectHeading(tomas, '#7 A safeguarding committee');
    await tomas
      .getByTestId('proposal-diff')
      .getByRole('row', { name: /committees.*Safeguarding/ })
      .waitFor();
  });
}
