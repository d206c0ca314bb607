/**
 * Fleet benchmark (prints figures; not a test).
 *
 *   npx tsx scripts/bench/fleet.ts [--connections 20000] [--per-seller 4] [--workers 1]
 *     [--concurrency 64] [--latency-ms 200] [--minutes 15] [--keep-database] [--worker-node-flags="--cpu-prof"]
 *
 * Sellers with --per-seller connections each, spread over the sandboxes' ten stores, every
 * connection a shop of its own for rate limits (a token issued per connection) that shares its
 * store's data; every API call costs --latency-ms and each marketplace holds its documented rate
 * limit. All are synced once already and all due now (last synced 15–30 minutes ago, every
 * seller on the 15-minute frequency, each whole catalogue read within the last hour), so the
 * run starts with a full sweep's worth of work.
 * --workers worker processes (`src/worker.ts`, the product's own, with its sweep and Agenda on
 * PostgreSQL) keep them fresh for --minutes. Every 15 s it prints the data age per connection
 * (the time since its last sync) against the 15-minute frequency; at the end: when every
 * connection had been synced, syncs per second, marketplace calls, the CPU of the workers, of
 * PostgreSQL and of the sandboxes, the job store's rows, overlapping syncs of one connection
 * (must be 0), and the most connections one worker keeps within the frequency, at the rate it
 * synced the backlog (once all are synced the workers idle until the first come due again).
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, openSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { encryptToken, generateKeySpec, parseKeyRing } from '../../src/crypto/tokens.ts';
import { SANDBOX_APP_CREDENTIALS, STORES } from '../../src/sandbox/generator/index.ts';
import { startSandboxes } from '../../src/sandbox/index.ts';
import { benchDatabase } from './bench-database.ts';

const { values } = parseArgs({
  options: {
    connections: { type: 'string', default: '20000' },
    'per-seller': { type: 'string', default: '4' },
    workers: { type: 'string', default: '1' },
    concurrency: { type: 'string', default: '64' },
    'latency-ms': { type: 'string', default: '200' },
    minutes: { type: 'string', default: '15' },
    'keep-database': { type: 'boolean', default: false },
    /** flags for the worker processes' node, e.g. --cpu-prof */
    'worker-node-flags': { type: 'string', default: '' },
  },
});
const CONNECTIONS = Number(values.connections);
const PER_SELLER = Number(values['per-seller']);
const WORKERS = Number(values.workers);
const MINUTES = Number(values.minutes);
const FREQUENCY_S = 15 * 60;
const ROOT = new URL('../../', import.meta.url).pathname;
const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits });

const sandboxes = await startSandboxes({
  orders: 20_000,
  seed: 7,
  costs: { latencyMs: Number(values['latency-ms']), documentedLimits: true },
});
const keySpec = generateKeySpec();
const keyRing = parseKeyRing(keySpec);
const MARKETPLACE_ENUM: Record<string, string> = {
  shopify: 'SHOPIFY',
  ebay: 'EBAY',
  etsy: 'ETSY',
  flipkart: 'FLIPKART',
  bigcommerce: 'BIGCOMMERCE',
  square: 'SQUARE',
  snapdeal: 'SNAPDEAL',
};

