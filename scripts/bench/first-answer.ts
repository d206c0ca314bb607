/**
 * Time to a right first answer (prints figures; not a test).
 *
 *   npx tsx scripts/bench/first-answer.ts [--orders 100000] [--latency-ms 200] [--paging] [--full]
 *     [--restore-rate 100] [--bucket 2000]
 *
 * A newly connected Shopify store of about --orders orders, its sandbox costing what Shopify
 * costs (--latency-ms a call, the Standard plan's cost bucket: 100 points restored a second,
 * 2,000 at most): how long until the last 7 and the last 30 days are complete (the connection's
 * historyFrom), how many orders are in then, and when the whole history is. The history past 30
 * days comes by one bulk operation (the sandbox writes its export at 100,000 objects a second),
 * or with --paging by the orders query page by page, as before, whose whole-history time follows
 * from the rate under the limit (--full waits for it).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { loadConfig } from '../../src/config.ts';
import { encryptToken } from '../../src/crypto/tokens.ts';
import { migrate } from '../../src/db/migrate.ts';
import { createLogger } from '../../src/logger.ts';
import { shopifyConnector } from '../../src/marketplaces/shopify/index.ts';
import { openRuntime } from '../../src/runtime.ts';
import { SANDBOX_APP_CREDENTIALS, STORES } from '../../src/sandbox/generator/index.ts';
import { startSandboxes } from '../../src/sandbox/index.ts';
import { syncConnection } from '../../src/sync/sync-connection.ts';

const { values } = parseArgs({
  options: {
    orders: { type: 'string', default: '100000' },
    'restore-rate': { type: 'string', default: '100' },
    bucket: { type: 'string', default: '2000' },
    full: { type: 'boolean', default: false },
    paging: { type: 'boolean', default: false },
    'latency-ms': { type: 'string', default: '200' },
  },
});
const ADMIN = process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const ANCHOR = new Date('2026-11-01T00:00:00Z');
const NOW = new Date('2026-11-02T00:00:00Z');
const DAY = 86_400_000;
const store = STORES.find((s) => s.marketplace === 'shopify')!;
const share = store.weight / STORES.reduce((a, s) => a + s.weight, 0);

async function admin(sql: string) {
  const c = new pg.Client({ connectionString: ADMIN });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

const name = `frame_bench_first_answer_${process.pid}`;
const sandboxes = await startSandboxes({
  orders: Math.ceil(Number(values.orders) / share),
  seed: 1,
  anchor: ANCHOR,
  only: ['shopify'],
  costs: { latencyMs: Number(values['latency-ms']), documentedLimits: true },
});
// the connector as it was before bulk exports: every window paged
if (values.paging) Object.assign(shopifyConnector, { exportsHistory: false });
sandboxes.state.clock.set(NOW);
const url = sandboxes.urls.shopify;
const limit = { burst: Number(values.bucket), perSecond: Number(values['restore-rate']) };
await fetch(`${url}/_sandbox/faults`, {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ rateLimit: limit }),
});
const storeOrders = sandboxes.data.store(store.key).truth(NOW).orders;
await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
await admin(`CREATE DATABASE ${name}`);
const dbUrl = new URL(ADMIN);
dbUrl.pathname = `/${name}`;
await migrate(dbUrl.toString());
const rt = await openRuntime(
  loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: dbUrl.toString(),
    DATA_DIR: mkdtempSync(join(tmpdir(), 'frame-bench-')),
    ...SANDBOX_APP_CREDENTIALS,
    LOG_LEVEL: 'silent',
  }),
  { log: createLogger({ level: 'silent' }) },
);
try {
  const user = await rt.db.user.create({ data: { name: 'New seller', timeZone: 'UTC' } });
  const connection = await rt.db.marketplaceConnection.create({
    data: {
      userId: user.id,
      marketplace: 'SHOPIFY',
      storeId: store.storeId,
      storeCurrency: store.currency,
      storeTimeZone: store.timeZone,
      apiBaseUrl: url,
      accessTokenEnc: encryptToken(store.token, rt.keyRing),
    },
  });
  console.log(
    `Shopify store of ${storeOrders.toLocaleString('en-US')} orders over a year, cost bucket ${limit.burst} restoring ${limit.perSecond}/s (Standard plan), ${values['latency-ms']} ms a call; history past 30 days ${values.paging ? 'paged' : 'by bulk export'}`,
  );
  const started = performance.now();
  let finished = false;
  const run = syncConnection({ ...rt, now: () => NOW }, connection.id, { trigger: 'MANUAL' }).finally(() => {
    finished = true;
  });
  const seconds = () => ((performance.now() - started) / 1000).toFixed(1);
  const marks = [
    { days: 7, label: 'the last 7 days' },
    { days: 30, label: 'the last 30 days' },
  ];
  let lastRate = 0;
  while (!finished && marks.length > 0) {
    await new Promise((r) => setTimeout(r, 200));
    const c = await rt.db.marketplaceConnection.findUniqueOrThrow({
      where: { id: connection.id },
      select: { historyFrom: true },
    });
    const orders = await rt.db.unifiedOrder.count({ where: { connectionId: connection.id } });
    lastRate = orders / ((performance.now() - started) / 1000);
    while (marks.length > 0 && c.historyFrom && c.historyFrom.getTime() <= NOW.getTime() - marks[0]!.days * DAY) {
      const mark = marks.shift()!;
      console.log(
        `${mark.label} complete after ${seconds()} s (${orders.toLocaleString('en-US')} orders in, ${Math.round(lastRate)} orders/s under the limit)`,
      );
    }
  }
  if (values.paging && !values.full)
    console.log(`the whole history at that rate: ~${Math.round(storeOrders / lastRate)} s`);
  else {
    const report = await run;
    const orders = await rt.db.unifiedOrder.count({ where: { connectionId: connection.id } });
    console.log(
      `whole history in after ${seconds()} s: ${report.status}, ${orders.toLocaleString('en-US')} orders (the store has ${storeOrders.toLocaleString('en-US')})`,
    );
  }
} finally {
  // without --full the sync is still running: it stops with the process
  await sandboxes.stop();
  await rt.close().catch(() => {});
  await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => {});
}
process.exit(0);
