import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { btree_gist } from '@electric-sql/pglite/contrib/btree_gist';
import {
  type ExtractTablesWithRelations,
  getTableColumns,
  type Query,
  type SQL,
  type SQLWrapper,
  sql,
} from 'drizzle-orm';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import {
  type PgDatabase,
  PgDialect,
  type PgQueryResultHKT,
  type PgTable,
  type PgTransaction,
} from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import pg from 'pg';
import * as schema from './schema/index.ts';

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** A query helper's first argument: the database, or the transaction of the use case calling it. */
export type Executor = Db | Tx;

export type Database = {
  kind: 'pglite' | 'postgres';
  db: Db;
  migrate(): Promise<void>;
  ping(): Promise<void>;
  close(): Promise<void>;
  /** Embedded database only: a copy of the whole data directory (tests start from a migrated copy). */
  dump?: () => Promise<Blob>;
};

export const migrationsFolder = join(import.meta.dirname, 'migrations');

const MIGRATION_LOCK = 727_274_001;

export type DatabaseOptions =
  | { kind: 'pglite'; dataDir?: string; loadDataDir?: Blob }
  | { kind: 'postgres'; url: string; poolSize?: number };

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  if (options.kind === 'pglite') {
    if (options.dataDir) mkdirSync(dirname(options.dataDir), { recursive: true });
    const client = await PGlite.create({
      ...(options.dataDir ? { dataDir: options.dataDir } : {}),
      ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
      extensions: { btree_gist },
    });
    const db = drizzlePglite({ client, schema });
    return {
      kind: 'pglite',
      db: db as unknown as Db,
      migrate: () => migratePglite(db, { migrationsFolder }),
      ping: async () => {
        await client.query('select 1');
      },
      close: () => client.close(),
      dump: () => client.dumpDataDir('none'),
    };
  }
  const pool = new pg.Pool({ connectionString: options.url, max: options.poolSize ?? 10 });
  // An idle client's error (server restart) must not crash the process; the next query reconnects.
  pool.on('error', () => {});
  const db = drizzlePg({ client: pool, schema });
  return {
    kind: 'postgres',
    db: db as unknown as Db,
    migrate: async () => {
      // Several processes may start at once: one migrates, the others wait on the advisory lock.
      const client = await pool.connect();
      try {
        await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK]);
        await migratePg(drizzlePg({ client, schema }), { migrationsFolder });
      } finally {
        await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => {});
        client.release();
      }
    },
    ping: async () => {
      await pool.query('select 1');
    },
    close: () => pool.end(),
  };
}

/** Runs raw SQL and returns its rows; both drivers answer with `{ rows }`. */
export async function queryRows<T>(db: Executor, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}

/**
 * A statement of a hot path: its SQL text is built once, from a `sql` template (or a query builder
 * of `statementBuilder`) whose variable parts are `sql.placeholder(name)`s, and on the PostgreSQL
 * server it runs as a named prepared statement, so each connection parses it once and the server can
 * keep its plan (decision 0013). Rows come back as the driver parses them (timestamps as text).
 */
export type Statement<Row> = { readonly name: string; readonly query: Query; readonly row?: Row };

const dialect = new PgDialect();
const statementNames = new Set<string>();

/** Builds statements' SQL without a connection. */
export const statementBuilder = drizzlePg.mock({ schema });

export function statement<Row = never>(name: string, query: SQLWrapper): Statement<Row> {
  // A connection keeps one text per name: two statements under one name would fail at run time.
  if (statementNames.has(name)) throw new Error(`statement "${name}" is defined twice`);
  statementNames.add(name);
  return { name, query: dialect.sqlToQuery(query.getSQL()) };
}

/** A placeholder for every column of a table, named as its field: insert a whole row at once. */
export function rowPlaceholders<T extends PgTable>(table: T): Record<keyof T['$inferInsert'], SQL> {
  return Object.fromEntries(
    Object.keys(getTableColumns(table)).map((key) => [key, sql`${sql.placeholder(key)}`]),
  ) as Record<keyof T['$inferInsert'], SQL>;
}

const driverValue = (value: unknown) =>
  value instanceof Date ? value.toISOString() : typeof value === 'bigint' ? value.toString() : value;

/** Runs a statement in the database or the caller's transaction. */
export async function runStatement<Row>(
  db: Executor,
  s: Statement<Row>,
  values: Record<string, unknown>,
): Promise<Row[]> {
  const params: Record<string, unknown> = {};
  for (const key in values) params[key] = driverValue(values[key]);
  const result = (await db._.session.prepareQuery(s.query, undefined, s.name, false).execute(params)) as {
    rows: Row[];
  };
  return result.rows;
}
