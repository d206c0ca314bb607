/**
 * The sandbox's own model of a store's data, before any marketplace renders it. Money is in
 * integer minor units of the store's currency (cents, paise); INR stores use whole rupees
 * (minor amounts that are multiples of 100) because Flipkart and Snapdeal speak in rupees.
 * The sandbox never imports connector code: it is an independent imitation.
 */

export type SandboxMarketplace = 'shopify' | 'ebay' | 'etsy' | 'flipkart' | 'bigcommerce' | 'square' | 'snapdeal';

/** Lifecycle states; each marketplace's server renders them as its own raw statuses. */
export type LifecycleStatus =
  | 'PENDING'
  | 'PROCESSING'
  | 'SHIPPED'
  | 'DELIVERED'
  | 'CANCELLED'
  | 'RETURNED'
  | 'REFUNDED';

export interface StoreSpec {
  /** stable key, e.g. "shopify-us" */
  key: string;
  marketplace: SandboxMarketplace;
  /** the marketplace's store identifier: shop domain, seller id, store hash, location id… */
  storeId: string;
  name: string;
  currency: string;
  /** minor-unit exponent of the currency (2 for USD/EUR/GBP/INR, 0 for JPY) */
  exponent: number;
  timeZone: string;
  /** share of all generated orders */
  weight: number;
  /** access token the sandbox accepts for this store until expired through /_sandbox */
  token: string;
}

export interface CatalogItem {
  sku: string;
  /** the listing/product id this variant belongs to (marketplace-shaped) */
  productId: string;
  /** the variant id (equals productId for single-variant listings) */
  variantId: string;
  title: string;
  variantTitle: string | null;
  /** unit price, minor units */
  price: number;
  /** units in stock; below 0 when oversold (an API that cannot say so shows 0); meaningless when not tracked */
  inventory: number;
  /** whether the store tracks this item's stock (BigCommerce `inventory_tracking: "none"`, Shopify `tracked: false`) */
  tracked: boolean;
  /** the store's category for the product, e.g. "Kitchen & Dining" */
  category: string;
  /** a file name for the product's picture; each API renders its own CDN URL around it */
  image: string;
  status: 'active' | 'archived' | 'draft';
  createdAt: Date;
  updatedAt: Date;
}

export interface OrderLine {
  /** line id, unique within the store */
  lineId: string;
  sku: string;
  productId: string;
  variantId: string;
  title: string;
  quantity: number;
  /** unit price, minor units */
  unitPrice: number;
  /** unitPrice × quantity, minor units */
  lineTotal: number;
  /** shipping charged on this line (Flipkart and Snapdeal price shipping per item), minor units */
  shipping: number;
}

export interface StatusChange {
  status: LifecycleStatus;
  at: Date;
}

export interface SandboxOrder {
  store: StoreSpec;
  /** position in creation order within the store, 0-based */
  index: number;
  /** the marketplace-shaped order id */
  id: string;
  /** human order number / name */
  number: string;
  createdAt: Date;
  /** time of the last change at or before `now` */
  updatedAt: Date;
  status: LifecycleStatus;
  /** every change up to `now`, oldest first (the first is PENDING at createdAt) */
  history: StatusChange[];
  currency: string;
  lines: OrderLine[];
  /** Σ lineTotal */
  subtotal: number;
  /** Σ line shipping */
  shipping: number;
  /** 0 for INR stores (their APIs carry tax inside the price) */
  tax: number;
  discount: number;
  /** subtotal + shipping + tax − discount, minor units */
  total: number;
  /** refunded so far (RETURNED and REFUNDED orders), minor units */
  refunded: number;
  cancelledAt: Date | null;
  customer: { name: string; email: string };
  /** marked by fault injection: the server should render this record broken */
  malformed: boolean;
}

export interface TruthRow {
  store: string;
  marketplace: SandboxMarketplace;
  storeId: string;
  orders: number;
  products: number;
  /** currency → decimal string total of every order existing at `asOf` (cancelled included) */
  totals: Record<string, string>;
  byStatus: Record<LifecycleStatus, number>;
}
