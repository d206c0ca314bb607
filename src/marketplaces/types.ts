import type { Logger } from 'pino';
import type { MarketplaceType, OrderStatus } from '../generated/prisma/enums.ts';
import type { HttpPolicy } from './http.ts';

/** Money in unified rows: decimal strings (never JS floats), in the order's own currency. */
export type DecimalString = string;

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
  orderDate: Date;
  status: OrderStatus;
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
  sourceUpdatedAt: Date;
  cancelledAt: Date | null;
  items: UnifiedOrderItemRow[];
}

/** One row per sellable SKU/variant. */
export interface UnifiedProductRow {
  externalProductId: string;
  parentListingId: string | null;
  sku: string | null;
  title: string;
  variantTitle: string | null;
  price: DecimalString | null;
  currency: string | null;
  inventoryQuantity: number | null;
  status: string | null;
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
}

export interface ProductsRequest {
  updatedFrom?: Date | null;
  cursor?: string | null;
  pageSize?: number;
}

/**
 * A marketplace connector: reads one page at a time so the sync engine can checkpoint
 * after every page. Pages come back already mapped to unified rows (to-unified.ts).
 */
export interface Connector {
  marketplace: MarketplaceType;
  /** the real API's base URL for a store */
  defaultBaseUrl(storeId: string): string;
  fetchOrders(ctx: ConnectorContext, req: OrdersRequest): Promise<Page<UnifiedOrderRow>>;
  fetchProducts(ctx: ConnectorContext, req: ProductsRequest): Promise<Page<UnifiedProductRow>>;
  /** trades a refresh token for a new access token; throws AuthError when the grant is refused */
  refreshAccessToken?(ctx: ConnectorContext, refreshToken: string): Promise<RefreshedToken>;
}
