import type { Connector } from '../types.ts';

/** Square connector (not built yet). */
export const squareConnector: Connector = {
  marketplace: 'SQUARE',
  defaultBaseUrl: () => {
    throw new Error('square connector not built yet');
  },
  fetchOrders: async () => {
    throw new Error('square connector not built yet');
  },
  fetchProducts: async () => {
    throw new Error('square connector not built yet');
  },
};
