import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { loadConfig } from '../server/config.ts';
import { type Context, createContext } from '../server/context.ts';
import { type Database, openDatabase } from '../server/db/client.ts';
import { createLogger } from '../server/lib/logger.ts';
import type { Email, Mailer } from '../server/lib/mailer.ts';

export const PGLITE_TEMPLATE = join(import.meta.dirname, '..', '.tmp', 'pglite-template.tar');
export const SERVER_TEMPLATE_DB = 'mutual_test_template';

export function serverUrl(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/** A fresh, migrated database for one test file: a copy of the template made by global setup. */
export async function openTestDatabase(): Promise<Database> {
  const url = process.env.TEST_DATABASE_URL;
  if (url) {
    const name = `mutual_t_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`create database ${name} template ${SERVER_TEMPLATE_DB}`);
    await admin.end();
    const database = await openDatabase({ kind: 'postgres', url: serverUrl(url, name), poolSize: 20 });
    const close = database.close;
    return {
      ...database,
      close: async () => {
        await close();
        const cleanup = new pg.Client({ connectionString: url });
        await cleanup.connect();
        await cleanup.query(`drop database if exists ${name} with (force)`);
        await cleanup.end();
      },
    };
  }
  return openDatabase({ kind: 'pglite', loadDataDir: new Blob([readFileSync(PGLITE_TEMPLATE)]) });
}

export type TestClock = { now: Date; advance(ms: number): void };

export type TestContext = Context & { sentEmails: Email[]; testClock: TestClock };

/** A context on a fresh database, with a clock the test moves and a mailer that keeps what it sends. */
export async function createTestContext(options: { start?: Date } = {}): Promise<TestContext> {
  const testClock: TestClock = {
    now: options.start ?? new Date('2026-03-02T09:00:00.000Z'),
    advance(ms) {
      this.now = new Date(this.now.getTime() + ms);
    },
  };
  const sentEmails: Email[] = [];
  const mailer: Mailer = {
    via: 'log',
    send: async (email) => {
      sentEmails.push(email);
    },
  };
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', PUBLIC_URL: 'http://mutual.test' });
  const ctx = await createContext(config, {
    database: await openTestDatabase(),
    logger: createLogger('silent'),
    mailer,
    clock: () => testClock.now,
  });
  return Object.assign(ctx, { sentEmails, testClock });
}

/** The database's own message of a failed query (drizzle wraps it in `cause`). */
export async function dbError(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    const e = error as { message?: string; cause?: { message?: string } };
    return `${e.cause?.message ?? ''} ${e.message ?? ''}`;
  }
  return 'no error';
}
