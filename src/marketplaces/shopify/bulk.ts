import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import { cursorCodec } from '../cursor.ts';
import { DEFAULT_POLICY } from '../http.ts';
import type { ConnectorContext, OrdersPage } from '../types.ts';
import { idField, validateEach } from '../validate-records.ts';
import { downloadExport, type ExportFile, ExportGoneError } from './bulk-file.ts';
import {
  bulkOrdersQuery,
  cancelBulkOperation,
  readBulkOperation,
  readBulkOperationWithQuery,
  readCurrentBulkOperation,
  runBulkQuery,
} from './client.ts';
import { type BulkOperation, type BulkOperationWithQuery, OrderSchema } from './schemas.ts';
import { toUnifiedOrder } from './to-unified.ts';

/**
 * A first sync's order history through a bulk operation: one `bulkOperationRunQuery` over the
 * window, polled until Shopify has written the result, whose JSONL is downloaded once
 * (bulk-file.ts) and handed out a page at a time. The cursor names the operation and how many
 * orders were handed out, so another process resumes by downloading the same result again.
 *
 * Until its first page is handed out the operation is named by no cursor: a run that stops
 * meanwhile leaves it running, and the run that resumes looks for an operation of this app and
 * shop with the identical query (the shop's latest, and those an OPERATION_IN_PROGRESS refusal
 * names), running or completed, and adopts it rather than submitting another.
 * A failed, cancelled or expired operation is submitted once more; after that, when the export
 * is refused, or when it has not finished within `settleMaxMs` (it is cancelled then), the
 * window is paged with the ordinary orders query.
 */

export interface BulkTiming {
  /** the first wait between two polls; it grows by half each poll up to pollMaxMs */
  pollMinMs: number;
  pollMaxMs: number;
  /** wait before submitting again while the shop's bulk query slots are taken */
  inProgressWaitMs: number;
  /** submissions refused with OPERATION_IN_PROGRESS before the window is paged instead */
  inProgressMaxWaits: number;
  /** longest gap between two `keepAlive` calls while waiting */
  keepAliveEveryMs: number;
  /** longest wait for an export to finish, from the page being asked for; then it is cancelled and the window paged */
  settleMaxMs: number;
  /** a downloaded export no page was read from for this long is closed (and downloaded again if asked for) */
  cacheIdleMs: number;
}

export const DEFAULT_BULK_TIMING: Readonly<BulkTiming> = {
  pollMinMs: 1000,
  pollMaxMs: 5000,
  inProgressWaitMs: 30_000,
  inProgressMaxWaits: 20,
  keepAliveEveryMs: 15_000,
  settleMaxMs: 2 * 60 * 60_000,
  cacheIdleMs: 60 * 60_000,
};
const timing: BulkTiming = { ...DEFAULT_BULK_TIMING };

/** Sets the waits (tests use milliseconds); without an argument the defaults come back. */
export function setBulkTiming(t: Partial<BulkTiming> = DEFAULT_BULK_TIMING): void {
  Object.assign(timing, t);
  if (sweeper) {
    clearInterval(sweeper);
    sweeper = null;
    sweepLater();
  }
}

const BULK_PAGE_SIZE = 250;
const TERMINAL = new Set(['COMPLETED', 'FAILED', 'CANCELED', 'EXPIRED']);
/** what an operation can be adopted in: still to finish, or finished and its file still there */
const ADOPTABLE = new Set(['CREATED', 'RUNNING', 'COMPLETED']);
const OPERATION_GID = /gid:\/\/shopify\/BulkOperation\/\d+/g;

const bulkCursor = cursorCodec(
  'shopify',
  'bulk',
  z.object({ op: z.string(), done: z.number().int().nonnegative(), query: z.string().nullable() }),
);

export function isBulkCursor(cursor: string): boolean {
  try {
    bulkCursor.decode(cursor);
    return true;
  } catch {
    return false;
  }
}

/**
 * Downloaded exports by operation id, so the next page reads the same file. An entry goes after
 * its last page, after a page read from it failed, when it has been idle for cacheIdleMs (a
 * timer that keeps no process alive looks), or to make room; its file is closed once no read
 * holds it.
 */
