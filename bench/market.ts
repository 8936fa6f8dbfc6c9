// Marketplace benchmark on the PostgreSQL server: search with availability over 5,000 workers and
// 200,000 existing bookings (p50/p99 latency of the search use case), and booking-request
// throughput under concurrency next to pgbench's TPC-B rate measured in the same run.
// Run: node_modules/.bin/node bench/market.ts   (env: BENCH_PG_URL, BENCH_SECONDS, BENCH_CLIENTS,
// BENCH_SEARCHES, BENCH_WORKERS, BENCH_BOOKINGS_PER_WORKER, BENCH_SEARCH_ONLY, BENCH_KEEP)
import { execFileSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import type { SearchQuery } from '../contracts/market.ts';
import { loadConfig } from '../server/config.ts';
import { type Context, createContext } from '../server/context.ts';
import { openDatabase, queryRows } from '../server/db/client.ts';
import { isAppError } from '../server/lib/errors.ts';
import { createLogger } from '../server/lib/logger.ts';
import { refreshRecentWork, requestBooking, searchWorkers } from '../server/modules/market/index.ts';
import { foundCoop } from '../server/modules/members/index.ts';
import { percentile, ratio, runFor, serverUrl, type Timing } from './lib.ts';

const ADMIN_URL = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 8);
const SEARCHES = Number(process.env.BENCH_SEARCHES ?? 600);
const WORKERS = Number(process.env.BENCH_WORKERS ?? 5000);
const PER_WORKER = Number(process.env.BENCH_BOOKINGS_PER_WORKER ?? 40);
const CUSTOMERS = 2000;
const MARKET_DB = 'mutual_bench_market';
const PGBENCH_DB = 'mutual_bench_market_pgbench';
const DAY = 86_400_000;
const MADRID = { lat: 40.4168, lng: -3.7038 };
const CATEGORIES = ['cleaning', 'handyman', 'gardening', 'moving-help'];

async function admin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

const recreate = (name: string) =>
  admin(async (c) => {
    await c.query(`drop database if exists ${name} with (force)`);
    await c.query(`create database ${name}`);
  });
const drop = (name: string) => admin((c) => c.query(`drop database if exists ${name} with (force)`));

/** pgbench's TPC-B-like script, scale 1, CLIENTS clients on 2 threads; transactions per second. */
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

const today = () => Math.floor(Date.now() / DAY) * DAY;

/**
 * A home-services co-op founded by the real use case, then 5,000 workers (profiles, services,
 * weekly hours) and 200,000 bookings inserted in bulk: each worker has a two-hour booking every
 * third day from 60 days ago to about 60 days ahead (settled in the past, confirmed ahead).
 */
