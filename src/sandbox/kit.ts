import { randomBytes } from 'node:crypto';
import express, { type Express, type Request, type Response, type Router } from 'express';
import type { SandboxData, StoreData } from './generator/index.ts';
import { type ConsentDecision, SandboxOAuth } from './oauth.ts';
import type { SandboxMarketplace, SandboxOrder } from './types.ts';

/**
 * What every marketplace imitation shares: the data, one clock for all seven, switchable
 * faults, a token bucket for rate limits, token expiry, and the /_sandbox control routes.
 * Each marketplace's server (src/sandbox/<name>/server.ts) renders the data as its API does
 * and signals errors and rate limits in its own way.
 */

export class SandboxClock {
  private offsetMs = 0;
  private fixed: Date | null = null;

  now(): Date {
    return this.fixed ? new Date(this.fixed) : new Date(Date.now() + this.offsetMs);
  }
  /** stop the clock at `at` (tests) */
  set(at: Date): void {
    this.fixed = new Date(at);
  }
  advance(ms: number): void {
    if (this.fixed) this.fixed = new Date(this.fixed.getTime() + ms);
    else this.offsetMs += ms;
  }
  release(): void {
    this.fixed = null;
  }
}

export interface Faults {
  /** share of API requests answered with a 5xx (0..1) */
  errorRate: number;
  /** the next N API requests get a 5xx */
  failNext: number;
  /** delay added to every API request */
  slowMs: number;
  /** share of orders rendered malformed (0..1) */
  malformedRate: number;
  /** the next N API requests are rate limited regardless of the bucket */
  rateLimitNext: number;
  /** token bucket: requests allowed in a burst and refilled per second; null = unlimited */
  rateLimit: { burst: number; perSecond: number } | null;
}

export const NO_FAULTS: Faults = {
  errorRate: 0,
  failNext: 0,
  slowMs: 0,
  malformedRate: 0,
  rateLimitNext: 0,
  rateLimit: null,
};

export interface RateDecision {
  allowed: boolean;
  /** seconds until a request would be allowed */
  retryAfterSec: number;
  limit: number;
  remaining: number;
}

export interface IssuedTokens {
  accessToken: string;
  refreshToken: string;
  /** seconds the access token lives */
  expiresIn: number;
}

/** How a marketplace issues OAuth tokens. */
export interface TokenPolicy {
  /** lifetime of an access token issued by a refresh */
  accessTtlSeconds: number;
  /** every refresh issues a new refresh token and revokes the old one */
  rotateRefresh: boolean;
  /** the marketplace's token shape, e.g. Etsy's "<user_id>." */
  tokenPrefix(store: StoreData): string;
}

interface RefreshGrant {
  m: SandboxMarketplace;
  storeKey: string;
  rotateRefresh: boolean;
  prefix: string;
  /** a store of its own for rate limits though it shares this store's data (the fleet benchmark's many shops) */
  install: string | undefined;
}

const newToken = (prefix: string) => `${prefix}${randomBytes(24).toString('base64url')}`;

export class SandboxState {
  readonly clock = new SandboxClock();
  readonly faults = new Map<SandboxMarketplace, Faults>();
  readonly expiredTokens = new Set<string>();
  /** requests served per marketplace (control routes excluded) */
  readonly requestCounts = new Map<SandboxMarketplace, number>();
  /** requests refused by a rate limit, per marketplace */
  readonly limitedCounts = new Map<SandboxMarketplace, number>();
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private readonly accessTokens = new Map<
    string,
    { m: SandboxMarketplace; storeKey: string; expiresAt: number; install: string | undefined }
  >();
  private readonly refreshGrants = new Map<string, RefreshGrant>();
  /** authorization codes and the imitated consent screen */
  readonly oauth = new SandboxOAuth(() => this.clock.now());

  constructor(readonly data: SandboxData) {}

  /** Revokes an access or refresh token (a fixed store token too): later requests with it are refused. */
  revokeToken(token: string): boolean {
    const known =
      this.accessTokens.delete(token) ||
      this.refreshGrants.delete(token) ||
      this.data.stores.some((s) => s.spec.token === token);
    if (known) this.expiredTokens.add(token);
    return known;
  }

  /** The store key a live refresh token belongs to. */
  refreshGrantOf(m: SandboxMarketplace, refreshToken: string): string | undefined {
    const grant = this.refreshGrants.get(refreshToken);
    return grant?.m === m ? grant.storeKey : undefined;
  }

  faultsOf(m: SandboxMarketplace): Faults {
    let f = this.faults.get(m);
    if (!f) this.faults.set(m, (f = { ...NO_FAULTS }));
    return f;
  }

  /** Takes one request from the store's bucket, counting a refusal. */
  take(m: SandboxMarketplace, storeKey: string, cost = 1): RateDecision {
    const decision = this.decide(m, storeKey, cost);
    if (!decision.allowed) this.limitedCounts.set(m, (this.limitedCounts.get(m) ?? 0) + 1);
    return decision;
  }

