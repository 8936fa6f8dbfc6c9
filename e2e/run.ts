// Browser journeys against the real server: `npm run e2e`.
// Builds the web app if needed, starts `mutual serve` on a free port with an empty embedded
// database, drives Debian's Chromium through the journeys, and stops the server whatever happens.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { coopJourney } from './coops.ts';
import { governanceJourney } from './governance.ts';
import { ledgerJourney } from './ledger.ts';
import { assertAccessible, launchBrowser, screenshot } from './lib/browser.ts';
import { buildWebIfNeeded } from './lib/build.ts';
import {
  expectHeading,
  expectSignedInAs,
  newPage,
  scrollsSideways,
  signIn,
  signOut,
  signUp,
  useEnv,
} from './lib/pages.ts';
import { type RunningServer, startServer } from './lib/server.ts';
import { translationProblems } from './lib/translations.ts';
import { marketJourney } from './market.ts';
import './web-logic.ts';

const person = { name: 'Ada Lovelace', email: 'ada@example.org', password: 'analytical-engine-1843' };
const newPassword = 'difference-engine-1822';

let server: RunningServer;
let browser: Browser;

test('en, es and fr have the same keys, and every key the code asks for exists', () => {
  assert.deepEqual(translationProblems(), []);
});

describe('Mutual in a browser', { concurrency: 1 }, () => {
  before(async () => {
    buildWebIfNeeded();
    server = await startServer();
    browser = await launchBrowser();
    useEnv({ server, browser });
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  test('the home page explains Mutual and says no co-op is hosted yet', async () => {
    const { context, page } = await newPage();
    await page.goto('/');
    await expectHeading(page, /platform co-op/i);
    await page.getByText('one open-source system that runs a platform co-operative').waitFor();
    const empty = page.getByTestId('coops-empty');
    await empty.getByText('No co-op is hosted here yet').waitFor();
    await empty.getByText('Found the first one').waitFor();
    assert.equal(await page.locator('html').getAttribute('lang'), 'en');
    await assertAccessible(page, 'home');
    await screenshot(page, 'home-desktop');
    await context.close();

    const mobile = await newPage({ mobile: true });
    await mobile.page.goto('/');
    await mobile.page.getByTestId('coops-empty').waitFor();
    assert.equal(
      await scrollsSideways(mobile.page),
      false,
      'the home page scrolls sideways on a 360 px screen',
    );
    await assertAccessible(mobile.page, 'home (mobile)');
    await screenshot(mobile.page, 'home-mobile');
    // On phones, signing in and up sit behind one menu button.
    await mobile.page.getByRole('banner').getByRole('button', { name: 'Menu' }).click();
    await mobile.page.getByRole('menu').waitFor();
    await screenshot(mobile.page, 'home-mobile-menu', { fullPage: false });
    await mobile.page.getByRole('menuitem', { name: 'Sign up' }).click();
    await mobile.page.waitForURL('**/sign-up');
    await expectHeading(mobile.page, 'Sign up');
    await mobile.context.close();
  });

  test('the header fits a 320 px phone in every language', async () => {
    for (const locale of ['en-US', 'es-ES', 'fr-FR']) {
      const { context, page } = await newPage({ locale, mobile: true });
      await page.setViewportSize({ width: 320, height: 640 });
      await page.goto('/');
      await page.getByTestId('coops-empty').waitFor();
      const widths = await page.evaluate(() => ({
        header: document.querySelector('header')?.scrollWidth ?? 0,
        window: window.innerWidth,
      }));
      assert.ok(
        widths.header <= widths.window,
        `${locale}: the header is ${widths.header} px wide in ${widths.window} px`,
      );
      await context.close();
    }
  });

  test('sign up, sign out, sign in, sign out', async () => {
    const { context, page } = await newPage();
    await signUp(page, person);
    await expectSignedInAs(page, person.name);
    await page.waitForURL(`${server.url}/`);
    await screenshot(page, 'signed-in-home');

    await signOut(page, person.name);
    await page.getByRole('banner').getByRole('link', { name: 'Sign in' }).click();
    await page.waitForURL('**/sign-in');
    await signIn(page, person.email, person.password);
    await expectSignedInAs(page, person.name);

    // The session survives a reload: it lives in the server's cookie, not in the page.
    await page.reload();
    await expectSignedInAs(page, person.name);
    await page.getByRole('button', { name: `Account menu of ${person.name}` }).click();
    await page.getByText(`Signed in as ${person.email}`).waitFor();
    await screenshot(page, 'account-menu', { fullPage: false });
    await page.getByRole('menuitem', { name: 'Sign out' }).click();
    await page.getByRole('banner').getByRole('link', { name: 'Sign in' }).waitFor();
    await context.close();
  });

  test('a wrong password shows the error', async () => {
    const { context, page } = await newPage();
    await page.goto('/sign-in');
    await signIn(page, person.email, 'not-the-password');
    const error = page.getByTestId('form-error');
    await error.getByText('The email or password is not right.').waitFor();
    assert.equal(await page.getByRole('alert').filter({ hasText: 'not right' }).count(), 1);
    assert.equal(new URL(page.url()).pathname, '/sign-in');
    await screenshot(page, 'sign-in-wrong-password');
    await context.close();
  });

  test('signing up with a taken email shows the error on the email field', async () => {
    const { context, page } = await newPage();
    await signUp(page, {
      name: 'Someone Else',
      email: person.email.toUpperCase(),
      password: 'another-password-1',
    });
    const email = page.getByLabel('Email');
    await page.getByText('An account with this email already exists').waitFor();
    assert.equal(await email.getAttribute('aria-invalid'), 'true');
    const described = (await email.getAttribute('aria-describedby')) ?? '';
    const errorText = await page.evaluate(
      (ids) =>
        ids
          .split(' ')
          .map((id) => document.getElementById(id)?.textContent ?? '')
          .join(' '),
      described,
    );
    assert.match(errorText, /already exists/, 'the email error is tied to the field for screen readers');
    await screenshot(page, 'sign-up-email-taken');
    await context.close();
  });

  test('the forms check their fields before sending', async () => {
    const { context, page } = await newPage();
    await signUp(page, { name: '', email: 'not-an-email', password: 'short' });
    await page.getByText('Fill in this field.').waitFor();
    await page.getByText('Enter a valid email address.').waitFor();
    await page.getByText('Use at least 10 characters.').waitFor();
    assert.equal(new URL(page.url()).pathname, '/sign-up');
    await context.close();
  });

  test('forgot password, open the emailed link, set a new password, sign in with it', async () => {
    const { context, page } = await newPage();
    await page.goto('/sign-in');
    await page.getByRole('link', { name: 'Forgot your password?' }).click();
    await page.waitForURL('**/forgot-password');
    const since = server.lines.length;
    await page.getByLabel('Email').fill(person.email);
    await page.getByRole('button', { name: 'Send the link' }).click();
    await page.getByTestId('reset-sent').getByText(`If an account exists for ${person.email}`).waitFor();
    await screenshot(page, 'forgot-password-sent');

    const email = await server.waitForEmail(person.email, { since });
    const link = email.text.match(/https?:\/\/\S+\/reset-password\?token=\S+/)?.[0];
    assert.ok(link, `no reset link in the email:\n${email.text}`);
    assert.ok(link.startsWith(server.url), `the link points elsewhere: ${link}`);

    await page.goto(link);
    await expectHeading(page, 'Set a new password');
    await page.getByLabel(/^New password\b/).fill(newPassword);
    await page.getByLabel(/^Repeat the new password\b/).fill(newPassword);
    await page.getByRole('button', { name: 'Set the password' }).click();
    await page.waitForURL('**/sign-in');
    await page.getByTestId('sign-in-notice').getByText('Your password has been changed').waitFor();
    await screenshot(page, 'sign-in-after-reset');

    await signIn(page, person.email, person.password);
    await page.getByText('The email or password is not right.').waitFor();
    await signIn(page, person.email, newPassword);
    await expectSignedInAs(page, person.name);

    // The link works once.
    await signOut(page, person.name);
    await page.goto(link);
    await page.getByLabel(/^New password\b/).fill('yet-another-password');
    await page.getByLabel(/^Repeat the new password\b/).fill('yet-another-password');
    await page.getByRole('button', { name: 'Set the password' }).click();
    await page.getByTestId('form-error').getByText('This reset link is invalid, used or expired').waitFor();
    await context.close();
  });

  test('the language follows the browser, can be switched, and is remembered', async () => {
    const { context, page } = await newPage({ locale: 'fr-FR' });
    await page.goto('/');
    await page.getByTestId('coops-empty').waitFor();
    assert.equal(await page.locator('html').getAttribute('lang'), 'fr');
    await expectHeading(page, /coopérative de plateforme/);
    await assertAccessible(page, 'home (French)');

    await page.getByRole('button', { name: /^Langue\s*: Français$/ }).click();
    await page.getByRole('menuitemradio', { name: 'Español' }).click();
    await page.locator('html[lang="es"]').waitFor({ state: 'attached' });
    await page.getByRole('menu').waitFor({ state: 'hidden' });
    await expectHeading(page, /cooperativa de plataforma/);
    await page.getByRole('banner').getByRole('link', { name: 'Iniciar sesión' }).waitFor();
    await screenshot(page, 'home-spanish');

    await page.reload();
    await page.getByTestId('coops-empty').waitFor();
    assert.equal(await page.locator('html').getAttribute('lang'), 'es');
    await page.goto('/sign-in');
    await expectHeading(page, 'Iniciar sesión');
    await assertAccessible(page, 'sign-in (Spanish)');
    await context.close();
  });

  test('every page passes axe with no serious or critical violation', async () => {
    const pages = [
      { name: 'home', path: '/', title: /platform co-op/i },
      { name: 'sign-in', path: '/sign-in', title: /^Sign in$/ },
      { name: 'sign-up', path: '/sign-up', title: /^Sign up$/ },
      { name: 'forgot-password', path: '/forgot-password', title: /^Forgot password$/ },
      {
        name: 'reset-password',
        path: '/reset-password?token=abcdefghijklmnopqrstuvwxyz',
        title: /^Set a new password$/,
      },
      { name: 'reset-password-no-token', path: '/reset-password', title: /^Set a new password$/ },
      { name: 'not-found', path: '/no/such/page', title: /^Page not found$/ },
      { name: 'found-signed-out', path: '/found', title: /^Sign in first$/ },
    ];
    for (const mobile of [false, true]) {
      const { context, page } = await newPage({ mobile });
      for (const target of pages) {
        await page.goto(target.path);
        await expectHeading(page, target.title);
        // Wait for the session check so the header is in its final state.
        const banner = page.getByRole('banner');
        const authControl = mobile
          ? banner.getByRole('button', { name: 'Menu' })
          : banner.getByRole('link', { name: 'Sign in' });
        await authControl.waitFor();
        const label = `${target.name}${mobile ? ' (mobile)' : ''}`;
        await assertAccessible(page, label);
        await screenshot(page, `${target.name}-${mobile ? 'mobile' : 'desktop'}`);
      }
      await context.close();
    }
  });

  test('an unknown address shows the not-found page, and the API still answers JSON', async () => {
    const { context, page } = await newPage();
    const response = await page.goto('/somewhere/else');
    assert.equal(response?.status(), 200); // The server hands every page address to the app.
    await page.getByTestId('not-found').waitFor();
    await page.getByRole('link', { name: 'Go to the home page' }).click();
    await page.waitForURL(`${server.url}/`);
    const api = await page.request.get('/api/nothing-here');
    assert.equal(api.status(), 404);
    assert.equal(((await api.json()) as { error: { code: string } }).error.code, 'NOT_FOUND');
    await context.close();
  });

  // Runs last: founding a co-op ends the empty state the journeys above expect.
  coopJourney();
  // Governance runs on a server of its own, with a clock it moves.
  governanceJourney();
  ledgerJourney();
  // On a server of its own, whose clock it moves.
  marketJourney();
});
