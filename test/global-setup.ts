import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import pg from 'pg';
import { openDatabase } from '../server/db/client.ts';
import { PGLITE_TEMPLATE, SERVER_TEMPLATE_DB, serverUrl } from './db.ts';

// Migrates once per run; every test file then starts from a copy of this database.
export async function setup(): Promise<() => Promise<void>> {
  const url = process.env.TEST_DATABASE_URL;
  if (url) {
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`drop database if exists ${SERVER_TEMPLATE_DB} with (force)`);
    await admin.query(`create database ${SERVER_TEMPLATE_DB}`);
    const database = await openDatabase({
      kind: 'postgres',
      url: serverUrl(url, SERVER_TEMPLATE_DB),
      poolSize: 1,
    });
    await database.migrate();
    await database.close();
    await admin.end();
    return async () => {
      const cleanup = new pg.Client({ connectionString: url });
      await cleanup.connect();
      const { rows } = await cleanup.query<{ datname: string }>(
        `select datname from pg_database where datname like 'mutual_t_%' or datname = $1`,
        [SERVER_TEMPLATE_DB],
      );
      for (const row of rows) await cleanup.query(`drop database if exists ${row.datname} with (force)`);
      await cleanup.end();
    };
  }
  const database = await openDatabase({ kind: 'pglite' });
  await database.migrate();
  const dump = await dumpPglite(database);
  mkdirSync(dirname(PGLITE_TEMPLATE), { recursive: true });
  writeFileSync(PGLITE_TEMPLATE, dump);
  await database.close();
  return async () => {};
}

async function dumpPglite(database: Awaited<ReturnType<typeof openDatabase>>): Promise<Buffer> {
  if (!database.dump) throw new Error('database cannot be dumped');
  const blob = await database.dump();
  return Buffer.from(await blob.arrayBuffer());
}
