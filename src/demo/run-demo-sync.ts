import { updateRates } from '../currency/update-rates.ts';
import type { Runtime } from '../runtime.ts';
import { type ConnectionReport, syncConnection } from '../sync/sync-connection.ts';
import { ensureDemoSeller } from './demo-seller.ts';
import type { DemoSandboxes } from './start-demo-sandboxes.ts';

export interface DemoConnectionSummary {
  connectionId: string;
  marketplace: string;
  storeId: string;
  status: ConnectionReport['status'];
  orders: number;
  products: number;
  /** what the sandbox holds now, to compare */
  sandboxOrders: number;
  sandboxProducts: number;
}

export interface DemoSummary {
  userId: string;
  connections: DemoConnectionSummary[];
}

/** Days of history the demo reads: the sandbox's whole year and the margin around it. */
const DEMO_BACKFILL_DAYS = 370;

/** Creates (or finds) the demo seller, fills exchange rates, and syncs every connection. */
export async function runDemoSync(
  rt: Runtime,
  sandboxes: DemoSandboxes,
  opts: {
    concurrency?: number;
    /** the demo seller's connections, before they sync */
    onStart?: (connectionIds: string[]) => void;
    /** each connection's report as its sync ends */
    onDone?: (report: ConnectionReport) => void;
  } = {},
): Promise<DemoSummary> {
  const stores = sandboxes.data.specs().map((spec) => ({ spec, baseUrl: sandboxes.urls[spec.marketplace] }));
  const { userId, connectionIds } = await ensureDemoSeller(rt.db, rt.keyRing, stores);
  await updateRates(rt, {
    currencies: stores.map((s) => s.spec.currency).filter((c) => c !== 'USD'),
    days: DEMO_BACKFILL_DAYS + 10,
  });

  const reports: ConnectionReport[] = [];
  const queue = [...connectionIds];
  opts.onStart?.(connectionIds);
  const worker = async () => {
    for (let id = queue.shift(); id; id = queue.shift()) {
      const report = await syncConnection({ ...rt, settings: { backfillDays: DEMO_BACKFILL_DAYS } }, id, {
        trigger: 'MANUAL',
      });
      reports.push(report);
      opts.onDone?.(report);
    }
  };
  await Promise.all(Array.from({ length: opts.concurrency ?? 2 }, worker));
  await updateRates(rt, { days: 5 });

  const counts = await rt.db.$queryRaw<{ connectionId: string; orders: bigint; products: bigint }[]>`
    SELECT c.id AS "connectionId",
      (SELECT count(*) FROM "UnifiedOrder" o WHERE o."connectionId" = c.id) AS orders,
      (SELECT count(*) FROM "UnifiedProduct" p WHERE p."connectionId" = c.id) AS products
    FROM "MarketplaceConnection" c WHERE c."userId" = ${userId}`;
  const truth = sandboxes.data.truth(sandboxes.state.clock.now());
  const connections = connectionIds.map((id, i) => {
    const report = reports.find((r) => r.connectionId === id)!;
    const count = counts.find((c) => c.connectionId === id);
    return {
      connectionId: id,
      marketplace: report.marketplace,
      storeId: report.storeId,
      status: report.status,
      orders: Number(count?.orders ?? 0),
      products: Number(count?.products ?? 0),
      sandboxOrders: truth[i]!.orders,
      sandboxProducts: truth[i]!.products,
    };
  });
  return { userId, connections };
}
