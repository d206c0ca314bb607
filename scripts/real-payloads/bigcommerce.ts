/**
 * BigCommerce's real responses (../shared/real-payloads/bigcommerce) through the connector's
 * schemas and mapper, beside what a reader of each response expects (values written by hand from
 * the JSON). The recorded store (hash hc5d9t2irc) sells in KES; its catalog prices are KES too.
 *
 * Compositions, as the connector makes them: order 100's lines (order-100-products) go with order
 * 100 of the recorded page; product 77 is read with its variants embedded, as `include=variants`
 * returns it. The docs' line example (order 149) has no order of its own: it is read with the
 * docs' currency, USD. No category names are fetched here, so category is null throughout.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import {
  type BigCommerceOrder,
  type BigCommerceOrderProduct,
  orderProductsSchema,
  orderSchema,
  productSchema,
} from '../../src/marketplaces/bigcommerce/schemas.ts';
import { toUnifiedOrder, toUnifiedProducts } from '../../src/marketplaces/bigcommerce/to-unified.ts';
import { dec, sumMoney } from '../../src/marketplaces/money.ts';
import type { UnifiedOrderRow, UnifiedProductRow } from '../../src/marketplaces/types.ts';
import { describeIssues } from '../../src/marketplaces/validate-records.ts';
import type { Expectation, PayloadCheck } from './expectation.ts';

type Expected = Record<string, unknown>;

/** One order of the recorded KES page: every one a manual order of 1 unit, no tax, no shipping, no payment status (so subtotal_inc_tax = total_inc_tax). */
const kes = (
  id: string,
  created: string,
  modified: string,
  status: string,
  marketplaceStatus: string,
  total: string,
  email: string,
): Expected => ({
  externalOrderId: id,
  totalAmount: total,
  currency: 'KES',
  status,
  marketplaceStatus,
  orderedAt: created,
  fulfilledAt: null,
  sourceUpdatedAt: modified,
  subtotalAmount: total,
  taxAmount: '0.00',
  shippingAmount: '0.00',
  discountAmount: '0.00',
  refundedAmount: '0.00',
  customerName: 'Test User',
  customerEmail: email,
  cancelledAt: null,
});

const ORDERS: Record<string, Expected[]> = {
  // 9 orders, all "KES" in currency_code and default_currency_code, rate 1; date_shipped "" on all
  'orders-v2-page-nango-recorded.json': [
    kes(
      '100',
      '2026-06-18T12:05:04.000Z',
      '2026-06-18T14:34:50.000Z',
      'CONFIRMED',
      'Awaiting Fulfillment',
      '109.00',
      'testuser@nangotest.com',
    ),
    kes(
      '101',
      '2026-06-18T14:12:20.000Z',
      '2026-06-18T14:12:20.000Z',
      'PENDING',
      'Pending',
      '109.00',
      'test@example.com',
    ),
    kes(
      '102',
      '2026-06-18T14:12:30.000Z',
      '2026-06-18T14:12:30.000Z',
      'PENDING',
      'Pending',
      '49.00',
      'test@example.com',
    ),
    kes(
      '103',
      '2026-06-18T14:16:34.000Z',
      '2026-06-18T14:16:34.000Z',
      'PENDING',
      'Pending',
      '109.00',
      'test@example.com',
    ),
    kes(
      '104',
      '2026-06-18T14:16:46.000Z',
      '2026-06-18T14:16:46.000Z',
      'PENDING',
      'Pending',
      '109.00',
      'test@example.com',
    ),
    kes(
      '105',
      '2026-06-18T14:19:24.000Z',
      '2026-06-18T14:19:24.000Z',
      'PENDING',
      'Pending',
      '109.00',
      'test@example.com',
    ),
    kes(
      '106',
      '2026-06-18T14:21:34.000Z',
      '2026-06-18T14:21:34.000Z',
      'PENDING',
      'Pending',
      '109.00',
      'test@example.com',
    ),
    kes(
      '107',
      '2026-06-18T14:22:56.000Z',
      '2026-06-18T14:22:56.000Z',
      'PENDING',
      'Pending',
      '109.00',
      'test@example.com',
    ),
    kes(
      '108',
      '2026-06-18T14:23:09.000Z',
      '2026-06-18T14:23:09.000Z',
      'PENDING',
      'Pending',
      '109.00',
      'test@example.com',
    ),
  ],
  // status 11, payment "authorized", total_inc_tax "361.9500" in USD, subtotal_inc_tax "361.9500" (ex tax "336.3200"), 17 items, nothing shipped
  'orders-v2-list-docs-example.json': [
    {
      externalOrderId: '100',
      totalAmount: '361.95',
      currency: 'USD',
      subtotalAmount: '361.95',
      status: 'CONFIRMED',
      marketplaceStatus: 'Awaiting Fulfillment/authorized',
      orderedAt: '2018-01-10T21:05:30.000Z',
      fulfilledAt: null,
      sourceUpdatedAt: '2018-12-05T20:16:55.000Z',
      taxAmount: '0.00',
      refundedAmount: '0.00',
      customerName: 'Jane Doe',
      customerEmail: 'janedoe@example.com',
      cancelledAt: null,
    },
  ],
  // status 7 Awaiting Payment, payment "authorized", total_inc_tax "69.8400", subtotal_inc_tax "67.8400" (ex tax "62.6793"), tax "5.3100"; `fees` is an array here
  'order-v2-docs-example-218.json': [
    {
      externalOrderId: '218',
      totalAmount: '69.84',
      currency: 'USD',
      subtotalAmount: '67.84',
      status: 'PENDING',
      marketplaceStatus: 'Awaiting Payment/authorized',
      orderedAt: '2019-03-05T21:40:11.000Z',
      fulfilledAt: null,
      sourceUpdatedAt: '2019-03-11T15:17:25.000Z',
      taxAmount: '5.31',
      shippingAmount: '11.09',
      refundedAmount: '0.00',
      customerName: 'Jane Doe',
      customerEmail: 'janedoe@example.com',
      cancelledAt: null,
    },
  ],
};

