import { type HttpResponse, httpRequest } from '../http.ts';
import type { ConnectorContext } from '../types.ts';
import {
  BulkCancelDataSchema,
  BulkNodeDataSchema,
  BulkNodeWithQueryDataSchema,
  BulkRunDataSchema,
  CurrentBulkDataSchema,
  EnvelopeSchema,
  OrdersDataSchema,
  VariantsDataSchema,
} from './schemas.ts';

/**
 * GraphQL documents the connector sends (Admin API 2026-07). Our orders have at most three line
 * items, so `lineItems(first: 50)` holds them all; a shop with larger orders would page them.
 * `fulfillments` and `refunds` are plain lists (not connections); the earliest fulfillment's
 * `createdAt` is when the order was handed over, the latest refund's dates a cancellation by
 * refund. Variants carry their product's taxonomy category, free-text type and featured image
 * (one object each, a few cost points per variant).
 */

const MONEY = 'shopMoney { amount currencyCode }';

/** An order's fields, the same for a page and a bulk export; its line items are asked for beside them. */
const ORDER_FIELDS = `
  id
  name
  createdAt
  updatedAt
  cancelledAt
  displayFinancialStatus
  displayFulfillmentStatus
  returnStatus
  totalPriceSet { ${MONEY} }
  subtotalPriceSet { ${MONEY} }
  totalTaxSet { ${MONEY} }
  totalShippingPriceSet { ${MONEY} }
  totalDiscountsSet { ${MONEY} }
  totalRefundedSet { ${MONEY} }
  email
  customer { displayName email }
  fulfillments(first: 10) { createdAt displayStatus status }
  refunds(first: 10) { createdAt }
`;

const LINE_ITEM_FIELDS = `
  id
  name
  sku
  quantity
  originalUnitPriceSet { ${MONEY} }
  originalTotalSet { ${MONEY} }
  product { id }
  variant { id }
`;

const ORDERS_QUERY = /* GraphQL */ `
  query Orders($first: Int!, $after: String, $query: String) {
    orders(first: $first, after: $after, query: $query, sortKey: UPDATED_AT) {
      nodes {
        ${ORDER_FIELDS}
        lineItems(first: 50) { nodes { ${LINE_ITEM_FIELDS} } }
      }
      pageInfo { hasNextPage endCursor }
    }
  }
`;

const VARIANTS_QUERY = /* GraphQL */ `
  query Variants($first: Int!, $after: String, $query: String) {
    productVariants(first: $first, after: $after, query: $query) {
      nodes {
        id
        sku
        title
        price
        inventoryQuantity
        inventoryItem { tracked }
        updatedAt
        product {
          id
          title
          status
          updatedAt
          productType
          category { name }
          featuredMedia { preview { image { url } } }
        }
      }
      pageInfo { hasNextPage endCursor }
    }
    shop { currencyCode }
  }
`;

/**
 * A bulk export of the orders a search matches: their line items a nested connection (a line
 * each, after their order, with `__parentId`), the rest of each order inline. Bulk ignores
 * `first` on connections. No `sortKey`: with it, bulk queries over an `updated_at` range have
 * been seen to leave out matching orders.
 */
export function bulkOrdersQuery(search: string | null): string {
  const args = search ? `(query: ${JSON.stringify(search)})` : '';
  return `{ orders${args} { edges { node { ${ORDER_FIELDS} lineItems { edges { node { ${LINE_ITEM_FIELDS} } } } } } } }`;
}

const BLOCK_QUOTE = '"""';

// groupObjects: true puts each order's line items right after it (the default is false since 2026-01)
const BULK_RUN = (inner: string) => /* GraphQL */ `
  mutation {
    bulkOperationRunQuery(query: ${BLOCK_QUOTE}${inner}${BLOCK_QUOTE}, groupObjects: true) {
      bulkOperation { id status }
      userErrors { code field message }
    }
  }
`;

const BULK_OPERATION_FIELDS = 'id status errorCode objectCount rootObjectCount url partialDataUrl';

const BULK_OPERATION = /* GraphQL */ `
  query BulkOperation($id: ID!) {
    node(id: $id) {
      ... on BulkOperation { ${BULK_OPERATION_FIELDS} }
    }
  }
`;

const BULK_OPERATION_WITH_QUERY = /* GraphQL */ `
  query BulkOperationWithQuery($id: ID!) {
    node(id: $id) {
      ... on BulkOperation { ${BULK_OPERATION_FIELDS} query }
    }
  }
`;

