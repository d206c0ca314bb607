import { afterAll, afterEach, beforeAll } from '@jest/globals';
import { createLogger } from '../../src/logger.ts';
import type { Connector, ConnectorContext, Page } from '../../src/marketplaces/types.ts';
import { SANDBOX_APP_CREDENTIALS } from '../../src/sandbox/generator/index.ts';
import { type RunningSandboxes, startSandboxes } from '../../src/sandbox/index.ts';
import type { SandboxMarketplace } from '../../src/sandbox/types.ts';

/** A fixed day, so a test's data never depends on when it runs. */
export const ANCHOR = new Date('2026-11-01T00:00:00Z');
export const NOW = new Date('2026-11-01T12:00:00Z');

export interface OneSandbox extends RunningSandboxes {
  url: string;
  /** POST a JSON body to one of the sandbox's /_sandbox control routes */
  control(path: string, body?: unknown): Promise<unknown>;
}

/** One marketplace's imitation on a free port, its clock stopped at NOW. */
export async function startSandbox(
  marketplace: SandboxMarketplace,
  opts: { orders?: number; seed?: number } = {},
): Promise<OneSandbox> {
  const running = await startSandboxes({
    orders: opts.orders ?? 400,
    seed: opts.seed ?? 7,
    anchor: ANCHOR,
    only: [marketplace],
  });
  running.state.clock.set(NOW);
  const url = running.urls[marketplace];
  return {
    ...running,
    url,
    async control(path, body) {
      const res = await fetch(`${url}/_sandbox${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body ?? {}),
      });
      return res.json();
    },
  };
}

/**
 * Registers a describe block's sandbox lifecycle: start before all tests, stop after all,
 * and after each test reset faults, restore tokens and put the clock back to NOW.
 * Returns a getter for the running sandbox (valid inside tests and later hooks).
 */
export function useSandbox(
  marketplace: SandboxMarketplace,
  opts: { orders?: number; seed?: number } = {},
): () => OneSandbox {
  let running: OneSandbox | undefined;
  const get = (): OneSandbox => {
    if (!running) throw new Error(`the ${marketplace} sandbox is not running`);
    return running;
  };
  beforeAll(async () => {
    running = await startSandbox(marketplace, opts);
  });
  afterAll(async () => {
    await get().stop();
  });
  afterEach(async () => {
    await get().control('/faults/reset');
    await get().control('/tokens/restore');
    await get().control('/clock', { now: NOW.toISOString() });
  });
  return get;
}

export const silentLog = createLogger({ level: 'silent' });

/** A connector context for a sandbox store, with fast retries for tests. */
export function contextFor(sandbox: OneSandbox, storeKey: string): ConnectorContext {
  const store = sandbox.data.store(storeKey);
  return {
    baseUrl: sandbox.url,
    storeId: store.spec.storeId,
    accessToken: store.spec.token,
    credentials: SANDBOX_APP_CREDENTIALS,
    log: silentLog,
    http: { minDelayMs: 5, maxDelayMs: 50, timeoutMs: 5000 },
  };
}

export interface Walk<T> {
  records: T[];
  pages: number;
  skipped: Page<T>['skipped'];
  unknownStatuses: string[];
}

/** Follows `next` until the last page (with a page cap, so a connector that loops fails). */
export async function walk<T>(
  fetchPage: (cursor: string | null) => Promise<Page<T>>,
  maxPages = 10_000,
): Promise<Walk<T>> {
  const out: Walk<T> = { records: [], pages: 0, skipped: [], unknownStatuses: [] };
  let cursor: string | null = null;
  do {
    const page: Page<T> = await fetchPage(cursor);
    out.pages++;
    out.records.push(...page.records);
    out.skipped.push(...page.skipped);
    for (const s of page.unknownStatuses) if (!out.unknownStatuses.includes(s)) out.unknownStatuses.push(s);
    if (page.next !== null && page.next === cursor) throw new Error('connector returned the same cursor twice');
    cursor = page.next;
    if (out.pages > maxPages) throw new Error(`more than ${maxPages} pages: the connector does not stop`);
  } while (cursor !== null);
  return out;
}

export const walkOrders = (connector: Connector, ctx: ConnectorContext, updatedFrom: Date, pageSize?: number) =>
  walk((cursor) => connector.fetchOrders(ctx, { updatedFrom, cursor, ...(pageSize && { pageSize }) }));

export const walkProducts = (connector: Connector, ctx: ConnectorContext, pageSize?: number) =>
  walk((cursor) => connector.fetchProducts(ctx, { cursor, ...(pageSize && { pageSize }) }));
