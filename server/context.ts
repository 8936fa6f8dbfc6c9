import { readFileSync } from 'node:fs';
import type { Config } from './config.ts';
import { type Database, openDatabase } from './db/client.ts';
import { uuidv7 } from './lib/ids.ts';
import { createLogger, type Logger } from './lib/logger.ts';
import { createMailer, type Mailer } from './lib/mailer.ts';

// The composition root: everything a use case needs, built once. Tests pass overrides (a fixed
// clock, a capturing mailer, a database copied from a migrated template).
export type Context = {
  config: Config;
  database: Database;
  db: Database['db'];
  logger: Logger;
  mailer: Mailer;
  clock: () => Date;
  newId: () => string;
  /** Called after a use case commits work that left something in the outbox. */
  kickOutbox: () => void;
};

export type ContextOverrides = Partial<Omit<Context, 'config' | 'db'>>;

export async function createContext(config: Config, overrides: ContextOverrides = {}): Promise<Context> {
  const logger = overrides.logger ?? createLogger(config.logLevel);
  const database =
    overrides.database ??
    (await openDatabase(
      config.database.kind === 'pglite'
        ? { kind: 'pglite', dataDir: config.database.dataDir }
        : { kind: 'postgres', url: config.database.url, poolSize: config.database.poolSize },
    ));
  const clock = overrides.clock ?? (config.clockFile ? offsetClock(config.clockFile) : () => new Date());
  return {
    config,
    database,
    db: database.db,
    logger,
    mailer: overrides.mailer ?? createMailer({ smtpUrl: config.smtpUrl, from: config.mailFrom, logger }),
    clock,
    newId: overrides.newId ?? (() => uuidv7(clock().getTime())),
    kickOutbox: overrides.kickOutbox ?? (() => {}),
  };
}

/** Test servers only (config refuses it otherwise): real time plus the offset written in a file. */
function offsetClock(file: string): () => Date {
  return () => {
    let offset = 0;
    try {
      offset = Number(readFileSync(file, 'utf8').trim()) || 0;
    } catch {
      // No file yet: no offset.
    }
    return new Date(Date.now() + offset);
  };
}