async function seed(url: string): Promise<void> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const sellers = Math.ceil(CONNECTIONS / PER_SELLER);
    await c.query(
      `INSERT INTO "User" (id, name, "timeZone", "syncFrequency", "updatedAt")
       SELECT 'seller-' || i, 'Seller ' || i, 'UTC', 'FIFTEEN_MINUTES', now() FROM generate_series(1, $1) i`,
      [sellers],
    );
    const now = Date.now();
    const rows: unknown[][] = [];
    for (let i = 0; i < CONNECTIONS; i++) {
      const store = STORES[i % STORES.length]!;
      const prefix = store.marketplace === 'etsy' ? store.token.slice(0, store.token.indexOf('.') + 1) : '';
      const { accessToken } = sandboxes.state.issueTokens(store.marketplace, store.key, {
        accessTtlMs: 30 * 86_400_000,
        rotateRefresh: false,
        prefix,
        install: `fleet-${i}`,
      });
      const lastSync = new Date(now - (FREQUENCY_S + Math.random() * FREQUENCY_S) * 1000);
      const cursorAt = new Date(lastSync.getTime() - 60_000).toISOString();
      // as in a fleet running for a while: each whole catalogue last read within the hour
      const catalogueAt = new Date(lastSync.getTime() - Math.random() * 45 * 60_000).toISOString();
      rows.push([
        `conn-${i}`,
        `seller-${Math.floor(i / PER_SELLER) + 1}`,
        MARKETPLACE_ENUM[store.marketplace],
        // BigCommerce's limit is per store: each connection a store of its own (the sandbox serves `<hash>~<n>`)
        store.marketplace === 'bigcommerce' ? `${store.storeId}~${i}` : store.storeId,
        store.currency,
        store.timeZone,
        sandboxes.urls[store.marketplace],
        encryptToken(accessToken, keyRing),
        lastSync,
        JSON.stringify({
          ORDERS: { updatedAfter: cursorAt, readAt: cursorAt },
          PRODUCTS: { updatedAfter: cursorAt, readAt: catalogueAt },
        }),
      ]);
    }
    for (let at = 0; at < rows.length; at += 2000) {
      const chunk = rows.slice(at, at + 2000);
      const columns = chunk[0]!.length;
      await c.query(
        `INSERT INTO "MarketplaceConnection" (id, "userId", marketplace, "storeId", "storeCurrency", "storeTimeZone",
           "apiBaseUrl", "accessTokenEnc", "lastSyncAt", cursors, "updatedAt")
         VALUES ${chunk.map((_, r) => `(${Array.from({ length: columns }, (_, k) => `$${r * columns + k + 1}`).join(', ')}, now())`).join(', ')}`,
        chunk.flat(),
      );
    }
  } finally {
    await c.end();
  }
}

const name = 'frame_bench_fleet';
const url = await benchDatabase(name, false, seed);
const db = new pg.Client({ connectionString: url });
await db.connect();
const one = async <T>(sql: string, params: unknown[] = []) => (await db.query(sql, params)).rows[0] as T;

/** CPU seconds of a process (and, with `children`, of its children that have ended), from /proc (Linux). */
function cpuSeconds(pid: number, children = true): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    const own = Number(fields[11]) + Number(fields[12]);
    return (children ? own + Number(fields[13]) + Number(fields[14]) : own) / 100;
  } catch {
    return 0;
  }
}
const ownCpuSeconds = (pid: number) => cpuSeconds(pid, false);
/**
 * CPU seconds of the local PostgreSQL: its postmaster's own and that of its backends that have
 * ended (the kernel adds those to the parent), plus the running backends'.
 */
function postgresCpuSeconds(): number {
  const rows = execFileSync('ps', ['-C', 'postgres', '-o', 'pid=,ppid='], { encoding: 'utf8' })
    .split('\n')
    .filter(Boolean)
    .map((line) => line.trim().split(/\s+/).map(Number) as [number, number]);
  const pids = new Set(rows.map(([pid]) => pid));
  const postmaster = rows.find(([, ppid]) => !pids.has(ppid))?.[0];
  if (postmaster === undefined) return 0;
  return rows.reduce((a, [pid]) => a + (pid === postmaster ? cpuSeconds(pid) : ownCpuSeconds(pid)), 0);
}

