import { createMarketplaceServer, type SandboxState } from '../kit.ts';

/** Imitation of the Snapdeal API (not built yet). */
export function createSnapdealSandbox(state: SandboxState) {
  return createMarketplaceServer({
    marketplace: 'snapdeal',
    state,
    serverError: (res) => res.status(500).json({ error: 'internal error' }),
    routes: () => {},
  });
}
