import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { RunningServer } from './server.ts';

// What every journey shares: the running server and browser, fresh pages, and the account steps.

export type Env = { server: RunningServer; browser: Browser };

let current: Env | null = null;

/** Called once the server and browser are up; the helpers below use them. */
export function useEnv(env: Env): void {
  current = env;
}

export function env(): Env {
  if (!current) throw new Error('the journeys run before the server and browser are up');
  return current;
}

export type Person = { name: string; email: string; password: string };

export async function newPage(
  options: { locale?: string; mobile?: boolean } = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const { browser, server } = env();
  const context = await browser.newContext({
    baseURL: server.url,
    locale: options.locale ?? 'en-US',
    viewport: options.mobile ? { width: 360, height: 740 } : { width: 1280, height: 860 },
    ...(options.mobile ? { isMobile: true, hasTouch: true, deviceScaleFactor: 2 } : {}),
  });
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  // A crash in the page should fail the journey with its message, not as a mysterious timeout.
  page.on('pageerror', (error) => console.error(`# page error: ${error.message}`));
  return { context, page };
}

/** Waits until the page's h1 reads `name` (pages load lazily, so the previous one can linger a moment). */
export async function expectHeading(page: Page, name: string | RegExp): Promise<void> {
  await page.getByRole('heading', { level: 1, name, exact: typeof name === 'string' }).waitFor();
}

/** Fills the sign-up form of the page it is on (after `goto` unless `here`). */
export async function signUp(page: Page, fields: Person, options: { here?: boolean } = {}): Promise<void> {
  if (!options.here) await page.goto('/sign-up');
  await page.getByLabel('Your name').fill(fields.name);
  await page.getByLabel('Email').fill(fields.email);
  await page.getByLabel(/^Password\b/).fill(fields.password);
  await page.getByRole('button', { name: 'Create account' }).click();
}

export async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.getByLabel('Email').fill(email);
  await page.getByLabel(/^Password\b/).fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
}

export async function expectSignedInAs(page: Page, name: string): Promise<void> {
  await page.getByRole('button', { name: `Account menu of ${name}` }).waitFor();
}

export async function signOut(page: Page, name: string): Promise<void> {
  await page.getByRole('button', { name: `Account menu of ${name}` }).click();
  await page.getByRole('menuitem', { name: 'Sign out' }).click();
  await page.getByRole('banner').getByRole('link', { name: 'Sign in' }).waitFor();
}

/** Whether the page is wider than the window, i.e. scrolls sideways. */
export async function scrollsSideways(page: Page): Promise<boolean> {
  return page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
}