async function seed(
  ctx: Context,
  spec: { slug: string; workers: number; perWorker: number },
): Promise<{ slug: string; coopId: string }> {
  const founderId = ctx.newId();
  const now = new Date().toISOString();
  const tag = spec.slug;
  await ctx.db.execute(sql`insert into accounts (id, email, display_name, password_hash, created_at, updated_at)
    values (${founderId}, ${`founder-${tag}@bench.example`}, 'Founder', 'x', ${now}, ${now})`);
  const { coopId } = await foundCoop(
    ctx,
    { kind: 'account', accountId: founderId, isOperator: false },
    {
      name: `Bench Home Services ${tag}`,
      slug: tag,
      mission: '',
      sector: 'home-services',
      currency: 'EUR',
      timeZone: 'Europe/Madrid',
      defaultLanguage: 'es',
    },
  );
  const coop = sql`${coopId}::uuid`;
  const floors = sql`case c when 'cleaning' then 1500 when 'handyman' then 2000 else 1600 end`;
  const base = new Date(today()).toISOString();
  // One transaction, so the temporary tables live on one connection.
  await ctx.db.transaction(async (db) => {
    await db.execute(sql`create temporary table bw on commit drop as
      select n, gen_random_uuid() as account_id, gen_random_uuid() as worker_id, gen_random_uuid() as service_id,
        gen_random_uuid() as service2_id
      from generate_series(1, ${spec.workers}) n`);
    await db.execute(sql`create temporary table bc on commit drop as
      select n, gen_random_uuid() as account_id from generate_series(0, ${CUSTOMERS - 1}) n`);
    await db.execute(sql`insert into accounts (id, email, display_name, password_hash, created_at, updated_at)
      select account_id, 'worker-' || ${tag} || '-' || n || '@bench.example', 'Worker ' || n, 'x', now(), now() from bw
      union all
      select account_id, 'customer-' || ${tag} || '-' || n || '@bench.example', 'Customer ' || n, 'x', now(), now() from bc`);
    await db.execute(sql`insert into memberships (coop_id, id, account_id, member_number, class_key, shares, status, admitted_at)
      select ${coop}, gen_random_uuid(), account_id, n + 1, 'worker', 1, 'active', now() from bw`);
    // Workers spread over about 30 × 30 km around Madrid, serving 5 to 20 km.
    await db.execute(sql`insert into market_workers (coop_id, id, account_id, display_name, languages, skills, time_zone,
        area_lat, area_lng, area_radius_km, buffer_minutes, instant_booking, rating_total, rating_count, created_at, updated_at)
      select ${coop}, worker_id, account_id, 'Worker ' || n,
        case n % 3 when 0 then array['es'] when 1 then array['es', 'en'] else array['es', 'fr'] end,
        case when n % 4 = 0 then array['deep-cleaning'] else array[]::text[] end,
        'Europe/Madrid',
        ${MADRID.lat} + (random() - 0.5) * 0.27, ${MADRID.lng} + (random() - 0.5) * 0.35, 5 + n % 16,
        (n % 3) * 15, n % 7 = 0, (n % 5) * 10, (n % 5) * 2, now(), now()
      from bw`);
    await db.execute(sql`insert into market_services (coop_id, id, worker_id, category_key, title, pricing, rate, currency,
        min_duration_minutes, checked_version, created_at, updated_at)
      select ${coop}, service_id, worker_id, c, 'Service ' || n, 'hourly', ${floors} + (n % 10) * 100, 'EUR', 60, 1, now(), now()
      from (select *, (array['cleaning', 'handyman', 'gardening', 'moving-help'])[1 + n % 4] as c from bw) s
      union all
      select ${coop}, service2_id, worker_id, c, 'Second service ' || n, 'hourly', ${floors} + 300, 'EUR', 60, 1, now(), now()
      from (select *, (array['cleaning', 'handyman', 'gardening', 'moving-help'])[1 + (n + 1) % 4] as c from bw where n % 5 = 0) s`);
    await db.execute(sql`insert into market_availability_rules (coop_id, id, worker_id, weekday, start_minute, end_minute)
      select ${coop}, gen_random_uuid(), worker_id, d, 480 + (n % 4) * 60, 480 + (n % 4) * 60 + 480
      from bw, generate_series(1, 5) d
      union all
      select ${coop}, gen_random_uuid(), worker_id, 6, 540, 780 from bw where n % 3 = 0`);
    // Two-hour bookings inside the worker's hours (Madrid is UTC+1 or +2).
    await db.execute(sql`insert into market_bookings (coop_id, id, worker_id, worker_account_id, customer_account_id, service_id,
        category_key, title, starts_at, ends_at, blocked_from, buffer_minutes, duration_minutes, status, pricing, rate, subtotal,
        fee_bps, fee, total, currency, policy_version, cancel_window_hours, cancel_fee_bps, requested_at, confirmed_at, settled_at)
      select ${coop}, gen_random_uuid(), w.worker_id, w.account_id, c.account_id, w.service_id, 'cleaning', 'Booking',
        t.starts, t.starts + interval '2 hours', t.starts - make_interval(mins => (w.n % 3) * 15), (w.n % 3) * 15, 120,
        case when t.starts < now() then 'settled' else 'confirmed' end, 'hourly', 1500, 3000, 800, 240, 3240, 'EUR', 1, 24, 5000,
        t.starts - interval '3 days', t.starts - interval '2 days', case when t.starts < now() then t.starts + interval '3 hours' end
      from bw w
      cross join generate_series(0, ${spec.perWorker - 1}) j
      cross join lateral (select ${base}::timestamptz + make_interval(days => -60 + 3 * j + w.n % 3,
        mins => 480 + (w.n % 4) * 60 + (j % 3) * 120) as starts) t
      join bc c on c.n = (w.n * ${Math.max(spec.perWorker, 1)} + j) % ${CUSTOMERS}`);
  });
  return { slug: tag, coopId };
}

function random<T>(list: readonly T[]): T {
  return list[Math.floor(Math.random() * list.length)]!;
}

function searchQuery(): SearchQuery {
  const day = today() + (1 + Math.floor(Math.random() * 13)) * DAY;
  const q: SearchQuery = {
    category: random(CATEGORIES),
    lat: MADRID.lat + (Math.random() - 0.5) * 0.18,
    lng: MADRID.lng + (Math.random() - 0.5) * 0.24,
    radiusKm: random([5, 10, 10, 15]),
    from: new Date(day + 7 * 3_600_000).toISOString(),
    to: new Date(day + 19 * 3_600_000).toISOString(),
    durationMinutes: random([60, 120, 180]),
    limit: 20,
    offset: 0,
  };
  if (Math.random() < 0.3) q.language = 'en';
  if (Math.random() < 0.2) q.rateMax = '2200';
  return q;
}