const errorLog = join(mkdtempSync(join(tmpdir(), 'frame-fleet-log-')), 'workers.log');
const errors = openSync(errorLog, 'a');
const workers: ChildProcess[] = [];
for (let w = 0; w < WORKERS; w++) {
  const flags = values['worker-node-flags'].split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...flags, '--import', 'tsx', 'src/worker.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      ...SANDBOX_APP_CREDENTIALS,
      NODE_ENV: 'development',
      DATABASE_URL: url,
      TOKEN_ENCRYPTION_KEY: keySpec,
      DATA_DIR: mkdtempSync(join(tmpdir(), 'frame-fleet-')),
      SYNC_CONCURRENCY: values.concurrency,
      LOG_LEVEL: 'error',
      LOG_FORMAT: 'json',
    },
    stdio: ['ignore', errors, errors],
  });
  workers.push(child);
}

// measured from when every worker is up (its first heartbeat), not from its start-up
while (Number((await one<{ n: string }>('SELECT count(*) AS n FROM "WorkerHeartbeat"')).n) < WORKERS)
  await new Promise((r) => setTimeout(r, 200));
const started = Date.now();
const benchCpu0 = process.cpuUsage();
const pgCpu0 = postgresCpuSeconds();
const workerCpu0 = workers.reduce((a, w) => a + cpuSeconds(w.pid!), 0);
const stats0 = await one<{ xacts: string }>(
  'SELECT xact_commit + xact_rollback AS xacts FROM pg_stat_database WHERE datname = $1',
  [name],
);
const requests0 = [...sandboxes.state.requestCounts.values()].reduce((a, b) => a + b, 0);
console.log(
  `${fmt(CONNECTIONS)} connections of ${fmt(Math.ceil(CONNECTIONS / PER_SELLER))} sellers, all due; ${WORKERS} worker(s) at SYNC_CONCURRENCY ${values.concurrency}; ${values['latency-ms']} ms per marketplace call, documented rate limits; ${MINUTES} min`,
);
console.log('  time   synced once   syncs/s (last 15 s)   age p50 / p95 / max (min)   within 15 min');
let allSyncedAt: number | null = null;
let lastSyncs = 0;
let lastAt = started;
const SAMPLE_MS = 15_000;
while (Date.now() - started < MINUTES * 60_000) {
  await new Promise((r) => setTimeout(r, SAMPLE_MS));
  const s = await one<{ once: string; syncs: string; p50: number; p95: number; max: number; within: string }>(
    `SELECT
       (SELECT count(*) FROM "MarketplaceConnection" WHERE "lastSyncAt" >= $1) AS once,
       (SELECT count(*) FROM "UnifiedSyncLog" WHERE stream = 'ORDERS' AND "finishedAt" IS NOT NULL AND "startedAt" >= $1) AS syncs,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY age) AS p50,
       percentile_cont(0.95) WITHIN GROUP (ORDER BY age) AS p95,
       max(age) AS max,
       count(*) FILTER (WHERE age <= ${FREQUENCY_S}) AS within
     FROM (SELECT extract(epoch FROM now() - "lastSyncAt") AS age FROM "MarketplaceConnection") a`,
    [new Date(started)],
  );
  const now = Date.now();
  const syncs = Number(s.syncs);
  if (allSyncedAt === null && Number(s.once) === CONNECTIONS) allSyncedAt = now;
  console.log(
    `  ${fmt((now - started) / 60_000, 1).padStart(4)}m ${fmt(Number(s.once)).padStart(12)} ${fmt((syncs - lastSyncs) / ((now - lastAt) / 1000), 1).padStart(20)} ${`${fmt(s.p50 / 60, 1)} / ${fmt(s.p95 / 60, 1)} / ${fmt(s.max / 60, 1)}`.padStart(28)} ${`${fmt((Number(s.within) / CONNECTIONS) * 100, 1)}%`.padStart(15)}`,
  );
  lastSyncs = syncs;
  lastAt = now;
}

