import type { Server } from 'node:http';
import type { Config, MarketplaceKey } from '../config.ts';
import { MARKETPLACES } from '../marketplaces/registry.ts';
import { createFxSandbox } from '../sandbox/fx/server.ts';
import { SANDBOX_APP_CREDENTIALS } from '../sandbox/generator/index.ts';
import { type RunningSandboxes, startSandboxes } from '../sandbox/index.ts';
import type { SandboxMarketplace } from '../sandbox/types.ts';

export interface DemoSandboxes extends RunningSandboxes {
  fxUrl: string;
  /** the configuration with the sandboxes' app credentials and rate provider filled in */
  config: Config;
}

/**
 * The seven marketplace imitations and the rate provider for the demo, and a configuration
 * that points at them wherever the operator configured nothing else.
 */
export async function startDemoSandboxes(
  config: Config,
  opts: { orders: number; seed: number },
): Promise<DemoSandboxes> {
  const running = await startSandboxes({ orders: opts.orders, seed: opts.seed });
  const fx: Server = await new Promise((resolve) => {
    const s = createFxSandbox(opts.seed).listen(0, '127.0.0.1', () => resolve(s));
  });
  const address = fx.address();
  const fxUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const marketplaces = { ...config.marketplaces };
  for (const key of Object.keys(marketplaces) as MarketplaceKey[]) {
    const app = marketplaces[key];
    if (app.enabled) continue;
    const credentials = Object.fromEntries(
      Object.entries(SANDBOX_APP_CREDENTIALS).filter(([name]) => name.startsWith(`${key}_`)),
    );
    // the sandbox app's API, login and consent pages are all the sandbox server
    const sandboxUrl = running.urls[key.toLowerCase() as SandboxMarketplace];
    const baseUrls = {
      ...Object.fromEntries(MARKETPLACES[key].env.baseUrls.map((variable) => [variable, sandboxUrl])),
      ...app.baseUrls,
    };
    marketplaces[key] = { ...app, enabled: true, credentials, baseUrls, reason: 'sandbox app credentials (demo)' };
  }
  return {
    ...running,
    fxUrl,
    config: { ...config, marketplaces, FX_API_BASE_URL: process.env.FX_API_BASE_URL ? config.FX_API_BASE_URL : fxUrl },
    stop: async () => {
      await running.stop();
      await new Promise<void>((resolve) => {
        fx.close(() => resolve());
        fx.closeAllConnections();
      });
    },
  };
}
