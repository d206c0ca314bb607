import { afterAll, afterEach, beforeAll, describe, expect, it, jest } from '@jest/globals';
import {
  bulkCacheSize,
  clearBulkCache,
  DEFAULT_BULK_TIMING,
  setBulkTiming,
} from '../../src/marketplaces/shopify/bulk.ts';
import { ExportFile, openExportFiles } from '../../src/marketplaces/shopify/bulk-file.ts';
import { shopifyConnector } from '../../src/marketplaces/shopify/index.ts';
import type { ConnectorContext, OrdersPage, UnifiedOrderRow } from '../../src/marketplaces/types.ts';
import { contextFor, NOW, type OneSandbox, useSandbox, walk } from '../helpers/sandbox.ts';

const DAY = 86_400_000;
const FROM = new Date(NOW.getTime() - 365 * DAY);
const TO = new Date(NOW.getTime() - 30 * DAY);
const STORE = 'shopify-us';
const orderGid = (id: string) => `gid://shopify/Order/${id}`;

interface UserError {
  code?: string | null;
  field: string[] | null;
  message: string;
}
interface OpView {
  id: string;
  status: string;
  errorCode: string | null;
  objectCount: string;
  rootObjectCount: string;
  fileSize: string | null;
  url: string | null;
  partialDataUrl: string | null;
  createdAt: string;
  completedAt: string | null;
  query: string;
  type: string;
}
interface OpSummary {
  id: string;
  shop: string;
  status: string;
  errorCode: string | null;
  query: string;
  groupObjects: boolean;
  objectCount: number;
}
interface GqlAnswer<T> {
  data: T;
  errors?: { message: string }[];
  extensions: { cost: { requestedQueryCost: number } };
}

const OP_FIELDS =
  'id status errorCode objectCount rootObjectCount fileSize url partialDataUrl createdAt completedAt query type';

async function gql<T>(sandbox: OneSandbox, query: string, opts: { store?: string; version?: string } = {}) {
  const token = sandbox.data.store(opts.store ?? STORE).spec.token;
  const res = await fetch(`${sandbox.url}/admin/api/${opts.version ?? '2026-07'}/graphql.json`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'X-Shopify-Access-Token': token },
    body: JSON.stringify({ query }),
  });
  return (await res.json()) as GqlAnswer<T>;
}

/** bulkOperationRunQuery with a GraphQL-string-quoted inner query */
async function runBulk(
  sandbox: OneSandbox,
  inner: string,
  opts: { store?: string; version?: string; groupObjects?: boolean } = {},
) {
  const group = opts.groupObjects === undefined ? '' : `, groupObjects: ${opts.groupObjects}`;
  const answer = await gql<{
    bulkOperationRunQuery: { bulkOperation: OpView | null; userErrors: UserError[] };
  }>(
    sandbox,
    `mutation { bulkOperationRunQuery(query: ${JSON.stringify(inner)}${group}) { bulkOperation { ${OP_FIELDS} } userErrors { code field message } } }`,
    opts,
  );
  return { ...answer.data.bulkOperationRunQuery, cost: answer.extensions.cost.requestedQueryCost };
}

async function readOp(sandbox: OneSandbox, id: string, store = STORE) {
  const answer = await gql<{ node: OpView | null }>(
    sandbox,
    `{ node(id: ${JSON.stringify(id)}) { ... on BulkOperation { ${OP_FIELDS} } } }`,
    { store },
  );
  return { op: answer.data.node!, cost: answer.extensions.cost.requestedQueryCost };
}

