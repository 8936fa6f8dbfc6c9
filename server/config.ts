import { resolve } from 'node:path';
import { z } from 'zod';

// The only reader of process.env. Parsed once at boot; every problem is listed at once.
const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().default('0.0.0.0'),
  PUBLIC_URL: z.string().url().optional(),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
    .optional(),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  MUTUAL_DATA_DIR: z.string().default('./data'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL')
    .optional(),
  MAIL_FROM: z.string().default('Mutual <no-reply@localhost>'),
  TRUST_PROXY: z.enum(['true', 'false']).default('false'),
  BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).default(1_048_576),
  SCHEDULER_TICK_MS: z.coerce.number().int().min(100).max(3_600_000).optional(),
  MUTUAL_CLOCK_FILE: z.string().optional(),
});

export type Config = {
  env: 'development' | 'production' | 'test';
  port: number;
  host: string;
  publicUrl: string;
  database: { kind: 'pglite'; dataDir: string } | { kind: 'postgres'; url: string; poolSize: number };
  dataDir: string;
  logLevel: string;
  smtpUrl: string | undefined;
  mailFrom: string;
  trustProxy: boolean;
  bodyLimit: number;
  /** When set, every scheduled task runs at this interval instead of its own. */
  schedulerTickMs: number | undefined;
  /** Test servers only: a file holding milliseconds to add to the real time, so browser tests can let days pass. */
  clockFile: string | undefined;
};

export class ConfigError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  const e = parsed.data;
  if (e.MUTUAL_CLOCK_FILE && e.NODE_ENV !== 'test') {
    throw new ConfigError(['MUTUAL_CLOCK_FILE: only allowed with NODE_ENV=test (it moves the server clock)']);
  }
  const dataDir = resolve(e.MUTUAL_DATA_DIR);
  return {
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    publicUrl: (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, ''),
    database: e.DATABASE_URL
      ? { kind: 'postgres', url: e.DATABASE_URL, poolSize: e.DATABASE_POOL_SIZE }
      : { kind: 'pglite', dataDir: resolve(dataDir, 'db') },
    dataDir,
    logLevel: e.LOG_LEVEL,
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    trustProxy: e.TRUST_PROXY === 'true',
    bodyLimit: e.BODY_LIMIT_BYTES,
    schedulerTickMs: e.SCHEDULER_TICK_MS,
    clockFile: e.MUTUAL_CLOCK_FILE ? resolve(e.MUTUAL_CLOCK_FILE) : undefined,
  };
}