interface Cached {
  file: Promise<ExportFile>;
  usedAt: number;
  /** reads under way (the download counts as one) */
  readers: number;
  evicted: boolean;
}
const downloads = new Map<string, Cached>();
const CACHE_LIMIT = 16;
let sweeper: NodeJS.Timeout | null = null;

function closeIfUnread(entry: Cached): void {
  if (entry.evicted && entry.readers === 0) entry.file.then((f) => f.close()).catch(() => undefined);
}

function evict(id: string, entry = downloads.get(id)): void {
  if (!entry || downloads.get(id) !== entry) return;
  downloads.delete(id);
  entry.evicted = true;
  closeIfUnread(entry);
  if (downloads.size === 0 && sweeper) {
    clearInterval(sweeper);
    sweeper = null;
  }
}

function sweep(): void {
  const now = Date.now();
  for (const [id, entry] of downloads) if (entry.readers === 0 && now - entry.usedAt > timing.cacheIdleMs) evict(id);
}

/** Looks for idle entries every half idle limit (at most a minute apart) while any is kept. */
function sweepLater(): void {
  if (sweeper || downloads.size === 0) return;
  sweeper = setInterval(sweep, Math.max(1, Math.min(60_000, Math.ceil(timing.cacheIdleMs / 2))));
  sweeper.unref();
}

function acquire(entry: Cached): Cached {
  entry.readers++;
  entry.usedAt = Date.now();
  return entry;
}

function release(entry: Cached): void {
  entry.readers--;
  entry.usedAt = Date.now();
  closeIfUnread(entry);
}

/** Forgets every downloaded export (as a new process would start); files being read close when their reads end. */
export function clearBulkCache(): void {
  for (const id of [...downloads.keys()]) evict(id);
}

/** How many downloaded exports are kept. */
export function bulkCacheSize(): number {
  return downloads.size;
}

interface KeepAlive {
  tick(): Promise<void>;
}

/** Calls ctx.keepAlive when keepAliveEveryMs have passed since the last call (or since the page was asked for). */
function keepAliveOf(ctx: ConnectorContext): KeepAlive {
  let last = Date.now();
  return {
    async tick() {
      if (!ctx.keepAlive || Date.now() - last < timing.keepAliveEveryMs) return;
      await ctx.keepAlive();
      last = Date.now();
    },
  };
}

async function pause(ms: number, alive: KeepAlive): Promise<void> {
  const until = Date.now() + ms;
  for (;;) {
    await alive.tick();
    const left = until - Date.now();
    if (left <= 0) return;
    await sleep(timing.keepAliveEveryMs > 0 ? Math.min(left, timing.keepAliveEveryMs) : left);
  }
}

/** Starts downloading an operation's file into the cache; the caller holds it as a reader and releases it. */
function load(ctx: ConnectorContext, id: string, url: string, alive: KeepAlive): Cached {
  sweep();
  while (downloads.size >= CACHE_LIMIT) evict([...downloads].sort((a, b) => a[1].usedAt - b[1].usedAt)[0]![0]);
  const file = downloadExport(url, {
    log: ctx.log,
    timeoutMs: ctx.http?.timeoutMs ?? DEFAULT_POLICY.timeoutMs,
    retries: ctx.http?.retries ?? DEFAULT_POLICY.retries,
    minDelayMs: ctx.http?.minDelayMs ?? DEFAULT_POLICY.minDelayMs,
    onProgress: () => alive.tick(),
  });
  const entry: Cached = { file, usedAt: Date.now(), readers: 1, evicted: false };
  evict(id);
  downloads.set(id, entry);
  sweepLater();
  file.catch(() => evict(id, entry));
  return entry;
}

/** a query with each run of whitespace one space */
const spaced = (query: string) => query.replace(/\s+/g, ' ').trim();

/**
 * An operation of this app and shop running `query` that this run may take over: the shop's
 * latest, or one of `named` (the operations a refusal said were running). Best effort: a
 * failed look finds none.
 */
