import type { Logger } from 'pino';
import { type PgClient, query } from '../db/client.ts';
import { Prisma } from '../generated/prisma/client.ts';
import type { SyncStream } from '../generated/prisma/enums.ts';
import type {
  Connector,
  ConnectorContext,
  Page,
  UnifiedOrderRow,
  UnifiedProductRow,
  UnifiedReturnRow,
} from '../marketplaces/types.ts';
import { isHistoryWindow, type RunCheckpoint } from './checkpoint.ts';
import { writeOrders } from './write-orders.ts';
import { writeProducts } from './write-products.ts';
import { writeReturns } from './write-returns.ts';
import type { WriteTarget } from './write-target.ts';

type StreamRecord = UnifiedOrderRow | UnifiedProductRow;

/** A page of a stream as the engine sees it: its records, and the returns that came beside orders. */
export interface StreamPage extends Page<StreamRecord> {
  returns: UnifiedReturnRow[];
}

/** What differs between the streams; the engine (sync-stream.ts) is the same for both. */
export interface StreamKind {
  /** a first run reads its history in windows (orders) rather than whole (products) */
  windowed: boolean;
  fetch(
    connector: Connector,
    ctx: ConnectorContext,
    at: RunCheckpoint,
    req: { pageSize?: number; incremental: boolean },
  ): Promise<StreamPage>;
  /** writes a batch in the caller's transaction; the number of rows upserted */
  write(
    client: PgClient,
    target: WriteTarget,
    batch: { records: StreamRecord[]; returns: UnifiedReturnRow[] },
    run: { at: RunCheckpoint; finished: boolean; log: Logger },
  ): Promise<number>;
}

/**
 * Deletes the connection's products a whole-catalogue read did not write: gone from the
 * marketplace, or kept under an id this version no longer uses. Their order lines lose the link
 * (the foreign key sets it null) and are linked again to the products read, by variant id,
 * listing id or SKU, right after the products stream.
 */
async function pruneProducts(client: PgClient, connectionId: string, from: string, log: Logger): Promise<void> {
  const { rowCount } = await query(
    client,
    Prisma.sql`
    DELETE FROM "UnifiedProduct" WHERE "connectionId" = ${connectionId} AND "syncedAt" < ${from}::timestamptz`,
  );
  if (rowCount) log.info({ deleted: rowCount }, 'products no longer in the catalogue deleted');
}

export const STREAMS: Record<SyncStream, StreamKind> = {
  ORDERS: {
    windowed: true,
    async fetch(connector, ctx, at, req) {
      const page = await connector.fetchOrders(ctx, {
        cursor: at.page,
        ...(req.pageSize && { pageSize: req.pageSize }),
        updatedFrom: new Date(at.windowFrom),
        updatedTo: new Date(at.windowTo),
        ...(isHistoryWindow(at) && { history: true }),
      });
      return { ...page, returns: page.returns ?? [] };
    },
    async write(client, target, { records, returns }) {
      // returns first: the orders' upsert reads them
      const n = await writeReturns(client, target, returns);
      return n + (await writeOrders(client, target, records as UnifiedOrderRow[]));
    },
  },
  PRODUCTS: {
    windowed: false,
    async fetch(connector, ctx, at, req) {
      const page = await connector.fetchProducts(ctx, {
        cursor: at.page,
        ...(req.pageSize && { pageSize: req.pageSize }),
        updatedFrom: req.incremental ? new Date(at.windowFrom) : null,
      });
      return { ...page, returns: [] };
    },
    async write(client, target, { records }, { at, finished, log }) {
      const n = await writeProducts(client, target, records as UnifiedProductRow[]);
      if (finished && at.wholeCatalogueFrom && at.skipped === 0)
        await pruneProducts(client, target.connectionId, at.wholeCatalogueFrom, log);
      return n;
    },
  },
};