const elapsedS = (Date.now() - started) / 1000;
const workerCpu = workers.reduce((a, w) => a + cpuSeconds(w.pid!), 0) - workerCpu0;
const pgCpu = postgresCpuSeconds() - pgCpu0;
const { user, system } = process.cpuUsage(benchCpu0);
const sandboxCpu = (user + system) / 1e6;
const end = await one<{
  syncs: string;
  failed: string;
  overlaps: string;
  xacts: string;
  jobs: string;
  jobBytes: string;
}>(
  `SELECT
     (SELECT count(*) FROM "UnifiedSyncLog" WHERE stream = 'ORDERS' AND "finishedAt" IS NOT NULL AND "startedAt" >= $1) AS syncs,
     (SELECT count(*) FROM "UnifiedSyncLog" WHERE status = 'FAILED' AND "startedAt" >= $1) AS failed,
     (SELECT count(*) FROM "UnifiedSyncLog" a JOIN "UnifiedSyncLog" b
        ON a."connectionId" = b."connectionId" AND a.id < b.id
       AND a."startedAt" < COALESCE(b."finishedAt", now()) AND b."startedAt" < COALESCE(a."finishedAt", now())
      WHERE a."startedAt" >= $1) AS overlaps,
     (SELECT xact_commit + xact_rollback FROM pg_stat_database WHERE datname = $2) AS xacts,
     (SELECT count(*) FROM agenda_jobs) AS jobs,
     pg_total_relation_size('agenda_jobs') AS "jobBytes"`,
  [new Date(started), name],
);
const requests = [...sandboxes.state.requestCounts.values()].reduce((a, b) => a + b, 0) - requests0;
const syncs = Number(end.syncs);
const rate = syncs / elapsedS;
console.log(`
every connection synced once after: ${allSyncedAt ? `${fmt((allSyncedAt - started) / 60_000, 1)} min` : `not within ${MINUTES} min`}
syncs: ${fmt(syncs)} in ${fmt(elapsedS / 60, 1)} min = ${fmt(rate, 1)}/s (${fmt(rate / WORKERS, 1)}/s per worker); failed streams: ${end.failed}
marketplace calls: ${fmt(requests)} (${fmt(requests / elapsedS, 1)}/s; ${[...sandboxes.state.requestCounts].map(([m, n]) => `${m} ${fmt(n)}`).join(', ')})
CPU: workers ${fmt(workerCpu, 0)} s (${fmt(workerCpu / elapsedS, 2)} cores, ${fmt((workerCpu / Math.max(1, syncs)) * 1000, 1)} ms per sync), PostgreSQL ${fmt(pgCpu)} s (${fmt(pgCpu / elapsedS, 2)} cores), the sandboxes ${fmt(sandboxCpu)} s (${fmt(sandboxCpu / elapsedS, 2)} cores)
database: ${fmt((Number(end.xacts) - Number(stats0.xacts)) / elapsedS, 0)} transactions/s; job store: ${fmt(Number(end.jobs))} rows, ${fmt(Number(end.jobBytes) / 1e6, 1)} MB
overlapping syncs of one connection: ${end.overlaps}
worker errors: ${readFileSync(errorLog, 'utf8').split('\n').filter(Boolean).length} lines (${errorLog})
connections one worker keeps within 15 minutes: ${
  allSyncedAt
    ? `${fmt((CONNECTIONS / WORKERS) * ((FREQUENCY_S * 1000) / (allSyncedAt - started)))} (at the rate it synced all ${fmt(CONNECTIONS)} due ones)`
    : `${fmt((rate / WORKERS) * FREQUENCY_S)} (at the rate of the run; not all due ones were synced)`
}`);

for (const w of workers) w.kill('SIGTERM');
await Promise.all(workers.map((w) => new Promise((r) => (w.exitCode !== null ? r(null) : w.once('exit', r)))));
await db.end();
await sandboxes.stop();
if (!values['keep-database']) {
  const admin = new pg.Client({
    connectionString: process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres',
  });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.end();
}
// console.log to a pipe is asynchronous: let it drain before exiting
await new Promise((resolve) => process.stdout.write('', resolve));
process.exit(0);
