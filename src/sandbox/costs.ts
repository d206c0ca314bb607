import type { Faults } from './kit.ts';
import type { SandboxMarketplace } from './types.ts';

/**
 * What each real API lets an app do, as REFERENCE.md gives it: the sandboxes hold a benchmark to
 * these (tests run without them). eBay's quotas are per API per day and their figures for the
 * APIs we call are not published; Square, Flipkart and Snapdeal publish none: those answer 429
 * only when told to (faults).
 */
export const DOCUMENTED_LIMITS: Record<SandboxMarketplace, Faults['rateLimit']> = {
  /** GraphQL cost points per store, Standard plan: a bucket of 2,000, 100 restored a second */
  shopify: { burst: 2000, perSecond: 100 },
  /** per store, shared by its apps: 150 requests per 30 s (Standard and Plus) */
  bigcommerce: { burst: 150, perSecond: 5 },
  /** per app across all its sellers: 10 a second (the sandbox keys Etsy's bucket by the app) */
  etsy: { burst: 10, perSecond: 10 },
  ebay: null,
  square: null,
  flipkart: null,
  snapdeal: null,
};

export interface SandboxCosts {
  /** added to every API request, as the network and the marketplace's own time would */
  latencyMs: number;
  /** hold each marketplace to its documented rate limit */
  documentedLimits: boolean;
}

/** The faults that make a sandbox cost what its API costs. */
export function costFaults(m: SandboxMarketplace, costs: SandboxCosts): Partial<Faults> {
  return { slowMs: costs.latencyMs, ...(costs.documentedLimits && { rateLimit: DOCUMENTED_LIMITS[m] }) };
}
