import type { Server } from 'node:http';
import type { Express } from 'express';
import { createBigCommerceSandbox } from './bigcommerce/server.ts';
import { costFaults, type SandboxCosts } from './costs.ts';
import { createEbaySandbox } from './ebay/server.ts';
import { createEtsySandbox } from './etsy/server.ts';
import { createFlipkartSandbox } from './flipkart/server.ts';
import { type GeneratorOptions, SandboxData } from './generator/index.ts';
import { SandboxState } from './kit.ts';
import { createShopifySandbox } from './shopify/server.ts';
import { createSnapdealSandbox } from './snapdeal/server.ts';
import { createSquareSandbox } from './square/server.ts';
import type { SandboxMarketplace } from './types.ts';

export const SANDBOX_SERVERS: Record<SandboxMarketplace, (state: SandboxState) => Express> = {
  shopify: createShopifySandbox,
  ebay: createEbaySandbox,
  etsy: createEtsySandbox,
  flipkart: createFlipkartSandbox,
  bigcommerce: createBigCommerceSandbox,
  square: createSquareSandbox,
  snapdeal: createSnapdealSandbox,
};

export const SANDBOX_MARKETPLACES = Object.keys(SANDBOX_SERVERS) as SandboxMarketplace[];

export interface RunningSandboxes {
  state: SandboxState;
  data: SandboxData;
  urls: Record<SandboxMarketplace, string>;
  stop(): Promise<void>;
}

function listen(app: Express, port: number, host: string): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port, host, (err?: Error) => (err ? reject(err) : resolve(server)));
  });
}

/**
 * Starts the seven imitations on one shared data set and clock: `port`, `port+1`, … or free
 * ports; with `costs`, each answers as slowly and as sparingly as its real API (benchmarks).
 */
export async function startSandboxes(
  opts: GeneratorOptions & { port?: number; host?: string; only?: SandboxMarketplace[]; costs?: SandboxCosts },
): Promise<RunningSandboxes> {
  const data = new SandboxData(opts);
  const state = new SandboxState(data);
  if (opts.costs) for (const m of SANDBOX_MARKETPLACES) Object.assign(state.faultsOf(m), costFaults(m, opts.costs));
  const host = opts.host ?? '127.0.0.1';
  const servers: Server[] = [];
  const urls = {} as Record<SandboxMarketplace, string>;
  for (const [i, m] of SANDBOX_MARKETPLACES.entries()) {
    if (opts.only && !opts.only.includes(m)) continue;
    const server = await listen(SANDBOX_SERVERS[m](state), opts.port ? opts.port + i : 0, host);
    servers.push(server);
    const address = server.address();
    urls[m] = `http://${host}:${typeof address === 'object' && address ? address.port : 0}`;
  }
  return {
    state,
    data,
    urls,
    stop: async () => {
      await Promise.all(
        servers.map(
          (s) =>
            new Promise<void>((resolve) => {
              s.close(() => resolve());
              s.closeAllConnections();
            }),
        ),
      );
    },
  };
}
