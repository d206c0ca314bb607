import { createMarketplaceServer, type SandboxState } from '../kit.ts';

/** Imitation of the Flipkart API (not built yet). */
export function createFlipkartSandbox(state: SandboxState) {
  return createMarketplaceServer({
    marketplace: 'flipkart',
    state,
    serverError: (res) => res.status(500).json({ error: 'internal error' }),
    routes: () => {},
  });
}
