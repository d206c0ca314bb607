import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Decimal } from 'decimal.js';
import type { MarketplaceType } from '../../src/generated/prisma/enums.ts';
import { CONNECTORS } from '../../src/marketplaces/registry.ts';
import type { OrdersPage, UnifiedReturnRow } from '../../src/marketplaces/types.ts';
import { SANDBOX_APP_CREDENTIALS } from '../../src/sandbox/generator/index.ts';
import { type RunningSandboxes, startSandboxes } from '../../src/sandbox/index.ts';
import { expectedLifecycleCounts, lifecycleCounts } from '../helpers/lifecycle-statuses.ts';
import { ANCHOR, NOW, silentLog, walk } from '../helpers/sandbox.ts';

/**
 * The bar: against the sandboxes at 5,000 orders, every connector fetches every order
 * and product exactly once, and its totals equal the sandbox's truth to the cent.
 */

describe('all seven connectors against `frame sandbox --orders 5000`', () => {
  let sandboxes: RunningSandboxes;
  beforeAll(async () => {
    sandboxes = await startSandboxes({ orders: 5000, seed: 1, anchor: ANCHOR });
    sandboxes.state.clock.set(NOW);
  });
  afterAll(async () => {
    await sandboxes?.stop();
  });

  it.each([
    'shopify-us',
    'shopify-eu',
    'ebay-us',
    'ebay-uk',
    'etsy',
    'flipkart',
    'bigcommerce',
    'bigcommerce-outlet',
    'square',
    'snapdeal',
  ])(
    '%s matches its truth',
    async (key) => {
      const store = sandboxes.data.store(key);
      const m = store.spec.marketplace;
      const connector = CONNECTORS[m.toUpperCase() as MarketplaceType];
      const ctx = {
        baseUrl: sandboxes.urls[m],
        storeId: store.spec.storeId,
        accessToken: store.spec.token,
        credentials: SANDBOX_APP_CREDENTIALS,
        log: silentLog,
        http: { minDelayMs: 5, maxDelayMs: 50 },
      };
      const truth = store.truth(NOW);
      const returns: UnifiedReturnRow[] = [];
      const orders = await walk(async (cursor) => {
        const page: OrdersPage = await connector.fetchOrders(ctx, {
          updatedFrom: new Date('2020-01-01T00:00:00Z'),
          updatedTo: NOW,
          cursor,
        });
        returns.push(...(page.returns ?? []));
        return page;
      });
      const products = await walk((cursor) => connector.fetchProducts(ctx, { cursor }));

      expect(orders.skipped).toEqual([]);
      expect(orders.unknownStatuses).toEqual([]);
      // an order is read once, except where the API lists it on several pages (Flipkart: one per
      // shipment); then every copy is the whole order, the same
      const byId = new Map<string, (typeof orders.records)[number]>();
      for (const o of orders.records) {
        const seen = byId.get(o.externalOrderId);
        if (seen) expect(o).toEqual(seen);
        byId.set(o.externalOrderId, o);
      }
      if (m !== 'flipkart') expect(byId.size).toBe(orders.records.length);
      const distinct = [...byId.values()];
      const ids = [...byId.keys()];
      expect(ids.length).toBe(truth.orders);
      const total = distinct.reduce((sum, o) => sum.plus(o.totalAmount), new Decimal(0));
      expect({ [store.spec.currency]: total.toFixed(2) }).toEqual(truth.totals);
      expect(new Set(distinct.map((o) => o.currency))).toEqual(new Set([store.spec.currency]));

      const gotStatus: Record<string, number> = {};
      for (const o of distinct) gotStatus[o.status] = (gotStatus[o.status] ?? 0) + 1;
      expect(lifecycleCounts(m, truth.byStatus, gotStatus)).toEqual(expectedLifecycleCounts(m, truth.byStatus));
      // a return recorded as an order of its own names a sale of this store (Square); elsewhere there are none
      expect(new Set(returns.map((r) => r.saleExternalOrderId)).size).toBe(
        m === 'square' ? truth.byStatus.RETURNED : 0,
      );
      expect(returns.every((r) => ids.includes(r.saleExternalOrderId))).toBe(true);

      const productIds = products.records.map((p) => p.externalId);
      expect(new Set(productIds).size).toBe(productIds.length);
      expect(productIds.length).toBe(truth.products);
    },
    120_000,
  );
});
