/**
 * Sync engine benchmark (prints figures; not a test).
 *
 *   npx tsx scripts/bench/sync.ts [--orders 100000] [--marketplace shopify] [--rss-orders 1000000]
 *     [--child-node-flags="--max-old-space-size=160 --max-semi-space-size=8"] [--child-env="MALLOC_ARENA_MAX=2"]
 *
 * 1. end to end: the sandbox (in this process, no added latency) → connector → engine →
 *    PostgreSQL, orders per second;
 * 2. end to end against the sandbox's recorded answers (replay-server.ts): a marketplace that
 *    costs nothing, so the figure is our side alone; with the PostgreSQL CPU per order when the
 *    server is local; then two sellers' connections syncing at once, as a worker runs them;
 * 3. the engine's write path alone on the same pages, a transaction per page and per batch; then
 *    the CPU budget: Node's and PostgreSQL's CPU per order (PostgreSQL's also on bare tables, with
 *    no triggers, foreign keys or secondary indexes) and the most that allows on this machine's cores;
 * 4. a per-row Prisma upsert baseline on a sample, and the ratios;
 * 5. peak RSS of a backfill of --rss-orders orders, in a child process, the sandbox in another.
 * Uses DATABASE_URL's server (default the local PostgreSQL) and makes scratch databases there.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { loadConfig } from '../../src/config.ts';
import { connectorContext } from '../../src/connections/connector-context.ts';
import { encryptToken } from '../../src/crypto/tokens.ts';
import { pgTransaction } from '../../src/db/client.ts';
import { migrate } from '../../src/db/migrate.ts';
import type { MarketplaceType } from '../../src/generated/prisma/enums.ts';
import { createLogger } from '../../src/logger.ts';
import { CONNECTORS } from '../../src/marketplaces/registry.ts';
import type { UnifiedOrderRow } from '../../src/marketplaces/types.ts';
import { openRuntime, type Runtime } from '../../src/runtime.ts';
import { SANDBOX_APP_CREDENTIALS, STORES } from '../../src/sandbox/generator/index.ts';
import { startSandboxes } from '../../src/sandbox/index.ts';
import type { SandboxMarketplace } from '../../src/sandbox/types.ts';
import { DEFAULT_SYNC_SETTINGS } from '../../src/sync/settings.ts';
import { syncConnection } from '../../src/sync/sync-connection.ts';
import { writeOrders } from '../../src/sync/write-orders.ts';
import { startReplayServer } from './replay-server.ts';

const { values } = parseArgs({
  options: {
    orders: { type: 'string', default: '100000' },
    marketplace: { type: 'string', default: 'shopify' },
    'rss-orders': { type: 'string', default: '1000000' },
    'baseline-sample': { type: 'string', default: '3000' },
    child: { type: 'string' },
    'child-node-flags': { type: 'string', default: '' },
    'child-env': { type: 'string', default: '' },
  },
});
const ADMIN = process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const marketplace = values.marketplace as SandboxMarketplace;
const store = STORES.find((s) => s.marketplace === marketplace)!;
const share = store.weight / STORES.reduce((a, s) => a + s.weight, 0);
const log = createLogger({ level: 'silent' });
const ANCHOR = new Date('2026-11-01T00:00:00Z');
const NOW = new Date('2026-11-02T00:00:00Z');

const scratchNames: string[] = [];

async function adminQuery(sql: string): Promise<void> {
  const admin = new pg.Client({ connectionString: ADMIN });
  await admin.connect();
  try {
    await admin.query(sql);
  } finally {
    await admin.end();
  }
}

async function scratchDb(tag: string): Promise<string> {
  const name = `frame_bench_${tag}_${process.pid}`;
  scratchNames.push(name);
  await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await adminQuery(`CREATE DATABASE ${name}`);
  const url = new URL(ADMIN);
  url.pathname = `/${name}`;
  await migrate(url.toString());
  return url.toString();
}

/** Closes a runtime and drops its scratch database at once: autovacuum working through a finished phase's rows would slow the next. */
async function finish(rt: Runtime): Promise<void> {
  await rt.close();
  await adminQuery(`DROP DATABASE IF EXISTS ${new URL(rt.databaseUrl).pathname.slice(1)} WITH (FORCE)`);
}

