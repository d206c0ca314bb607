/**
 * Shopify's real responses (../shared/real-payloads/shopify) through the connector's schemas and
 * mapper, beside what a reader of each response expects (values written by hand from the JSON).
 *
 * Neither response is the connector's own query: the shopify.dev orders example selects fewer
 * fields (edges, no line prices, no updatedAt, cancelledAt, returnStatus, …) and the recorded
 * products response is `products { variants }` rather than `productVariants { product }`. The
 * compose functions below turn each into the records the connector reads; the tests run them on
 * fixtures of our own in the same shapes.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { dec } from '../../src/marketplaces/money.ts';
import { OrderSchema, VariantSchema } from '../../src/marketplaces/shopify/schemas.ts';
import { toUnifiedOrder, toUnifiedProduct } from '../../src/marketplaces/shopify/to-unified.ts';
import type { Expectation, PayloadCheck } from './expectation.ts';

const edges = <T extends z.ZodType>(node: T) => z.object({ edges: z.array(z.object({ node })) });
const money = z.object({ shopMoney: z.object({ amount: z.string(), currencyCode: z.string() }) });

/** The shopify.dev example's selection: only these fields are there to check. */
const ExampleOrder = z.looseObject({
  id: z.string(),
  createdAt: z.string(),
  totalPriceSet: money,
  lineItems: edges(
    z.looseObject({
      name: z.string(),
      quantity: z.number(),
      sku: z.string().nullable(),
      variant: z.object({ id: z.string() }).nullable(),
    }),
  ),
});
const ExampleOrders = z.object({ orders: edges(z.unknown()) });

/**
 * An order of the shopify.dev example as the connector's OrderSchema reads it. What the example
 * does not select is filled with what an open order with no refund, tax, shipping or fulfillment
 * would show (a line's id and prices are placeholders); no expectation reads a filled field.
 */
export function composeExampleOrder(raw: unknown): unknown {
  const o = ExampleOrder.parse(raw);
  const zero = { shopMoney: { amount: '0.0', currencyCode: o.totalPriceSet.shopMoney.currencyCode } };
  return {
    updatedAt: o.createdAt,
    cancelledAt: null,
    returnStatus: 'NO_RETURN',
    subtotalPriceSet: null,
    totalTaxSet: null,
    totalShippingPriceSet: zero,
    totalDiscountsSet: null,
    totalRefundedSet: zero,
    email: null,
    customer: null,
    fulfillments: [],
    refunds: [],
    ...o,
    lineItems: {
      nodes: o.lineItems.edges.map(({ node }, k) => ({
        id: `${o.id}/line-${k}`,
        originalUnitPriceSet: zero,
        originalTotalSet: zero,
        product: null,
        ...node,
      })),
    },
  };
}

const RecordedProducts = z.object({
  data: z.object({
    products: edges(
      z.looseObject({
        id: z.string(),
        title: z.string(),
        status: z.string(),
        updatedAt: z.string(),
        productType: z.string(),
        category: z.unknown(),
        variants: edges(z.looseObject({})),
      }),
    ),
  }),
});

/**
 * The recorded `products { variants }` page as the variants the connector's `productVariants`
 * query returns: each variant with its product (id, title, status, updatedAt, productType,
 * category). The recording selects neither `featuredMedia` nor `inventoryItem`, so they stay absent.
 */
export function composeRecordedVariants(body: unknown): unknown[] {
  return RecordedProducts.parse(body).data.products.edges.flatMap(({ node: { variants, ...p } }) =>
    variants.edges.map(({ node: v }) => ({
      ...v,
      product: {
        id: p.id,
        title: p.title,
        status: p.status,
        updatedAt: p.updatedAt,
        productType: p.productType,
        category: p.category,
      },
    })),
  );
}

const read = (dir: string, file: string): unknown => JSON.parse(readFileSync(join(dir, file), 'utf8'));
const money2 = (amount: string | null) => (amount === null ? null : dec(amount).toFixed(2));

