// Ledger posting throughput. A typical entry (a booking paid: bank, processing fee, payment clearing
// — three postings, an idempotency key and its audit event) posted by several concurrent clients,
// next to pgbench's TPC-B rate on the same PostgreSQL server in the same run: pgbench is the
// machine's physical write limit for small transactions. Then the same on PGlite, next to a TPC-B
// transaction run through the same driver. Finally the cost of reading a busy account's balance
// from its running total versus summing its postings.
// The ledger's clients run on 1 and on 2 threads (Node worker threads, each with its own pool), as
// pgbench runs its 8 clients on 2 threads.
// Run: node_modules/.bin/node bench/ledger.ts   (env: BENCH_PG_URL, BENCH_SECONDS, BENCH_CLIENTS)
import { execFileSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { type Database, openDatabase, queryRows } from '../server/db/client.ts';
import { coops } from '../server/db/schema/index.ts';
import { uuidv7 } from '../server/lib/ids.ts';
import {
  accountBalance,
  createDefaultChart,
  findAccountByCode,
  type LedgerContext,
  postEntry,
} from '../server/modules/ledger/index.ts';
import { percentile, ratio, runFor, serverUrl, type Timing } from './lib.ts';

const ADMIN_URL = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 8);
const LEDGER_DB = 'mutual_bench_ledger';
const PGBENCH_DB = 'mutual_bench_pgbench';

const ledgerCtx: LedgerContext = { clock: () => new Date(), newId: () => uuidv7() };

async function admin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

async function recreate(name: string): Promise<void> {
  await admin(async (c) => {
    await c.query(`drop database if exists ${name} with (force)`);
    await c.query(`create database ${name}`);
  });
}

async function drop(name: string): Promise<void> {
  await admin((c) => c.query(`drop database if exists ${name} with (force)`));
}

