import { z } from 'zod';
import { cursorCodec } from '../cursor.ts';
import type {
  Connector,
  ConnectorContext,
  OrdersPage,
  OrdersRequest,
  Page,
  ProductsRequest,
  UnifiedOrderRow,
  UnifiedProductRow,
} from '../types.ts';
import { describeIssues, idField, parseEnvelope, skipRecord, validateEach } from '../validate-records.ts';
import { getStore, listCategories, listOrderProducts, listOrders, listProducts, MAX_LIMIT } from './client.ts';
import {
  type BigCommerceOrderProduct,
  categoryPageSchema,
  categorySchema,
  orderProductsSchema,
  orderSchema,
  productPageSchema,
  productSchema,
  storeSchema,
} from './schemas.ts';
import { toUnifiedOrder, toUnifiedProducts } from './to-unified.ts';

/** v2 and v3 both page by number; the products cursor also carries the store currency read on the first page (v3 prices carry none). */
const orderCursor = cursorCodec('bigcommerce', 'orders', z.object({ page: z.number().int().min(1) }));
const productCursor = cursorCodec(
  'bigcommerce',
  'products',
  z.object({ page: z.number().int().min(1), currency: z.string().length(3) }),
);

const DEFAULT_LIMIT = 50;
/** order line-item calls in flight at once (each is one request against the shared quota) */
const LINE_ITEM_CONCURRENCY = 4;

const pageSize = (requested: number | undefined) => Math.min(Math.max(1, requested ?? DEFAULT_LIMIT), MAX_LIMIT);
const secondCeil = (at: Date) => new Date(Math.ceil(at.getTime() / 1000) * 1000);

/** Line items live behind a second call per order (`products` is only a resource link). */
async function fetchLineItems(ctx: ConnectorContext, orderId: number): Promise<BigCommerceOrderProduct[] | z.ZodError> {
  const items: BigCommerceOrderProduct[] = [];
  for (let page = 1; ; page++) {
    const batch = orderProductsSchema.safeParse(await listOrderProducts(ctx, orderId, page));
    if (!batch.success) return batch.error;
    items.push(...batch.data);
    if (batch.data.length < MAX_LIMIT) return items;
  }
}

async function mapConcurrent<T, R>(values: readonly T[], limit: number, fn: (value: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(values.length);
  let next = 0;
  const worker = async () => {
    while (next < values.length) {
      const i = next++;
      out[i] = await fn(values[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, values.length) }, worker));
  return out;
}

async function fetchOrders(ctx: ConnectorContext, req: OrdersRequest): Promise<OrdersPage> {
  const { page } = req.cursor ? orderCursor.decode(req.cursor) : { page: 1 };
  const limit = pageSize(req.pageSize);
  // v2 filters are inclusive at second precision: [from, to) becomes [⌈from⌉, ⌈to⌉ − 1 s]
  const raw = z.array(z.unknown()).parse(
    await listOrders(ctx, {
      modifiedMin: secondCeil(req.updatedFrom),
      modifiedMax: req.updatedTo && new Date(secondCeil(req.updatedTo).getTime() - 1000),
      page,
      limit,
    }),
  );
  const { valid: orders, skipped } = validateEach(raw, orderSchema, idField('id'), ctx.log, 'bigcommerce order');
  const lineItems = await mapConcurrent(orders, LINE_ITEM_CONCURRENCY, (o) => fetchLineItems(ctx, o.id));
  const unknownStatuses: string[] = [];
  const records: UnifiedOrderRow[] = [];
  orders.forEach((order, i) => {
    const items = lineItems[i]!;
    if (items instanceof z.ZodError)
      skipped.push(skipRecord(ctx.log, 'bigcommerce order', String(order.id), `line items: ${describeIssues(items)}`));
    else records.push(toUnifiedOrder(order, items, unknownStatuses));
  });
  // no total in v2 lists: a short page (or a 204) is the last one
  const next = raw.length < limit ? null : orderCursor.encode({ page: page + 1 });
  return { records, skipped, unknownStatuses, next };
}

/**
 * Products carry only category ids: their names come from one category call per products page
 * (the distinct ids of the page, up to 250 per call), so a sync costs at most one more request
 * per page and never loads the whole category tree.
 */
async function fetchCategoryNames(ctx: ConnectorContext, ids: readonly number[]): Promise<Map<number, string>> {
  const names = new Map<number, string>();
  for (let start = 0; start < ids.length; start += MAX_LIMIT) {
    const chunk = ids.slice(start, start + MAX_LIMIT);
    for (let page = 1; ; page++) {
      const body = parseEnvelope(categoryPageSchema, await listCategories(ctx, chunk, page), 'bigcommerce categories');
      // a category that cannot be read leaves its products' category null
      for (const raw of body.data) {
        const c = categorySchema.safeParse(raw);
        if (c.success) names.set(c.data.category_id, c.data.name);
      }
      if (body.meta.pagination.current_page >= body.meta.pagination.total_pages) break;
    }
  }
  return names;
}

async function fetchProducts(ctx: ConnectorContext, req: ProductsRequest): Promise<Page<UnifiedProductRow>> {
  const { page, currency } = req.cursor
    ? productCursor.decode(req.cursor)
    : { page: 1, currency: storeSchema.parse(await getStore(ctx)).currency };
  const body = productPageSchema.parse(
    await listProducts(ctx, { modifiedMin: req.updatedFrom ?? undefined, page, limit: pageSize(req.pageSize) }),
  );
  const { valid, skipped } = validateEach(body.data, productSchema, idField('id'), ctx.log, 'bigcommerce product');
  const categoryIds = [...new Set(valid.flatMap((p) => p.categories))].sort((a, b) => a - b);
  const categoryNames = categoryIds.length ? await fetchCategoryNames(ctx, categoryIds) : new Map<number, string>();
  const records = valid.flatMap((product) => toUnifiedProducts(product, currency, categoryNames));
  const { current_page, total_pages } = body.meta.pagination;
  const next = current_page < total_pages ? productCursor.encode({ page: page + 1, currency }) : null;
  return { records, skipped, unknownStatuses: [], next };
}

export const bigcommerceConnector: Connector = {
  marketplace: 'BIGCOMMERCE',
  wholeCatalogue: true,
  // a store's quota, shared by all its apps: 150 requests per 30 s on Standard and Plus
  rateLimit: { scope: 'store', burst: 150, perSecond: 5 },
  defaultBaseUrl: () => 'https://api.bigcommerce.com',
  fetchOrders,
  fetchProducts,
};