// ---- orders-shopify-dev-example.json -------------------------------------------------------

const ORDERS_FILE = 'orders-shopify-dev-example.json';

/** every order of the example: 2000.0 CAD, paid, unfulfilled, placed 2024-01-01, bob@example.com */
const EXPECTED_ORDERS: {
  id: string;
  name: string;
  items: { title: string; sku: string; quantity: number; variant: string }[];
}[] = [
  {
    id: '158040885',
    name: '#2000',
    items: [
      { title: 'Draft - 151cm', sku: 'draft-151', quantity: 10, variant: 'gid://shopify/ProductVariant/168923715' },
    ],
  },
  { id: '199007853', name: '#2006', items: [] },
  { id: '212949620', name: '#2002', items: [] },
  { id: '294238686', name: '#2009', items: [] },
  { id: '316002265', name: '#2003', items: [] },
];

function checkOrders(dir: string): Expectation[] {
  const out: Expectation[] = [];
  const raw = ExampleOrders.parse(read(dir, ORDERS_FILE)).orders.edges.map((e) => e.node);
  out.push({ file: ORDERS_FILE, what: 'orders in the response', expected: EXPECTED_ORDERS.length, actual: raw.length });
  raw.forEach((node, k) => {
    const order = OrderSchema.safeParse(composeExampleOrder(node));
    if (!order.success) throw new Error(`${ORDERS_FILE}: order ${k} rejected: ${order.error.message}`);
    const unknown: string[] = [];
    const row = toUnifiedOrder(order.data, unknown);
    const e = EXPECTED_ORDERS[k]!;
    const what = `order ${e.id}`;
    out.push(
      {
        file: ORDERS_FILE,
        what: `${what}: id, number, placed, status, total, currency, subtotal, email`,
        expected: {
          externalOrderId: `gid://shopify/Order/${e.id}`,
          orderNumber: e.name,
          orderedAt: '2024-01-01T00:00:00.000Z',
          // UNFULFILLED → PENDING (spec table), whatever the payment says
          status: 'PENDING',
          marketplaceStatus: 'UNFULFILLED/PAID',
          totalAmount: '2000.00',
          currency: 'CAD',
          subtotalAmount: '2000.00',
          customerEmail: 'bob@example.com',
          unknownStatuses: [],
        },
        actual: {
          externalOrderId: row.externalOrderId,
          orderNumber: row.orderNumber,
          orderedAt: row.orderedAt.toISOString(),
          status: row.status,
          marketplaceStatus: row.marketplaceStatus,
          totalAmount: money2(row.totalAmount),
          currency: row.currency,
          subtotalAmount: money2(row.subtotalAmount),
          customerEmail: row.customerEmail,
          unknownStatuses: unknown,
        },
      },
      {
        file: ORDERS_FILE,
        what: `${what}: lines (title, sku, quantity, variant)`,
        expected: e.items,
        actual: row.items.map((i) => ({
          title: i.title,
          sku: i.sku,
          quantity: i.quantity,
          variant: i.externalVariantId,
        })),
      },
    );
  });
  return out;
}

// ---- products-with-variants-nango-recorded.json --------------------------------------------

const PRODUCTS_FILE = 'products-with-variants-nango-recorded.json';

type V = [
  variantId: string,
  variantTitle: string | null,
  sku: string | null,
  price: string,
  inventory: number,
  status: 'ACTIVE' | 'INACTIVE' | 'OUT_OF_STOCK',
  updatedAt: string,
];
type P = [productId: string, title: string, rawStatus: string, category: string | null, variants: V[]];

const T = (hms: string) => `2026-06-04T${hms}.000Z`;

/**
 * Read from the JSON: category is the taxonomy category's name, else the merchant's product type
 * ("" reads as none); "Default Title" is no variant title; a quantity of 0 or below on an ACTIVE
 * product is OUT_OF_STOCK (the -2 and -1 are oversold and stay negative: the recording does not
 * select inventoryItem.tracked, so nothing says these are untracked); ARCHIVED and DRAFT are INACTIVE.
 */
