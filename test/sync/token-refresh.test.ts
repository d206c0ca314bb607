import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { decryptToken, encryptToken } from '../../src/crypto/tokens.ts';
import { ebayConnector } from '../../src/marketplaces/ebay/index.ts';
import { AuthError, HttpError } from '../../src/marketplaces/http.ts';
import type { Runtime } from '../../src/runtime.ts';
import { SANDBOX_APP_CREDENTIALS } from '../../src/sandbox/generator/index.ts';
import type { IssuedTokens } from '../../src/sandbox/kit.ts';
import { type SyncDeps, syncConnection } from '../../src/sync/sync-connection.ts';
import type { ScratchDatabase } from '../helpers/db.ts';
import { contextFor, NOW, type OneSandbox, startSandbox } from '../helpers/sandbox.ts';
import { connectSandboxStore, syncRuntime } from '../helpers/sync.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

describe('token refresh before a sync', () => {
  let rt: Runtime;
  let db: ScratchDatabase;
  let ebay: OneSandbox;
  let etsy: OneSandbox;

  beforeAll(async () => {
    ({ rt, db } = await syncRuntime());
    ebay = await startSandbox('ebay', { orders: 150, seed: 3 });
    etsy = await startSandbox('etsy', { orders: 150, seed: 3 });
  });
  afterAll(async () => {
    await ebay?.stop();
    await etsy?.stop();
    await rt?.close();
    await db?.drop();
  });

  const depsFor = (sandbox: OneSandbox): SyncDeps => ({
    ...rt,
    now: () => sandbox.state.clock.now(),
    http: { minDelayMs: 5, maxDelayMs: 20, retries: 1 },
  });

  const issue = (sandbox: OneSandbox, store: string, accessTtlSeconds: number) =>
    sandbox.control('/tokens/issue', { store, accessTtlSeconds }) as Promise<IssuedTokens>;

  /** A connection holding a pair issued by the sandbox, its access token expiring in `accessTtlSeconds`. */
  async function connectWithTokens(
    sandbox: OneSandbox,
    store: string,
    accessTtlSeconds: number,
    refreshToken?: string,
  ) {
    const tokens = await issue(sandbox, store, accessTtlSeconds);
    const { connectionId } = await connectSandboxStore(rt, sandbox, store);
    await rt.db.marketplaceConnection.update({
      where: { id: connectionId },
      data: {
        accessTokenEnc: encryptToken(tokens.accessToken, rt.keyRing),
        refreshTokenEnc: encryptToken(refreshToken ?? tokens.refreshToken, rt.keyRing),
        accessTokenExpiresAt: new Date(NOW.getTime() + accessTtlSeconds * 1000),
      },
    });
    return { connectionId, tokens };
  }

  const connectionOf = (id: string) => rt.db.marketplaceConnection.findUniqueOrThrow({ where: { id } });

  /** The token endpoint called directly, as a seller's app would. */
  function refreshEtsy(refreshToken: string) {
    return fetch(`${etsy.url}/v3/public/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'refresh_token',
        client_id: SANDBOX_APP_CREDENTIALS.ETSY_API_KEY!,
        refresh_token: refreshToken,
      }),
    });
  }

  async function expectNoPlaintext(connectionId: string, ...tokens: string[]) {
    const [row] = await rt.db.$queryRaw<
      { row: string }[]
    >`SELECT row_to_json(c)::text AS row FROM "MarketplaceConnection" c WHERE id = ${connectionId}`;
    for (const token of tokens) expect(row!.row).not.toContain(token);
  }

  it('eBay: refreshes a token about to expire, syncs with the new one, keeps the refresh token', async () => {
    const { connectionId, tokens } = await connectWithTokens(ebay, 'ebay-us', 60);
    // the old access token refused from now on: the sync succeeds only with the refreshed one
    await ebay.control('/tokens/expire', { token: tokens.accessToken });

    const report = await syncConnection(depsFor(ebay), connectionId, { trigger: 'CRON' });
    expect(report.status).toBe('SUCCESS');
    expect(report.streams.find((r) => r.stream === 'ORDERS')!.upserted).toBeGreaterThan(0);
    const connection = await connectionOf(connectionId);
    const accessToken = decryptToken(connection.accessTokenEnc!, rt.keyRing);
    expect(accessToken).not.toBe(tokens.accessToken);
    expect(connection.accessTokenExpiresAt).toEqual(new Date(NOW.getTime() + 2 * HOUR));
    expect(decryptToken(connection.refreshTokenEnc!, rt.keyRing)).toBe(tokens.refreshToken);
    expect(connection.refreshTokenExpiresAt).toBeNull();
    expect(connection.status).toBe('CONNECTED');
    await expectNoPlaintext(connectionId, accessToken, tokens.refreshToken);
  });

  it('Etsy: refreshes, stores the rotated refresh token, and the old one is refused afterwards', async () => {
    const { connectionId, tokens } = await connectWithTokens(etsy, 'etsy', 60);
    await etsy.control('/tokens/expire', { token: tokens.accessToken });

    const report = await syncConnection(depsFor(etsy), connectionId, { trigger: 'CRON' });
    expect(report.status).toBe('SUCCESS');
    expect(report.streams.find((r) => r.stream === 'ORDERS')!.upserted).toBeGreaterThan(0);
    const connection = await connectionOf(connectionId);
    const accessToken = decryptToken(connection.accessTokenEnc!, rt.keyRing);
    const refreshToken = decryptToken(connection.refreshTokenEnc!, rt.keyRing);
    expect(accessToken).not.toBe(tokens.accessToken);
    expect(accessToken).toMatch(/^81234567\./);
    expect(connection.accessTokenExpiresAt).toEqual(new Date(NOW.getTime() + HOUR));
    expect(refreshToken).not.toBe(tokens.refreshToken);
    expect(connection.refreshTokenExpiresAt).toEqual(new Date(NOW.getTime() + 90 * 24 * HOUR));
    await expectNoPlaintext(connectionId, accessToken, refreshToken);

    const old = await refreshEtsy(tokens.refreshToken);
    expect(old.status).toBe(400);
    expect(await old.json()).toMatchObject({ error: 'invalid_grant' });
    expect((await refreshEtsy(refreshToken)).status).toBe(200);
  });

  it('leaves a token far from expiry alone', async () => {
    const { connectionId } = await connectWithTokens(ebay, 'ebay-uk', 3600);
    const before = await connectionOf(connectionId);

    expect((await syncConnection(depsFor(ebay), connectionId, { trigger: 'CRON' })).status).toBe('SUCCESS');
    const after = await connectionOf(connectionId);
    expect(after.accessTokenEnc).toBe(before.accessTokenEnc);
    expect(after.refreshTokenEnc).toBe(before.refreshTokenEnc);
    expect(after.accessTokenExpiresAt).toEqual(before.accessTokenExpiresAt);
  });

  it.each([
    ['eBay, an unknown refresh token', () => ebay, 'ebay-us', async () => 'v^1.1#i^1#p^3#I^3#f^0#t^not-issued'],
    [
      'Etsy, a refresh token already rotated away',
      () => etsy,
      'etsy',
      async () => {
        const { refreshToken } = await issue(etsy, 'etsy', 60);
        expect((await refreshEtsy(refreshToken)).status).toBe(200);
        return refreshToken;
      },
    ],
  ])('%s: NEEDS_REAUTH and a FAILED report, nothing synced', async (_name, sandboxOf, store, refused) => {
    const sandbox = sandboxOf();
    const { connectionId } = await connectWithTokens(sandbox, store, 60, await refused());

    const report = await syncConnection(depsFor(sandbox), connectionId, { trigger: 'CRON' });
    expect(report.status).toBe('FAILED');
    expect(report.streams).toEqual([]);
    const connection = await connectionOf(connectionId);
    expect(connection.status).toBe('NEEDS_REAUTH');
    expect(connection.lastError).toMatch(/invalid_grant/);
    expect(connection.lastSyncAt).toBeNull();
    expect(await rt.db.unifiedSyncLog.count({ where: { connectionId } })).toBe(0);
  });

  it('eBay: refused app credentials are not the seller’s grant (no AuthError)', async () => {
    const { refreshToken } = await issue(ebay, 'ebay-us', 60);
    const ctx = {
      ...contextFor(ebay, 'ebay-us'),
      credentials: { ...SANDBOX_APP_CREDENTIALS, EBAY_CLIENT_SECRET: 'wrong' },
    };
    const err = await ebayConnector.refreshAccessToken!(ctx, refreshToken).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HttpError);
    expect(err).not.toBeInstanceOf(AuthError);
    expect((err as HttpError).status).toBe(401);
  });
});
