import type { Connector } from '../types.ts';

/** BigCommerce connector (not built yet). */
export const bigcommerceConnector: Connector = {
  marketplace: 'BIGCOMMERCE',
  defaultBaseUrl: () => {
    throw new Error('bigcommerce connector not built yet');
  },
  fetchOrders: async () => {
    throw new Error('bigcommerce connector not built yet');
  },
  fetchProducts: async () => {
    throw new Error('bigcommerce connector not built yet');
  },
};
