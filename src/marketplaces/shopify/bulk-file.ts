import { randomUUID } from 'node:crypto';
import { type FileHandle, open, unlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from 'pino';
import { HttpError } from '../http.ts';
import type { SkippedRecord } from '../types.ts';
import { skipRecord } from '../validate-records.ts';

/**
 * A bulk operation's JSONL result, read once and kept on disk: one line per order, one per line
 * item with `__parentId` naming its order. The file goes to a temp file that is unlinked at once
 * (the system frees it when the handle closes or the process dies); memory holds only an index,
 * a few numbers per order, so an export of a million orders is read a page at a time.
 *
 * Children always come after their parent; asked for with `groupObjects: true` they come right
 * after it, and an order with its line items is one byte range. A child found elsewhere (an
 * ungrouped file) is indexed on its own and joined to its order when the page is read.
 */

const LABEL = 'shopify order';
const NEWLINE = 0x0a;

/** The result URL refused the download: signed URLs expire 7 days after the operation ends. */
export class ExportGoneError extends Error {
  override name = 'ExportGoneError';
}

export interface DownloadOptions {
  log: Logger;
  /** longest wait for the answer to start, or between two chunks */
  timeoutMs: number;
  retries: number;
  minDelayMs: number;
  /** called between chunks (keeps the sync's lease while a large file comes in) */
  onProgress(): Promise<void>;
}

/** numbers in a Float64Array that grows */
class Numbers {
  private values = new Float64Array(1024);
  length = 0;
  push(v: number): void {
    if (this.length === this.values.length) {
      const bigger = new Float64Array(this.values.length * 2);
      bigger.set(this.values);
      this.values = bigger;
    }
    this.values[this.length++] = v;
  }
  get(i: number): number {
    return this.values[i]!;
  }
  set(i: number, v: number): void {
    this.values[i] = v;
  }
}

type Line = Record<string, unknown>;

function parseLine(text: string): Line | null {
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Line) : null;
  } catch {
    return null;
  }
}

/** the number a GID ends with (gid://shopify/Order/5001 → 5001); NaN when it has none */
const gidNumber = (id: unknown) => {
  const m = typeof id === 'string' ? /(\d+)$/.exec(id) : null;
  return m ? Number(m[1]) : Number.NaN;
};

/**
 * Which lines are whose. An order opens a group; its children directly after it extend the
 * group's byte range; any other child is a stray, found through its parent's GID number.
 */
class ExportIndex {
  readonly starts = new Numbers();
  readonly ends = new Numbers();
  private readonly numbers = new Numbers();
  private byNumber: Map<number, number> | null = null;
  readonly strayRoot = new Numbers();
  readonly strayAt = new Numbers();
  readonly strayLength = new Numbers();
  readonly broken: SkippedRecord[] = [];
  private currentId: unknown = null;
  private groupOpen = false;

  constructor(private readonly log: Logger) {}

  get orders(): number {
    return this.starts.length;
  }

  line(text: string, at: number, length: number): void {
    const rec = parseLine(text);
    if (!rec) {
      this.groupOpen = false;
      this.broken.push(
        skipRecord(this.log, LABEL, null, `bulk export line is not a JSON object: ${text.slice(0, 80)}`),
      );
      return;
    }
    const parent = rec.__parentId;
    if (parent === undefined) {
      const n = gidNumber(rec.id);
      this.starts.push(at);
      this.ends.push(at + length);
      this.numbers.push(n);
      this.byNumber?.set(n, this.starts.length - 1);
      this.currentId = rec.id;
      this.groupOpen = true;
      return;
    }
    if (this.groupOpen && parent === this.currentId) {
      this.ends.set(this.starts.length - 1, at + length);
      return;
    }
    this.groupOpen = false;
    const root = this.rootOf(parent);
    if (root === undefined) {
      const id = typeof rec.id === 'string' ? rec.id : null;
      this.broken.push(
        skipRecord(this.log, LABEL, id, `bulk export line of no order in the export: ${String(parent)}`),
      );
      return;
    }
    this.strayRoot.push(root);
    this.strayAt.push(at);
    this.strayLength.push(length);
  }

  private rootOf(parent: unknown): number | undefined {
    if (!this.byNumber) {
      this.byNumber = new Map();
      for (let i = 0; i < this.numbers.length; i++) this.byNumber.set(this.numbers.get(i), i);
    }
    return this.byNumber.get(gidNumber(parent));
  }
}

/** The strays of each order, in file order: order k's are entries [first[k], first[k + 1]). */
function groupStrays(index: ExportIndex): { first: Uint32Array; at: Float64Array; length: Float64Array } | null {
  const n = index.strayRoot.length;
  if (n === 0) return null;
  const first = new Uint32Array(index.orders + 1);
  for (let i = 0; i < n; i++) first[index.strayRoot.get(i) + 1]!++;
  for (let k = 0; k < index.orders; k++) first[k + 1]! += first[k]!;
  const fill = first.slice(0, index.orders);
  const at = new Float64Array(n);
  const length = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const slot = fill[index.strayRoot.get(i)]!++;
    at[slot] = index.strayAt.get(i);
    length[slot] = index.strayLength.get(i);
  }
  return { first, at, length };
}

let openFiles = 0;

/** ExportFiles not closed yet, in this process (tests check that the cache closes what it drops). */
export function openExportFiles(): number {
  return openFiles;
}

/** A downloaded export: its orders read by position, each with its line items as `lineItems.nodes`. */
export class ExportFile {
  private readonly strays: ReturnType<typeof groupStrays>;
  private closed = false;

