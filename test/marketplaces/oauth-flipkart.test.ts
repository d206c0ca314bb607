import { afterEach, describe, expect, it } from '@jest/globals';
import { flipkartConnector } from '../../src/marketplaces/flipkart/index.ts';
import { flipkartOAuth, refreshAccessToken } from '../../src/marketplaces/flipkart/oauth.ts';
import { AuthError, HttpError } from '../../src/marketplaces/http.ts';
import {
  type GrantedConnection,
  type OAuthApp,
  OAuthCallbackInvalid,
  OAuthDenied,
} from '../../src/marketplaces/oauth-provider.ts';
import type { ConnectorContext } from '../../src/marketplaces/types.ts';
import { SANDBOX_APP_CREDENTIALS } from '../../src/sandbox/generator/index.ts';
import { NOW, silentLog, useSandbox, walkOrders } from '../helpers/sandbox.ts';

const CALLBACK = 'http://127.0.0.1:1/oauth/flipkart/callback';
const DAY = 86_400_000;
const LONG_AGO = new Date('2020-01-01T00:00:00Z');

describe('Flipkart connect through OAuth against the sandbox', () => {
  const sandbox = useSandbox('flipkart', { orders: 150, seed: 11 });

  const appFor = (overrides: { credentials?: Record<string, string>; redirectUri?: string } = {}): OAuthApp => ({
    credentials: { ...SANDBOX_APP_CREDENTIALS, ...overrides.credentials },
    baseUrls: { FLIPKART_API_BASE_URL: sandbox().url },
    redirectUri: overrides.redirectUri ?? CALLBACK,
    log: silentLog,
    http: { minDelayMs: 5, maxDelayMs: 20, retries: 1, timeoutMs: 5000 },
    now: () => sandbox().state.clock.now(),
  });

  afterEach(async () => {
    await sandbox().control('/oauth/consent', { decision: 'approve' });
  });

  async function consent(state = 'st-fk'): Promise<Record<string, string>> {
    const res = await fetch(flipkartOAuth.authorizeUrl(appFor(), { state }), { redirect: 'manual' });
    expect(res.status).toBe(302);
    const location = new URL(res.headers.get('location')!);
    expect(`${location.origin}${location.pathname}`).toBe(CALLBACK);
    return Object.fromEntries(location.searchParams);
  }

  async function connect(): Promise<GrantedConnection> {
    return flipkartOAuth.exchangeCode(appFor(), flipkartOAuth.parseCallback(appFor(), await consent()));
  }

  const contextOf = (
    granted: GrantedConnection,
    accessToken = granted.accessToken,
    credentials = SANDBOX_APP_CREDENTIALS,
  ): ConnectorContext => ({
    baseUrl: granted.apiBaseUrl!,
    storeId: granted.storeId,
    accessToken,
    credentials,
    log: silentLog,
    http: { minDelayMs: 5, maxDelayMs: 20, retries: 1, timeoutMs: 5000 },
    now: () => sandbox().state.clock.now(),
  });

  it('sends the seller to the oauth-service with Seller_Api and state', () => {
    const url = new URL(flipkartOAuth.authorizeUrl(appFor(), { state: 'abc' }));
    expect(`${url.origin}${url.pathname}`).toBe(`${sandbox().url}/oauth-service/oauth/authorize`);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      client_id: SANDBOX_APP_CREDENTIALS.FLIPKART_APP_ID,
      redirect_uri: CALLBACK,
      response_type: 'code',
      scope: 'Seller_Api',
      state: 'abc',
    });
  });

  it('connects the seller: id from the token introspection, 60-day / 180-day tokens that read orders', async () => {
    const query = await consent();
    expect(query).toEqual({ code: expect.any(String), state: 'st-fk' });
    const granted = await flipkartOAuth.exchangeCode(appFor(), flipkartOAuth.parseCallback(appFor(), query));
    const store = sandbox().data.store('flipkart');
    expect(granted).toEqual({
      storeId: store.spec.storeId,
      storeCurrency: 'INR',
      storeTimeZone: 'Asia/Kolkata',
      apiBaseUrl: sandbox().url,
      accessToken: expect.any(String),
      accessTokenExpiresAt: new Date(NOW.getTime() + 60 * DAY),
      refreshToken: expect.any(String),
      refreshTokenExpiresAt: new Date(NOW.getTime() + 180 * DAY),
      scopes: ['Seller_Api'],
    });
    const orders = await walkOrders(flipkartConnector, contextOf(granted), LONG_AGO);
    expect(orders.records.length).toBeGreaterThan(0);

    sandbox().state.clock.advance(60 * DAY + 1000);
    await expect(flipkartConnector.fetchOrders(contextOf(granted), { updatedFrom: LONG_AGO })).rejects.toBeInstanceOf(
      AuthError,
    );
  });

  it('refreshes through the GET token endpoint; a rotated refresh token replaces the old one', async () => {
    const granted = await connect();
    expect(flipkartConnector.refreshAccessToken).toBe(refreshAccessToken);
    const ctx = contextOf(granted);
    const refreshed = await refreshAccessToken(ctx, granted.refreshToken!);
    expect(refreshed).toEqual({
      accessToken: expect.any(String),
      expiresAt: new Date(NOW.getTime() + 60 * DAY),
      refreshToken: expect.any(String),
      refreshTokenExpiresAt: new Date(NOW.getTime() + 180 * DAY),
    });
    expect(refreshed.refreshToken).not.toBe(granted.refreshToken);
    expect(
      (await walkOrders(flipkartConnector, contextOf(granted, refreshed.accessToken), LONG_AGO)).records.length,
    ).toBeGreaterThan(0);
    await expect(refreshAccessToken(ctx, granted.refreshToken!)).rejects.toBeInstanceOf(AuthError);

    // a refresh token past its 180 days is refused: the seller must reconnect
    sandbox().state.clock.advance(180 * DAY + 1000);
    await expect(refreshAccessToken(ctx, refreshed.refreshToken!)).rejects.toBeInstanceOf(AuthError);
  });

  it('refuses a replayed code, another redirect_uri and a wrong app secret', async () => {
    const app = appFor();
    const params = flipkartOAuth.parseCallback(app, await consent());
    await flipkartOAuth.exchangeCode(app, params);
    const replay = flipkartOAuth.exchangeCode(app, params);
    await expect(replay).rejects.toBeInstanceOf(AuthError);
    await expect(replay).rejects.toMatchObject({ status: 400, body: { error: 'invalid_grant' } });

    const other = flipkartOAuth.parseCallback(app, await consent());
    await expect(
      flipkartOAuth.exchangeCode(appFor({ redirectUri: 'http://127.0.0.1:1/elsewhere' }), other),
    ).rejects.toMatchObject({
      body: { error: 'invalid_grant', error_description: 'redirect_uri does not match the authorization request' },
    });

    const badClient = flipkartOAuth.parseCallback(app, await consent());
    const refused = flipkartOAuth.exchangeCode(appFor({ credentials: { FLIPKART_APP_SECRET: 'wrong' } }), badClient);
    await expect(refused).rejects.toBeInstanceOf(HttpError);
    await expect(refused).rejects.not.toBeInstanceOf(AuthError);
    await expect(refused).rejects.toMatchObject({ status: 401, body: { error: 'invalid_client' } });

    const granted = await connect();
    const badRefresh = refreshAccessToken(
      contextOf(granted, '', { ...SANDBOX_APP_CREDENTIALS, FLIPKART_APP_SECRET: 'wrong' }),
      granted.refreshToken!,
    );
    await expect(badRefresh).rejects.not.toBeInstanceOf(AuthError);
    await expect(badRefresh).rejects.toMatchObject({ status: 401, body: { error: 'invalid_client' } });
  });

  it('answers the token endpoint only as a GET', async () => {
    const res = await fetch(`${sandbox().url}/oauth-service/oauth/token`, { method: 'POST' });
    expect(res.status).toBe(405);
  });

  it('reads a refusal as OAuthDenied and a callback without code as invalid', async () => {
    await sandbox().control('/oauth/consent', { decision: 'deny' });
    const query = await consent('st-deny');
    expect(query).toEqual({ error: 'access_denied', error_description: 'User denied access', state: 'st-deny' });
    expect(() => flipkartOAuth.parseCallback(appFor(), query)).toThrow(OAuthDenied);
    expect(() => flipkartOAuth.parseCallback(appFor(), { state: 's' })).toThrow(OAuthCallbackInvalid);
  });
});