// deprecated since 2026-01 (several operations may run at once; it names the latest) but still served
const CURRENT_BULK_OPERATION = /* GraphQL */ `
  query CurrentBulkOperation {
    currentBulkOperation(type: QUERY) { ${BULK_OPERATION_FIELDS} query }
  }
`;

const BULK_CANCEL = /* GraphQL */ `
  mutation BulkOperationCancel($id: ID!) {
    bulkOperationCancel(id: $id) { bulkOperation { id status } userErrors { field message } }
  }
`;

const API_VERSION = '2026-07';

export interface PageVariables {
  first: number;
  after: string | null;
  query: string | null;
}

/**
 * Shopify throttles inside an HTTP 200: `errors[].extensions.code` THROTTLED, with the bucket in
 * `extensions.cost`. Wait until the bucket holds the requested cost again:
 * (requested − available) / restoreRate seconds.
 */
export function throttleDelayMs(res: HttpResponse): number | null {
  const body = EnvelopeSchema.safeParse(res.body);
  if (!body.success || !body.data.errors?.some((e) => e.extensions?.code === 'THROTTLED')) return null;
  const cost = body.data.extensions?.cost;
  if (!cost || cost.throttleStatus.restoreRate <= 0) return 1000;
  const { currentlyAvailable, restoreRate } = cost.throttleStatus;
  return Math.max(0, Math.ceil(((cost.requestedQueryCost - currentlyAvailable) / restoreRate) * 1000));
}

// POST https://{shop}.myshopify.com/admin/api/{version}/graphql.json, header X-Shopify-Access-Token
// https://shopify.dev/docs/apps/build/apis/graphql-admin/rate-limits (cost-based throttling)
async function graphql(
  ctx: ConnectorContext,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<unknown> {
  const res = await httpRequest(
    {
      method: 'POST',
      url: `${ctx.baseUrl}/admin/api/${API_VERSION}/graphql.json`,
      headers: { 'X-Shopify-Access-Token': ctx.accessToken },
      json: { query, variables },
    },
    { ...ctx.http, rateLimitDelayMs: throttleDelayMs },
    ctx.log,
  );
  const body = EnvelopeSchema.parse(res.body);
  if (body.errors?.length)
    throw new Error(
      `Shopify GraphQL: ${body.errors.map((e) => `${e.message}${e.extensions?.code ? ` (${e.extensions.code})` : ''}`).join('; ')}`,
    );
  return body.data;
}

// https://shopify.dev/docs/api/admin-graphql/2026-07/queries/orders
export async function queryOrders(ctx: ConnectorContext, variables: PageVariables) {
  return OrdersDataSchema.parse(await graphql(ctx, ORDERS_QUERY, { ...variables })).orders;
}

// https://shopify.dev/docs/api/admin-graphql/2026-07/queries/productVariants
export async function queryVariants(ctx: ConnectorContext, variables: PageVariables) {
  return VariantsDataSchema.parse(await graphql(ctx, VARIANTS_QUERY, { ...variables }));
}

// https://shopify.dev/docs/api/admin-graphql/2026-07/mutations/bulkOperationRunQuery
export async function runBulkQuery(ctx: ConnectorContext, inner: string) {
  if (inner.includes(BLOCK_QUOTE)) throw new Error('shopify: a bulk query cannot hold a block-string quote');
  return BulkRunDataSchema.parse(await graphql(ctx, BULK_RUN(inner))).bulkOperationRunQuery;
}

// https://shopify.dev/docs/api/admin-graphql/2026-07/objects/BulkOperation (read through `node`)
export async function readBulkOperation(ctx: ConnectorContext, id: string) {
  return BulkNodeDataSchema.parse(await graphql(ctx, BULK_OPERATION, { id })).node;
}

/** The operation with the query it runs (to adopt it); null when there is none of that id for this app and shop. */
export async function readBulkOperationWithQuery(ctx: ConnectorContext, id: string) {
  return BulkNodeWithQueryDataSchema.parse(await graphql(ctx, BULK_OPERATION_WITH_QUERY, { id })).node;
}

// https://shopify.dev/docs/api/admin-graphql/2026-07/queries/currentBulkOperation
/** The latest query operation of this app and shop, with its query. */
export async function readCurrentBulkOperation(ctx: ConnectorContext) {
  return CurrentBulkDataSchema.parse(await graphql(ctx, CURRENT_BULK_OPERATION)).currentBulkOperation;
}

// https://shopify.dev/docs/api/admin-graphql/2026-07/mutations/bulkOperationCancel
export async function cancelBulkOperation(ctx: ConnectorContext, id: string) {
  return BulkCancelDataSchema.parse(await graphql(ctx, BULK_CANCEL, { id })).bulkOperationCancel;
}
