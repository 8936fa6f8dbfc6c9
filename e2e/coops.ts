// The co-op journey: a person founds a home-services co-op with the wizard, two others apply as a
// worker and a customer, the founder records their shares and admits the worker (the customer is
// admitted on payment), the register lists three members, and the constitution reads in plain language.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, test } from 'node:test';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { assertAccessible, screenshot } from './lib/browser.ts';
import {
  expectHeading,
  expectSignedInAs,
  newPage,
  type Person,
  scrollsSideways,
  signIn,
  signUp,
} from './lib/pages.ts';

const founder: Person = { name: 'Grace Hopper', email: 'grace@example.org', password: 'compiler-a0-1952' };
const worker: Person = { name: 'Tomás Silva', email: 'tomas@example.org', password: 'handyman-tools-77' };
const customer: Person = { name: 'Chidi Okeke', email: 'chidi@example.org', password: 'tidy-house-2026' };
const outsider: Person = { name: 'Dana Scully', email: 'dana@example.org', password: 'not-a-member-42' };
const coop = {
  name: 'Clean Sweep Co-op',
  slug: 'clean-sweep-co-op',
  mission: 'Cleaners and handypeople who own their platform.',
};
const base = `/c/${coop.slug}`;

type Session = { context: BrowserContext; page: Page };

/** Picks `option` in the Mantine select labelled `label`, typing to filter it when it is searchable. */
async function choose(page: Page, label: string, option: string): Promise<void> {
  const input = page.getByRole('combobox', { name: label, exact: true });
  await input.click();
  if (await input.isEditable()) await input.fill(option);
  await page.getByRole('option', { name: option, exact: true }).click();
}

function coopNav(page: Page): Locator {
  return page.getByRole('navigation', { name: coop.name });
}

async function stepHeading(page: Page, name: string): Promise<void> {
  await page.getByTestId('step-heading').filter({ hasText: name }).waitFor();
}

async function applyAs(
  session: Session,
  className: 'Worker' | 'Customer',
  statement: string,
): Promise<string> {
  const { page } = session;
  await expectHeading(page, 'Apply to join');
  await page.getByTestId(`class-${className.toLowerCase()}`).click();
  await page.getByLabel('A few words about you').fill(statement);
  await page.getByLabel('I have read and agree to the constitution (version 1)').check();
  await page.getByRole('button', { name: 'Apply', exact: true }).click();
  const next = page.getByTestId('next-step');
  await next.getByText('Next: pay your share').waitFor();
  const reference = (await page.getByTestId('transfer-reference').textContent()) ?? '';
  assert.match(reference, /^CLEAN-SWEEP-CO-OP-[0-9A-F]{8}$/);
  return reference;
}

