import { type HttpResponse, httpRequest } from '../http.ts';
import type { ConnectorContext } from '../types.ts';
import { ORDERS_QUERY, VARIANTS_QUERY } from './queries.ts';
import { EnvelopeSchema, OrdersDataSchema, VariantsDataSchema } from './schemas.ts';

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