async function untilEnded(sandbox: OneSandbox, id: string, store = STORE): Promise<OpView> {
  for (const stop = Date.now() + 30_000; Date.now() < stop; ) {
    const { op } = await readOp(sandbox, id, store);
    if (!['CREATED', 'RUNNING', 'CANCELING'].includes(op.status)) return op;
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error(`bulk operation ${id} never ended`);
}

/** Waits for something a timer does (a generous limit: the outcome, not the speed, is tested). */
async function until(done: () => boolean, what: string): Promise<void> {
  for (const stop = Date.now() + 30_000; !done(); ) {
    if (Date.now() > stop) throw new Error(`never happened: ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

async function bulkState(sandbox: OneSandbox) {
  const res = await fetch(`${sandbox.url}/_sandbox/bulk`);
  return (await res.json()) as { rejected: number; ops: OpSummary[] };
}

/**
 * Ends every operation and lets its file expire (the sandbox clock 2 × 8 days on, then back), so
 * none is there to be adopted by a later read of the same window.
 */
async function expireOps(sandbox: OneSandbox): Promise<void> {
  for (let i = 0; i < 2; i++) {
    await sandbox.control('/clock', { advanceMs: 8 * DAY });
    await bulkState(sandbox);
  }
  await sandbox.control('/clock', { now: NOW.toISOString() });
}

const windowSearch = `updated_at:>='${FROM.toISOString()}' AND updated_at:<'${TO.toISOString()}'`;
const INNER = `{ orders(query: ${JSON.stringify(windowSearch)}) { edges { node { id name totalPriceSet { shopMoney { amount currencyCode } } lineItems(first: 1) { edges { node { id quantity variant { id } } } } } } } }`;

/** The sandbox's own view of the window: its orders with their lines. */
function ordersInWindow(sandbox: OneSandbox, from = FROM, to = TO, now = NOW, store = STORE) {
  const data = sandbox.data.store(store);
  return Array.from(data.updatedBetween(from, to, now), (i) => data.order(i, now)!);
}

describe('shopify sandbox: bulk operations', () => {
  const sandbox = useSandbox('shopify', { orders: 2000, seed: 11 });

  it('runs CREATED → RUNNING → COMPLETED, counting objects as strings, and charges the mutation 10 and a poll 1', async () => {
    await sandbox().control('/bulk', { objectsPerSecond: 0.001 });
    const started = await runBulk(sandbox(), INNER, { groupObjects: true });
    expect(started.userErrors).toEqual([]);
    expect(started.cost).toBe(10);
    const id = started.bulkOperation!.id;
    expect(id).toMatch(/^gid:\/\/shopify\/BulkOperation\/\d+$/);
    expect(started.bulkOperation).toMatchObject({
      status: 'CREATED',
      objectCount: '0',
      rootObjectCount: '0',
      url: null,
      type: 'QUERY',
      query: INNER,
      createdAt: NOW.toISOString().replace('.000Z', 'Z'),
    });

    const created = await readOp(sandbox(), id);
    expect(created.cost).toBe(1);
    expect(created.op).toMatchObject({ status: 'CREATED', objectCount: '0', url: null, completedAt: null });

    // 10,000 s of the sandbox clock at 0.001 objects a second: 10 objects read
    await sandbox().control('/clock', { advanceMs: 10_000_000 });
    const running = (await readOp(sandbox(), id)).op;
    expect(running).toMatchObject({ status: 'RUNNING', objectCount: '10', url: null, fileSize: null });
    expect(Number(running.rootObjectCount)).toBeGreaterThan(0);
    expect(Number(running.rootObjectCount)).toBeLessThan(10);

    await sandbox().control('/bulk', { objectsPerSecond: 1e9 });
    const done = await untilEnded(sandbox(), id);
    const orders = ordersInWindow(sandbox());
    const lines = orders.reduce((n, o) => n + 1 + o.lines.length, 0);
    expect(done).toMatchObject({
      status: 'COMPLETED',
      errorCode: null,
      objectCount: String(lines),
      rootObjectCount: String(orders.length),
      partialDataUrl: null,
    });
    expect(done.completedAt).not.toBeNull();
    const file = await fetch(done.url!);
    expect(file.status).toBe(200);
    expect(String(Buffer.byteLength(await file.text()))).toBe(done.fileSize);

    const current = await gql<{ currentBulkOperation: OpView }>(sandbox(), `{ currentBulkOperation { id status } }`);
    expect(current.data.currentBulkOperation).toEqual({ id, status: 'COMPLETED' });
  });

  it('writes JSONL: an order a line, its line items on lines of their own with __parentId, grouped or not', async () => {
    const orders = ordersInWindow(sandbox());
    const expected = new Map(orders.map((o) => [orderGid(o.id), o.lines.length]));
    const read = async (opts: { groupObjects?: boolean; version?: string }) => {
      const { bulkOperation } = await runBulk(sandbox(), INNER, opts);
      const op = await untilEnded(sandbox(), bulkOperation!.id);
      const text = await (await fetch(op.url!)).text();
      return {
        text,
        lines: text
          .trimEnd()
          .split('\n')
          .map((l) => JSON.parse(l) as Record<string, unknown>),
      };
    };

    const grouped = await read({ groupObjects: true });
    // ids come with "/" escaped, as Shopify writes them
    expect(grouped.text).toContain('"gid:\\/\\/shopify\\/Order\\/');
    const children = new Map<string, number>();
    let parent: Record<string, unknown> | null = null;
    for (const line of grouped.lines) {
      if (line.__parentId === undefined) {
        parent = line;
        expect(line).not.toHaveProperty('lineItems');
        expect(line).toHaveProperty('totalPriceSet.shopMoney.amount');
        children.set(String(line.id), 0);
      } else {
        // grouped: right after its order (or its siblings)
        expect(line.__parentId).toBe(parent?.id);
        expect(Object.keys(line).sort()).toEqual(['__parentId', 'id', 'quantity', 'variant']);
        children.set(String(line.__parentId), children.get(String(line.__parentId))! + 1);
      }
    }
    expect(children).toEqual(expected);

    // 2026-01 and later: ungrouped unless asked; every order first, then the children
    const ungrouped = await read({});
    const firstChild = ungrouped.lines.findIndex((l) => l.__parentId !== undefined);
    expect(firstChild).toBe(orders.length);
    expect(ungrouped.lines.slice(firstChild).every((l) => l.__parentId !== undefined)).toBe(true);
    expect(
      ungrouped.lines.slice(firstChild).some((l, i) => l.__parentId !== ungrouped.lines[firstChild + i - 1]?.id),
    ).toBe(true);
    expect(ungrouped.lines.length).toBe(grouped.lines.length);
    // before 2026-01 the default was grouped
    const older = await read({ version: '2025-10' });
    expect(older.text).toBe(grouped.text);
  });

  it('refuses an inner query Shopify would not run, with INVALID userErrors', async () => {
    const lineItems = (alias: string) => `${alias}: lineItems { edges { node { id } } }`;
    const cases = {
      'no connection': '{ shop { name } }',
      'top-level node': '{ node(id: "gid://shopify/Order/1") { id } }',
      'two top-level fields': '{ orders { edges { node { id } } } productVariants { edges { node { id } } } }',
      'six connections': `{ orders { edges { node { ${['a', 'b', 'c', 'd', 'e'].map(lineItems).join(' ')} } } } }`,
      'three levels of nesting':
        '{ orders { edges { node { lineItems { edges { node { product { variants { edges { node { product { variants { edges { node { id } } } } } } } } } } } } } } }',
      'an unknown field': '{ orders { edges { node { nope } } } }',
      'no GraphQL': 'orders {',
    };
    for (const [label, inner] of Object.entries(cases)) {
      const answer = await runBulk(sandbox(), inner);
      expect([label, answer.bulkOperation, answer.userErrors.map((e) => [e.code, e.field])]).toEqual([
        label,
        null,
        [['INVALID', ['query']]],
      ]);
      expect(answer.userErrors[0]!.message.length).toBeGreaterThan(10);
    }
    // five connections, two levels of nesting: allowed
    const deepest = await runBulk(
      sandbox(),
      `{ orders { edges { node { ${['a', 'b'].map(lineItems).join(' ')} lineItems { edges { node { product { variants { edges { node { id sku } } } } } } } } } } }`,
    );
    expect(deepest.userErrors).toEqual([]);
    const op = await untilEnded(sandbox(), deepest.bulkOperation!.id);
    const lines = (await (await fetch(op.url!)).text())
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    const lineItemIds = new Set(lines.filter((l) => String(l.id).includes('/LineItem/')).map((l) => l.id));
    // a variant's line names the line item it was read through
    const variants = lines.filter((l) => String(l.id).includes('/ProductVariant/'));
    expect(variants.length).toBeGreaterThan(0);
    expect(variants.every((v) => lineItemIds.has(v.__parentId) && typeof v.sku === 'string')).toBe(true);
  });

  it('runs one query operation per shop before 2026-01 and five since, naming the running ones when full', async () => {
    await sandbox().control('/bulk', { objectsPerSecond: 0 });
    const first = await runBulk(sandbox(), INNER, { version: '2025-10' });
    expect(first.userErrors).toEqual([]);
    const refused = await runBulk(sandbox(), INNER, { version: '2025-10' });
    expect(refused.bulkOperation).toBeNull();
    expect(refused.userErrors).toEqual([
      {
        code: 'OPERATION_IN_PROGRESS',
        field: null,
        message: `A bulk query operation for this app and shop is already in progress: ${first.bulkOperation!.id}.`,
      },
    ]);
    // another shop has slots of its own
    expect((await runBulk(sandbox(), INNER, { version: '2025-10', store: 'shopify-eu' })).userErrors).toEqual([]);

    const ids = [first.bulkOperation!.id];
    for (let i = 0; i < 4; i++) {
      const more = await runBulk(sandbox(), INNER, { version: '2026-01' });
      expect(more.userErrors).toEqual([]);
      ids.push(more.bulkOperation!.id);
    }
    const sixth = await runBulk(sandbox(), INNER, { version: '2026-01' });
    expect(sixth.bulkOperation).toBeNull();
    expect(sixth.userErrors[0]!.code).toBe('OPERATION_IN_PROGRESS');
    expect(sixth.userErrors[0]!.message.match(/gid:\/\/shopify\/BulkOperation\/\d+/g)).toEqual(ids);

    // a cancelled one holds its slot until it is CANCELED
    await sandbox().control('/bulk', { cancelDelayMs: 60_000 });
    const cancel = await gql<{ bulkOperationCancel: { bulkOperation: { status: string }; userErrors: unknown[] } }>(
      sandbox(),
      `mutation { bulkOperationCancel(id: ${JSON.stringify(ids[0])}) { bulkOperation { status } userErrors { field message } } }`,
    );
    expect(cancel.data.bulkOperationCancel).toEqual({ bulkOperation: { status: 'CANCELING' }, userErrors: [] });
    expect((await runBulk(sandbox(), INNER, { version: '2026-01' })).bulkOperation).toBeNull();
    await sandbox().control('/clock', { advanceMs: 60_000 });
    expect((await readOp(sandbox(), ids[0]!)).op.status).toBe('CANCELED');
    expect((await runBulk(sandbox(), INNER, { version: '2026-01' })).userErrors).toEqual([]);
  });

  it('serves the file without a token at a signed URL that stops working 7 days after the operation ended', async () => {
    const { bulkOperation } = await runBulk(sandbox(), INNER, { groupObjects: true });
    const op = await untilEnded(sandbox(), bulkOperation!.id);
    const url = new URL(op.url!);
    expect(url.pathname).not.toMatch(/^\/admin/);
    expect(url.searchParams.get('response-content-disposition')).toContain(
      `filename="bulk-${op.id.split('/').at(-1)}.jsonl"`,
    );
    const ok = await fetch(url);
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toMatch(/^application\/jsonl/);

    const forged = new URL(url);
    forged.searchParams.set('Expires', String(Number(url.searchParams.get('Expires')) + 86_400));
    expect((await fetch(forged)).status).toBe(403);
    const unsigned = new URL(url);
    unsigned.searchParams.delete('Signature');
    expect((await fetch(unsigned)).status).toBe(403);

    await sandbox().control('/clock', { advanceMs: 7 * DAY - 60_000 });
    expect((await fetch(url)).status).toBe(200);
    await sandbox().control('/clock', { advanceMs: 60_000 });
    const expired = await fetch(url);
    expect(expired.status).toBe(403);
    expect(await expired.text()).toContain('expired');
    expect((await readOp(sandbox(), op.id)).op.status).toBe('EXPIRED');
  });

  it('fails as told: halfway with partial data, or at once for ACCESS_DENIED', async () => {
    await sandbox().control('/bulk', { failNext: ['TIMEOUT', 'ACCESS_DENIED'] });
    const timedOut = await untilEnded(sandbox(), (await runBulk(sandbox(), INNER)).bulkOperation!.id);
    expect(timedOut).toMatchObject({ status: 'FAILED', errorCode: 'TIMEOUT', url: null });
    const partial = (await (await fetch(timedOut.partialDataUrl!)).text()).trimEnd().split('\n');
    expect(partial.length).toBe(Number(timedOut.objectCount));
    expect(partial.length).toBeGreaterThan(0);

    const denied = await untilEnded(sandbox(), (await runBulk(sandbox(), INNER)).bulkOperation!.id);
    expect(denied).toMatchObject({
      status: 'FAILED',
      errorCode: 'ACCESS_DENIED',
      objectCount: '0',
      url: null,
      partialDataUrl: null,
    });
    // the controls are spent: the next one completes
    expect((await untilEnded(sandbox(), (await runBulk(sandbox(), INNER)).bulkOperation!.id)).status).toBe('COMPLETED');
  });

  it('leaves ordinary queries as they were, and finds no operation of another shop', async () => {
    const { bulkOperation } = await runBulk(sandbox(), INNER);
    const other = await gql<{ node: unknown; orders: { nodes: unknown[] } }>(
      sandbox(),
      `{ node(id: ${JSON.stringify(bulkOperation!.id)}) { id } orders(first: 3) { nodes { id } } }`,
      { store: 'shopify-eu' },
    );
    expect(other.data.node).toBeNull();
    expect(other.data.orders.nodes).toHaveLength(3);
    expect(other.extensions.cost.requestedQueryCost).toBe(1 + 5);
  });
});

describe('shopify connector: a first sync’s history by bulk export', () => {
  const sandbox = useSandbox('shopify', { orders: 2000, seed: 11 });
  const ctxFor = (extra: Partial<ConnectorContext> = {}) => ({ ...contextFor(sandbox(), STORE), ...extra });
  const history = (ctx: ConnectorContext, cursor: string | null, pageSize = 40, from = FROM, to = TO) =>
    shopifyConnector.fetchOrders(ctx, { updatedFrom: from, updatedTo: to, history: true, cursor, pageSize });
  const readHistory = (ctx: ConnectorContext, pageSize = 40) => walk((cursor) => history(ctx, cursor, pageSize));
  const byId = (a: UnifiedOrderRow, b: UnifiedOrderRow) => a.externalOrderId.localeCompare(b.externalOrderId);
  let paged: UnifiedOrderRow[];

  const newOps = async (before: number) => (await bulkState(sandbox())).ops.slice(before);
  const opCount = async () => (await bulkState(sandbox())).ops.length;

  const lost = async () => {
    throw new Error('sync lease lost to another process');
  };

  beforeAll(async () => {
    setBulkTiming({ pollMinMs: 2, pollMaxMs: 10, inProgressWaitMs: 5, inProgressMaxWaits: 3, keepAliveEveryMs: 0 });
    const before = await opCount();
    const walked = await walk((cursor) =>
      shopifyConnector.fetchOrders(ctxFor(), { updatedFrom: FROM, updatedTo: TO, cursor, pageSize: 250 }),
    );
    paged = walked.records.sort(byId);
    // without `history` the window is paged: no bulk operation
    expect(await opCount()).toBe(before);
    expect(paged.length).toBeGreaterThan(100);
  });
  afterEach(async () => {
    clearBulkCache();
    // every test reads the same window: none may adopt an export an earlier one left
    await expireOps(sandbox());
  });
  afterAll(() => setBulkTiming());

  it('reads a history window through one bulk operation: the same orders, totals and items as paging it', async () => {
    const before = await opCount();
    const walked = await readHistory(ctxFor());
    expect(walked.records.sort(byId)).toEqual(paged);
    expect(walked.pages).toBe(Math.ceil(paged.length / 40));
    expect(walked.skipped).toEqual([]);
    const ops = await newOps(before);
    expect(ops.map((o) => [o.shop, o.status, o.groupObjects])).toEqual([[STORE, 'COMPLETED', true]]);
    expect(ops[0]!.query).toContain(`orders(query: ${JSON.stringify(windowSearch)})`);
    expect(ops[0]!.query).not.toContain('sortKey');
    expect(ops[0]!.query).toMatch(/lineItems \{ edges \{ node \{/);
  });

  it('puts whole orders together from an ungrouped file', async () => {
    await sandbox().control('/bulk', { groupObjects: false });
    const before = await opCount();
    const walked = await readHistory(ctxFor(), 25);
    expect(walked.records.sort(byId)).toEqual(paged);
    expect((await newOps(before)).map((o) => o.groupObjects)).toEqual([false]);
  });

  it('resumes a cursor in a new process: the same operation downloaded again, no order twice or missed', async () => {
    for (const groupObjects of [true, false]) {
      await expireOps(sandbox());
      await sandbox().control('/bulk', { groupObjects });
      const before = await opCount();
      const first = await history(ctxFor(), null);
      const second = await history(ctxFor(), first.next);
      clearBulkCache();
      const rest = await walk((cursor) => history(ctxFor(), cursor ?? second.next));
      const records = [...first.records, ...second.records, ...rest.records];
      expect(records.sort(byId)).toEqual(paged);
      expect(await opCount()).toBe(before + 1);
    }
  });

  it('submits a FAILED or CANCELED operation once more', async () => {
    for (const control of [{ failNext: 'INTERNAL_SERVER_ERROR' }, { failNext: 'TIMEOUT' }, { cancelNext: true }]) {
      await expireOps(sandbox());
      await sandbox().control('/bulk', control);
      const before = await opCount();
      const walked = await readHistory(ctxFor());
      expect(walked.records.sort(byId)).toEqual(paged);
      expect((await newOps(before)).map((o) => o.status)).toEqual([
        'failNext' in control ? 'FAILED' : 'CANCELED',
        'COMPLETED',
      ]);
    }
  });

  it.each([
    ['FAILED twice', ['TIMEOUT', 'INTERNAL_SERVER_ERROR'], ['FAILED', 'FAILED']],
    ['ACCESS_DENIED', ['ACCESS_DENIED'], ['FAILED']],
  ])('pages the window instead after %s', async (_label, failNext, statuses) => {
    await sandbox().control('/bulk', { failNext });
    const before = await opCount();
    const walked = await readHistory(ctxFor());
    expect(walked.records.sort(byId)).toEqual(paged);
    expect((await newOps(before)).map((o) => o.status)).toEqual(statuses);
  });

  it('waits while the shop’s bulk slots are taken, keeping the lease alive, then exports', async () => {
    await sandbox().control('/bulk', { maxConcurrent: 1, objectsPerSecond: 0 });
    const blocker = await runBulk(sandbox(), INNER);
    expect(blocker.userErrors).toEqual([]);
    const { rejected, ops } = await bulkState(sandbox());
    let calls = 0;
    const keepAlive = async () => {
      // the other operation finishes while we wait (however long its file takes to write)
      if (++calls > 1) return;
      await sandbox().control('/bulk', { objectsPerSecond: 1e9 });
      await untilEnded(sandbox(), blocker.bulkOperation!.id);
    };
    const walked = await readHistory(ctxFor({ keepAlive }));
    expect(walked.records.sort(byId)).toEqual(paged);
    expect(calls).toBeGreaterThan(0);
    const after = await bulkState(sandbox());
    expect(after.rejected).toBeGreaterThan(rejected);
    expect(after.ops.slice(ops.length).map((o) => o.status)).toEqual(['COMPLETED']);
    expect(after.ops.find((o) => o.id === blocker.bulkOperation!.id)!.status).toBe('COMPLETED');
  });

  it('pages the window when the slots stay taken', async () => {
    await sandbox().control('/bulk', { maxConcurrent: 1, objectsPerSecond: 0 });
    expect((await runBulk(sandbox(), INNER)).userErrors).toEqual([]);
    const { rejected, ops } = await bulkState(sandbox());
    const walked = await readHistory(ctxFor());
    expect(walked.records.sort(byId)).toEqual(paged);
    const after = await bulkState(sandbox());
    // the first submission and the three after waiting (inProgressMaxWaits)
    expect(after.rejected - rejected).toBe(4);
    expect(after.ops.length).toBe(ops.length);
  });

  it('returns no orders for a window with none (the operation has no URL)', async () => {
    const before = await opCount();
    const page = await history(ctxFor(), null, 40, new Date('2000-01-01T00:00:00Z'), new Date('2000-02-01T00:00:00Z'));
    expect(page).toEqual({ records: [], skipped: [], unknownStatuses: [], next: null });
    expect((await newOps(before)).map((o) => [o.status, o.objectCount])).toEqual([['COMPLETED', 0]]);
  });

  it('skips a malformed order with its id and keeps the rest', async () => {
    await sandbox().control('/faults', { malformedRate: 0.05 });
    const malformed = ordersInWindow(sandbox())
      .map((o) => sandbox().data.store(STORE).order(o.index, NOW, 0.05)!)
      .filter((o) => o.malformed)
      .map((o) => orderGid(o.id));
    expect(malformed.length).toBeGreaterThan(0);
    const walked = await readHistory(ctxFor());
    expect(walked.skipped.map((s) => s.id).sort()).toEqual(malformed.sort());
    expect(walked.skipped.every((s) => s.reason.includes('totalPriceSet.shopMoney.amount'))).toBe(true);
    expect(walked.records.sort(byId)).toEqual(paged.filter((r) => !malformed.includes(r.externalOrderId)));
  });

  it('keeps the lease alive while the export runs', async () => {
    await sandbox().control('/bulk', { objectsPerSecond: 0 });
    let calls = 0;
    const keepAlive = async () => {
      if (++calls === 3) await sandbox().control('/bulk', { objectsPerSecond: 1e9 });
    };
    expect((await readHistory(ctxFor({ keepAlive }))).records.sort(byId)).toEqual(paged);
    expect(calls).toBeGreaterThanOrEqual(3);
  });

  it('stops when the lease is lost leaving the export running, and the next run adopts it rather than submitting another', async () => {
    await sandbox().control('/bulk', { objectsPerSecond: 0 });
    const before = await opCount();
    await expect(history(ctxFor({ keepAlive: lost }), null)).rejects.toThrow('sync lease lost');
    const left = await newOps(before);
    expect(left.map((o) => o.status)).toEqual(['CREATED']);

    // a new process, and no cursor yet: the window's first page is asked for again
    clearBulkCache();
    let calls = 0;
    const keepAlive = async () => {
      if (++calls === 1) await sandbox().control('/bulk', { objectsPerSecond: 1e9 });
    };
    const walked = await readHistory(ctxFor({ keepAlive }));
    expect(walked.records.sort(byId)).toEqual(paged);
    expect(calls).toBeGreaterThan(0);
    expect((await newOps(before)).map((o) => [o.id, o.status])).toEqual([[left[0]!.id, 'COMPLETED']]);
  });

  it('adopts its completed export when the run stopped before handing out a page', async () => {
    const before = await opCount();
    const stop = async () => {
      if ((await newOps(before)).some((o) => o.status === 'COMPLETED')) throw new Error('worker killed');
    };
    await expect(history(ctxFor({ keepAlive: stop }), null)).rejects.toThrow('worker killed');
    clearBulkCache();
    const walked = await readHistory(ctxFor());
    expect(walked.records.sort(byId)).toEqual(paged);
    expect((await newOps(before)).map((o) => o.status)).toEqual(['COMPLETED']);
  });

  it('adopts its running export named by an OPERATION_IN_PROGRESS refusal when another operation is the shop’s latest', async () => {
    await sandbox().control('/bulk', { objectsPerSecond: 0, maxConcurrent: 2 });
    const before = await opCount();
    await expect(history(ctxFor({ keepAlive: lost }), null)).rejects.toThrow('sync lease lost');
    const other = await runBulk(sandbox(), INNER);
    expect(other.userErrors).toEqual([]);
    const { rejected } = await bulkState(sandbox());

    clearBulkCache();
    let calls = 0;
    const keepAlive = async () => {
      if (++calls === 1) await sandbox().control('/bulk', { objectsPerSecond: 1e9 });
    };
    const walked = await readHistory(ctxFor({ keepAlive }));
    expect(walked.records.sort(byId)).toEqual(paged);
    const after = await bulkState(sandbox());
    // refused once (both slots taken), then the operation the refusal named was read to its end
    expect(after.rejected - rejected).toBe(1);
    expect(after.ops.slice(before).map((o) => (o.query === INNER ? 'other' : o.status))).toEqual([
      'COMPLETED',
      'other',
    ]);
  });

  it('cancels an export that has not finished within settleMaxMs and pages the window instead', async () => {
    setBulkTiming({ settleMaxMs: 200 });
    try {
      // a stalled operation; its cancel takes a minute of the sandbox clock, so CANCELING is seen whatever the speed
      await sandbox().control('/bulk', { objectsPerSecond: 0, cancelDelayMs: 60_000 });
      const before = await opCount();
      const walked = await readHistory(ctxFor());
      expect(walked.records.sort(byId)).toEqual(paged);
      expect((await newOps(before)).map((o) => o.status)).toEqual(['CANCELING']);
      await sandbox().control('/clock', { advanceMs: 60_000 });
      expect((await newOps(before)).map((o) => o.status)).toEqual(['CANCELED']);
    } finally {
      setBulkTiming({ settleMaxMs: DEFAULT_BULK_TIMING.settleMaxMs });
    }
  });

  it('closes a downloaded export left idle, with nothing else asked for, and downloads it again when asked', async () => {
    const open = openExportFiles();
    setBulkTiming({ cacheIdleMs: 50 });
    try {
      const first = await history(ctxFor(), null);
      expect(first.next).not.toBeNull();
      expect([bulkCacheSize(), openExportFiles()]).toEqual([1, open + 1]);
      await until(() => bulkCacheSize() === 0 && openExportFiles() === open, 'the idle export closed');
      const second = await history(ctxFor(), first.next);
      expect(second.records).toHaveLength(40);
      expect(second.records.map((r) => r.externalOrderId)).not.toContain(first.records[0]!.externalOrderId);
    } finally {
      setBulkTiming({ cacheIdleMs: DEFAULT_BULK_TIMING.cacheIdleMs });
    }
  });

  it('finishes a page being read while its export is dropped, closing the file after the read', async () => {
    const open = openExportFiles();
    const first = await history(ctxFor(), null);
    expect(openExportFiles()).toBe(open + 1);
    const reading = history(ctxFor(), first.next);
    // dropped while the read holds it (as another sync making room, or the idle timer, would)
    clearBulkCache();
    expect([bulkCacheSize(), openExportFiles()]).toEqual([0, open + 1]);
    const second = await reading;
    expect(second.records).toHaveLength(40);
    expect(second.records.map((r) => r.externalOrderId)).not.toContain(first.records[0]!.externalOrderId);
    await until(() => openExportFiles() === open, 'the dropped export closed');
    expect((await history(ctxFor(), second.next)).records).toHaveLength(40);
  });

  it('drops the export when a page cannot be read from it', async () => {
    const open = openExportFiles();
    const first = await history(ctxFor(), null);
    const read = jest.spyOn(ExportFile.prototype, 'read').mockRejectedValueOnce(new Error('EIO: i/o error, read'));
    try {
      await expect(history(ctxFor(), first.next)).rejects.toThrow('EIO');
    } finally {
      read.mockRestore();
    }
    expect(bulkCacheSize()).toBe(0);
    await until(() => openExportFiles() === open, 'the failed export closed');
    expect((await history(ctxFor(), first.next)).records).toHaveLength(40);
  });

  it('exports the window again when the operation being read has expired', async () => {
    const before = await opCount();
    const first = await history(ctxFor(), null);
    await sandbox().control('/clock', { advanceMs: 8 * DAY });
    clearBulkCache();
    const later = new Date(NOW.getTime() + 8 * DAY);
    const rest = await walk((cursor) => history(ctxFor(), cursor ?? first.next));
    const ids = new Set([...first.records, ...rest.records].map((r) => r.externalOrderId));
    const now = ordersInWindow(sandbox(), FROM, TO, later).map((o) => orderGid(o.id));
    expect(now.filter((id) => !ids.has(id))).toEqual([]);
    expect((await newOps(before)).map((o) => o.status)).toEqual(['EXPIRED', 'COMPLETED']);
  });

  it('follows a bulk cursor as bulk, and refuses a cursor it did not issue', async () => {
    const page: OrdersPage = await history(ctxFor(), null, 10);
    const before = await opCount();
    const next = await shopifyConnector.fetchOrders(ctxFor(), {
      updatedFrom: FROM,
      updatedTo: TO,
      cursor: page.next,
      pageSize: 10,
    });
    expect(next.records).toHaveLength(10);
    expect(next.records.map((r) => r.externalOrderId)).not.toContain(page.records[0]!.externalOrderId);
    expect(await opCount()).toBe(before);
    await expect(
      shopifyConnector.fetchOrders(ctxFor(), { updatedFrom: FROM, updatedTo: TO, cursor: 'bm90LWEtY3Vyc29y' }),
    ).rejects.toThrow(/cursor not issued by this connector/);
  });
});