type Pool = { slug: string; targets: { service_id: string; n: number }[]; customers: string[] };
type WorkerJob = { url: string; pools: Pool[]; clients: number; seconds: number };
type WorkerResult = { count: number; seconds: number; latencies: number[]; ok: number; refused: number };

async function poolsOf(ctx: Context, coops: { slug: string; coopId: string }[]): Promise<Pool[]> {
  const pools: Pool[] = [];
  for (const coop of coops) {
    const targets = await queryRows<{ service_id: string; n: number }>(
      ctx.db,
      sql`select s.id as service_id, r.start_minute as n from market_services s
          join market_availability_rules r on r.coop_id = s.coop_id and r.worker_id = s.worker_id and r.weekday = 1
          where s.coop_id = ${coop.coopId}`,
    );
    const customers = await queryRows<{ id: string }>(
      ctx.db,
      sql`select id from accounts where email like ${`customer-${coop.slug}-%`}`,
    );
    pools.push({ slug: coop.slug, targets, customers: customers.map((c) => c.id) });
  }
  return pools;
}

/**
 * One thread's clients: booking requests for free future slots (a random worker, a weekday 9 to 50
 * weeks ahead, inside their hours), through the request use case with all its checks.
 */
async function workerMain(job: WorkerJob): Promise<void> {
  const database = await openDatabase({ kind: 'postgres', url: job.url, poolSize: job.clients * 2 });
  const config = loadConfig({ NODE_ENV: 'production', LOG_LEVEL: 'silent', DATABASE_URL: job.url });
  const ctx = await createContext(config, { database, logger: createLogger('silent') });
  let ok = 0;
  let refused = 0;
  const monday = today() - ((new Date(today()).getUTCDay() + 6) % 7) * DAY;
  const book = async () => {
    const pool = random(job.pools);
    const target = random(pool.targets);
    const day = monday + (9 + Math.floor(Math.random() * 42)) * 7 * DAY + Math.floor(Math.random() * 5) * DAY;
    // The rule's local start in UTC (Madrid is +1 or +2), plus whole hours that keep 60 minutes inside.
    const startsAt = new Date(day + (target.n - 60 + 60 * Math.floor(Math.random() * 6)) * 60_000);
    try {
      await requestBooking(
        ctx,
        { kind: 'account', accountId: random(pool.customers), isOperator: false },
        pool.slug,
        {
          serviceId: target.service_id,
          startsAt: startsAt.toISOString(),
          durationMinutes: 60,
          note: '',
          address: '',
        },
      );
      ok++;
    } catch (error) {
      if (isAppError(error) && error.code === 'BOOKING_OVERLAP') refused++;
      else throw error;
    }
  };
  await runFor(2, job.clients, book); // warm-up
  parentPort!.postMessage({ ready: true });
  await new Promise((resolve) => parentPort!.once('message', resolve));
  ok = 0;
  refused = 0;
  const t = await runFor(job.seconds, job.clients, book);
  await database.close();
  parentPort!.postMessage({
    count: t.count,
    seconds: t.seconds,
    latencies: t.latencies,
    ok,
    refused,
  } satisfies WorkerResult);
}

