// The ledger journey: a founder with two paid members opens the board's ledger pages (the trial
// balance balances, the balance sheet holds the shares paid, the journal finds the share purchases,
// an entry opens, the downloads work), adds and closes accounts, records money and reverses it; a
// member without a board role is refused; the public finances page draws its charts and names no one.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, test } from 'node:test';
import type { APIRequestContext, BrowserContext, Locator, Page } from 'playwright-core';
import { assertAccessible, screenshot } from './lib/browser.ts';
import { expectHeading, newPage, type Person, scrollsSideways } from './lib/pages.ts';

const founder: Person = {
  name: 'Amara Okonkwo',
  email: 'amara@ledger.example',
  password: 'double-entry-1494',
};
const worker: Person = {
  name: 'Bruno Keller',
  email: 'bruno@ledger.example',
  password: 'plumbing-pipes-88',
};
const customer: Person = {
  name: 'Carmen Ruiz',
  email: 'carmen@ledger.example',
  password: 'clean-floors-2026',
};
const coop = { name: 'Ledger Test Co-op', slug: 'ledger-test-co-op' };
const base = `/c/${coop.slug}`;
const api = `/api/coops/${coop.slug}`;
// Founder 100.00, worker 100.00, customer 20.00 (the home-services template's share prices), and
// one expense of 15.00 paid from the bank, so the journal holds something besides share purchases.
const SHARES_PAID = '220.00 EUR';
const ALL_DEBITS = '235.00 EUR';
const BANK = '205.00 EUR';

type Session = { context: BrowserContext; page: Page };

// These pages wait on several API answers each; on a shared, busy machine 10 s is sometimes short.
const PATIENCE_MS = 20_000;

async function patientPage(options: { mobile?: boolean } = {}): Promise<Session> {
  const session = await newPage(options);
  session.context.setDefaultTimeout(PATIENCE_MS);
  return session;
}

/** A write through the API with the session's CSRF token, as the web app sends it. */
async function write(
  request: APIRequestContext,
  path: string,
  data: unknown,
): Promise<Record<string, unknown>> {
  const session = (await (await request.get('/api/session')).json()) as { csrfToken: string };
  const response = await request.post(path, { data, headers: { 'x-csrf-token': session.csrfToken } });
  const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  assert.ok(response.ok(), `POST ${path} answered ${response.status()}: ${JSON.stringify(body)}`);
  return body;
}

/** Signs a person up in a fresh browser context; its pages share the session. */
async function personSession(person: Person, options: { mobile?: boolean } = {}): Promise<Session> {
  const session = await patientPage(options);
  await write(session.context.request, '/api/auth/sign-up', {
    email: person.email,
    displayName: person.name,
    password: person.password,
  });
  return session;
}

async function signedInAgain(person: Person, options: { mobile?: boolean } = {}): Promise<Session> {
  const session = await patientPage(options);
  await write(session.context.request, '/api/auth/sign-in', {
    email: person.email,
    password: person.password,
  });
  return session;
}

function coopNav(page: Page): Locator {
  return page.getByRole('navigation', { name: coop.name });
}

function ledgerNav(page: Page): Locator {
  return page.getByRole('navigation', { name: 'Ledger pages' });
}

async function settled(page: Page): Promise<void> {
  await page.getByRole('status').filter({ hasText: 'Loading' }).first().waitFor({ state: 'detached' });
}

async function choose(page: Page, label: string, option: string): Promise<void> {
  const input = page.getByRole('combobox', { name: label, exact: true });
  await input.click();
  if (await input.isEditable()) await input.fill(option);
  await page.getByRole('option', { name: option, exact: true }).click();
}

/** axe, with the pointer parked away from the page so no hover state is what gets checked. */
async function accessible(page: Page, label: string): Promise<void> {
  await page.mouse.move(0, 0);
  await assertAccessible(page, label);
}

async function download(page: Page, testId: string): Promise<{ name: string; text: string }> {
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testId).click()]);
  const failure = await file.failure();
  assert.equal(failure, null, `the ${testId} download failed: ${failure}`);
  return { name: file.suggestedFilename(), text: readFileSync(await file.path(), 'utf8') };
}

