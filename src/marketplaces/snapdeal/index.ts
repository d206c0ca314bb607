import type { Connector } from '../types.ts';

/** Snapdeal connector (not built yet). */
export const snapdealConnector: Connector = {
  marketplace: 'SNAPDEAL',
  defaultBaseUrl: () => {
    throw new Error('snapdeal connector not built yet');
  },
  fetchOrders: async () => {
    throw new Error('snapdeal connector not built yet');
  },
  fetchProducts: async () => {
    throw new Error('snapdeal connector not built yet');
  },
};