/** pgbench's default TPC-B-like script, scale 1, 8 clients on 2 threads; returns transactions/s. */
function pgbenchTps(): number {
  const url = serverUrl(ADMIN_URL, PGBENCH_DB);
  execFileSync('pgbench', ['-i', '-q', url], { stdio: 'ignore' });
  const out = execFileSync('pgbench', ['-c', String(CLIENTS), '-j', '2', '-T', String(SECONDS), url], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const m = /tps = ([\d.]+) \(without initial connection time\)/.exec(out) ?? /tps = ([\d.]+)/.exec(out);
  if (!m) throw new Error(`cannot read pgbench output:\n${out}`);
  return Number(m[1]);
}

async function setUpCoop(database: Database): Promise<string> {
  const coopId = uuidv7();
  await database.db.transaction(async (tx) => {
    await tx.insert(coops).values({
      id: coopId,
      slug: `bench-${coopId.slice(-8)}`,
      name: 'Bench co-op',
      sector: 'blank',
      currency: 'EUR',
      timeZone: 'Europe/Berlin',
      defaultLanguage: 'en',
      createdAt: new Date(),
    });
    await createDefaultChart(tx, ledgerCtx, { coopId, currency: 'EUR' });
  });
  return coopId;
}

let sequence = 0;
/** One booking payment: 97.00 to the bank, 3.00 processing fee, 100.00 held in payment clearing. */
function postBookingPayment(database: Database, coopId: string): Promise<unknown> {
  sequence += 1;
  const key = `booking-payment:${process.pid}:${sequence}`;
  return database.db.transaction((tx) =>
    postEntry(tx, ledgerCtx, {
      coopId,
      idempotencyKey: key,
      kind: 'booking_payment',
      description: 'Booking paid by card',
      occurredAt: new Date(),
      actorId: null,
      link: { type: 'booking', id: key },
      postings: [
        { account: { code: '1000' }, amount: 9700n, currency: 'EUR' },
        { account: { code: '5000' }, amount: 300n, currency: 'EUR' },
        { account: { code: '1100' }, amount: -10_000n, currency: 'EUR' },
      ],
    }),
  );
}

function line(label: string, t: Timing): string {
  return `${label.padEnd(56)} ${t.perSecond.toFixed(0).padStart(7)} tx/s   p50 ${percentile(t.latencies, 50).toFixed(2)} ms   p99 ${percentile(t.latencies, 99).toFixed(2)} ms`;
}

async function balanceReadCost(database: Database, coopId: string): Promise<string[]> {
  const bank = (await findAccountByCode(database.db, coopId, '1000'))!;
  const [count] = await queryRows<{ n: string }>(
    database.db,
    sql`select count(*)::text as n from ledger_postings where coop_id = ${coopId} and account_id = ${bank.id}`,
  );
  const n = count?.n ?? '0';
  const reads = 300;
  const time = async (read: () => Promise<unknown>) => {
    const start = performance.now();
    for (let i = 0; i < reads; i++) await read();
    return (performance.now() - start) / reads;
  };
  const running = await time(() => accountBalance(database.db, { coopId, accountId: bank.id }));
  const summed = await time(() =>
    database.db.execute(
      sql`select coalesce(sum(amount), 0)::text from ledger_postings where coop_id = ${coopId} and account_id = ${bank.id}`,
    ),
  );
  return [
    `balance of an account with ${n} postings: running total ${running.toFixed(3)} ms, sum over postings (index) ${summed.toFixed(3)} ms (${(summed / running).toFixed(0)}x)`,
  ];
}

type WorkerJob = { url: string; coopIds: string[]; clients: number; seconds: number };
type WorkerResult = { count: number; seconds: number; latencies: number[] };

/** In a worker thread: its own pool, a warm-up, then `clients` loops posting round-robin to the co-ops. */
async function workerMain(job: WorkerJob): Promise<void> {
  const database = await openDatabase({ kind: 'postgres', url: job.url, poolSize: job.clients });
  let next = 0;
  const work = () => postBookingPayment(database, job.coopIds[next++ % job.coopIds.length]!);
  await runFor(1, job.clients, work);
  parentPort!.postMessage({ ready: true });
  await new Promise((resolve) => parentPort!.once('message', resolve));
  const t = await runFor(job.seconds, job.clients, work);
  await database.close();
  parentPort!.postMessage({
    count: t.count,
    seconds: t.seconds,
    latencies: t.latencies,
  } satisfies WorkerResult);
}

/** Runs CLIENTS clients split over `threads` worker threads, started together; the rates add up. */
async function onThreads(threads: number, coopIds: string[]): Promise<Timing> {
  const workers = Array.from({ length: threads }, (_, i) => {
    const clients = Math.floor(CLIENTS / threads) + (i < CLIENTS % threads ? 1 : 0);
    const job: WorkerJob = { url: serverUrl(ADMIN_URL, LEDGER_DB), coopIds, clients, seconds: SECONDS };
    return new Worker(new URL(import.meta.url), { workerData: job });
  });
  const message = (w: Worker) =>
    new Promise<{ ready?: boolean } & Partial<WorkerResult>>((resolve, reject) => {
      w.once('message', resolve);
      w.once('error', reject);
    });
  await Promise.all(workers.map(message));
  const results = workers.map(message);
  for (const w of workers) w.postMessage('go');
  const done = (await Promise.all(results)) as WorkerResult[];
  await Promise.all(workers.map((w) => w.terminate()));
  const latencies = done.flatMap((d) => d.latencies);
  const seconds = Math.max(...done.map((d) => d.seconds));
  return {
    count: latencies.length,
    seconds,
    perSecond: done.reduce((s, d) => s + d.count / d.seconds, 0),
    latencies,
  };
}

async function serverBench(): Promise<string[]> {
  const out: string[] = [];
  await recreate(PGBENCH_DB);
  const before = pgbenchTps();
  await recreate(LEDGER_DB);
  const database = await openDatabase({
    kind: 'postgres',
    url: serverUrl(ADMIN_URL, LEDGER_DB),
    poolSize: 2,
  });
  try {
    await database.migrate();
    const one = [await setUpCoop(database)];
    // Several co-ops on one server: each co-op's audit chain and balances are its own.
    const many = await Promise.all(Array.from({ length: CLIENTS }, () => setUpCoop(database)));
    const runs: [string, Timing][] = [];
    for (const threads of [1, 2]) {
      runs.push([
        `ledger, one co-op, ${CLIENTS} clients, ${threads} thread(s)`,
        await onThreads(threads, one),
      ]);
      runs.push([
        `ledger, ${many.length} co-ops, ${CLIENTS} clients, ${threads} thread(s)`,
        await onThreads(threads, many),
      ]);
    }
    await recreate(PGBENCH_DB);
    const after = pgbenchTps();
    const baseline = (before + after) / 2;
    out.push(
      `pgbench TPC-B, scale 1, ${CLIENTS} clients, 2 threads, ${SECONDS} s: ${before.toFixed(0)} before, ${after.toFixed(0)} after; baseline ${baseline.toFixed(0)} tps`,
    );
    for (const [label, t] of runs)
      out.push(line(label, t), `  → ${ratio(t.perSecond, baseline)} of pgbench (target ≥ 50 %)`);
    out.push(...(await balanceReadCost(database, one[0]!)));
  } finally {
    await database.close();
    await drop(LEDGER_DB);
    await drop(PGBENCH_DB);
  }
  return out;
}

/** TPC-B's transaction, as pgbench runs it, on PGlite through the same driver as the ledger. */
async function pgliteTpcb(database: Database): Promise<Timing> {
  const db = database.db;
  await db.execute(sql`create table pgbench_branches (bid int primary key, bbalance int, filler char(88))`);
  await db.execute(
    sql`create table pgbench_tellers (tid int primary key, bid int, tbalance int, filler char(84))`,
  );
  await db.execute(
    sql`create table pgbench_accounts (aid int primary key, bid int, abalance int, filler char(84))`,
  );
  await db.execute(
    sql`create table pgbench_history (tid int, bid int, aid int, delta int, mtime timestamp, filler char(22))`,
  );
  await db.execute(sql`insert into pgbench_branches values (1, 0, '')`);
  await db.execute(sql`insert into pgbench_tellers select t, 1, 0, '' from generate_series(1, 10) t`);
  await db.execute(sql`insert into pgbench_accounts select a, 1, 0, '' from generate_series(1, 100000) a`);
  const random = (n: number) => 1 + Math.floor(Math.random() * n);
  const run = () => {
    const aid = random(100_000);
    const tid = random(10);
    const delta = random(10_000) - 5000;
    return db.transaction(async (tx) => {
      await tx.execute(sql`update pgbench_accounts set abalance = abalance + ${delta} where aid = ${aid}`);
      await tx.execute(sql`select abalance from pgbench_accounts where aid = ${aid}`);
      await tx.execute(sql`update pgbench_tellers set tbalance = tbalance + ${delta} where tid = ${tid}`);
      await tx.execute(sql`update pgbench_branches set bbalance = bbalance + ${delta} where bid = 1`);
      await tx.execute(
        sql`insert into pgbench_history (tid, bid, aid, delta, mtime) values (${tid}, 1, ${aid}, ${delta}, current_timestamp)`,
      );
    });
  };
  await runFor(1, 1, run);
  return runFor(SECONDS, 1, run);
}

async function pgliteBench(): Promise<string[]> {
  const database = await openDatabase({ kind: 'pglite' });
  try {
    await database.migrate();
    const coopId = await setUpCoop(database);
    await runFor(1, 1, () => postBookingPayment(database, coopId));
    const ledger = await runFor(SECONDS, 1, () => postBookingPayment(database, coopId));
    const tpcb = await pgliteTpcb(database);
    return [
      line('PGlite: TPC-B transaction via drizzle, 1 connection', tpcb),
      line('PGlite: ledger, 1 connection', ledger),
      `  → ${ratio(ledger.perSecond, tpcb.perSecond)} of TPC-B on PGlite`,
      ...(await balanceReadCost(database, coopId)),
    ];
  } finally {
    await database.close();
  }
}

if (isMainThread) {
  const started = loadavg()[0]!;
  console.log(
    `ledger benchmark: ${SECONDS} s per run, ${CLIENTS} clients, load average ${started.toFixed(2)} at start`,
  );
  for (const l of await serverBench()) console.log(l);
  for (const l of await pgliteBench()) console.log(l);
  console.log(`load average ${loadavg()[0]!.toFixed(2)} at end`);
} else {
  await workerMain(workerData as WorkerJob);
}
