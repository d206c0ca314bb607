import type { Logger } from 'pino';
import type { MarketplaceType, OrderStatus, ProductStatus } from '../generated/prisma/enums.ts';
import type { HttpPolicy } from './http.ts';

/** Money in unified rows: decimal strings (never JS floats), in the order's own currency. */
export type DecimalString = string;

/**
 * The rows a connector hands the sync: the product spec's unified model (its field names), plus
 * what we keep beyond it. Each marketplace's to-unified.ts is the only place that makes them.
 */

/** An order line. Its currency is the order's (the writer copies it). */
export interface UnifiedOrderItemRow {
  externalItemId: string;
  externalProductId: string | null;
  externalVariantId: string | null;
  sku: string | null;
  title: string;
  quantity: number;
  unitPrice: DecimalString;
  totalPrice: DecimalString;
}

export interface UnifiedOrderRow {
  externalOrderId: string;
  orderNumber: string | null;
  /** when the order was placed */
  orderedAt: Date;
  /** when the marketplace says it was shipped (handed over; delivered where it gives no ship time); null when it does not say */
  fulfilledAt: Date | null;
  /** one of the spec's six, by the marketplace's status table in its to-unified.ts */
  status: OrderStatus;
  /** the marketplace's own words, several fields joined with "/", the status table's field first */
  marketplaceStatus: string;
  totalAmount: DecimalString;
  currency: string;
  subtotalAmount: DecimalString | null;
  taxAmount: DecimalString | null;
  shippingAmount: DecimalString | null;
  discountAmount: DecimalString | null;
  refundedAmount: DecimalString | null;
  customerName: string | null;
  customerEmail: string | null;
  /** the marketplace's last-modified time of the order */
  sourceUpdatedAt: Date;
  cancelledAt: Date | null;
  /** the item count stored with the order is the sum of these lines' quantities */
  items: UnifiedOrderItemRow[];
}

/**
 * A return the marketplace records as a document of its own, naming the sale it returns (Square:
 * a return order's `returns[].source_order_id`). The sync makes that sale RETURNED with at least
 * the sum of its returns as its refunded amount, whichever of the two arrives first.
 */
export interface UnifiedReturnRow {
  /** the return document's id */
  externalReturnId: string;
  /** the sale's externalOrderId */
  saleExternalOrderId: string;
  refundedAmount: DecimalString;
  currency: string;
  returnedAt: Date;
  sourceUpdatedAt: Date;
}

/** One row per sellable SKU/variant. */
export interface UnifiedProductRow {
  /** the variant's id, or the listing's when it has no variants; unique within the store */
  externalId: string;
  /** the listing/product the variant belongs to */
  parentListingId: string | null;
  sku: string | null;
  title: string;
  variantTitle: string | null;
  category: string | null;
  imageUrl: string | null;
  price: DecimalString | null;
  currency: string | null;
  /** units in stock; null when the marketplace does not track this item's stock (never 0 for "unknown") */
  inventory: number | null;
  /** ACTIVE, INACTIVE (not for sale: archived, draft, ended, hidden) or OUT_OF_STOCK (for sale, none left) */
  status: ProductStatus;
  /** the marketplace's own status words */
  marketplaceStatus: string | null;
  sourceUpdatedAt: Date | null;
}

export interface SkippedRecord {
  /** the record's id when it could be read */
  id: string | null;
  reason: string;
}

export interface Page<T> {
  records: T[];
  /** malformed records: logged with id and reason, left out, the rest of the page kept */
  skipped: SkippedRecord[];
  /** raw statuses the status table does not know (mapped to the documented fallback) */
  unknownStatuses: string[];
  /** opaque cursor of the next page; null when this was the last */
  next: string | null;
}

/** A page of orders; where the marketplace records returns as documents of their own, they come beside the orders. */
export interface OrdersPage extends Page<UnifiedOrderRow> {
  returns?: UnifiedReturnRow[];
}

export interface ConnectorContext {
  /** API base URL: the real API's, or a sandbox's */
  baseUrl: string;
  /** shop domain, store hash, location id, seller id… */
  storeId: string;
  accessToken: string;
  /** app credentials from config (e.g. ETSY_API_KEY, SNAPDEAL_AUTH_TOKEN) */
  credentials: Record<string, string>;
  log: Logger;
  http?: Partial<HttpPolicy>;
  /** the clock token expiries are computed from (default: the system's) */
  now?: () => Date;
  /**
   * called now and then while a connector waits on the marketplace for long (a bulk export being
   * prepared): keeps the sync's lease and job alive; throws when the lease was lost
   */
  keepAlive?: () => Promise<void>;
}

/** What a token refresh returns. */
export interface RefreshedToken {
  accessToken: string;
  expiresAt: Date | null;
  /** null: keep the old one (the marketplace does not rotate refresh tokens) */
  refreshToken: string | null;
  refreshTokenExpiresAt: Date | null;
}

export interface OrdersRequest {
  /** orders changed at or after this instant */
  updatedFrom: Date;
  /** and before this one (default: now) */
  updatedTo?: Date;
  /** the `next` of the previous page; null/undefined for the first */
  cursor?: string | null;
  pageSize?: number;
  /**
   * the window is a first sync's history older than its recent days, asked for whole: a
   * connector that `exportsHistory` reads it as one export, its `next` cursors resuming the export
   */
  history?: boolean;
}

export interface ProductsRequest {
  updatedFrom?: Date | null;
  cursor?: string | null;
  pageSize?: number;
}

/** A documented request limit: a token bucket of `burst` requests refilled at `perSecond`. */
export interface RateLimit {
  /** app: every seller's calls count against the app's; store: each store has its own */
  scope: 'app' | 'store';
  burst: number;
  perSecond: number;
}

/**
 * A marketplace connector: reads one page at a time so the sync engine can checkpoint
 * after every page. Pages come back already mapped to unified rows (to-unified.ts).
 */
export interface Connector {
  marketplace: MarketplaceType;
  /** the real API's base URL for a store */
  defaultBaseUrl(storeId: string): string;
  /** its catalogue cannot be asked for changes since a time: every products read is a whole one */
  wholeCatalogue?: boolean;
  /** the marketplace's documented request limit, kept by every worker together (src/sync/rate-gate.ts) */
  rateLimit?: RateLimit;
  /** reads a first sync's older order history as one export (Shopify's bulk operations), not page by page */
  exportsHistory?: boolean;
  fetchOrders(ctx: ConnectorContext, req: OrdersRequest): Promise<OrdersPage>;
  fetchProducts(ctx: ConnectorContext, req: ProductsRequest): Promise<Page<UnifiedProductRow>>;
  /** trades a refresh token for a new access token; throws AuthError when the grant is refused */
  refreshAccessToken?(ctx: ConnectorContext, refreshToken: string): Promise<RefreshedToken>;
}
