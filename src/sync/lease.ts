import { randomUUID } from 'node:crypto';
import type { Db } from '../db/client.ts';

/** A holder name unique to one sync run (pid first, for operators reading the row). */
export const newHolder = () => `${process.pid}-${randomUUID()}`;

/**
 * One sync per connection at a time, across processes: a lease row-update that only one
 * caller wins. It expires on its own if the holder dies, and is renewed in every write's
 * transaction (sync-stream.ts).
 */
export async function acquireLease(db: Db, connectionId: string, ttlMs: number, holder: string): Promise<boolean> {
  const until = new Date(Date.now() + ttlMs);
  const count = await db.$executeRaw`
    UPDATE "MarketplaceConnection" SET "syncLockedUntil" = ${until}, "syncLockedBy" = ${holder}, "syncQueuedAt" = NULL
    WHERE id = ${connectionId} AND ("syncLockedUntil" IS NULL OR "syncLockedUntil" < now() OR "syncLockedBy" = ${holder})`;
  return count === 1;
}

export async function releaseLease(db: Db, connectionId: string, holder: string): Promise<void> {
  await db.$executeRaw`
    UPDATE "MarketplaceConnection" SET "syncLockedUntil" = NULL, "syncLockedBy" = NULL
    WHERE id = ${connectionId} AND "syncLockedBy" = ${holder}`;
}

/** Extends a held lease (while a connector waits on the marketplace); false when another process holds it now. */
export async function renewLease(db: Db, connectionId: string, ttlMs: number, holder: string): Promise<boolean> {
  const count = await db.$executeRaw`
    UPDATE "MarketplaceConnection" SET "syncLockedUntil" = ${new Date(Date.now() + ttlMs)}
    WHERE id = ${connectionId} AND "syncLockedBy" = ${holder}`;
  return count === 1;
}
