import type { Connector } from '../types.ts';
import { ETSY_API_ROOT } from './client.ts';
import { fetchOrders } from './fetch-orders.ts';
import { fetchProducts } from './fetch-products.ts';
import { refreshAccessToken } from './oauth.ts';

/** Etsy Open API v3: receipts (with transactions) as orders, listing inventory products as products. */
export const etsyConnector: Connector = {
  marketplace: 'ETSY',
  defaultBaseUrl: () => ETSY_API_ROOT,
  fetchOrders,
  fetchProducts,
  refreshAccessToken,
};
