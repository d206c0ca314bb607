import { createMarketplaceServer, type SandboxState } from '../kit.ts';

/** Imitation of the Ebay API (not built yet). */
export function createEbaySandbox(state: SandboxState) {
  return createMarketplaceServer({
    marketplace: 'ebay',
    state,
    serverError: (res) => res.status(500).json({ error: 'internal error' }),
    routes: () => {},
  });
}