export function coopJourney(): void {
  let founderSession: Session;
  const references = new Map<string, string>();
  const sessions: Session[] = [];

  after(async () => {
    for (const session of sessions) await session.context.close().catch(() => undefined);
  });

  test('a person founds a home-services co-op from the template with the wizard', async () => {
    founderSession = await newPage();
    sessions.push(founderSession);
    const { page } = founderSession;
    await signUp(page, founder);
    await expectSignedInAs(page, founder.name);
    await page.getByRole('banner').getByRole('link', { name: 'Found a co-op' }).click();
    await expectHeading(page, 'Found a co-op');
    await stepHeading(page, 'Name');

    // The form refuses to go on without a name, and the address follows the name until edited.
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByText('Use at least 2 characters.').waitFor();
    await page.getByLabel('Name of the co-op').fill(coop.name);
    assert.equal(await page.getByLabel('Web address').inputValue(), coop.slug);
    await page.getByTestId('slug-status').getByText(`/c/${coop.slug} is free.`).waitFor();
    await assertAccessible(page, 'found: name');
    await screenshot(page, 'found-name');
    await page.getByRole('button', { name: 'Next' }).click();

    await stepHeading(page, 'Mission');
    await page.getByLabel('Mission').fill(coop.mission);
    await page.getByRole('button', { name: 'Next' }).click();

    await stepHeading(page, 'Template');
    const homeServices = page.getByTestId('template-home-services');
    await homeServices.getByText('The platform keeps 8.00% of each booking.').waitFor();
    await homeServices
      .getByText('Services: Cleaning, Handyman, Gardening, Moving help, Urgent repair.')
      .waitFor();
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByText('Choose a template.').waitFor();
    await homeServices.click();
    assert.equal(await homeServices.getAttribute('aria-checked'), 'true');
    await assertAccessible(page, 'found: template');
    await screenshot(page, 'found-template');
    await page.getByRole('button', { name: 'Next' }).click();

    await stepHeading(page, 'Currency, time zone and language');
    assert.equal(await page.getByRole('combobox', { name: 'Currency' }).inputValue(), 'EUR — Euro');
    await choose(page, 'Time zone', 'Europe/Madrid');
    await page.getByRole('radio', { name: 'English' }).check();
    await assertAccessible(page, 'found: settings');
    await page.getByRole('button', { name: 'Next' }).click();

    await stepHeading(page, 'Review');
    const review = page.getByTestId('review');
    await review.getByText(`/c/${coop.slug}`).waitFor();
    await review.getByText('Europe/Madrid').waitFor();
    await review.getByText('Home services').waitFor();
    await review.getByText('A share costs 100.00 EUR.').first().waitFor();
    await assertAccessible(page, 'found: review');
    await screenshot(page, 'found-review');
    await page.getByTestId('found-submit').click();

    await page.waitForURL(`**${base}`);
    await expectHeading(page, coop.name);
    await page.getByText(coop.mission).waitFor();
    await page.getByText('1 member owns and runs this co-op.').waitFor();
    const classes = page.getByTestId('members-by-class');
    await classes.getByText('Worker member', { exact: true }).waitFor();
    await page.getByText('You are member number 1.').waitFor();
    // The founder holds the board role: the co-op's menu shows the board's pages.
    await coopNav(page).getByRole('link', { name: 'Applications' }).waitFor();
    await coopNav(page).getByRole('link', { name: 'Register' }).waitFor();
    await assertAccessible(page, 'co-op home (founder)');
    await screenshot(page, 'coop-home-founder');

    // The home page lists the co-op now, and the address is taken for anyone else.
    await page.goto('/');
    await page.getByTestId('coop-card').getByRole('link', { name: coop.name }).waitFor();
    await page.goto('/found');
    await page.getByLabel('Name of the co-op').fill(coop.name);
    await page.getByTestId('slug-status').getByText(`/c/${coop.slug} is taken.`).waitFor();
    await page.getByLabel('Web address').fill('Bad Address!');
    await page.getByTestId('slug-status').getByText('Use 3 to 40 lower-case letters').waitFor();
  });

  test('two people sign up and apply, as a worker and as a customer', async () => {
    // The worker starts signed out: applying asks them to sign up, then brings them back.
    const workerSession = await newPage();
    sessions.push(workerSession);
    const { page } = workerSession;
    await page.goto(base);
    await expectHeading(page, coop.name);
    await coopNav(page).getByRole('link', { name: 'Register' }).waitFor({ state: 'detached' });
    await page.getByTestId('apply-to-join').click();
    await expectHeading(page, 'Sign in first');
    await page.getByRole('link', { name: 'Create an account' }).click();
    await page.waitForURL('**/sign-up?next=*');
    await signUp(page, worker, { here: true });
    await page.waitForURL(`**${base}/join`);
    await expectHeading(page, 'Apply to join');
    await page.getByTestId('class-worker').getByText('A share costs 100.00 EUR.').waitFor();
    await page
      .getByTestId('class-worker')
      .getByText('Admitted by the board once the share is paid.')
      .waitFor();
    await page
      .getByTestId('class-customer')
      .getByText('Admitted automatically once the share is paid.')
      .waitFor();
    // Nothing is sent without agreeing to the constitution.
    await page.getByTestId('class-worker').click();
    await page.getByRole('button', { name: 'Apply', exact: true }).click();
    await page.getByText('Agree to the constitution to apply.').waitFor();
    await assertAccessible(page, 'join');
    await screenshot(page, 'join');
    references.set(worker.name, await applyAs(workerSession, 'Worker', 'Ten years of repairs and plumbing.'));
    await page.getByTestId('next-step').getByText('Pay your share of 100.00 EUR').waitFor();
    await page.getByText('the board decides on your application').waitFor();
    await assertAccessible(page, 'join: next step');
    await screenshot(page, 'join-next-step');

    // Applying twice is refused; the page shows the application in progress instead of the form.
    await page.goto(`${base}/join`);
    await page.getByText('You already have an application in progress.').waitFor();
    await page.getByRole('link', { name: 'See my application' }).click();
    await expectHeading(page, 'My membership');
    await page.getByTestId('application-timeline').getByText('100.00 EUR not recorded yet').waitFor();

    const customerSession = await newPage();
    sessions.push(customerSession);
    await signUp(customerSession.page, customer);
    await expectSignedInAs(customerSession.page, customer.name);
    await customerSession.page.goto(`${base}/join`);
    references.set(customer.name, await applyAs(customerSession, 'Customer', 'We book cleaning every week.'));
    await customerSession.page.getByText('you are admitted automatically').waitFor();
    await customerSession.page.getByTestId('next-step').getByText('20.00 EUR').waitFor();
  });

  test('the founder records both shares and admits the worker; the customer is admitted on payment', async () => {
    const { page } = founderSession;
    await page.goto(base);
    await coopNav(page).getByRole('link', { name: 'Applications' }).click();
    await expectHeading(page, 'Applications');
    const workerCard = page.getByTestId('application').filter({ hasText: worker.name });
    const customerCard = page.getByTestId('application').filter({ hasText: customer.name });
    await workerCard.getByText('Ten years of repairs and plumbing.').waitFor();
    await workerCard.getByText(worker.email).waitFor();
    // The reference field expects what the applicant was told to quote.
    assert.equal(await workerCard.getByLabel('Transfer reference').inputValue(), references.get(worker.name));
    await assertAccessible(page, 'applications');
    await screenshot(page, 'applications');

    await workerCard.getByRole('button', { name: 'Record payment' }).click();
    await page.getByText(`Payment recorded for ${worker.name}.`).waitFor();
    await workerCard.getByText('Awaiting the board').waitFor();
    // Declining needs a reason; admitting does not.
    await workerCard.getByRole('button', { name: 'Decline' }).click();
    await workerCard.getByText('Give the applicant a reason when declining.').waitFor();
    await workerCard.getByLabel('Reason').fill('Welcome aboard.');
    await screenshot(page, 'applications-decide');
    await workerCard.getByRole('button', { name: 'Admit' }).click();
    await page.getByText(`${worker.name} is admitted.`).waitFor();
    await workerCard.getByText('Admitted', { exact: true }).waitFor();

    assert.equal(
      await customerCard.getByLabel('Transfer reference').inputValue(),
      references.get(customer.name),
    );
    await customerCard.getByRole('button', { name: 'Record payment' }).click();
    await page.getByText(`Payment recorded: ${customer.name} is now a member.`).waitFor();
    await customerCard.getByText('Admitted', { exact: true }).waitFor();

    // The filter shows only what waits for the board: nothing now.
    await choose(page, 'Status', 'Awaiting the board');
    await page.getByTestId('applications-empty').waitFor();

    await coopNav(page).getByRole('link', { name: 'Register' }).click();
    await expectHeading(page, 'Member register');
    const rows = page.getByTestId('register').locator('tbody tr');
    await rows.nth(2).waitFor();
    assert.equal(await rows.count(), 3);
    assert.match((await rows.nth(0).textContent()) ?? '', /1.*Grace Hopper.*Worker.*0.*Active/);
    assert.match((await rows.nth(1).textContent()) ?? '', /2.*Tomás Silva.*Worker.*1.*Active/);
    assert.match((await rows.nth(2).textContent()) ?? '', /3.*Chidi Okeke.*Customer.*1.*Active/);
    await page.getByText('3 current members; 3 in the register in all.').waitFor();
    await assertAccessible(page, 'register');
    await screenshot(page, 'register');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('register-csv').click(),
    ]);
    assert.equal(download.suggestedFilename(), `${coop.slug}-register.csv`);
    const csv = readFileSync(await download.path(), 'utf8');
    for (const person of [founder, worker, customer])
      assert.ok(csv.includes(person.name), `the CSV lacks ${person.name}`);

    await page.goto(base);
    await page.getByText('3 members own and run this co-op.').waitFor();
  });

  test('members see their membership and statement; a member gives notice', async () => {
    const workerPage = sessions[1]!.page;
    await workerPage.goto(base);
    await workerPage.getByText('You are member number 2.').waitFor();
    await coopNav(workerPage).getByRole('link', { name: 'My membership' }).click();
    await expectHeading(workerPage, 'My membership');
    const facts = workerPage.getByTestId('membership-facts');
    await facts.getByText('1 share (100.00 EUR)').waitFor();
    await facts.getByText('Worker', { exact: true }).waitFor();
    const timeline = workerPage.getByTestId('application-timeline');
    await timeline.getByText(/100\.00 EUR recorded .* \(reference CLEAN-SWEEP-CO-OP-/).waitFor();
    await timeline.getByText(/: Welcome aboard\.$/).waitFor();
    // Members see the register but not the board's pages.
    await coopNav(workerPage).getByRole('link', { name: 'Register' }).waitFor();
    assert.equal(await coopNav(workerPage).getByRole('link', { name: 'Applications' }).count(), 0);
    await assertAccessible(workerPage, 'my membership');
    await screenshot(workerPage, 'my-membership');

    await workerPage.getByRole('link', { name: 'My statement' }).click();
    await expectHeading(workerPage, 'My statement');
    const share = workerPage.getByTestId('statement-account').filter({ hasText: 'Share capital' });
    await share.getByTestId('statement-balance').getByText('100.00 EUR').waitFor();
    await assertAccessible(workerPage, 'my statement');
    await screenshot(workerPage, 'my-statement');

    const customerPage = sessions[2]!.page;
    await customerPage.goto(`${base}/me`);
    await expectHeading(customerPage, 'My membership');
    await customerPage.getByRole('button', { name: 'Give notice' }).click();
    const dialog = customerPage.getByRole('dialog', { name: 'Give notice to leave?' });
    await dialog.getByText('sets a notice period of 90 days').waitFor();
    await dialog.getByText('Your share capital of 20.00 EUR is then paid back to you.').waitFor();
    await assertAccessible(customerPage, 'give notice dialog');
    await screenshot(customerPage, 'give-notice', { fullPage: false });
    await dialog.getByTestId('confirm-notice').click();
    await customerPage.getByTestId('leaving').getByText('You gave notice: your membership ends on').waitFor();
    await customerPage.getByTestId('membership-facts').getByText('Leaving').waitFor();
  });

  test('people without a role are kept out of the board pages and the register', async () => {
    const session = await newPage();
    sessions.push(session);
    const { page } = session;
    await page.goto(`${base}/members`);
    await expectHeading(page, 'Sign in first');
    await page.getByRole('link', { name: 'Create an account' }).click();
    await signUp(page, outsider, { here: true });
    await page.waitForURL(`**${base}/members`);
    await page
      .getByTestId('members-only')
      .getByText(`Only members of ${coop.name} can see the register.`)
      .waitFor();
    assert.equal(await coopNav(page).getByRole('link', { name: 'Register' }).count(), 0);
    assert.equal(await coopNav(page).getByRole('link', { name: 'Applications' }).count(), 0);
    await page.goto(`${base}/admin/applications`);
    await page.getByText('You do not have the role in this co-op that this needs.').waitFor();
    await page.goto(base);
    await page.getByTestId('apply-to-join').waitFor();
  });

  test('the constitution page shows version 1 in plain language, with its history', async () => {
    const { context, page } = await newPage();
    await page.goto(base);
    await coopNav(page).getByRole('link', { name: 'Constitution' }).click();
    await expectHeading(page, 'Constitution');
    await page
      .getByTestId('version-status')
      .getByText(/^Version 1, in force since /)
      .waitFor();
    const rules = page.getByTestId('constitution-rules');
    for (const sentence of [
      'The platform keeps 8.00% of each booking.',
      'The Worker class holds 60.00% of the vote.',
      'The Customer class holds 40.00% of the vote.',
      'A share costs 100.00 EUR.',
      'A share costs 20.00 EUR.',
      'Pay floor: no one earns less than 15.00 EUR an hour.',
      'Standard price of a job: 80.00 EUR.',
      'At least 50.00% of the members who may vote must take part.',
      'Passes with at least 66.67% yes among yes and no votes.',
      'Cancelling is free until 24 hours before the start; later, the fee is 50.00% of the price.',
      'A member who leaves gives 90 days of notice; their share is then paid back.',
      'Figures about fewer than 5 people are never published.',
    ]) {
      await rules.getByText(sentence).first().waitFor();
    }
    const history = page.getByTestId('version-history');
    await history.getByText('Founding act').waitFor();
    await history.getByText('1 (in force)').waitFor();
    assert.match((await history.locator('code').textContent()) ?? '', /^[0-9a-f]{12}$/);
    await page.getByText('There is only one version so far, so there is nothing to compare yet.').waitFor();
    await assertAccessible(page, 'constitution');
    await screenshot(page, 'constitution-desktop');

    await coopNav(page).getByRole('link', { name: 'Finances' }).click();
    await expectHeading(page, 'Finances');
    await page.getByTestId('finances-latest').getByText('120.00 EUR').first().waitFor();
    await assertAccessible(page, 'finances');
    await screenshot(page, 'finances');
    await context.close();

    const french = await newPage({ locale: 'fr-FR' });
    await french.page.goto(`${base}/constitution`);
    await expectHeading(french.page, 'Constitution');
    await french.page.getByText(/^La plateforme garde 8,00\s%\sde chaque réservation\.$/).waitFor();
    await french.page
      .getByText(/^Une part sociale coûte 100,00\sEUR\.$/)
      .first()
      .waitFor();
    await assertAccessible(french.page, 'constitution (French)');
    await screenshot(french.page, 'constitution-french');
    await french.context.close();
  });

  test('every co-op page works on a phone and passes axe', async () => {
    const { context, page } = await newPage({ mobile: true });
    await page.goto('/sign-in');
    await signIn(page, founder.email, founder.password);
    await page.waitForURL((url) => url.pathname === '/');
    const pages = [
      { name: 'coop-home', path: base, title: coop.name },
      { name: 'constitution', path: `${base}/constitution`, title: 'Constitution' },
      { name: 'finances', path: `${base}/finances`, title: 'Finances' },
      { name: 'join-member', path: `${base}/join`, title: 'Apply to join' },
      { name: 'my-membership', path: `${base}/me`, title: 'My membership' },
      { name: 'my-statement', path: `${base}/me/statement`, title: 'My statement' },
      { name: 'register', path: `${base}/members`, title: 'Member register' },
      { name: 'applications', path: `${base}/admin/applications`, title: 'Applications' },
      { name: 'found', path: '/found', title: 'Found a co-op' },
    ];
    for (const target of pages) {
      await page.goto(target.path);
      await expectHeading(page, target.title);
      await page.getByRole('status').filter({ hasText: 'Loading' }).waitFor({ state: 'detached' });
      assert.equal(await scrollsSideways(page), false, `${target.name} scrolls sideways on a phone`);
      await assertAccessible(page, `${target.name} (mobile)`);
      await screenshot(page, `${target.name}-mobile`);
    }
    await context.close();
  });
}
