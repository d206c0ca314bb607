/**
 * Flipkart's real responses (../shared/real-payloads/flipkart) through the connector's schemas and
 * mapper, beside what a reader of each response expects (values written by hand from the JSON).
 *
 * The one response is the official `shipment_created` notification example: its `attributes`
 * object is the v3 Shipment (the field names of `shipments[]` in POST /sellers/v3/shipments/filter),
 * with the shipment id beside it, so the shipment the connector reads is `{shipmentId, ...attributes}`.
 * The tests run the same composition on a fixture of our own in the same shape.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { shipmentSchema } from '../../src/marketplaces/flipkart/schemas.ts';
import { toUnifiedOrders } from '../../src/marketplaces/flipkart/to-unified.ts';
import { describeIssues } from '../../src/marketplaces/validate-records.ts';
import type { Expectation, PayloadCheck } from './expectation.ts';

const notificationSchema = z.looseObject({
  shipmentId: z.string(),
  eventType: z.string(),
  attributes: z.record(z.string(), z.unknown()),
});

/** A notification's shipment as the search would list it. */
export function composeNotificationShipment(raw: unknown): unknown {
  const { shipmentId, attributes } = notificationSchema.parse(raw);
  return { shipmentId, ...attributes };
}

type Expected = Record<string, unknown>;

/** What a reader of each file expects, by hand from the JSON. */
const EXPECTED: Record<string, { orders: Expected[] }> = {
  // one APPROVED item, quantity 1, sellingPrice = totalPrice 295.0, shippingCharge 0.0, flipkartDiscount 0.0;
  // dispatchByDate / dispatchAfterDate are the dispatch window, not a dispatch: nothing is shipped yet
  'shipment-created-notification-docs-example.json': {
    orders: [
      {
        externalOrderId: 'OD108833803073636000',
        totalAmount: '295',
        currency: 'INR',
        status: 'CONFIRMED',
        marketplaceStatus: 'APPROVED',
        orderedAt: '2017-04-06T12:45:57.000Z',
        fulfilledAt: null,
        sourceUpdatedAt: '2017-04-06T12:47:01.000Z',
        shippingAmount: '0',
        discountAmount: '0',
        refundedAmount: null,
        cancelledAt: null,
        itemCount: 1,
        items: [
          {
            externalItemId: '1883380307363600',
            sku: 'LKA041150',
            title: 'Lokalart Pocket-size Journal Yellow LKA041150',
            quantity: 1,
            unitPrice: '295',
            totalPrice: '295',
            externalProductId: 'LSTDIAE777EDCWNZSPZQMLAT0',
            externalVariantId: 'DIAE777EDCWNZSPZ',
          },
        ],
      },
    ],
  },
};

const iso = (d: Date | null) => d?.toISOString() ?? null;

export const check: PayloadCheck = (dir) => {
  const out: Expectation[] = [];
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()) {
    const expected = EXPECTED[file];
    if (!expected) {
      out.push({ file, what: 'expectations written for this response', expected: true, actual: false });
      continue;
    }
    const parsed = shipmentSchema.safeParse(
      composeNotificationShipment(JSON.parse(readFileSync(join(dir, file), 'utf8'))),
    );
    if (!parsed.success) throw new Error(`${file}: shipment rejected: ${describeIssues(parsed.error)}`);
    const unknown: string[] = [];
    const orders = toUnifiedOrders([parsed.data], unknown);
    out.push({ file, what: 'raw statuses the table does not know', expected: [], actual: unknown });
    out.push({
      file,
      what: 'orders',
      expected: expected.orders.map((o) => o.externalOrderId),
      actual: orders.map((o) => o.externalOrderId),
    });
    for (const want of expected.orders) {
      const got = orders.find((o) => o.externalOrderId === want.externalOrderId);
      if (!got) continue;
      const actual: Expected = {
        externalOrderId: got.externalOrderId,
        totalAmount: got.totalAmount,
        currency: got.currency,
        status: got.status,
        marketplaceStatus: got.marketplaceStatus,
        orderedAt: iso(got.orderedAt),
        fulfilledAt: iso(got.fulfilledAt),
        sourceUpdatedAt: iso(got.sourceUpdatedAt),
        shippingAmount: got.shippingAmount,
        discountAmount: got.discountAmount,
        refundedAmount: got.refundedAmount,
        cancelledAt: iso(got.cancelledAt),
        itemCount: got.items.reduce((n, i) => n + i.quantity, 0),
        items: got.items.map((i) => ({
          externalItemId: i.externalItemId,
          sku: i.sku,
          title: i.title,
          quantity: i.quantity,
          unitPrice: i.unitPrice,
          totalPrice: i.totalPrice,
          externalProductId: i.externalProductId,
          externalVariantId: i.externalVariantId,
        })),
      };
      for (const key of Object.keys(want))
        out.push({
          file,
          what: `order ${String(want.externalOrderId)}: ${key}`,
          expected: want[key],
          actual: actual[key],
        });
    }
  }
  return out;
};
