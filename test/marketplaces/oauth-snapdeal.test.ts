import { afterEach, describe, expect, it } from '@jest/globals';
import { AuthError } from '../../src/marketplaces/http.ts';
import {
  type GrantedConnection,
  type OAuthApp,
  OAuthCallbackInvalid,
  OAuthDenied,
} from '../../src/marketplaces/oauth-provider.ts';
import { snapdealConnector } from '../../src/marketplaces/snapdeal/index.ts';
import { snapdealOAuth } from '../../src/marketplaces/snapdeal/oauth.ts';
import type { ConnectorContext } from '../../src/marketplaces/types.ts';
import { SANDBOX_APP_CREDENTIALS } from '../../src/sandbox/generator/index.ts';
import { silentLog, useSandbox, walkOrders } from '../helpers/sandbox.ts';

const CALLBACK = 'http://127.0.0.1:1/oauth/snapdeal/callback';
const FAR_PAST = new Date(0);

describe('Snapdeal connect through the seller authorization page against the sandbox', () => {
  const sandbox = useSandbox('snapdeal', { orders: 150, seed: 11 });

  const appFor = (credentials: Record<string, string> = {}): OAuthApp => ({
    credentials: { ...SANDBOX_APP_CREDENTIALS, ...credentials },
    baseUrls: { SNAPDEAL_API_BASE_URL: sandbox().url, SNAPDEAL_AUTH_BASE_URL: sandbox().url },
    redirectUri: CALLBACK,
    log: silentLog,
    http: { minDelayMs: 5, maxDelayMs: 20, retries: 1, timeoutMs: 5000 },
    now: () => sandbox().state.clock.now(),
  });

  afterEach(async () => {
    await sandbox().control('/oauth/consent', { decision: 'approve' });
  });

  async function login(state = 'st-sd', app = appFor()): Promise<Record<string, string>> {
    const res = await fetch(snapdealOAuth.authorizeUrl(app, { state }), { redirect: 'manual' });
    expect(res.status).toBe(302);
    const location = new URL(res.headers.get('location')!);
    expect(`${location.origin}${location.pathname}`).toBe(CALLBACK);
    return Object.fromEntries(location.searchParams);
  }

  const contextOf = (granted: GrantedConnection): ConnectorContext => ({
    baseUrl: granted.apiBaseUrl!,
    storeId: granted.storeId,
    accessToken: granted.accessToken,
    credentials: SANDBOX_APP_CREDENTIALS,
    log: silentLog,
    http: { minDelayMs: 5, maxDelayMs: 20, retries: 1, timeoutMs: 5000 },
    now: () => sandbox().state.clock.now(),
  });

  it('sends the seller to the login page with our callback (state inside) as returnURL and the appId', () => {
    const url = new URL(snapdealOAuth.authorizeUrl(appFor(), { state: 'abc' }));
    expect(`${url.origin}${url.pathname}`).toBe(`${sandbox().url}/authserverui/login`);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      returnURL: `${CALLBACK}?state=abc`,
      appId: SANDBOX_APP_CREDENTIALS.SNAPDEAL_APP_ID,
    });
    expect(snapdealOAuth.pkce).toBe(false);
    expect(snapdealOAuth.revoke).toBeUndefined();
  });

  it('connects the seller: the token from the return URL reads orders, never expires, has no refresh', async () => {
    const query = await login();
    expect(query).toEqual({ state: 'st-sd', sellerAuthZToken: expect.any(String), sellerCode: expect.any(String) });
    const params = snapdealOAuth.parseCallback(appFor(), query);
    const granted = await snapdealOAuth.exchangeCode(appFor(), params);
    const store = sandbox().data.store('snapdeal');
    expect(granted).toEqual({
      storeId: store.spec.storeId,
      storeCurrency: 'INR',
      storeTimeZone: 'Asia/Kolkata',
      apiBaseUrl: sandbox().url,
      accessToken: query.sellerAuthZToken,
      accessTokenExpiresAt: null,
      refreshToken: null,
      refreshTokenExpiresAt: null,
      scopes: [],
    });
    expect(granted.accessToken).not.toBe(store.spec.token);
    expect(snapdealConnector.refreshAccessToken).toBeUndefined();
    const orders = await walkOrders(snapdealConnector, contextOf(granted), FAR_PAST);
    expect(orders.records.length).toBeGreaterThan(0);

    // a year on, the seller token still works
    sandbox().state.clock.advance(365 * 86_400_000);
    await expect(snapdealConnector.fetchProducts(contextOf(granted), { pageSize: 1 })).resolves.toMatchObject({
      records: expect.any(Array),
    });
  });

  it('refuses to connect with a token Snapdeal does not accept', async () => {
    const params = snapdealOAuth.parseCallback(appFor(), await login());
    await sandbox().control('/tokens/expire', { token: params.code });
    await expect(snapdealOAuth.exchangeCode(appFor(), params)).rejects.toBeInstanceOf(AuthError);
    await expect(snapdealOAuth.exchangeCode(appFor(), { ...params, code: 'forged-token' })).rejects.toBeInstanceOf(
      AuthError,
    );
  });

  it('answers an unknown appId on the login page instead of redirecting', async () => {
    const res = await fetch(snapdealOAuth.authorizeUrl(appFor({ SNAPDEAL_APP_ID: 'someone-else' }), { state: 's' }), {
      redirect: 'manual',
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ metadata: { message: expect.stringMatching(/appId/) }, payload: null });
  });

  it('reads a refusal as OAuthDenied and a return without token, state or seller as invalid', async () => {
    await sandbox().control('/oauth/consent', { decision: 'deny' });
    const query = await login('st-deny');
    expect(query).toEqual({ state: 'st-deny', error: 'access_denied' });
    expect(() => snapdealOAuth.parseCallback(appFor(), query)).toThrow(OAuthDenied);
    expect(() => snapdealOAuth.parseCallback(appFor(), { state: 's', sellerCode: 'S1' })).toThrow(OAuthCallbackInvalid);
    expect(() => snapdealOAuth.parseCallback(appFor(), { sellerAuthZToken: 't', sellerCode: 'S1' })).toThrow(
      OAuthCallbackInvalid,
    );
    expect(() => snapdealOAuth.parseCallback(appFor(), { state: 's', sellerAuthZToken: 't' })).toThrow(
      OAuthCallbackInvalid,
    );
  });
});
