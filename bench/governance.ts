// The price of ballot secrecy. A secret cast rewrites all of a proposal's ballot rows in a fresh random
// order (docs/decisions/0007-ballot-secrecy.md), so its cost grows with the ballots already cast; an
// open cast writes one row. Both go through the same use case (roll lock, ballot validation, audit
// event), so the open cast measured in the same run is the baseline. Voters cast one after another
// (a proposal's casts are serialised anyway); latencies are reported per window of the vote.
// Run: node_modules/.bin/node bench/governance.ts   (env: BENCH_PG_URL, BENCH_VOTERS, BENCH_PGLITE=0)
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { loadConfig } from '../server/config.ts';
import { type Context, createContext } from '../server/context.ts';
import { type Database, openDatabase } from '../server/db/client.ts';
import { uuidv7 } from '../server/lib/ids.ts';
import { createLogger } from '../server/lib/logger.ts';
import { findCoopIdBySlug } from '../server/modules/coops/index.ts';
import {
  castBallot,
  createProposal,
  openDueVotes,
  secondProposal,
  submitProposal,
} from '../server/modules/governance/index.ts';
import { foundCoop } from '../server/modules/members/index.ts';
import { percentile, ratio, serverUrl } from './lib.ts';

const ADMIN_URL = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const VOTERS = Number(process.env.BENCH_VOTERS ?? 2000);
const DB = 'mutual_bench_governance';

async function admin(query: string): Promise<void> {
  const c = new pg.Client({ connectionString: ADMIN_URL });
  await c.connect();
  await c.query(query);
  await c.end();
}

type Actor = { kind: 'account'; accountId: string; isOperator: boolean };
const actor = (accountId: string): Actor => ({ kind: 'account', accountId, isOperator: false });

async function setUp(database: Database, voters: number) {
  let now = Date.now();
  const base = await createContext(loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' }), {
    database,
    logger: createLogger('silent'),
    clock: () => new Date(now),
  });
  const ctx: Context = { ...base, newId: () => uuidv7(now) };
  const ids = Array.from({ length: voters }, () => uuidv7());
  for (let i = 0; i < voters; i += 1000) {
    const chunk = ids.slice(i, i + 1000);
    await ctx.db.execute(sql`insert into accounts (id, email, display_name, password_hash, created_at, updated_at)
      select id, 'voter-' || id || '@bench.example', 'Voter', 'x', now(), now() from unnest(${sql.raw(
        `array[${chunk.map((id) => `'${id}'::uuid`).join(',')}]`,
      )}) as id`);
  }
  await foundCoop(ctx, actor(ids[0]!), {
    name: 'Bench co-op',
    slug: 'bench',
    mission: '',
    sector: 'home-services',
    currency: 'EUR',
    timeZone: 'Europe/Madrid',
    defaultLanguage: 'en',
  });
  const coopId = (await findCoopIdBySlug(ctx.db, 'bench'))!;
  await ctx.db.execute(sql`insert into memberships (coop_id, id, account_id, member_number, class_key, shares, status, admitted_at)
    select ${coopId}, gen_random_uuid(), a.id, 1 + row_number() over (order by a.id),
           case when row_number() over (order by a.id) % 3 = 0 then 'customer' else 'worker' end, 1, 'active', now()
    from accounts a where a.email like 'voter-%' and a.id <> ${ids[0]}`);
  const open = async (input: Parameters<typeof createProposal>[3]) => {
    const p = await createProposal(ctx, actor(ids[1]!), 'bench', input);
    let v = await submitProposal(ctx, actor(ids[1]!), 'bench', p.id);
    for (let i = 2; v.status === 'seconding'; i++)
      v = await secondProposal(ctx, actor(ids[i]!), 'bench', p.id);
    return v;
  };
  const secret = await open({
    kind: 'policy',
    title: 'Fee 7%',
    body: '',
    changes: { market: { platformFeeBps: 700 } },
  });
  const openVote = await open({ kind: 'resolution', title: 'Open question', body: '' });
  now = new Date(secret.votingOpensAt!).getTime() + 1000;
  await openDueVotes(ctx);
  return { ctx, ids, secret: secret.id, open: openVote.id };
}

async function castAll(ctx: Context, ids: string[], proposalId: string): Promise<number[]> {
  const latencies: number[] = [];
  for (const id of ids) {
    const t = performance.now();
    await castBallot(ctx, actor(id), 'bench', proposalId, { ballot: { choice: 'yes' } });
    latencies.push(performance.now() - t);
  }
  return latencies;
}

function report(label: string, secret: number[], open: number[]): void {
  const windows = [0.05, 0.5, 0.95].map((f) => Math.floor(f * secret.length));
  console.log(`\n${label}: ${secret.length} voters, cast one after another`);
  console.log('ballots already cast | secret cast (median, p95) | open cast (median, p95) | secret / open');
  for (const w of windows) {
    const s = secret.slice(Math.max(0, w - 50), w + 50);
    const o = open.slice(Math.max(0, w - 50), w + 50);
    console.log(
      `${String(w).padStart(20)} | ${percentile(s, 50).toFixed(1)} ms, ${percentile(s, 95).toFixed(1)} ms | ${percentile(o, 50).toFixed(1)} ms, ${percentile(o, 95).toFixed(1)} ms | ${ratio(percentile(s, 50), percentile(o, 50))}`,
    );
  }
  const total = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / 1000;
  console.log(
    `whole vote: secret ${total(secret).toFixed(1)} s, open ${total(open).toFixed(1)} s (${ratio(total(secret), total(open))})`,
  );
}

async function run(label: string, database: Database, voters: number): Promise<void> {
  await database.migrate();
  const { ctx, ids, secret, open } = await setUp(database, voters);
  const secretTimes = await castAll(ctx, ids, secret);
  const openTimes = await castAll(ctx, ids, open);
  report(label, secretTimes, openTimes);
  await database.close();
}

await admin(`drop database if exists ${DB} with (force)`);
await admin(`create database ${DB}`);
await run(
  'PostgreSQL server',
  await openDatabase({ kind: 'postgres', url: serverUrl(ADMIN_URL, DB), poolSize: 4 }),
  VOTERS,
);
await admin(`drop database if exists ${DB} with (force)`);
if (process.env.BENCH_PGLITE !== '0') {
  await run('PGlite (embedded)', await openDatabase({ kind: 'pglite' }), Math.min(VOTERS, 1000));
}
