import type { Connector } from '../types.ts';

/** Ebay connector (not built yet). */
export const ebayConnector: Connector = {
  marketplace: 'EBAY',
  defaultBaseUrl: () => {
    throw new Error('ebay connector not built yet');
  },
  fetchOrders: async () => {
    throw new Error('ebay connector not built yet');
  },
  fetchProducts: async () => {
    throw new Error('ebay connector not built yet');
  },
};
