/**
 * Analytics benchmark (prints figures; not a test).
 *
 *   npx tsx scripts/bench/analytics.ts [--sellers 3] [--orders-per-seller 1000000] [--runs 20] [--keep] [--database frame_bench_analytics] [--only tool,tool] [--compare-rls]
 *
 * Seeds `sellers` sellers with `orders-per-seller` orders each (and 1–3 items per order) in a
 * scratch database on DATABASE_URL's server (default the local PostgreSQL), then times every
 * analytics query for the first seller (p50/p95 over --runs), a chart render, and a whole
 * answer without an LLM (router → tool → text, the path `frame ask` takes), and a daily digest
 * (--only digest times it alone). --only times only those tools; --database seeds (or, with --keep, reuses) a database of that name. --compare-rls
 * times each tool call two ways, runs interleaved: as the chat runs it (TenantDb: one transaction
 * per query under row-level security) and through Prisma as the app's own role (no policies, the
 * path before row-level security), with the ratio.
 *
 * Orders get customers as they are inserted (withCustomers below): the marketplaces that send
 * an e-mail (all but Flipkart and Snapdeal) carry one, a few customers buying often and most
 * once or twice, some e-mails in capitals, so the customer answers are timed on realistic rows.
 */
import { parseArgs } from 'node:util';
import pg from 'pg';
import type { ToolArgs, ToolName } from '../../src/analytics/args.ts';
import { TOOL_ARGS } from '../../src/analytics/args.ts';
import { chartSpec } from '../../src/charts/chart-request.ts';
import { renderPng } from '../../src/charts/render-png.ts';
import { answerQuestion } from '../../src/chat/answer-question.ts';
import { CHAT_TOOLS } from '../../src/chat/tools/index.ts';
import { loadConfig } from '../../src/config.ts';
import { type TenantDb, tenantDb } from '../../src/db/tenant-db.ts';
import { composeDigest } from '../../src/digest/compose-digest.ts';
import { renderDigest } from '../../src/digest/render-digest.ts';
import { createLogger } from '../../src/logger.ts';
import { openRuntime } from '../../src/runtime.ts';
import { benchDatabase } from './bench-database.ts';
import { seedAnalytics } from './seed-analytics.ts';