async function runtimeOn(url: string): Promise<Runtime> {
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: url,
    DATA_DIR: mkdtempSync(join(tmpdir(), 'frame-bench-')),
    ...SANDBOX_APP_CREDENTIALS,
    LOG_LEVEL: 'silent',
  });
  return openRuntime(config, { log });
}

async function connect(rt: Runtime, baseUrl: string) {
  const user = await rt.db.user.create({ data: { name: 'Bench seller', timeZone: 'UTC' } });
  return rt.db.marketplaceConnection.create({
    data: {
      userId: user.id,
      marketplace: marketplace.toUpperCase() as MarketplaceType,
      storeId: store.storeId,
      storeCurrency: store.currency,
      storeTimeZone: store.timeZone,
      apiBaseUrl: baseUrl,
      accessTokenEnc: encryptToken(store.token, rt.keyRing),
    },
  });
}

const rate = (n: number, ms: number) => Math.round(n / (ms / 1000));

async function main() {
  const target = Number(values.orders);
  if (target > 0) await throughput(target);
  await peakRss(Number(values['rss-orders']));
}

/** CPU milliseconds the database's server processes have used, when they run on this machine (else null). */
async function serverCpuMs(rt: Runtime): Promise<number | null> {
  const pids = await rt.db.$queryRaw<
    { pid: number }[]
  >`SELECT pid FROM pg_stat_activity WHERE datname = current_database()`;
  let ms = 0;
  for (const { pid } of pids) {
    try {
      const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      ms += (Number(f[11]) + Number(f[12])) * 10; // utime + stime, in clock ticks of 10 ms
    } catch {
      return null;
    }
  }
  return ms;
}

/** Backfills `sellers` new sellers' connections to `baseUrl` at once; the first connection and the totals. */
async function timedSync(rt: Runtime, baseUrl: string, sellers = 1) {
  const connections = [];
  for (let i = 0; i < sellers; i++) connections.push(await connect(rt, baseUrl));
  const cpu0 = await serverCpuMs(rt);
  const t0 = performance.now();
  const reports = await Promise.all(
    connections.map((c) =>
      syncConnection({ ...rt, now: () => NOW, settings: { backfillDays: 400 } }, c.id, {
        trigger: 'MANUAL',
        streams: ['ORDERS'],
      }),
    ),
  );
  const ms = performance.now() - t0;
  const cpu1 = await serverCpuMs(rt);
  const failed = reports.find((r) => r.status !== 'SUCCESS');
  if (failed) throw new Error(`sync ${failed.status}: ${failed.streams[0]?.error}`);
  const upserted = reports.reduce((n, r) => n + r.streams[0]!.upserted, 0);
  return {
    connection: connections[0]!,
    ms,
    upserted,
    serverCpuMs: cpu0 !== null && cpu1 !== null ? cpu1 - cpu0 : null,
  };
}

const cpuPerOrder = (run: { serverCpuMs: number | null; upserted: number }) =>
  run.serverCpuMs === null
    ? ''
    : `; PostgreSQL CPU ${((run.serverCpuMs * 1000) / run.upserted).toFixed(0)} µs per order`;

