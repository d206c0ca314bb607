import { type HttpResponse, httpRequest } from '../http.ts';
import type { ConnectorContext } from '../types.ts';
import { EnvelopeSchema, OrdersDataSchema, VariantsDataSchema } from './schemas.ts';

/**
 * GraphQL documents the connector sends (Admin API 2026-07). Our orders have at most three line
 * items, so `lineItems(first: 50)` holds them all; a shop with larger orders would page them.
 * `fulfillments` and `refunds` are plain lists (not connections); the earliest fulfillment's
 * `createdAt` is when the order was handed over, the latest refund's dates a cancellation by
 * refund. Variants carry their product's taxonomy category, free-text type and featured image
 * (one object each, a few cost points per variant).
 */

const MONEY = 'shopMoney { amount currencyCode }';

const ORDERS_QUERY = /* GraphQL */ `
  query Orders($first: Int!, $after: String, $query: String) {
    orders(first: $first, after: $after, query: $query, sortKey: UPDATED_AT) {
      nodes {
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
        lineItems(first: 50) {
          nodes {
            id
            name
            sku
            quantity
            originalUnitPriceSet { ${MONEY} }
            originalTotalSet { ${MONEY} }
            product { id }
            variant { id }
          }
        }
        fulfillments(first: 10) { createdAt displayStatus status }
        refunds(first: 10) { createdAt }
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
async function graphql(ctx: ConnectorContext, query: string, variables: PageVariables): Promise<unknown> {
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
  return OrdersDataSchema.parse(await graphql(ctx, ORDERS_QUERY, variables)).orders;
}

// https://shopify.dev/docs/api/admin-graphql/2026-07/queries/productVariants
export async function queryVariants(ctx: ConnectorContext, variables: PageVariables) {
  return VariantsDataSchema.parse(await graphql(ctx, VARIANTS_QUERY, variables));
}
