import { afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { ebayConnector } from '../../src/marketplaces/ebay/index.ts';
import { ebayOAuth, refreshAccessToken } from '../../src/marketplaces/ebay/oauth.ts';
import { AuthError, HttpError } from '../../src/marketplaces/http.ts';
import {
  type GrantedConnection,
  type OAuthApp,
  OAuthCallbackInvalid,
  OAuthDenied,
} from '../../src/marketplaces/oauth-provider.ts';
import type { ConnectorContext } from '../../src/marketplaces/types.ts';
import { SANDBOX_APP_CREDENTIALS } from '../../src/sandbox/generator/index.ts';
import { NOW, silentLog, useSandbox } from '../helpers/sandbox.ts';

const CALLBACK = 'http://127.0.0.1:1/oauth/ebay/callback';
const HOUR = 3_600_000;
/** a month back: within one getOrders window, so one call reads a page */
const RECENT = new Date(NOW.getTime() - 30 * 24 * HOUR);
const SCOPE_ROOT = 'https://api.ebay.com/oauth/api_scope';

describe('eBay connect through OAuth against the sandbox', () => {
  const sandbox = useSandbox('ebay', { orders: 200, seed: 11 });

  const appFor = (credentials: Record<string, string> = {}): OAuthApp => ({
    credentials: { ...SANDBOX_APP_CREDENTIALS, ...credentials },
    baseUrls: { EBAY_API_BASE_URL: sandbox().url, EBAY_AUTH_BASE_URL: sandbox().url },
    redirectUri: CALLBACK,
    log: silentLog,
    http: { minDelayMs: 5, maxDelayMs: 20, retries: 1, timeoutMs: 5000 },
    now: () => sandbox().state.clock.now(),
  });

  beforeAll(async () => {
    // the developer portal's RuName settings: its accept (and decline) URL is our callback
    await sandbox().control('/oauth/runame', { ruName: SANDBOX_APP_CREDENTIALS.EBAY_RU_NAME, acceptUrl: CALLBACK });
  });
  afterEach(async () => {
    await sandbox().control('/oauth/consent', { decision: 'approve' });
  });

  /** The browser's trip: the consent URL answers with a redirect to our callback; its query. */
  async function consent(app = appFor(), state = 'st-123'): Promise<Record<string, string>> {
    const res = await fetch(ebayOAuth.authorizeUrl(app, { state }), { redirect: 'manual' });
    expect(res.status).toBe(302);
    const location = new URL(res.headers.get('location')!);
    expect(`${location.origin}${location.pathname}`).toBe(CALLBACK);
    return Object.fromEntries(location.searchParams);
  }

  async function connect(app = appFor()): Promise<GrantedConnection> {
    return ebayOAuth.exchangeCode(app, ebayOAuth.parseCallback(app, await consent(app)));
  }

  const contextOf = (granted: GrantedConnection, accessToken = granted.accessToken): ConnectorContext => ({
    baseUrl: granted.apiBaseUrl!,
    storeId: granted.storeId,
    accessToken,
    credentials: SANDBOX_APP_CREDENTIALS,
    log: silentLog,
    http: { minDelayMs: 5, maxDelayMs: 20, retries: 1, timeoutMs: 5000 },
    now: () => sandbox().state.clock.now(),
  });

  const getUser = (accessToken: string) =>
    fetch(`${sandbox().url}/commerce/identity/v1/user/`, { headers: { authorization: `Bearer ${accessToken}` } });

  it('sends the seller to the auth host with the RuName, scopes and state', () => {
    const url = new URL(ebayOAuth.authorizeUrl(appFor(), { state: 'abc' }));
    expect(`${url.origin}${url.pathname}`).toBe(`${sandbox().url}/oauth2/authorize`);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      client_id: SANDBOX_APP_CREDENTIALS.EBAY_CLIENT_ID,
      redirect_uri: SANDBOX_APP_CREDENTIALS.EBAY_RU_NAME,
      response_type: 'code',
      scope: `${SCOPE_ROOT}/sell.fulfillment.readonly ${SCOPE_ROOT}/sell.inventory.readonly ${SCOPE_ROOT}/commerce.identity.readonly`,
      state: 'abc',
    });
    expect(ebayOAuth.pkce).toBe(false);
  });

  it('connects the first store: user id from getUser, 2 h / 18-month tokens that read orders', async () => {
    const query = await consent();
    expect(query).toEqual({ state: 'st-123', code: expect.any(String), expires_in: '299' });
    const granted = await ebayOAuth.exchangeCode(appFor(), ebayOAuth.parseCallback(appFor(), query));
    const store = sandbox().data.store('ebay-us');
    expect(granted).toEqual({
      storeId: store.spec.storeId,
      storeName: store.spec.name,
      storeCurrency: 'USD',
      apiBaseUrl: sandbox().url,
      accessToken: expect.any(String),
      accessTokenExpiresAt: new Date(NOW.getTime() + 2 * HOUR),
      refreshToken: expect.any(String),
      refreshTokenExpiresAt: new Date(NOW.getTime() + 47_304_000_000),
      scopes: [
        `${SCOPE_ROOT}/sell.fulfillment.readonly`,
        `${SCOPE_ROOT}/sell.inventory.readonly`,
        `${SCOPE_ROOT}/commerce.identity.readonly`,
      ],
    });
    expect(granted.accessToken).not.toBe(store.spec.token);
    const page = await ebayConnector.fetchOrders(contextOf(granted), { updatedFrom: RECENT });
    expect(page.records.length).toBeGreaterThan(0);

    // the access token dies after 2 h by the sandbox clock
    sandbox().state.clock.advance(2 * HOUR + 1000);
    await expect(ebayConnector.fetchOrders(contextOf(granted), { updatedFrom: RECENT })).rejects.toBeInstanceOf(
      AuthError,
    );
  });

  it('refreshes without rotation: the same refresh token keeps working, the new access token reads', async () => {
    const granted = await connect();
    const ctx = contextOf(granted);
    const first = await refreshAccessToken(ctx, granted.refreshToken!);
    expect(first).toEqual({
      accessToken: expect.any(String),
      expiresAt: new Date(NOW.getTime() + 2 * HOUR),
      refreshToken: null,
      refreshTokenExpiresAt: null,
    });
    const second = await refreshAccessToken(ctx, granted.refreshToken!);
    expect(second.accessToken).not.toBe(first.accessToken);
    expect(
      (await ebayConnector.fetchOrders(contextOf(granted, second.accessToken), { updatedFrom: RECENT })).records.length,
    ).toBeGreaterThan(0);
    // the refreshed token carries only the sell scopes the refresh asked for: getUser refuses it
    expect((await getUser(first.accessToken)).status).toBe(403);
    expect((await getUser(granted.accessToken)).status).toBe(200);

    // 18 months later the refresh token is refused: the seller must reconnect
    sandbox().state.clock.advance(47_304_000_000 + 1000);
    await expect(refreshAccessToken(ctx, granted.refreshToken!)).rejects.toBeInstanceOf(AuthError);
  });

  it('connects the store the seller logs in as', async () => {
    await sandbox().control('/oauth/consent', { decision: 'approve', storeKey: 'ebay-uk' });
    const granted = await connect();
    expect(granted).toMatchObject({ storeId: sandbox().data.store('ebay-uk').spec.storeId, storeCurrency: 'GBP' });
  });

  it('refuses a replayed code, an expired code, another RuName and a wrong client secret', async () => {
    const app = appFor();
    const params = ebayOAuth.parseCallback(app, await consent());
    await ebayOAuth.exchangeCode(app, params);
    const replay = ebayOAuth.exchangeCode(app, params);
    await expect(replay).rejects.toBeInstanceOf(AuthError);
    await expect(replay).rejects.toMatchObject({ status: 400, body: { error: 'invalid_grant' } });

    const late = ebayOAuth.parseCallback(app, await consent());
    sandbox().state.clock.advance(5 * 60_000 + 1000);
    await expect(ebayOAuth.exchangeCode(app, late)).rejects.toMatchObject({ body: { error: 'invalid_grant' } });

    const other = ebayOAuth.parseCallback(app, await consent());
    await expect(
      ebayOAuth.exchangeCode(appFor({ EBAY_RU_NAME: 'Other_App-Other-sandbo-zzzzz' }), other),
    ).rejects.toMatchObject({ body: { error: 'invalid_grant' } });

    const badClient = ebayOAuth.parseCallback(app, await consent());
    const refused = ebayOAuth.exchangeCode(appFor({ EBAY_CLIENT_SECRET: 'wrong' }), badClient);
    // the app's own credentials are wrong: reconnecting would not help, so not an AuthError
    await expect(refused).rejects.toBeInstanceOf(HttpError);
    await expect(refused).rejects.not.toBeInstanceOf(AuthError);
    await expect(refused).rejects.toMatchObject({ status: 401, body: { error: 'invalid_client' } });
  });

  it('reads a refusal as OAuthDenied and a callback without code as invalid', async () => {
    await sandbox().control('/oauth/consent', { decision: 'deny' });
    const query = await consent(appFor(), 'st-deny');
    expect(query).toMatchObject({ error: 'access_denied', state: 'st-deny' });
    expect(() => ebayOAuth.parseCallback(appFor(), query)).toThrow(OAuthDenied);
    expect(() => ebayOAuth.parseCallback(appFor(), { state: 'st' })).toThrow(OAuthCallbackInvalid);
    expect(() => ebayOAuth.parseCallback(appFor(), { code: 'c' })).toThrow(OAuthCallbackInvalid);
  });

  it('answers an unregistered RuName at the auth host instead of redirecting', async () => {
    const res = await fetch(ebayOAuth.authorizeUrl(appFor({ EBAY_RU_NAME: 'Unknown-RuName' }), { state: 's' }), {
      redirect: 'manual',
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: 'invalid_request' });
  });
});
