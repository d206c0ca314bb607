import { z } from 'zod';
import { type PgClient, query } from '../db/client.ts';
import { Prisma } from '../generated/prisma/client.ts';
import type { SyncStream } from '../generated/prisma/enums.ts';
import type { SyncSettings } from './settings.ts';

/**
 * Per-stream sync state kept in MarketplaceConnection.cursors. `updatedAfter` is committed
 * only when a run succeeds; `run` is the in-flight run's checkpoint, written with every write,
 * so a killed process resumes from its last write.
 */
const iso = z.iso.datetime({ offset: true });

export const runCheckpoint = z.object({
  startedAt: iso,
  /** the run reads changes up to here (fixed at its start) */
  until: iso,
  windowFrom: iso,
  windowTo: iso,
  /** connector cursor of the next page in this window; null = the window's first page */
  page: z.string().nullable(),
  maxSeen: iso.nullable(),
  fetched: z.number().int(),
  upserted: z.number().int(),
  skipped: z.number().int(),
  /**
   * a products run that reads the whole catalogue: the database's time at its start. When it
   * ends with nothing skipped, the products it did not write (syncedAt before this) are gone from
   * the marketplace and are deleted.
   */
  wholeCatalogueFrom: iso.optional(),
  /** a backfill's first day: how far through its windows the run is, for progress */
  backfillFrom: iso.optional(),
  /**
   * a backfill read newest first: the last 7 days, then the rest of the last 30, then 30 days
   * at a time back to `backfillFrom`, so recent questions are right first. A checkpoint without
   * it (an older run) goes on oldest first.
   */
  recentFirst: z.boolean().optional(),
  /** a newest-first backfill whose history past the recent windows is read as one window (the connector exports it) */
  wholeHistory: z.boolean().optional(),
});
export type RunCheckpoint = z.infer<typeof runCheckpoint>;

export const streamState = z.object({
  updatedAfter: iso.optional(),
  /** when the last run that finished started: a whole catalogue is read again only so often */
  readAt: iso.optional(),
  run: runCheckpoint.optional(),
});
export type StreamState = z.infer<typeof streamState>;

export const cursorsSchema = z.object({
  ORDERS: streamState.optional(),
  PRODUCTS: streamState.optional(),
});
export type Cursors = z.infer<typeof cursorsSchema>;

/** Reads the stored JSON; a value this version cannot read starts the stream afresh. */
export function readCursors(value: unknown): Cursors {
  const parsed = cursorsSchema.safeParse(value ?? {});
  return parsed.success ? parsed.data : {};
}

const DAY = 86_400_000;

const later = (a: string | null, b: string | null | undefined): string | null =>
  a && b ? (a > b ? a : b) : (a ?? b ?? null);

/** The first windows of a backfill read newest first: the last 7 days, then up to 30 days back. */
const RECENT_DAYS = [7, 30] as const;

const iso8601 = (ms: number) => new Date(ms).toISOString();

/** The window before [from, …) of a newest-first backfill, or null when `from` reached its start. */
function earlierWindow(
  at: Pick<RunCheckpoint, 'until' | 'windowFrom' | 'backfillFrom' | 'wholeHistory'>,
  s: SyncSettings,
) {
  const start = Date.parse(at.backfillFrom!);
  const from = Date.parse(at.windowFrom);
  if (from <= start) return null;
  const until = Date.parse(at.until);
  const next =
    RECENT_DAYS.map((d) => until - d * DAY).find((edge) => edge < from) ??
    (at.wholeHistory ? start : from - s.backfillWindowDays * DAY);
  return { windowFrom: iso8601(Math.max(start, next)), windowTo: at.windowFrom };
}

/** The window is a newest-first backfill's history past its recent days, read whole (by the connector's export). */
export function isHistoryWindow(at: RunCheckpoint): boolean {
  return !!at.wholeHistory && Date.parse(at.windowTo) <= Date.parse(at.until) - RECENT_DAYS.at(-1)! * DAY;
}