const { values } = parseArgs({
  options: {
    sellers: { type: 'string', default: '3' },
    'orders-per-seller': { type: 'string', default: '1000000' },
    runs: { type: 'string', default: '20' },
    keep: { type: 'boolean', default: false },
    database: { type: 'string', default: 'frame_bench_analytics' },
    only: { type: 'string' },
    'compare-rls': { type: 'boolean', default: false },
  },
});
const url = await benchDatabase(values.database, values.keep, async (dbUrl) => {
  const t0 = performance.now();
  await withCustomers(dbUrl, Number(values['orders-per-seller']), () =>
    seedAnalytics(dbUrl, {
      sellers: Number(values.sellers),
      ordersPerSeller: Number(values['orders-per-seller']),
      log: (m) => console.log(m),
    }),
  );
  console.log(`seeded in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
});

/**
 * A customer for each order as the seed inserts it, by a trigger of this database only (the
 * seed's SQL stays as it is): order i of a seller on a marketplace that sends e-mails gets
 * customer floor(P·r²), r a scrambled fraction of i and P a quarter of the seller's orders, so
 * the first customers buy hundreds of times a year and the median one twice; one order in ten
 * has its e-mail in capitals (customers are matched on the lower-cased e-mail).
 */
async function withCustomers(dbUrl: string, ordersPerSeller: number, seed: () => Promise<unknown>) {
  const c = new pg.Client({ connectionString: dbUrl });
  await c.connect();
  const people = Math.max(1, Math.floor(ordersPerSeller / 4));
  try {
    await c.query(`CREATE FUNCTION bench_customer() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE i bigint; k bigint; email text;
      BEGIN
        IF NEW.marketplace IN ('FLIPKART', 'SNAPDEAL') OR NEW."externalOrderId" NOT LIKE 'EXT-%' THEN RETURN NEW; END IF;
        i := substr(NEW."externalOrderId", 5)::bigint;
        k := floor(${people} * power(((i * 7919) % 1000003) / 1000003.0, 2));
        email := 'customer' || k || '@' || NEW."userId" || '.example';
        NEW."customerEmail" := CASE WHEN i % 10 = 0 THEN upper(email) ELSE email END;
        NEW."customerName" := 'Customer ' || k;
        RETURN NEW;
      END $$`);
    await c.query(
      'CREATE TRIGGER bench_customer BEFORE INSERT ON "UnifiedOrder" FOR EACH ROW EXECUTE FUNCTION bench_customer()',
    );
    await seed();
  } finally {
    await c.query('DROP TRIGGER IF EXISTS bench_customer ON "UnifiedOrder"').catch(() => {});
    await c.query('DROP FUNCTION IF EXISTS bench_customer()').catch(() => {});
    await c.end();
  }
}

const rt = await openRuntime(
  loadConfig({ NODE_ENV: 'test', DATABASE_URL: url, DATA_DIR: '/tmp/frame-bench-analytics', SYNC_STALE_HOURS: '168' }),
  { log: createLogger({ level: 'silent' }) },
);
const counts = (
  await rt.db.$queryRaw<
    { orders: bigint; items: bigint }[]
  >`SELECT (SELECT count(*) FROM "UnifiedOrder") AS orders, (SELECT count(*) FROM "UnifiedOrderItem") AS items`
)[0]!;
console.log(`database: ${counts.orders} orders, ${counts.items} items; asking for bench-seller-1`);

const user = await rt.db.user.findUniqueOrThrow({ where: { id: 'bench-seller-1' } });
const tenant = { userId: user.id, timeZone: user.timeZone, preferredCurrency: user.preferredCurrency, now: new Date() };
const runs = Number(values.runs);
// the app's own role through Prisma, as analytics read before row-level security: for --compare-rls only
const ownRole: TenantDb = { userId: tenant.userId, $queryRaw: (q: never, ...v: never[]) => rt.db.$queryRaw(q, ...v) };
const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;

/** `fn` and `other` alternately, `runs` times each: p50/p95 of both and the ratio of the p95s. */
async function timeSideBySide(label: string, fn: () => Promise<unknown>, other: () => Promise<unknown>) {
  await fn();
  await other();
  const a: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < runs; i++) {
    for (const [f, into] of (i % 2
      ? [
          [other, b],
          [fn, a],
        ]
      : [
          [fn, a],
          [other, b],
        ]) as [() => Promise<unknown>, number[]][]) {
      const t0 = performance.now();
      await f();
      into.push(performance.now() - t0);
    }
  }
  const fig = (xs: number[]) => `p50 ${pct(xs, 50).toFixed(1).padStart(6)} p95 ${pct(xs, 95).toFixed(1).padStart(6)}`;
  console.log(`${label.padEnd(64)} RLS ${fig(a)} | no RLS ${fig(b)} | p95 ×${(pct(a, 95) / pct(b, 95)).toFixed(2)}`);
}

async function time(label: string, fn: () => Promise<unknown>) {
  await fn(); // warm
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    ms.push(performance.now() - t0);
  }
  console.log(
    `${label.padEnd(72)} p50 ${pct(ms, 50).toFixed(1).padStart(7)} ms   p95 ${pct(ms, 95).toFixed(1).padStart(7)} ms`,
  );
}

const calls: { [N in ToolName]?: ToolArgs<N>[] } = {
  get_sales_summary: [
    { period: { kind: 'last', unit: 'month' } },
    { period: { kind: 'this', unit: 'year' }, groupBy: 'marketplace' },
    { period: { kind: 'last_n_days', days: 90 }, groupBy: 'week' },
  ],
  compare_periods: [{ period: { kind: 'this', unit: 'month' }, comparePeriod: { kind: 'last', unit: 'month' } }],
  get_top_products: [
    TOOL_ARGS.get_top_products.parse({ period: { kind: 'last_n_days', days: 30 } }),
    TOOL_ARGS.get_top_products.parse({ period: { kind: 'this', unit: 'year' }, marketplaces: ['FLIPKART', 'SHOPIFY'] }),
  ],
  get_return_rates: [{ period: { kind: 'last_n_days', days: 90 } }],
  get_sales_trend: [TOOL_ARGS.get_sales_trend.parse({ period: { kind: 'this', unit: 'year' }, interval: 'week' })],
  get_inventory_alerts: [TOOL_ARGS.get_inventory_alerts.parse({})],
  lookup_order: [{ orderId: 'EXT-424242' }],
  get_sync_status: [{}],
  get_latest_orders: [
    TOOL_ARGS.get_latest_orders.parse({}),
    TOOL_ARGS.get_latest_orders.parse({ marketplaces: ['EBAY'], limit: 5 }),
    TOOL_ARGS.get_latest_orders.parse({ period: { kind: 'yesterday' }, statuses: ['CANCELLED'] }),
    TOOL_ARGS.get_latest_orders.parse({ statuses: ['PENDING'] }), // none in the seed: the whole history is searched
  ],
  get_top_customers: [
    TOOL_ARGS.get_top_customers.parse({ period: { kind: 'last_n_days', days: 7 } }),
    TOOL_ARGS.get_top_customers.parse({ period: { kind: 'last_n_days', days: 30 } }),
    TOOL_ARGS.get_top_customers.parse({ period: { kind: 'this', unit: 'year' } }),
  ],
  get_customer_mix: [{ period: { kind: 'last', unit: 'week' } }, { period: { kind: 'last', unit: 'month' } }],
  get_returns_by_product: [
    TOOL_ARGS.get_returns_by_product.parse({ period: { kind: 'last_n_days', days: 30 } }),
    TOOL_ARGS.get_returns_by_product.parse({ period: { kind: 'this', unit: 'year' } }),
  ],
};
const only = values.only?.split(',');
for (const [tool, argsList] of Object.entries(calls) as [ToolName, unknown[]][]) {
  if (only && !only.includes(tool)) continue;
  for (const args of argsList) {
    const label = `${tool} ${JSON.stringify(args).slice(0, 52)}`;
    const run = (db: TenantDb) => () => CHAT_TOOLS[tool].execute({ db, tenant }, args as never);
    if (values['compare-rls']) await timeSideBySide(label, run(tenantDb(rt.db, tenant.userId)), run(ownRole));
    else await time(label, run(tenantDb(rt.db, tenant.userId)));
  }
}
if (!only || only.includes('digest')) {
  const options = { staleMs: 6 * 3_600_000 };
  await time('daily digest: compose (yesterday, 2 comparisons, 29-day trend, top, returns, stock, sync)', () =>
    composeDigest(tenantDb(rt.db, tenant.userId), tenant, options),
  );
  await time('daily digest: compose, render, chart (2x PNG)', async () => {
    const digest = renderDigest(await composeDigest(tenantDb(rt.db, tenant.userId), tenant, options));
    if (digest.chart) await renderPng(chartSpec(digest.chart));
  });
}
if (!only) {
  const trend = await CHAT_TOOLS.get_sales_trend.execute(
    { db: tenantDb(rt.db, tenant.userId), tenant },
    TOOL_ARGS.get_sales_trend.parse({ period: { kind: 'last_n_days', days: 90 } }),
  );
  await time('chart render (lines over time, 2x PNG)', () => renderPng(chartSpec(trend.chart!)));
  await time('answer without an LLM: "sales last month by marketplace"', () =>
    answerQuestion(rt, { userId: user.id, channel: 'CONSOLE', threadKey: 'bench' }, 'sales last month by marketplace', {
      chart: false,
    }),
  );
}
await rt.close();