  private decide(m: SandboxMarketplace, storeKey: string, cost: number): RateDecision {
    const f = this.faultsOf(m);
    if (f.rateLimitNext > 0) {
      f.rateLimitNext--;
      return { allowed: false, retryAfterSec: 1, limit: f.rateLimit?.burst ?? 40, remaining: 0 };
    }
    if (!f.rateLimit) return { allowed: true, retryAfterSec: 0, limit: 1000, remaining: 1000 };
    const { burst, perSecond } = f.rateLimit;
    const now = Date.now();
    const b = this.buckets.get(storeKey) ?? { tokens: burst, at: now };
    b.tokens = Math.min(burst, b.tokens + ((now - b.at) / 1000) * perSecond);
    b.at = now;
    this.buckets.set(storeKey, b);
    if (b.tokens >= cost) {
      b.tokens -= cost;
      return { allowed: true, retryAfterSec: 0, limit: burst, remaining: Math.floor(b.tokens) };
    }
    return {
      allowed: false,
      retryAfterSec: Math.max(1, Math.ceil((cost - b.tokens) / perSecond)),
      limit: burst,
      remaining: 0,
    };
  }

  /** The order at `index` as the API shows it now (malformed marking included). */
  order(store: StoreData, index: number): SandboxOrder | null {
    return store.order(index, this.clock.now(), this.faultsOf(store.spec.marketplace).malformedRate);
  }

  /**
   * The rate bucket a request draws from: the store's (one per app and store, as the real APIs
   * count), or, for a token issued with an `install`, that installation's: the fleet benchmark
   * gives each of its thousands of connections a shop of its own that shares a store's data.
   */
  bucketKey(store: StoreData, token: string | undefined): string {
    const install = token ? this.accessTokens.get(token)?.install : undefined;
    return install ? `${store.spec.key}#${install}` : store.spec.key;
  }

  /** The store whose token the request presents: its fixed token, or an issued one still alive by the clock, unless expired through /_sandbox. */
  storeFor(m: SandboxMarketplace, token: string | undefined): StoreData | undefined {
    if (!token || this.expiredTokens.has(token)) return undefined;
    const issued = this.accessTokens.get(token);
    if (!issued) return this.data.storeByToken(m, token);
    return issued.m === m && issued.expiresAt > this.clock.now().getTime()
      ? this.data.store(issued.storeKey)
      : undefined;
  }

  /** A new access token and refresh token for a store. */
  issueTokens(
    m: SandboxMarketplace,
    storeKey: string,
    opts: { accessTtlMs: number; rotateRefresh: boolean; prefix?: string; install?: string | undefined },
  ): IssuedTokens {
    const prefix = opts.prefix ?? '';
    const refreshToken = newToken(prefix);
    const { install } = opts;
    this.refreshGrants.set(refreshToken, { m, storeKey, rotateRefresh: opts.rotateRefresh, prefix, install });
    return { ...this.issueAccessToken(m, storeKey, opts.accessTtlMs, prefix, install), refreshToken };
  }

  /** Redeems a refresh token: a new access token, plus a new refresh token (the old one revoked) where they rotate. Undefined when unknown or revoked. */
  refreshTokens(m: SandboxMarketplace, refreshToken: string, accessTtlMs: number): IssuedTokens | undefined {
    const grant = this.refreshGrants.get(refreshToken);
    if (!grant || grant.m !== m) return undefined;
    if (!grant.rotateRefresh)
      return { ...this.issueAccessToken(m, grant.storeKey, accessTtlMs, grant.prefix, grant.install), refreshToken };
    this.refreshGrants.delete(refreshToken);
    return this.issueTokens(m, grant.storeKey, {
      accessTtlMs,
      rotateRefresh: true,
      prefix: grant.prefix,
      install: grant.install,
    });
  }