async function findExport(
  ctx: ConnectorContext,
  query: string,
  skip: ReadonlySet<string>,
  named: readonly string[],
): Promise<BulkOperationWithQuery | null> {
  // the query comes back as Shopify read it from the block string: its indentation taken out
  const wanted = spaced(query);
  const fits = (op: BulkOperationWithQuery) =>
    spaced(op.query) === wanted && ADOPTABLE.has(op.status) && !skip.has(op.id);
  try {
    const current = await readCurrentBulkOperation(ctx);
    if (current && fits(current)) return current;
    for (const id of named.slice(0, 10)) {
      if (id === current?.id || skip.has(id)) continue;
      const op = await readBulkOperationWithQuery(ctx, id);
      if (op && fits(op)) return op;
    }
  } catch (err) {
    ctx.log.warn({ err: (err as Error).message }, 'shopify bulk: could not look for a running export: submitting one');
  }
  return null;
}

interface Started {
  id: string;
  /** the operation as found when adopted; null when this run submitted it */
  found: BulkOperation | null;
}

/**
 * The operation exporting `query`: one already running or completed for it (adopted), else a
 * new one. Null when Shopify refuses it (the caller pages instead).
 */
async function start(
  ctx: ConnectorContext,
  query: string,
  skip: ReadonlySet<string>,
  alive: KeepAlive,
): Promise<Started | null> {
  let found = await findExport(ctx, query, skip, []);
  for (let refused = 0; !found; refused++) {
    const { bulkOperation, userErrors } = await runBulkQuery(ctx, query);
    if (bulkOperation) return { id: bulkOperation.id, found: null };
    const busy = userErrors.some((e) => e.code === 'OPERATION_IN_PROGRESS');
    // a run that stopped before its first page may have left this very export running
    if (busy)
      found = await findExport(
        ctx,
        query,
        skip,
        userErrors.flatMap((e) => e.message.match(OPERATION_GID) ?? []),
      );
    if (found) break;
    if (!busy || refused >= timing.inProgressMaxWaits) {
      ctx.log.warn(
        { userErrors, refused: refused + 1 },
        busy
          ? "shopify bulk: the shop's bulk query slots stayed taken: paging the window instead"
          : 'shopify bulk: the export was refused: paging the window instead',
      );
      return null;
    }
    ctx.log.info({ userErrors }, 'shopify bulk: other bulk queries are running: waiting for a slot');
    await pause(timing.inProgressWaitMs, alive);
    found = await findExport(ctx, query, skip, []);
  }
  ctx.log.info(
    { op: found.id, status: found.status },
    'shopify bulk: an export of this window is already there (a run stopped before its first page): reading it',
  );
  return { id: found.id, found };
}

const STALLED = Symbol('stalled');

/**
 * Polls the operation until it ends, or until `deadline` (then cancels it, best effort). A
 * keepAlive that throws stops the wait and leaves the operation running: the run that takes
 * over adopts it.
 */
async function settle(
  ctx: ConnectorContext,
  id: string,
  alive: KeepAlive,
  deadline: number,
): Promise<BulkOperation | null | typeof STALLED> {
  for (let polls = 0; ; polls++) {
    const left = deadline - Date.now();
    if (left <= 0) {
      await cancelBulkOperation({ ...ctx, http: { ...ctx.http, retries: 0 } }, id).catch(() => undefined);
      return STALLED;
    }
    await pause(Math.min(left, timing.pollMaxMs, timing.pollMinMs * 1.5 ** polls), alive);
    const op = await readBulkOperation(ctx, id);
    if (!op || TERMINAL.has(op.status)) return op;
  }
}

interface Exported {
  id: string;
  /** the download, held as a reader; null: the operation found no orders (Shopify gives no URL then) */
  entry: Cached | null;
}