async function throughput(target: number) {
  const total = Math.ceil(target / share);
  const sandboxes = await startSandboxes({ orders: total, seed: 1, anchor: ANCHOR, only: [marketplace] });
  sandboxes.state.clock.set(NOW);
  const storeOrders = sandboxes.data.store(store.key).truth(NOW).orders;
  console.log(
    `${marketplace} store ${store.key}: ${storeOrders} orders (sandbox total ${total}); writes of up to ${DEFAULT_SYNC_SETTINGS.writeBatch} orders`,
  );

  // 1. end to end against the sandbox
  const rt = await runtimeOn(await scratchDb('e2e'));
  const direct = await timedSync(rt, sandboxes.urls[marketplace]);
  console.log(
    `end to end (sandbox in this process → ${marketplace} connector → engine → PostgreSQL): ${direct.upserted} orders in ${(direct.ms / 1000).toFixed(1)} s = ${rate(direct.upserted, direct.ms)} orders/s`,
  );

  // 2. the same sync against the sandbox's recorded answers
  const replay = await startReplayServer(sandboxes.urls[marketplace]);
  const rtRecord = await runtimeOn(await scratchDb('record'));
  await timedSync(rtRecord, replay.url);
  await finish(rtRecord);
  replay.mode = 'replay';
  const rtReplay = await runtimeOn(await scratchDb('replay'));
  const replayed = await timedSync(rtReplay, replay.url);
  console.log(
    `end to end against recorded answers (${replay.recorded} responses; a marketplace that costs nothing): ${rate(replayed.upserted, replayed.ms)} orders/s${cpuPerOrder(replayed)}`,
  );
  await finish(rtReplay);
  const rtTwo = await runtimeOn(await scratchDb('replay2'));
  const two = await timedSync(rtTwo, replay.url, 2);
  console.log(
    `  two sellers' connections at once against them (a worker runs two sync-connection jobs at a time): ${two.upserted} orders, ${rate(two.upserted, two.ms)} orders/s in all${cpuPerOrder(two)}`,
  );
  await finish(rtTwo);

  // 3. write path alone: fetch the pages first (through the recorder), then time the engine's set-based writes
  const ctx = { ...connectorContext(direct.connection, rt), baseUrl: replay.url };
  await finish(rt);
  const fetchAll = async () => {
    const pages: UnifiedOrderRow[][] = [];
    for (let cursor: string | null = null; ; ) {
      const page = await CONNECTORS[direct.connection.marketplace].fetchOrders(ctx, {
        updatedFrom: new Date('2020-01-01'),
        updatedTo: NOW,
        cursor,
      });
      pages.push(page.records);
      cursor = page.next;
      if (!cursor) break;
    }
    return pages;
  };
  replay.mode = 'record';
  let t0 = performance.now();
  const pages = await fetchAll();
  const fetchMs = performance.now() - t0;
  const rows = pages.reduce((a, p) => a + p.length, 0);
  const items = pages.reduce((a, p) => a + p.reduce((b, o) => b + o.items.length, 0), 0);
  console.log(
    `  fetching from the sandbox in this process (through the recorder) and mapping, alone: ${rate(rows, fetchMs)} orders/s (${pages.length} pages)`,
  );
  replay.mode = 'replay';
  const fetchCpu = await nodeCpuPerOrder(rows, fetchAll);
  const perBatch = Math.max(1, Math.round(DEFAULT_SYNC_SETTINGS.writeBatch / (pages[0]?.length || 1)));
  const writeRates: number[] = [];
  let fullCpu = { node: 0, server: null as number | null };
  for (const per of [1, perBatch]) {
    const rtw = await runtimeOn(await scratchDb(`write${per}`));
    const run = await timedWrites(rtw, pages, per);
    writeRates.push(rate(rows, run.ms));
    if (per === perBatch) fullCpu = run;
    console.log(
      `engine write path (orders + ${items} items, a transaction per ${per === 1 ? 'page' : `${per} pages`}): ${rate(rows, run.ms)} orders/s`,
    );
    await finish(rtw);
  }

  // 3b. the CPU budget: what one order costs each side, and what that allows on this machine's cores
  const rtBare = await runtimeOn(await scratchDb('bare'));
  await stripToBareTables(rtBare);
  const bare = await timedWrites(rtBare, pages, perBatch);
  await finish(rtBare);
  const cores = availableParallelism();
  const us = (n: number | null) => (n === null ? '?' : n.toFixed(0));
  console.log(
    `CPU per order: Node fetching and mapping (recorded answers) ${us(fetchCpu)} µs, Node writing ${us(fullCpu.node)} µs, ` +
      `PostgreSQL ${us(fullCpu.server)} µs (${us(bare.server)} µs on bare tables: no triggers, foreign keys or secondary indexes)`,
  );
  if (fullCpu.server !== null && bare.server !== null) {
    const ceiling = (pgUs: number) => Math.round((cores * 1e6) / (fetchCpu + fullCpu.node + pgUs));
    console.log(
      `  at most ${ceiling(fullCpu.server)} orders/s on ${cores} cores fully used (${ceiling(bare.server)} on bare tables)`,
    );
  }

  // 4. per-row Prisma baseline on a sample
  const sample = pages.flat().slice(0, Number(values['baseline-sample']));
  const rt3 = await runtimeOn(await scratchDb('prisma'));
  const c3 = await connect(rt3, sandboxes.urls[marketplace]);
  t0 = performance.now();
  for (const o of sample) {
    const { items: lines, ...order } = o;
    const row = {
      ...order,
      itemCount: lines.reduce((n, l) => n + l.quantity, 0),
      userId: c3.userId,
      connectionId: c3.id,
      marketplace: c3.marketplace,
    };
    const saved = await rt3.db.unifiedOrder.upsert({
      where: { connectionId_externalOrderId: { connectionId: c3.id, externalOrderId: o.externalOrderId } },
      create: row,
      update: row,
    });
    await rt3.db.unifiedOrderItem.deleteMany({ where: { orderId: saved.id } });
    await rt3.db.unifiedOrderItem.createMany({
      data: lines.map((l) => ({ ...l, orderId: saved.id, currency: o.currency })),
    });
  }
  const prismaMs = performance.now() - t0;
  const prismaRate = rate(sample.length, prismaMs);
  console.log(`per-row Prisma upsert baseline (${sample.length} orders): ${prismaRate} orders/s`);
  const x = (r: number) => `${(r / prismaRate).toFixed(1)}x`;
  console.log(
    `ratio to the baseline: write path ${writeRates.map(x).join(' / ')}, end to end ${x(rate(direct.upserted, direct.ms))} (sandbox) / ${x(rate(replayed.upserted, replayed.ms))} (recorded answers)`,
  );

  await replay.stop();
  await sandboxes.stop();
  await finish(rt3);
}

