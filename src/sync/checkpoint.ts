import { z } from 'zod';

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
});
export type RunCheckpoint = z.infer<typeof runCheckpoint>;

export const streamState = z.object({
  updatedAfter: iso.optional(),
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