  private issueAccessToken(
    m: SandboxMarketplace,
    storeKey: string,
    ttlMs: number,
    prefix: string,
    install: string | undefined,
  ): { accessToken: string; expiresIn: number } {
    const accessToken = newToken(prefix);
    this.accessTokens.set(accessToken, { m, storeKey, expiresAt: this.clock.now().getTime() + ttlMs, install });
    return { accessToken, expiresIn: Math.round(ttlMs / 1000) };
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface MarketplaceServerOptions {
  marketplace: SandboxMarketplace;
  state: SandboxState;
  /** how this marketplace answers a server error */
  serverError(res: Response): void;
  /** mounts the marketplace's API routes */
  routes(router: Router): void;
  /** mounts extra /_sandbox control routes (webhook subscriptions) */
  controlRoutes?(router: Router): void;
  /** the marketplace's OAuth tokens, when its token endpoint is imitated (enables /_sandbox/tokens/issue) */
  tokens?: TokenPolicy;
}

/** The express app of one marketplace imitation: control routes, faults, then its API. */
export function createMarketplaceServer(opts: MarketplaceServerOptions): Express {
  const { marketplace: m, state } = opts;
  const app = express();
  app.disable('x-powered-by');
  app.use('/_sandbox', controlRoutes(m, state, opts));
  app.use(async (_req: Request, res: Response, next) => {
    state.requestCounts.set(m, (state.requestCounts.get(m) ?? 0) + 1);
    const f = state.faultsOf(m);
    if (f.slowMs > 0) await sleep(f.slowMs);
    if (f.failNext > 0 || (f.errorRate > 0 && Math.random() < f.errorRate)) {
      if (f.failNext > 0) f.failNext--;
      opts.serverError(res);
      return;
    }
    next();
  });
  const api = express.Router();
  opts.routes(api);
  app.use(api);
  app.use((req, res) => {
    res.status(404).json({ error: `sandbox ${m}: no route for ${req.method} ${req.path}` });
  });
  return app;
}

function controlRoutes(m: SandboxMarketplace, state: SandboxState, opts: MarketplaceServerOptions): Router {
  const r = express.Router();
  r.use(express.json());
  opts.controlRoutes?.(r);
  r.get('/truth', (_req, res) => {
    res.json(state.data.truth(state.clock.now()).filter((t) => t.marketplace === m));
  });
  r.get('/stores', (_req, res) => {
    res.json(state.data.storesOf(m).map((s) => ({ ...s.spec, orders: s.orderCount })));
  });
  r.post('/faults', (req, res) => {
    const f = state.faultsOf(m);
    Object.assign(f, req.body as Partial<Faults>);
    res.json(f);
  });
  r.post('/faults/reset', (_req, res) => {
    state.faults.set(m, { ...NO_FAULTS });
    res.json(state.faultsOf(m));
  });
  r.post('/clock', (req, res) => {
    const body = req.body as { now?: string; advanceMs?: number; release?: boolean };
    if (body.now) state.clock.set(new Date(body.now));
    if (body.advanceMs) state.clock.advance(body.advanceMs);
    if (body.release) state.clock.release();
    res.json({ now: state.clock.now().toISOString() });
  });
  r.post('/tokens/expire', (req, res) => {
    const { token } = req.body as { token?: string };
    if (token) state.expiredTokens.add(token);
    res.json({ expired: [...state.expiredTokens] });
  });
  r.post('/tokens/restore', (req, res) => {
    const { token } = req.body as { token?: string };
    if (token) state.expiredTokens.delete(token);
    else state.expiredTokens.clear();
    res.json({ expired: [...state.expiredTokens] });
  });
  r.post('/tokens/issue', (req, res) => {
    const { store: key, accessTtlSeconds } = req.body as { store?: string; accessTtlSeconds?: number };
    const store = state.data.storesOf(m).find((s) => s.spec.key === key);
    if (!opts.tokens || !store) {
      res.status(400).json({ error: opts.tokens ? `no ${m} store ${String(key)}` : `${m} issues no OAuth tokens` });
      return;
    }
    const ttlSeconds = accessTtlSeconds ?? opts.tokens.accessTtlSeconds;
    res.json(
      state.issueTokens(m, store.spec.key, {
        accessTtlMs: ttlSeconds * 1000,
        rotateRefresh: opts.tokens.rotateRefresh,
        prefix: opts.tokens.tokenPrefix(store),
      }),
    );
  });
  r.post('/oauth/consent', (req, res) => {
    const body = req.body as Partial<ConsentDecision>;
    if (body.decision !== 'approve' && body.decision !== 'deny') {
      res.status(400).json({ error: 'decision must be "approve" or "deny"' });
      return;
    }
    if (body.storeKey !== undefined && !state.data.storesOf(m).some((s) => s.spec.key === body.storeKey)) {
      res.status(400).json({ error: `no ${m} store ${body.storeKey}` });
      return;
    }
    state.oauth.setConsent(m, {
      decision: body.decision,
      ...(body.storeKey !== undefined && { storeKey: body.storeKey }),
    });
    res.json(state.oauth.consentOf(m));
  });
  r.get('/stats', (_req, res) => {
    res.json({ requests: state.requestCounts.get(m) ?? 0, limited: state.limitedCounts.get(m) ?? 0 });
  });
  return r;
}

/**
 * Offset pages over a matching set that stays fixed while a client pages through it: the
 * set is computed once per (store, filter) and kept for a few minutes, as a real API's
 * snapshot would be. Indices only — orders themselves are rebuilt per page.
 */
export class ResultCache {
  private readonly entries = new Map<string, { at: number; indices: Int32Array }>();
  constructor(private readonly ttlMs = 5 * 60_000) {}

  /** `fresh`: take a new snapshot (a client asking for the first page starts a new walk). */
  get(key: string, compute: () => Int32Array, fresh = false): Int32Array {
    const now = Date.now();
    for (const [k, e] of this.entries) if (now - e.at > this.ttlMs) this.entries.delete(k);
    let e = fresh ? undefined : this.entries.get(key);
    if (!e) this.entries.set(key, (e = { at: now, indices: compute() }));
    return e.indices;
  }
}
