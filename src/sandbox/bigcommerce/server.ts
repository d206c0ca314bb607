import { createMarketplaceServer, type SandboxState } from '../kit.ts';

/** Imitation of the BigCommerce API (not built yet). */
export function createBigCommerceSandbox(state: SandboxState) {
  return createMarketplaceServer({
    marketplace: 'bigcommerce',
    state,
    serverError: (res) => res.status(500).json({ error: 'internal error' }),
    routes: () => {},
  });
}