/** Node's own CPU (µs per order) for `fn`, which handles `orders` orders. */
async function nodeCpuPerOrder(orders: number, fn: () => Promise<unknown>): Promise<number> {
  const u0 = process.cpuUsage();
  await fn();
  const u = process.cpuUsage(u0);
  return (u.user + u.system) / orders;
}

/** The engine's writes of `pages`, `per` pages to a transaction: time, and Node's and PostgreSQL's CPU per order. */
async function timedWrites(rtw: Runtime, pages: UnifiedOrderRow[][], per: number) {
  const c = await connect(rtw, 'http://127.0.0.1:1');
  const targetRow = { userId: c.userId, connectionId: c.id, marketplace: c.marketplace, timeZone: 'UTC' };
  const orders = pages.reduce((a, p) => a + p.length, 0);
  const cpu0 = await serverCpuMs(rtw);
  const t0 = performance.now();
  const node = await nodeCpuPerOrder(orders, async () => {
    for (let i = 0; i < pages.length; i += per)
      await pgTransaction(rtw.db, (tx) => writeOrders(tx, targetRow, pages.slice(i, i + per).flat()));
  });
  const ms = performance.now() - t0;
  const cpu1 = await serverCpuMs(rtw);
  return { ms, node, server: cpu0 !== null && cpu1 !== null ? ((cpu1 - cpu0) * 1000) / orders : null };
}