/**
 * A new run: from the cursor minus the overlap (one window); a windowed stream's first run
 * reads its history newest first, a window at a time (`recentFirst`), or, where the connector
 * exports history, its recent windows and then the rest in one (`wholeHistory`).
 */
export function newRun(
  windowed: boolean,
  updatedAfter: string | undefined,
  s: SyncSettings,
  now: Date,
  opts: { exportsHistory?: boolean } = {},
): RunCheckpoint {
  const until = now.toISOString();
  if (windowed && !updatedAfter) {
    const backfillFrom = iso8601(now.getTime() - s.backfillDays * DAY);
    return {
      startedAt: until,
      until,
      backfillFrom,
      recentFirst: true,
      ...(opts.exportsHistory && { wholeHistory: true }),
      windowFrom: iso8601(Math.max(Date.parse(backfillFrom), now.getTime() - RECENT_DAYS[0] * DAY)),
      windowTo: until,
      page: null,
      maxSeen: null,
      fetched: 0,
      upserted: 0,
      skipped: 0,
    };
  }
  const from = updatedAfter
    ? new Date(new Date(updatedAfter).getTime() - s.overlapMs)
    : new Date(now.getTime() - s.backfillDays * DAY);
  return {
    startedAt: until,
    until,
    windowFrom: from.toISOString(),
    windowTo: until,
    page: null,
    maxSeen: updatedAfter ?? null,
    fetched: 0,
    upserted: 0,
    skipped: 0,
  };
}

/** The run's checkpoint once a page is written: its cursor, the latest change seen, the counts; the next window when the page ended one. */
export function advance(
  at: RunCheckpoint,
  page: {
    records: { sourceUpdatedAt?: Date | null }[];
    returns: { sourceUpdatedAt?: Date | null }[];
    skipped: unknown[];
    next: string | null;
  },
  s: SyncSettings,
): { next: RunCheckpoint; finished: boolean } {
  const next: RunCheckpoint = {
    ...at,
    page: page.next,
    maxSeen: [...page.records, ...page.returns].reduce<string | null>(
      (max, r) => later(max, r.sourceUpdatedAt?.toISOString()),
      at.maxSeen,
    ),
    fetched: at.fetched + page.records.length + page.returns.length + page.skipped.length,
    skipped: at.skipped + page.skipped.length,
  };
  if (at.recentFirst) {
    const earlier = page.next === null ? earlierWindow(at, s) : undefined;
    if (earlier) Object.assign(next, earlier);
    return { next, finished: earlier === null };
  }
  const finished = page.next === null && at.windowTo >= at.until;
  if (page.next === null && !finished) {
    next.windowFrom = at.windowTo;
    next.windowTo = new Date(
      Math.min(new Date(at.windowTo).getTime() + s.backfillWindowDays * DAY, new Date(at.until).getTime()),
    ).toISOString();
  }
  return { next, finished };
}

export class LeaseLostError extends Error {
  constructor() {
    super('sync lease lost to another process: stopping');
  }
}

/** Stores a stream's state with the write it goes with, renewing the lease; throws LeaseLostError when another process holds it. */
export async function saveStreamState(
  client: PgClient,
  connectionId: string,
  stream: SyncStream,
  value: StreamState,
  lease: { holder: string; ms: number },
): Promise<void> {
  const { rowCount } = await query(
    client,
    Prisma.sql`
    UPDATE "MarketplaceConnection"
    SET cursors = jsonb_set(COALESCE(cursors, '{}'::jsonb), ${`{${stream}}`}::text[], ${JSON.stringify(value)}::jsonb),
      "syncLockedUntil" = ${new Date(Date.now() + lease.ms)}
      ${stream === 'ORDERS' ? Prisma.sql`, "historyFrom" = ${value.run?.recentFirst ? new Date(value.run.windowTo) : null}::timestamptz` : Prisma.empty}
    WHERE id = ${connectionId} AND "syncLockedBy" = ${lease.holder}`,
  );
  if (rowCount !== 1) throw new LeaseLostError();
}