/** Order lines: price_inc_tax per unit, total_inc_tax per line. */
const LINES: Record<string, { currency: string; order?: { file: string; id: string }; items: Expected[] }> = {
  // one line of 1 × "[Sample] Orbit Terrarium - Large" at "109.0000" (ex = inc, no tax), product 80 variant 64
  'order-100-products-nango-recorded.json': {
    currency: 'KES',
    order: { file: 'orders-v2-page-nango-recorded.json', id: '100' },
    items: [
      {
        externalItemId: '1',
        externalProductId: '80',
        externalVariantId: '64',
        sku: 'OTL',
        title: '[Sample] Orbit Terrarium - Large',
        quantity: 1,
        unitPrice: '109.00',
        totalPrice: '109.00',
      },
    ],
  },
  // two lines without variant_id: 65 at 55.99 ex / 65.23 inc tax; 66 a bundled pick-list item at 0
  'order-products-docs-example-149.json': {
    currency: 'USD',
    items: [
      {
        externalItemId: '65',
        externalProductId: '77',
        externalVariantId: null,
        sku: 'S-ORAN',
        title: 'Fog Linen Chambray Towel - Beige Stripe',
        quantity: 1,
        unitPrice: '65.23',
        totalPrice: '65.23',
      },
      {
        externalItemId: '66',
        externalProductId: '86',
        externalVariantId: null,
        sku: 'ABS',
        title: 'Able Brewing System',
        quantity: 1,
        unitPrice: '0.00',
        totalPrice: '0.00',
      },
    ],
  },
};

/**
 * Product 77: price 49, `inventory_tracking: "none"` with inventory_level 0 (not tracked, so no
 * figure), visible and available, no images, base_variant_id null; its 40 variants (ids 1…40)
 * inherit the price (price null, calculated_price 49), all inventory_level 0 and image_url "".
 */
const TOWEL = '[Sample] Fog Linen Chambray Towel - Beige Stripe';
const PRODUCT_77 = {
  parentListingId: '77',
  title: TOWEL,
  category: null,
  imageUrl: null,
  price: '49.00',
  currency: 'KES',
  inventory: null,
  status: 'ACTIVE',
  marketplaceStatus: 'available/visible',
  sourceUpdatedAt: '2015-08-05T18:17:22.000Z',
};
const SIZES = ['XS', 'S', 'M', 'L', 'XL'];
const PRODUCTS: Record<string, { rows: number; first: Expected[] }> = {
  // read alone (no include): one row keyed by the product
  'catalog-product-77-nango-recorded.json': {
    rows: 1,
    first: [{ externalId: '77', sku: 'SLCTBS', variantTitle: null, ...PRODUCT_77 }],
  },
  // with its variants embedded: 40 rows; the first ten are sizes XS…XL in Silver, then Black
  'catalog-product-77-variants-nango-recorded.json': {
    rows: 40,
    first: [
      ...SIZES.map((size, k) => ({ externalId: String(k + 1), variantTitle: `${size} / Silver`, ...PRODUCT_77 })),
      ...SIZES.map((size, k) => ({ externalId: String(k + 6), variantTitle: `${size} / Black`, ...PRODUCT_77 })),
    ],
  },
};

const iso = (d: Date | null) => d?.toISOString() ?? null;
const read = (dir: string, file: string): unknown => JSON.parse(readFileSync(join(dir, file), 'utf8'));

function parseOrders(dir: string, file: string): BigCommerceOrder[] {
  const raw = read(dir, file);
  return (Array.isArray(raw) ? raw : [raw]).map((o: unknown) => {
    const parsed = orderSchema.safeParse(o);
    if (!parsed.success)
      throw new Error(`${file}: order ${(o as { id?: unknown }).id} rejected: ${describeIssues(parsed.error)}`);
    return parsed.data;
  });
}

