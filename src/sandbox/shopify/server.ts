import { createMarketplaceServer, type SandboxState } from '../kit.ts';

/** Imitation of the Shopify API (not built yet). */
export function createShopifySandbox(state: SandboxState) {
  return createMarketplaceServer({
    marketplace: 'shopify',
    state,
    serverError: (res) => res.status(500).json({ error: 'internal error' }),
    routes: () => {},
  });
}
