import type { Connector } from '../types.ts';

/** Flipkart connector (not built yet). */
export const flipkartConnector: Connector = {
  marketplace: 'FLIPKART',
  defaultBaseUrl: () => {
    throw new Error('flipkart connector not built yet');
  },
  fetchOrders: async () => {
    throw new Error('flipkart connector not built yet');
  },
  fetchProducts: async () => {
    throw new Error('flipkart connector not built yet');
  },
};