export function ledgerJourney(): void {
  const sessions: Session[] = [];
  let admin: Session;
  let member: Session;

  after(async () => {
    for (const session of sessions) await session.context.close().catch(() => undefined);
  });

  test('ledger: a founder and two members whose shares are paid', async () => {
    admin = await personSession(founder);
    sessions.push(admin);
    await write(admin.context.request, '/api/coops', {
      name: coop.name,
      slug: coop.slug,
      mission: 'Books open to every member.',
      sector: 'home-services',
      currency: 'EUR',
      timeZone: 'Europe/Madrid',
      defaultLanguage: 'en',
    });
    member = await personSession(worker);
    const buyer = await personSession(customer);
    sessions.push(member, buyer);
    const workerApp = await write(member.context.request, `${api}/applications`, {
      classKey: 'worker',
      statement: 'I fix things.',
      agreedVersion: 1,
    });
    const customerApp = await write(buyer.context.request, `${api}/applications`, {
      classKey: 'customer',
      statement: 'I book cleaning.',
      agreedVersion: 1,
    });
    const listed = (await (await admin.context.request.get(`${api}/applications`)).json()) as {
      applications: { id: string; displayName: string }[];
    };
    const founderApp = listed.applications.find((a) => a.displayName === founder.name);
    assert.ok(founderApp, 'the founder has an application on record');
    for (const [id, reference] of [
      [founderApp.id, 'TRANSFER-FOUNDER'],
      [String(workerApp.applicationId), 'TRANSFER-WORKER'],
      [String(customerApp.applicationId), 'TRANSFER-CUSTOMER'],
    ] as const) {
      await write(admin.context.request, `${api}/applications/${id}/payment`, { reference });
    }
    await write(admin.context.request, `${api}/applications/${String(workerApp.applicationId)}/decision`, {
      decision: 'admit',
      reason: '',
    });
    await write(admin.context.request, `${api}/ledger/entries`, {
      idempotencyKey: 'e2e-printer-paper',
      kind: 'expense',
      description: 'Printer paper',
      postings: [
        { account: '5100', amount: '1500', currency: 'EUR' },
        { account: '1000', amount: '-1500', currency: 'EUR' },
      ],
    });
  });

  test('ledger: the trial balance balances and the balance sheet holds the shares paid', async () => {
    const { page } = admin;
    await page.goto(base);
    await coopNav(page).getByRole('link', { name: 'Ledger' }).click();
    await expectHeading(page, 'Ledger');
    const check = page.getByTestId('trial-balance-check');
    await check.waitFor();
    assert.equal(await check.getAttribute('data-balanced'), 'true');
    const debits = (await page.getByTestId('total-debits').textContent()) ?? '';
    const credits = (await page.getByTestId('total-credits').textContent()) ?? '';
    assert.equal(debits, credits, 'debits equal credits');
    assert.equal(debits, ALL_DEBITS);
    await check.getByText(`Debits of the period ${ALL_DEBITS} = credits ${ALL_DEBITS}`).waitFor();
    await accessible(page, 'ledger: trial balance');
    await screenshot(page, 'ledger-trial-balance');

    await page.getByRole('tab', { name: 'Balance sheet' }).click();
    const shareCapital = page.getByTestId('section-equity').locator('tr[data-code="3000"]');
    await shareCapital.getByText('Member share capital').waitFor();
    assert.equal(await shareCapital.getByTestId('amount-3000').textContent(), SHARES_PAID);
    assert.equal(await page.getByTestId('total-assets').textContent(), BANK);
    assert.equal(await page.getByTestId('balance-sheet-check').getAttribute('data-balanced'), 'true');
    await accessible(page, 'ledger: balance sheet');
    await screenshot(page, 'ledger-balance-sheet');

    await page.getByRole('tab', { name: 'Income statement' }).click();
    await page.getByTestId('income-result').getByText('Loss of the period: 15.00 EUR').waitFor();
    // A quick choice puts the period in the address, where the other pages pick it up.
    await page.getByTestId('period-thisYear').click();
    await page
      .getByTestId('period-label')
      .getByText(/^Showing: .+ to .+$/)
      .waitFor();
    assert.match(page.url(), /from=\d{4}-01-01&to=\d{4}-12-31/);
    await accessible(page, 'ledger: income statement');
  });

  test('ledger: the journal filter finds the share purchases and an entry opens', async () => {
    const { page } = admin;
    await ledgerNav(page).getByRole('link', { name: 'Journal' }).click();
    await expectHeading(page, 'Journal');
    await page.getByTestId('journal-count').getByText('4 entries.').waitFor();
    await choose(page, 'Kind', 'Share purchase');
    await page.waitForURL(/kind=share_purchase/);
    await page.getByTestId('journal-count').getByText('3 entries.').waitFor();
    const rows = page.getByTestId('journal-entry');
    assert.deepEqual(await rows.evaluateAll((r) => r.map((e) => e.getAttribute('data-kind'))), [
      'share_purchase',
      'share_purchase',
      'share_purchase',
    ]);
    await page.getByLabel('Search').fill('customer');
    await page.getByTestId('journal-count').getByText('1 entry.').waitFor();
    await accessible(page, 'ledger: journal');
    await screenshot(page, 'ledger-journal');

    await rows.first().getByTestId('entry-link').click();
    await expectHeading(page, 'Journal entry');
    await page.getByTestId('entry-facts').getByText('Share purchase').waitFor();
    const postings = page.getByTestId('entry-postings').locator('tbody tr');
    assert.equal(await postings.count(), 2);
    await page.getByTestId('entry-postings').getByText('1000 Bank and cash').waitFor();
    await page
      .getByTestId('entry-linked')
      .getByText(/^membership application /)
      .waitFor();
    // Reversing asks for a reason in a dialog; this one is left alone.
    await page.getByTestId('reverse-entry').click();
    const dialog = page.getByRole('dialog', { name: 'Reverse this entry?' });
    await dialog.getByTestId('confirm-reverse').click();
    await dialog.getByText('Give a reason for the reversal.').waitFor();
    // Check colours once the dialog's fade-in has finished, not mid-transition.
    await dialog.evaluate((el) => Promise.all(el.getAnimations({ subtree: true }).map((a) => a.finished)));
    await accessible(page, 'ledger: reverse dialog');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await accessible(page, 'ledger: entry');
    await screenshot(page, 'ledger-entry');
  });

  test('ledger: the journal downloads as CSV and as an hledger journal', async () => {
    const { page } = admin;
    await page.goto(`${base}/admin/ledger`);
    await expectHeading(page, 'Ledger');
    const csv = await download(page, 'download-journal-csv');
    assert.match(csv.name, /^ledger-test-co-op-journal-start_now\.csv$/);
    assert.equal((csv.text.match(/share_purchase/g) ?? []).length, 6, 'two CSV rows per share purchase');
    const hledger = await download(page, 'download-journal-hledger');
    assert.match(hledger.name, /^ledger-test-co-op-journal-start_now\.journal$/);
    assert.match(hledger.text, /commodity/);
    assert.match(hledger.text, /assets:1000 Bank and cash/);
  });

  test('ledger: accounts are added and closed; a non-empty one cannot close', async () => {
    const { page } = admin;
    await ledgerNav(page).getByRole('link', { name: 'Accounts' }).click();
    await expectHeading(page, 'Chart of accounts');
    await page.getByTestId('chart').locator('tr[data-code="3000"]').waitFor();
    const closing = page.getByTestId('close-account');
    await choose(page, 'Account to close', `1000 Bank and cash (${BANK})`);
    await closing.getByTestId('close-account-submit').click();
    await page.getByRole('dialog', { name: 'Close this account?' }).getByTestId('confirm-close').click();
    await closing.getByText('This account still has a balance').waitFor();
    assert.equal(
      await page
        .getByRole('combobox', { name: 'Account to close', exact: true })
        .getAttribute('aria-invalid'),
      'true',
    );

    const adding = page.getByTestId('add-account');
    await adding.getByLabel(/^Code/).fill('5150');
    await adding.getByLabel(/^Name/).fill('Software');
    await choose(page, 'Type', 'Expense');
    await adding.getByTestId('add-account-submit').click();
    await page.getByText('Account 5150 Software added.').waitFor();
    await page.getByTestId('chart').locator('tr[data-code="5150"]').waitFor();
    await adding.getByLabel(/^Code/).fill('5150');
    await adding.getByLabel(/^Name/).fill('Software again');
    await choose(page, 'Type', 'Expense');
    await adding.getByTestId('add-account-submit').click();
    await adding.getByText('Another account already has this code.').waitFor();
    await accessible(page, 'ledger: accounts');
    await screenshot(page, 'ledger-accounts');

    await choose(page, 'Account to close', '5150 Software (0.00 EUR)');
    await closing.getByTestId('close-account-submit').click();
    await page.getByRole('dialog', { name: 'Close this account?' }).getByTestId('confirm-close').click();
    await page.getByText('Account 5150 Software is closed.').waitFor();
    await page.getByTestId('chart').locator('tr[data-code="5150"]').getByText('Closed').waitFor();
  });

  test('ledger: money received is recorded, then its entry reversed', async () => {
    const { page } = admin;
    await ledgerNav(page).getByRole('link', { name: 'Payments' }).click();
    await expectHeading(page, 'Payments');
    await settled(page);
    const form = page.getByTestId('record-payment');
    await choose(page, 'For', '4100 Membership fee revenue (0.00 EUR)');
    await form.getByLabel(/^Amount/).fill('12,5');
    await form.getByLabel(/^Reference/).fill('BANK-2026-0042');
    await form.getByLabel(/^What it is for/).fill('Yearly fee, Bruno');
    await form.getByTestId('record-payment-submit').click();
    await page.getByText('Payment recorded.').waitFor();
    const row = page.getByTestId('payment-row').filter({ hasText: 'BANK-2026-0042' });
    await row.getByText('12.50 EUR').waitFor();
    await page.getByTestId('nothing-owed').waitFor();
    await accessible(page, 'ledger: payments');
    await screenshot(page, 'ledger-payments');

    await row.getByRole('link', { name: 'Yearly fee, Bruno' }).click();
    await expectHeading(page, 'Journal entry');
    await page
      .getByTestId('entry-facts')
      .getByText(/reference BANK-2026-0042/)
      .waitFor();
    await page.getByTestId('reverse-entry').click();
    const dialog = page.getByRole('dialog', { name: 'Reverse this entry?' });
    await dialog.getByLabel(/^Reason/).fill('Recorded on the wrong co-op.');
    await dialog.getByTestId('confirm-reverse').click();
    await page.getByText('The entry is reversed.').waitFor();
    await page.getByTestId('entry-reverses').waitFor();
    await page.getByTestId('entry-facts').getByText('Recorded on the wrong co-op.').waitFor();
    assert.equal(await page.getByTestId('reverse-entry').count(), 1, 'a reversal can itself be reversed');
    await page.getByRole('link', { name: 'Open the reversed entry' }).click();
    await page.getByTestId('entry-reversed-by').waitFor();
    assert.equal(await page.getByTestId('reverse-entry').count(), 0, 'an entry is reversed once');
  });

  test('ledger: a member without a board role is refused', async () => {
    const { page } = member;
    await page.goto(base);
    await coopNav(page).getByRole('link', { name: 'Register' }).waitFor();
    assert.equal(await coopNav(page).getByRole('link', { name: 'Ledger' }).count(), 0);
    await page.goto(`${base}/admin/ledger/journal`);
    await page
      .getByTestId('ledger-refused')
      .getByText(`Only the board and the admins of ${coop.name}`)
      .waitFor();
    assert.equal(await page.getByTestId('journal').count(), 0);
    const answer = await page.request.get(`${api}/ledger/entries`);
    assert.equal(answer.status(), 403);
    assert.equal((await page.request.get(`${api}/ledger/journal.csv`)).status(), 403);
    await accessible(page, 'ledger: refused');

    // Their own statement is theirs to read, for any period, with a CSV of it.
    await page.goto(`${base}/me/statement`);
    await expectHeading(page, 'My statement');
    const share = page.getByTestId('statement-account').filter({ hasText: 'Share capital' });
    await share.getByTestId('statement-balance').getByText('100.00 EUR').waitFor();
    await share.getByTestId('statement-running').getByText('100.00 EUR').waitFor();
    await page.getByTestId('period-lastYear').click();
    await share.getByTestId('statement-closing').getByText('0.00 EUR').waitFor();
    await page.getByTestId('period-thisYear').click();
    await share.getByTestId('statement-closing').getByText('100.00 EUR').waitFor();
    const csv = await download(page, 'statement-csv');
    assert.equal(csv.name, `${coop.slug}-my-statement.csv`);
    // The period shown is the one downloaded: it opens on the first of January.
    assert.match(csv.text, /^\d{4}-01-01,/m);
    assert.match(csv.text, /,100\.00,/);
    await accessible(page, 'my statement with a period');
    await screenshot(page, 'ledger-my-statement');
  });

  test('ledger: the public finances page draws its charts and names no one', async () => {
    for (const mobile of [false, true]) {
      const { context, page } = await patientPage({ mobile });
      await page.goto(`${base}/finances`);
      await expectHeading(page, 'Finances');
      for (const chart of ['revenue', 'surplus', 'payouts', 'reserves']) {
        const figure = page.getByTestId(`chart-${chart}`);
        await figure.locator('svg.recharts-surface').waitFor();
        assert.ok(((await figure.getByTestId('chart-summary').textContent()) ?? '').length > 20);
      }
      await page
        .getByTestId('chart-revenue')
        .getByRole('img', { name: 'Revenue and platform fees by month' })
        .waitFor();
      const text = (await page.locator('body').textContent()) ?? '';
      for (const person of [founder, worker, customer])
        for (const part of person.name.split(' '))
          assert.ok(!text.includes(part), `the public page names ${part}`);
      assert.equal(await scrollsSideways(page), false, 'the finances page scrolls sideways');
      await accessible(page, `finances with charts${mobile ? ' (mobile)' : ''}`);
      await screenshot(page, `ledger-finances-${mobile ? 'mobile' : 'desktop'}`);
      await context.close();
    }
  });

  test('ledger: every ledger page works on a phone and passes axe', async () => {
    const phone = await signedInAgain(founder, { mobile: true });
    sessions.push(phone);
    const { page } = phone;
    const pages = [
      { name: 'reports', path: `${base}/admin/ledger`, title: 'Ledger' },
      { name: 'balance-sheet', path: `${base}/admin/ledger?report=balance-sheet`, title: 'Ledger' },
      { name: 'journal', path: `${base}/admin/ledger/journal`, title: 'Journal' },
      { name: 'accounts', path: `${base}/admin/ledger/accounts`, title: 'Chart of accounts' },
      { name: 'account', path: `${base}/admin/ledger/accounts/1000`, title: 'Account 1000' },
      { name: 'payments', path: `${base}/admin/ledger/payments`, title: 'Payments' },
    ];
    for (const target of pages) {
      await page.goto(target.path);
      await expectHeading(page, target.title);
      await settled(page);
      assert.equal(await scrollsSideways(page), false, `${target.name} scrolls sideways on a phone`);
      await accessible(page, `ledger ${target.name} (mobile)`);
      await screenshot(page, `ledger-${target.name}-mobile`);
    }
    await page.goto(`${base}/admin/ledger/journal`);
    await page.getByTestId('entry-link').first().click();
    await expectHeading(page, 'Journal entry');
    await settled(page);
    assert.equal(await scrollsSideways(page), false, 'the entry page scrolls sideways on a phone');
    await accessible(page, 'ledger entry (mobile)');
    await screenshot(page, 'ledger-entry-mobile');
  });
}
