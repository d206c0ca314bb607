import type { Connector } from '../types.ts';

/** Shopify connector (not built yet). */
export const shopifyConnector: Connector = {
  marketplace: 'SHOPIFY',
  defaultBaseUrl: () => {
    throw new Error('shopify connector not built yet');
  },
  fetchOrders: async () => {
    throw new Error('shopify connector not built yet');
  },
  fetchProducts: async () => {
    throw new Error('shopify connector not built yet');
  },
};