const EXPECTED_PRODUCTS: P[] = [
  [
    '8651795988617',
    'The Multi-location Snowboard',
    'ACTIVE',
    'snowboard',
    [['46840090427529', null, null, '729.95', 100, 'ACTIVE', T('08:49:55')]],
  ],
  [
    '8651796021385',
    'The Multi-managed Snowboard',
    'ACTIVE',
    'snowboard',
    [['46840090460297', null, 'sku-managed-1', '629.95', 100, 'ACTIVE', T('08:49:55')]],
  ],
  [
    '8651796054153',
    'The 3p Fulfilled Snowboard',
    'ACTIVE',
    'snowboard',
    [['46840090493065', null, 'sku-hosted-1', '2629.95', 20, 'ACTIVE', T('08:49:55')]],
  ],
  [
    '8651795824777',
    'The Compare at Price Snowboard',
    'ACTIVE',
    'snowboard',
    [['46840090034313', null, null, '785.95', 10, 'ACTIVE', T('08:49:54')]],
  ],
  [
    '8651795923081',
    'The Complete Snowboard',
    'ACTIVE',
    'snowboard',
    [
      ['46840090165385', 'Ice', null, '699.95', 10, 'ACTIVE', T('08:49:54')],
      ['46840090198153', 'Dawn', null, '699.95', 10, 'ACTIVE', T('08:49:54')],
      ['46840090230921', 'Powder', null, '699.95', 10, 'ACTIVE', T('08:49:54')],
      ['46840090263689', 'Electric', null, '699.95', 10, 'ACTIVE', T('08:49:54')],
      ['46840090296457', 'Sunset', null, '699.95', 10, 'ACTIVE', T('08:49:54')],
    ],
  ],
  [
    '8651795890313',
    'The Hidden Snowboard',
    'ACTIVE',
    'snowboard',
    [['46840090067081', null, null, '749.95', 50, 'ACTIVE', T('08:49:54')]],
  ],
  [
    '8651795857545',
    'The Archived Snowboard',
    'ARCHIVED',
    'snowboard',
    [['46840089804937', null, null, '629.95', 50, 'INACTIVE', T('08:49:54')]],
  ],
  [
    '8651795759241',
    'The Out of Stock Snowboard',
    'ACTIVE',
    'snowboard',
    [['46840090132617', null, null, '885.95', 0, 'OUT_OF_STOCK', T('08:49:54')]],
  ],
  [
    '8651796086921',
    'The Collection Snowboard: Oxygen',
    'ACTIVE',
    'snowboard',
    [['46840090525833', null, null, '1025.00', 50, 'ACTIVE', T('08:49:55')]],
  ],
  [
    '8651796119689',
    'The Collection Snowboard: Liquid',
    'ACTIVE',
    'snowboard',
    [['46840090591369', null, null, '749.95', 50, 'ACTIVE', T('08:49:56')]],
  ],
  [
    '8651813060745',
    'Delete Option Test Product',
    'ACTIVE',
    null,
    [['46840155570313', 'Red', null, '0.00', 0, 'OUT_OF_STOCK', T('09:39:57')]],
  ],
  [
    '8651813486729',
    'Delete Option Test Product 2',
    'ACTIVE',
    null,
    [['46840155963529', 'Red', null, '0.00', 0, 'OUT_OF_STOCK', T('09:40:17')]],
  ],
  [
    '8651813748873',
    'Nango Test Product for Variant Deletion',
    'ACTIVE',
    'Test',
    [['46840156291209', null, null, '0.00', 0, 'OUT_OF_STOCK', T('09:40:47')]],
  ],
  [
    '8651812864137',
    'Nango Test Product',
    'ACTIVE',
    null,
    [
      ['46840155373705', 'Small', null, '0.00', 0, 'OUT_OF_STOCK', T('09:39:02')],
      ['46840157307017', 'Medium', null, '19.99', 0, 'OUT_OF_STOCK', T('09:43:02')],
      ['46840157339785', 'Large', null, '24.99', 0, 'OUT_OF_STOCK', T('09:43:02')],
    ],
  ],
  [
    '8651795726473',
    'Selling Plans Ski Wax',
    'ACTIVE',
    'accessories',
    [
      ['46840089936009', 'Selling Plans Ski Wax', null, '24.95', 10, 'ACTIVE', T('08:49:55')],
      ['46840089968777', 'Special Selling Plans Ski Wax', null, '49.95', 10, 'ACTIVE', T('08:49:55')],
      ['46840090001545', 'Sample Selling Plans Ski Wax', null, '9.95', 10, 'ACTIVE', T('08:49:55')],
    ],
  ],
  [
    '8651814666377',
    'Nango Test Product',
    'ACTIVE',
    'Testing',
    [['46840157503625', null, null, '0.00', 0, 'OUT_OF_STOCK', T('09:43:43')]],
  ],
  [
    '8651814797449',
    'Nango Test Product',
    'ACTIVE',
    'Testing',
    [['46840157634697', null, null, '0.00', 0, 'OUT_OF_STOCK', T('09:43:57')]],
  ],
  [
    '8651814731913',
    'Nango Test Product 2',
    'ACTIVE',
    null,
    [
      ['46840157667465', 'Special', null, '29.99', 0, 'OUT_OF_STOCK', T('09:44:03')],
      ['46840157831305', 'ValidateTest', null, '29.99', 0, 'OUT_OF_STOCK', T('09:44:27')],
      ['46840158486665', 'ValidateTest2', null, '29.99', 0, 'OUT_OF_STOCK', T('09:46:29')],
      ['46840158879881', 'SaveTest1', null, '29.99', 0, 'OUT_OF_STOCK', T('09:46:39')],
    ],
  ],
  [
    '8651795660937',
    'The Collection Snowboard: Hydrogen',
    'ACTIVE',
    'snowboard',
    [['46840089903241', null, null, '600.00', 50, 'ACTIVE', T('08:49:54')]],
  ],
  [
    '8651815616649',
    'Test Deactivation Product',
    'ACTIVE',
    'Test',
    [['46840159076489', null, null, '0.00', 0, 'OUT_OF_STOCK', T('09:47:04')]],
  ],
  [
    '8651814338697',
    'Nango Test Product for Deletion',
    'ACTIVE',
    null,
    [['46840157995145', null, null, '1.00', 0, 'OUT_OF_STOCK', T('09:45:17')]],
  ],
  [
    '8651816829065',
    'Test Product',
    'ACTIVE',
    null,
    [['46840160878729', null, null, '0.00', 0, 'OUT_OF_STOCK', T('09:50:06')]],
  ],
  [
    '8651816861833',
    'Test Product',
    'ACTIVE',
    null,
    [['46840161697929', null, null, '0.00', 0, 'OUT_OF_STOCK', T('09:50:19')]],
  ],
  [
    '8651816960137',
    'Test Product',
    'ACTIVE',
    null,
    [['46840161796233', null, null, '0.00', 0, 'OUT_OF_STOCK', T('09:50:36')]],
  ],
  [
    '8651818074249',
    'Test Product',
    'ACTIVE',
    null,
    [['46840162910345', null, null, '0.00', 0, 'OUT_OF_STOCK', T('09:52:41')]],
  ],
  [
    '8651795693705',
    'The Draft Snowboard',
    'DRAFT',
    'snowboard',
    [['46840089575561', null, null, '2629.95', 28, 'INACTIVE', T('09:55:38')]],
  ],
  [
    '8651819352201',
    'Test Product for Refund',
    'ACTIVE',
    null,
    [['46840164352137', null, null, '10.00', 0, 'OUT_OF_STOCK', T('09:57:02')]],
  ],
  [
    '8651840716937',
    'Nango Test Product',
    'ACTIVE',
    null,
    [['46840223662217', null, null, '0.00', 0, 'OUT_OF_STOCK', T('10:48:58')]],
  ],
  [
    '8651841372297',
    'Test Product',
    'ACTIVE',
    null,
    [['46840224120969', null, null, '0.00', 0, 'OUT_OF_STOCK', T('10:50:40')]],
  ],
  [
    '8651841470601',
    'Updated Test Product',
    'ACTIVE',
    null,
    [['46840224219273', null, null, '0.00', 0, 'OUT_OF_STOCK', T('10:50:51')]],
  ],
  [
    '8651795792009',
    'The Videographer Snowboard',
    'ACTIVE',
    'snowboard',
    [['46840089608329', null, 'TEST-SKU-001', '885.95', 66, 'ACTIVE', T('10:51:38')]],
  ],
  [
    '8651795628169',
    'The Minimal Snowboard',
    'ACTIVE',
    null,
    [['46840089641097', 'Blue / Small', null, '885.95', 50, 'ACTIVE', T('09:48:18')]],
  ],
  [
    '8651795562633',
    'Gift Card',
    'ACTIVE',
    'Gift Cards',
    [
      ['46840089673865', '$10', null, '10.00', 0, 'OUT_OF_STOCK', T('08:49:54')],
      ['46840089706633', '$25', null, '25.00', 0, 'OUT_OF_STOCK', T('08:49:54')],
      ['46840089739401', '$50', null, '50.00', 0, 'OUT_OF_STOCK', T('08:49:54')],
      ['46840089772169', '$100', null, '100.00', 0, 'OUT_OF_STOCK', T('08:49:54')],
    ],
  ],
  [
    '8651795595401',
    'The Inventory Not Tracked Snowboard',
    'ACTIVE',
    'snowboard',
    [['46840089870473', null, 'sku-untracked-1', '99.99', -2, 'OUT_OF_STOCK', T('11:20:53')]],
  ],
  [
    '8651905826953',
    'Test Product',
    'ACTIVE',
    null,
    [['46840382980233', null, null, '10.00', -1, 'OUT_OF_STOCK', T('12:54:59')]],
  ],
];

