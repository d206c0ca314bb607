import { z } from 'zod';
import { cursorCodec } from '../cursor.ts';
import type { Connector, ConnectorContext } from '../types.ts';
import { idField, validateEach } from '../validate-records.ts';
import { fetchHistoryPage, isBulkCursor } from './bulk.ts';
import { type PageVariables, queryOrders, queryVariants } from './client.ts';
import { refreshAccessToken } from './oauth.ts';
import { OrderSchema, VariantSchema } from './schemas.ts';
import { toUnifiedOrder, toUnifiedProduct } from './to-unified.ts';

const DEFAULT_PAGE_SIZE = 100;
/** Shopify caps `first` at 250 */
const MAX_PAGE_SIZE = 250;
/**
 * A query may request at most 1000 cost points. At 1 point per object, a variant with its
 * product, inventory item, category and featured image costs 7: 140 variants (982) fit.
 */
const MAX_VARIANTS_PAGE_SIZE = 140;

/** Our cursor: Shopify's endCursor plus the search it belongs to, so every page asks the same. */
const pageCursor = cursorCodec('shopify', 'page', z.object({ query: z.string().nullable(), after: z.string() }));

const pageSize = (n: number | undefined, max = MAX_PAGE_SIZE) => Math.min(max, Math.max(1, n ?? DEFAULT_PAGE_SIZE));

/** Shopify search syntax for an updated_at window: [from, to) */
function updatedSearch(from: Date | null | undefined, to?: Date): string | null {
  const terms = [from && `updated_at:>='${from.toISOString()}'`, to && `updated_at:<'${to.toISOString()}'`].filter(
    Boolean,
  );
  return terms.length ? terms.join(' AND ') : null;
}

function variablesFor(cursor: string | null | undefined, size: number, query: string | null): PageVariables {
  const resumed = cursor ? pageCursor.decode(cursor) : { query, after: null };
  return { first: size, after: resumed.after, query: resumed.query };
}

function nextCursor(pageInfo: { hasNextPage: boolean; endCursor: string | null }, query: string | null): string | null {
  return pageInfo.hasNextPage && pageInfo.endCursor ? pageCursor.encode({ query, after: pageInfo.endCursor }) : null;
}

async function orderPage(ctx: ConnectorContext, cursor: string | null | undefined, size: number, query: string | null) {
  const vars = variablesFor(cursor, size, query);
  const page = await queryOrders(ctx, vars);
  const { valid, skipped } = validateEach(page.nodes, OrderSchema, idField('id'), ctx.log, 'shopify order');
  const unknownStatuses: string[] = [];
  const records = valid.map((o) => toUnifiedOrder(o, unknownStatuses));
  return { records, skipped, unknownStatuses, next: nextCursor(page.pageInfo, vars.query) };
}

/**
 * Shopify through the GraphQL Admin API: orders sorted by updatedAt, products as variants. A
 * first sync's older history comes as one bulk export (bulk.ts), its cursors resuming it; when
 * the export cannot be had, the window is paged and the page cursors carry on.
 */
export const shopifyConnector: Connector = {
  marketplace: 'SHOPIFY',
  defaultBaseUrl: (storeId) => `https://${storeId}`,
  exportsHistory: true,

  async fetchOrders(ctx, req) {
    const search = updatedSearch(req.updatedFrom, req.updatedTo);
    const size = pageSize(req.pageSize);
    if (req.cursor ? isBulkCursor(req.cursor) : req.history)
      return fetchHistoryPage(ctx, { cursor: req.cursor, pageSize: req.pageSize, search }, (query) =>
        orderPage(ctx, null, size, query),
      );
    return orderPage(ctx, req.cursor, size, search);
  },

  async fetchProducts(ctx, req) {
    const vars = variablesFor(
      req.cursor,
      pageSize(req.pageSize, MAX_VARIANTS_PAGE_SIZE),
      updatedSearch(req.updatedFrom),
    );
    const { productVariants: page, shop } = await queryVariants(ctx, vars);
    const { valid, skipped } = validateEach(page.nodes, VariantSchema, idField('id'), ctx.log, 'shopify variant');
    const records = valid.map((v) => toUnifiedProduct(v, shop.currencyCode));
    return { records, skipped, unknownStatuses: [], next: nextCursor(page.pageInfo, vars.query) };
  },

  /** expiring offline tokens only; a legacy non-expiring token has no refresh token and is never refreshed */
  refreshAccessToken,
};
