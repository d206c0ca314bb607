import type { Connector } from '../types.ts';

/** Etsy connector (not built yet). */
export const etsyConnector: Connector = {
  marketplace: 'ETSY',
  defaultBaseUrl: () => {
    throw new Error('etsy connector not built yet');
  },
  fetchOrders: async () => {
    throw new Error('etsy connector not built yet');
  },
  fetchProducts: async () => {
    throw new Error('etsy connector not built yet');
  },
};