/** The floor of PostgreSQL's part: the same tables without their triggers, foreign keys and secondary indexes. */
async function stripToBareTables(rtw: Runtime): Promise<void> {
  for (const table of ['UnifiedOrder', 'UnifiedOrderItem']) {
    await rtw.db.$executeRawUnsafe(`ALTER TABLE "${table}" DISABLE TRIGGER USER`);
    const fks = await rtw.db.$queryRaw<
      { name: string }[]
    >`SELECT conname AS name FROM pg_constraint WHERE conrelid = ${`"${table}"`}::regclass AND contype = 'f'`;
    for (const { name } of fks) await rtw.db.$executeRawUnsafe(`ALTER TABLE "${table}" DROP CONSTRAINT "${name}"`);
    const indexes = await rtw.db.$queryRaw<{ name: string }[]>`
      SELECT c.relname AS name FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE i.indrelid = ${`"${table}"`}::regclass AND NOT i.indisunique`;
    for (const { name } of indexes) await rtw.db.$executeRawUnsafe(`DROP INDEX "${name}"`);
  }
}

/** 5. peak RSS of a large backfill, the sandbox in its own process. */
async function peakRss(rssOrders: number) {
  if (rssOrders > 0) {
    const sandboxTotal = Math.ceil(rssOrders / share);
    const port = 47000 + (process.pid % 1000);
    const sandbox = spawn(
      process.execPath,
      [
        'scripts/frame.mjs',
        'sandbox',
        '--orders',
        String(sandboxTotal),
        '--port',
        String(port),
        '--anchor',
        '2026-11-01',
        '--now',
        NOW.toISOString(),
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    await new Promise<void>((resolve) =>
      sandbox.stdout.on('data', (d: Buffer) => d.toString().includes('Press Ctrl-C') && resolve()),
    );
    const index = ['shopify', 'ebay', 'etsy', 'flipkart', 'bigcommerce', 'square', 'snapdeal'].indexOf(marketplace);
    const flags = values['child-node-flags'].split(' ').filter(Boolean);
    const env = {
      ...process.env,
      ...Object.fromEntries(
        values['child-env']
          .split(' ')
          .filter(Boolean)
          .map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]),
      ),
    };
    const child = spawn(
      process.execPath,
      [
        ...flags,
        '--import',
        'tsx',
        'scripts/bench/sync.ts',
        '--marketplace',
        marketplace,
        '--child',
        `http://127.0.0.1:${port + index}`,
      ],
      { stdio: ['ignore', 'inherit', 'inherit'], env },
    );
    await new Promise((resolve) => child.on('exit', resolve));
    sandbox.kill('SIGTERM');
  }
}

/** VmHWM, the process's peak resident set, in MB; null off Linux. */
function peakRssMb(): number | null {
  try {
    const kb = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
    return kb ? Math.round(Number(kb[1]) / 1024) : null;
  } catch {
    return null;
  }
}

/** Starts VmHWM again from the current resident set (Linux: clear_refs 5); false where that is not possible. */
function resetPeakRss(): boolean {
  try {
    writeFileSync('/proc/self/clear_refs', '5');
    return true;
  } catch {
    return false;
  }
}

/** The RSS child: one backfill against a sandbox in another process. */
async function child(baseUrl: string) {
  const rt = await runtimeOn(await scratchDb('rss'));
  const connection = await connect(rt, baseUrl);
  const before = peakRssMb();
  const during = resetPeakRss();
  const t0 = performance.now();
  const report = await syncConnection({ ...rt, now: () => NOW, settings: { backfillDays: 400 } }, connection.id, {
    trigger: 'MANUAL',
    streams: ['ORDERS'],
  });
  const ms = performance.now() - t0;
  const upserted = report.streams[0]!.upserted;
  console.log(
    `node flags: ${process.execArgv.filter((a, i, all) => !a.includes('tsx') && all[i + 1] !== 'tsx').join(' ') || '(none)'}; MALLOC_ARENA_MAX ${process.env.MALLOC_ARENA_MAX ?? '(unset)'}`,
  );
  console.log(
    `backfill of ${upserted} orders: ${(ms / 1000).toFixed(0)} s (${rate(upserted, ms)} orders/s), peak RSS of the syncing process ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB` +
      (during
        ? `: ${peakRssMb()} MB during the backfill, ${before} MB while starting (loading the code, compiling Prisma's query compiler)`
        : ''),
  );
  await rt.close();
}

try {
  if (values.child) await child(values.child);
  else await main();
} finally {
  for (const name of scratchNames) await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
}
