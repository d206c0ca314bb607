import { z } from 'zod';
import { cursorCodec } from '../cursor.ts';
import type { Connector, OrdersRequest } from '../types.ts';
import { idField, validateEach } from '../validate-records.ts';
import { fetchPackagePage, fetchProductPage, ORDER_LISTINGS } from './client.ts';
import { parseSnapdealDate, sellerPackageSchema, supcDetailSchema } from './schemas.ts';
import { toUnifiedOrder, toUnifiedProduct } from './to-unified.ts';

const DEFAULT_PAGE_SIZE = 50;
const MAX_PRODUCT_PAGE_SIZE = 100;

/** The walk goes through ORDER_LISTINGS in turn, each paged by number. */
// cursors stored before the shared codec ("<listing>:<page>", "<page>") are still read
const ordersCursor = cursorCodec(
  'snapdeal',
  'orders',
  z.object({
    listing: z
      .number()
      .int()
      .min(0)
      .max(ORDER_LISTINGS.length - 1),
    page: z.number().int().min(1),
  }),
  (cursor) => {
    const legacy = /^(\d+):(\d+)$/.exec(cursor);
    return legacy ? { listing: Number(legacy[1]), page: Number(legacy[2]) } : null;
  },
);
const productsCursor = cursorCodec('snapdeal', 'products', z.object({ page: z.number().int().min(1) }), (cursor) =>
  /^\d+$/.test(cursor) ? { page: Number(cursor) } : null,
);

/**
 * orders/new has no date filter: the connector reads the whole open queue and keeps the
 * packages whose last `updated` (the package's or a sub-order's) falls in [updatedFrom,
 * updatedTo). A record with no readable `updated` is kept for validation and mapping.
 */
function inWindow(record: unknown, req: OrdersRequest): boolean {
  const pkg = (record && typeof record === 'object' ? record : {}) as { updated?: unknown; items?: unknown };
  const items = Array.isArray(pkg.items) ? (pkg.items as { updated?: unknown }[]) : [];
  const times = [pkg.updated, ...items.map((i) => i?.updated)].flatMap((v) => parseSnapdealDate(v)?.getTime() ?? []);
  if (times.length === 0) return true;
  const updated = new Date(Math.max(...times));
  return updated >= req.updatedFrom && (!req.updatedTo || updated < req.updatedTo);
}

export const snapdealConnector: Connector = {
  marketplace: 'SNAPDEAL',
  wholeCatalogue: true,

  // staging is documented (staging-apigateway.snapdeal.com); the production host is inferred from it
  defaultBaseUrl: () => 'https://apigateway.snapdeal.com',

  async fetchOrders(ctx, req) {
    const { listing: index, page } = req.cursor ? ordersCursor.decode(req.cursor) : { listing: 0, page: 1 };
    const listing = ORDER_LISTINGS[index]!;
    const pageSize = Math.min(req.pageSize ?? DEFAULT_PAGE_SIZE, listing.maxPageSize);
    const raw = await fetchPackagePage(ctx, listing, {
      pageNumber: page,
      pageSize,
      updatedFrom: req.updatedFrom,
      updatedTo: req.updatedTo,
    });
    const wanted = listing.dateFilter ? raw : raw.filter((r) => inWindow(r, req));
    const { valid, skipped } = validateEach(
      wanted,
      sellerPackageSchema,
      idField('packageReferenceCode'),
      ctx.log,
      'snapdeal package',
    );
    const unknownStatuses: string[] = [];
    const records = valid.map((p) => toUnifiedOrder(p, unknownStatuses));
    let next: string | null = ordersCursor.encode({ listing: index, page: page + 1 });
    if (raw.length < pageSize)
      next = ORDER_LISTINGS[index + 1] ? ordersCursor.encode({ listing: index + 1, page: 1 }) : null;
    return { records, skipped, unknownStatuses, next };
  },

  // the product search has no date filter and no dates: every sync reads the whole catalogue
  async fetchProducts(ctx, req) {
    const { page } = req.cursor ? productsCursor.decode(req.cursor) : { page: 1 };
    const pageSize = Math.min(req.pageSize ?? DEFAULT_PAGE_SIZE, MAX_PRODUCT_PAGE_SIZE);
    const raw = await fetchProductPage(ctx, page, pageSize);
    const { valid, skipped } = validateEach(raw, supcDetailSchema, idField('supc'), ctx.log, 'snapdeal product');
    return {
      records: valid.map(toUnifiedProduct),
      skipped,
      unknownStatuses: [],
      next: raw.length < pageSize ? null : productsCursor.encode({ page: page + 1 }),
    };
  },
};
