import { createMarketplaceServer, type SandboxState } from '../kit.ts';

/** Imitation of the Square API (not built yet). */
export function createSquareSandbox(state: SandboxState) {
  return createMarketplaceServer({
    marketplace: 'square',
    state,
    serverError: (res) => res.status(500).json({ error: 'internal error' }),
    routes: () => {},
  });
}