function checkProducts(dir: string): Expectation[] {
  const variants = composeRecordedVariants(read(dir, PRODUCTS_FILE));
  const expected = EXPECTED_PRODUCTS.flatMap(([productId, title, rawStatus, category, vs]) =>
    vs.map(([id, variantTitle, sku, price, inventory, status, updatedAt]) => ({
      externalId: `gid://shopify/ProductVariant/${id}`,
      parentListingId: `gid://shopify/Product/${productId}`,
      sku,
      title,
      variantTitle,
      category,
      imageUrl: null,
      price,
      inventory,
      status,
      marketplaceStatus: rawStatus,
      sourceUpdatedAt: updatedAt,
    })),
  );
  const out: Expectation[] = [
    { file: PRODUCTS_FILE, what: 'variants in the response', expected: expected.length, actual: variants.length },
  ];
  variants.forEach((raw, k) => {
    const v = VariantSchema.safeParse(raw);
    if (!v.success) throw new Error(`${PRODUCTS_FILE}: variant ${k} rejected: ${v.error.message}`);
    // the response carries no currency (the connector takes the shop's from `shop { currencyCode }`)
    const { currency: _currency, ...row } = toUnifiedProduct(v.data, null);
    const e = expected[k];
    out.push({
      file: PRODUCTS_FILE,
      what: `variant ${v.data.id.split('/').at(-1)}`,
      expected: e,
      actual: {
        ...row,
        price: row.price === null ? null : dec(row.price).toFixed(2),
        sourceUpdatedAt: row.sourceUpdatedAt?.toISOString() ?? null,
      },
    });
  });
  return out;
}

export const check: PayloadCheck = (dir) => [...checkOrders(dir), ...checkProducts(dir)];