  constructor(
    private readonly file: FileHandle,
    private readonly index: ExportIndex,
  ) {
    this.strays = groupStrays(index);
    openFiles++;
  }

  get orders(): number {
    return this.index.orders;
  }

  /** lines that were not JSON, or children of no order in the file */
  get broken(): SkippedRecord[] {
    return this.index.broken;
  }

  private async bytes(at: number, length: number): Promise<Buffer> {
    const buf = Buffer.alloc(length);
    const { bytesRead } = await this.file.read(buf, 0, length, at);
    return buf.subarray(0, bytesRead);
  }

  /** The raw orders [from, to). */
  async read(from: number, to: number): Promise<unknown[]> {
    const end = Math.min(to, this.orders);
    if (from >= end) return [];
    const start = this.index.starts.get(from);
    const range = await this.bytes(start, this.index.ends.get(end - 1) - start);
    const orders: Line[] = [];
    let items: Line[] = [];
    let groupOpen = false;
    // the same grouping as the index: lines it took for strays are left to the strays
    for (let i = 0; i < range.length; ) {
      const nl = range.indexOf(NEWLINE, i);
      const stop = nl === -1 ? range.length : nl;
      const rec = stop > i ? parseLine(range.toString('utf8', i, stop)) : null;
      i = stop + 1;
      if (!rec) {
        groupOpen = false;
        continue;
      }
      if (rec.__parentId === undefined) {
        items = [];
        orders.push({ ...rec, lineItems: { nodes: items } });
        groupOpen = true;
      } else if (groupOpen && rec.__parentId === orders.at(-1)?.id) items.push(rec);
      else groupOpen = false;
    }
    if (this.strays)
      for (let k = from; k < end; k++) {
        const nodes = (orders[k - from]!.lineItems as { nodes: Line[] }).nodes;
        for (let s = this.strays.first[k]!; s < this.strays.first[k + 1]!; s++) {
          const rec = parseLine((await this.bytes(this.strays.at[s]!, this.strays.length[s]!)).toString('utf8'));
          if (rec) nodes.push(rec);
        }
      }
    return orders;
  }

  /** Closes the file (the system frees it: it was unlinked when opened); a second call does nothing. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    openFiles--;
    await this.file.close().catch(() => undefined);
  }
}

class Retryable extends Error {}

/** Reads the body into `file` while indexing it; returns the index. */
async function readBody(url: string, file: FileHandle, opts: DownloadOptions): Promise<ExportIndex> {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), opts.timeoutMs);
  try {
    let res: Response;
    try {
      // a signed storage URL: no Shopify token goes with it
      res = await fetch(url, { signal: abort.signal });
    } catch (err) {
      throw new Retryable((err as Error).message);
    }
    // what an expired signed URL answers is not documented: any refusal but a 5xx means the file is gone
    if (res.status === 400 || res.status === 403 || res.status === 404 || res.status === 410) {
      throw new ExportGoneError(
        `shopify bulk export refused with HTTP ${res.status}: ${(await res.text()).slice(0, 200)}`,
      );
    }
    if (res.status >= 500) throw new Retryable(`HTTP ${res.status}`);
    if (!res.ok || !res.body) throw new HttpError(res.status, url.split('?')[0]!, await res.text().catch(() => null));
    const index = new ExportIndex(opts.log);
    const pending: Buffer[] = [];
    let written = 0;
    let lineAt = 0;
    const take = (chunk: Buffer, upTo: number) => {
      pending.push(chunk.subarray(0, upTo));
      const line = pending.length === 1 ? pending[0]! : Buffer.concat(pending);
      pending.length = 0;
      if (line.length > 0) index.line(line.toString('utf8'), lineAt, line.length);
    };
    try {
      for await (const part of res.body) {
        timer.refresh();
        const chunk = Buffer.from(part.buffer, part.byteOffset, part.byteLength);
        await file.write(chunk, 0, chunk.length, written);
        let from = 0;
        for (let nl = chunk.indexOf(NEWLINE); nl !== -1; nl = chunk.indexOf(NEWLINE, from)) {
          take(chunk.subarray(from), nl - from);
          from = nl + 1;
          lineAt = written + from;
        }
        if (from < chunk.length) pending.push(Buffer.from(chunk.subarray(from)));
        written += chunk.length;
        await opts.onProgress();
      }
    } catch (err) {
      if (err instanceof Error && err.name !== 'AbortError' && !(err instanceof TypeError)) throw err;
      throw new Retryable(`download broke off: ${(err as Error).message}`);
    }
    if (pending.length)
      take(
        Buffer.concat(pending),
        pending.reduce((n, b) => n + b.length, 0),
      );
    return index;
  } finally {
    clearTimeout(timer);
  }
}

/** Downloads a result URL (retrying network errors and 5xx, starting over) into an ExportFile. */
export async function downloadExport(url: string, opts: DownloadOptions): Promise<ExportFile> {
  for (let attempt = 0; ; attempt++) {
    const path = join(tmpdir(), `shopify-bulk-${randomUUID()}.jsonl`);
    const file = await open(path, 'w+');
    await unlink(path).catch(() => undefined);
    try {
      return new ExportFile(file, await readBody(url, file, opts));
    } catch (err) {
      await file.close().catch(() => undefined);
      if (!(err instanceof Retryable) || attempt >= opts.retries) {
        if (err instanceof Retryable)
          throw new Error(`shopify bulk export: gave up after ${attempt} retries: ${err.message}`);
        throw err;
      }
      opts.log.warn({ attempt: attempt + 1, err: err.message }, 'shopify bulk export download failed: retrying');
      await sleep(opts.minDelayMs * 2 ** attempt);
    }
  }
}