function parseLines(dir: string, file: string): BigCommerceOrderProduct[] {
  const parsed = orderProductsSchema.safeParse(read(dir, file));
  if (!parsed.success) throw new Error(`${file}: order lines rejected: ${describeIssues(parsed.error)}`);
  return parsed.data;
}

/** The product as the connector reads it: with `include=variants` the variants file is embedded. */
function parseProduct(dir: string, file: string): unknown {
  if (file.includes('variants')) {
    const base = z.object({ data: z.record(z.string(), z.unknown()) }).parse(read(dir, file.replace('-variants', '')));
    const variants = z.object({ data: z.array(z.unknown()) }).parse(read(dir, file));
    return { ...base.data, variants: variants.data };
  }
  return z.object({ data: z.unknown() }).parse(read(dir, file)).data;
}

const orderFields = (o: UnifiedOrderRow, keys: string[]): Expected => {
  const all: Expected = {
    ...o,
    orderedAt: iso(o.orderedAt),
    fulfilledAt: iso(o.fulfilledAt),
    sourceUpdatedAt: iso(o.sourceUpdatedAt),
    cancelledAt: iso(o.cancelledAt),
  };
  return Object.fromEntries(keys.map((k) => [k, all[k]]));
};

const productFields = (p: UnifiedProductRow, keys: string[]): Expected => {
  const all: Expected = { ...p, sourceUpdatedAt: iso(p.sourceUpdatedAt) };
  return Object.fromEntries(keys.map((k) => [k, all[k]]));
};

export const check: PayloadCheck = (dir) => {
  const out: Expectation[] = [];
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()) {
    if (ORDERS[file]) {
      const unknown: string[] = [];
      const rows = parseOrders(dir, file).map((o) => toUnifiedOrder(o, [], unknown));
      out.push({ file, what: 'raw statuses the table does not know', expected: [], actual: unknown });
      out.push({
        file,
        what: 'orders',
        expected: ORDERS[file].map((o) => o.externalOrderId),
        actual: rows.map((r) => r.externalOrderId),
      });
      for (const want of ORDERS[file]) {
        const got = rows.find((r) => r.externalOrderId === want.externalOrderId);
        if (got)
          out.push({
            file,
            what: `order ${want.externalOrderId}`,
            expected: want,
            actual: orderFields(got, Object.keys(want)),
          });
      }
    } else if (LINES[file]) {
      const spec = LINES[file];
      const lines = parseLines(dir, file);
      const order = spec.order
        ? parseOrders(dir, spec.order.file).find((o) => String(o.id) === spec.order!.id)
        : undefined;
      // without its order, the lines are read inside a stand-in carrying only the currency
      const host: BigCommerceOrder = order ?? {
        ...parseOrders(dir, 'orders-v2-list-docs-example.json')[0]!,
        default_currency_code: spec.currency,
      };
      const row = toUnifiedOrder(host, lines, []);
      out.push({ file, what: 'lines', expected: spec.items, actual: row.items });
      if (order) {
        out.push({
          file,
          what: `order ${spec.order!.id}: units = items_total`,
          expected: 1,
          actual: row.items.reduce((n, i) => n + i.quantity, 0),
        });
        out.push({
          file,
          what: `order ${spec.order!.id}: lines add up to the total`,
          expected: row.totalAmount,
          actual: dec(sumMoney(row.items.map((i) => i.totalPrice))).toFixed(2),
        });
      }
    } else if (PRODUCTS[file]) {
      const spec = PRODUCTS[file];
      const parsed = productSchema.safeParse(parseProduct(dir, file));
      if (!parsed.success) throw new Error(`${file}: product rejected: ${describeIssues(parsed.error)}`);
      const rows = toUnifiedProducts(parsed.data, 'KES');
      out.push({ file, what: 'rows (one per variant)', expected: spec.rows, actual: rows.length });
      out.push({
        file,
        what: 'every row: untracked stock is null, ACTIVE',
        expected: [[null, 'ACTIVE']],
        actual: [...new Set(rows.map((r) => JSON.stringify([r.inventory, r.status])))].map(
          (s) => JSON.parse(s) as unknown,
        ),
      });
      spec.first.forEach((want, k) => {
        const got = rows[k];
        if (got)
          out.push({ file, what: `row ${k + 1}`, expected: want, actual: productFields(got, Object.keys(want)) });
      });
      if (file.includes('variants'))
        out.push({ file, what: 'row 1 sku (variant sku)', expected: 'SLCTBS-A9615491', actual: rows[0]?.sku });
    } else {
      out.push({ file, what: 'expectations written for this response', expected: true, actual: false });
    }
  }
  return out;
};
