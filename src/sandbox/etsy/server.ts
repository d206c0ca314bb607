import { createMarketplaceServer, type SandboxState } from '../kit.ts';

/** Imitation of the Etsy API (not built yet). */
export function createEtsySandbox(state: SandboxState) {
  return createMarketplaceServer({
    marketplace: 'etsy',
    state,
    serverError: (res) => res.status(500).json({ error: 'internal error' }),
    routes: () => {},
  });
}