/** CLIENTS clients split over `threads` worker threads (as pgbench splits its clients), started together. */
async function onThreads(
  threads: number,
  url: string,
  pools: Pool[],
): Promise<{ timing: Timing; ok: number; refused: number }> {
  const workers = Array.from({ length: threads }, (_, i) => {
    const clients = Math.floor(CLIENTS / threads) + (i < CLIENTS % threads ? 1 : 0);
    const job: WorkerJob = { url, pools, clients, seconds: SECONDS };
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
  return {
    timing: {
      count: latencies.length,
      seconds: Math.max(...done.map((d) => d.seconds)),
      perSecond: done.reduce((sum, d) => sum + d.count / d.seconds, 0),
      latencies,
    },
    ok: done.reduce((sum, d) => sum + d.ok, 0),
    refused: done.reduce((sum, d) => sum + d.refused, 0),
  };
}

async function main(): Promise<void> {
  console.log(
    `market benchmark: ${WORKERS} workers, ${WORKERS * PER_WORKER} bookings, ${SEARCHES} searches, ${SECONDS} s runs, ${CLIENTS} clients, load ${loadavg()[0]!.toFixed(2)}`,
  );
  await recreate(PGBENCH_DB);
  const before = pgbenchTps();
  await recreate(MARKET_DB);
  const url = serverUrl(ADMIN_URL, MARKET_DB);
  const database = await openDatabase({ kind: 'postgres', url, poolSize: CLIENTS + 2 });
  const config = loadConfig({ NODE_ENV: 'production', LOG_LEVEL: 'silent', DATABASE_URL: url });
  const ctx = await createContext(config, { database, logger: createLogger('silent') });
  try {
    await database.migrate();
    const t0 = performance.now();
    const { slug, coopId } = await seed(ctx, { slug: 'bench-home', workers: WORKERS, perWorker: PER_WORKER });
    // Small co-ops on the same server, for booking throughput across co-ops (each has its own audit chain).
    const small = [];
    for (let i = 0; i < CLIENTS; i++)
      small.push(await seed(ctx, { slug: `bench-small-${i}`, workers: 100, perWorker: 0 }));
    await refreshRecentWork(ctx);
    // As autovacuum would by the time anyone searches.
    await ctx.db.execute(sql`vacuum analyze`);
    const [counts] = await queryRows<{ workers: string; bookings: string }>(
      ctx.db,
      sql`select (select count(*) from market_workers where coop_id = ${coopId})::text as workers,
                 (select count(*) from market_bookings where coop_id = ${coopId})::text as bookings`,
    );
    console.log(
      `seeded ${counts?.workers} workers and ${counts?.bookings} bookings in one co-op (and ${small.length} small co-ops) in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    );

    const anonymous = { kind: 'anonymous' as const };
    for (let i = 0; i < 30; i++) await searchWorkers(ctx, anonymous, slug, searchQuery()); // warm-up
    const latencies: number[] = [];
    let found = 0;
    for (let i = 0; i < SEARCHES; i++) {
      const q = searchQuery();
      const start = performance.now();
      const r = await searchWorkers(ctx, anonymous, slug, q);
      latencies.push(performance.now() - start);
      found += r.results.length;
    }
    console.log(
      `search with availability, 1 client: p50 ${percentile(latencies, 50).toFixed(1)} ms   p99 ${percentile(latencies, 99).toFixed(1)} ms   (target p99 < 50 ms; ${(found / SEARCHES).toFixed(1)} results per search)`,
    );
    const concurrent = await runFor(Math.min(SECONDS, 10), 4, () =>
      searchWorkers(ctx, anonymous, slug, searchQuery()),
    );
    console.log(
      `search with availability, 4 clients: ${concurrent.perSecond.toFixed(0)} searches/s   p50 ${percentile(concurrent.latencies, 50).toFixed(1)} ms   p99 ${percentile(concurrent.latencies, 99).toFixed(1)} ms`,
    );

    if (process.env.BENCH_SEARCH_ONLY) return;
    // pgbench runs between the booking runs, so each ratio compares work done under similar load.
    const one = await poolsOf(ctx, [{ slug, coopId }]);
    const many = await poolsOf(ctx, small);
    const runs: { label: string; result: Awaited<ReturnType<typeof onThreads>>; baseline: number }[] = [];
    let previous = before;
    for (const threads of [1, 2]) {
      for (const [label, pools] of [
        [`one co-op (${WORKERS} workers)`, one],
        [`${small.length} co-ops`, many],
      ] as const) {
        const result = await onThreads(threads, url, pools);
        await recreate(PGBENCH_DB);
        const next = pgbenchTps();
        runs.push({
          label: `${label}, ${CLIENTS} clients on ${threads} thread(s)`,
          result,
          baseline: (previous + next) / 2,
        });
        console.log(
          `pgbench TPC-B, scale 1, ${CLIENTS} clients, 2 threads, ${SECONDS} s: ${next.toFixed(0)} tps`,
        );
        previous = next;
      }
    }
    console.log(`pgbench TPC-B before the booking runs: ${before.toFixed(0)} tps`);
    for (const { label, result, baseline } of runs) {
      console.log(
        `booking requests, ${label}: ${result.timing.perSecond.toFixed(0)} requests/s (${result.ok} booked, ${result.refused} refused as taken)   p50 ${percentile(result.timing.latencies, 50).toFixed(1)} ms   p99 ${percentile(result.timing.latencies, 99).toFixed(1)} ms`,
      );
      console.log(
        `  → ${ratio(result.timing.perSecond, baseline)} of the adjacent pgbench TPC-B rate ${baseline.toFixed(0)} tps (target ≥ 30 %)`,
      );
    }
  } finally {
    await database.close();
    if (!process.env.BENCH_KEEP) await drop(MARKET_DB);
    await drop(PGBENCH_DB);
  }
  console.log(`load average ${loadavg()[0]!.toFixed(2)} at end`);
}

if (isMainThread) await main();
else await workerMain(workerData as WorkerJob);