/** Exports the orders a search matches; null when the window must be paged instead. `skip`: an operation found unusable already. */
async function exportOrders(
  ctx: ConnectorContext,
  search: string | null,
  alive: KeepAlive,
  skip: string | null,
): Promise<Exported | null> {
  const query = bulkOrdersQuery(search);
  const tried = new Set(skip ? [skip] : []);
  const deadline = Date.now() + timing.settleMaxMs;
  for (let attempt = 1; ; attempt++) {
    const started = await start(ctx, query, tried, alive);
    if (!started) return null;
    const { id } = started;
    tried.add(id);
    const op =
      started.found && TERMINAL.has(started.found.status) ? started.found : await settle(ctx, id, alive, deadline);
    if (op === STALLED) {
      ctx.log.warn(
        { op: id, settleMaxMs: timing.settleMaxMs },
        'shopify bulk: the export did not finish in time: cancelled it, paging the window instead',
      );
      return null;
    }
    let outcome: string;
    if (op?.status === 'COMPLETED') {
      if (!op.url) return { id, entry: null };
      const entry = load(ctx, id, op.url, alive);
      try {
        await entry.file;
        return { id, entry };
      } catch (err) {
        release(entry);
        if (!(err instanceof ExportGoneError)) throw err;
        outcome = `COMPLETED, but its file is gone (${err.message})`;
      }
    } else outcome = op ? `${op.status}${op.errorCode ? ` (${op.errorCode})` : ''}` : 'not found';
    const last = attempt >= 2 || op?.errorCode === 'ACCESS_DENIED';
    ctx.log.warn(
      { op: id, outcome, partialDataUrl: !!op?.partialDataUrl },
      last
        ? 'shopify bulk: the export did not complete: paging the window instead'
        : 'shopify bulk: the export did not complete: submitting it again',
    );
    if (last) return null;
  }
}

/**
 * The export of an operation read before, held as a reader, downloaded again when this process
 * has not got it; null when it has no orders; undefined when it is gone.
 */
async function reopen(ctx: ConnectorContext, id: string, alive: KeepAlive): Promise<Cached | null | undefined> {
  // taken before any await: an eviction meanwhile leaves the file open for this read
  const hit = downloads.get(id);
  if (hit) return acquire(hit);
  const op = await readBulkOperation(ctx, id);
  if (op?.status !== 'COMPLETED') return undefined;
  if (!op.url) return null;
  const entry = load(ctx, id, op.url, alive);
  try {
    await entry.file;
    return entry;
  } catch (err) {
    release(entry);
    if (err instanceof ExportGoneError) return undefined;
    throw err;
  }
}

/** A page of the export held (released here, and evicted after its last page or a failed read). */
async function pageOf(
  ctx: ConnectorContext,
  id: string,
  entry: Cached | null,
  done: number,
  size: number,
  query: string | null,
): Promise<OrdersPage> {
  if (!entry) return { records: [], skipped: [], unknownStatuses: [], next: null };
  try {
    const file = await entry.file;
    const end = Math.min(done + size, file.orders);
    let raw: unknown[];
    try {
      raw = await file.read(done, end);
    } catch (err) {
      evict(id, entry);
      throw err;
    }
    const { valid, skipped } = validateEach(raw, OrderSchema, idField('id'), ctx.log, 'shopify order');
    const unknownStatuses: string[] = [];
    const records = valid.map((o) => toUnifiedOrder(o, unknownStatuses));
    const next = end < file.orders ? bulkCursor.encode({ op: id, done: end, query }) : null;
    if (!next) evict(id, entry);
    return { records, skipped: done === 0 ? [...file.broken, ...skipped] : skipped, unknownStatuses, next };
  } finally {
    release(entry);
  }
}

/**
 * A page of a history window read by bulk export. `paging` reads the window's first page with
 * the ordinary orders query, for when the export cannot be had.
 */
export async function fetchHistoryPage(
  ctx: ConnectorContext,
  req: { cursor?: string | null; pageSize?: number; search: string | null },
  paging: (search: string | null) => Promise<OrdersPage>,
): Promise<OrdersPage> {
  const alive = keepAliveOf(ctx);
  const size = Math.max(1, req.pageSize ?? BULK_PAGE_SIZE);
  let search = req.search;
  let gone: string | null = null;
  if (req.cursor) {
    const at = bulkCursor.decode(req.cursor);
    const entry = await reopen(ctx, at.op, alive);
    if (entry !== undefined) return pageOf(ctx, at.op, entry, at.done, size, at.query);
    // orders already handed out come again: the sync upserts them, so nothing is lost or doubled
    ctx.log.warn(
      { op: at.op, done: at.done },
      'shopify bulk: the export being read is gone: exporting the window again',
    );
    search = at.query;
    gone = at.op;
  }
  const exported = await exportOrders(ctx, search, alive, gone);
  if (!exported) return paging(search);
  return pageOf(ctx, exported.id, exported.entry, 0, size, search);
}
