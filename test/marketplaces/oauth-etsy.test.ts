import { createHash, randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from '@jest/globals';
import { etsyConnector } from '../../src/marketplaces/etsy/index.ts';
import { etsyOAuth, refreshAccessToken } from '../../src/marketplaces/etsy/oauth.ts';
import { AuthError } from '../../src/marketplaces/http.ts';
import {
  type GrantedConnection,
  type OAuthApp,
  OAuthCallbackInvalid,
  OAuthDenied,
} from '../../src/marketplaces/oauth-provider.ts';
import type { ConnectorContext } from '../../src/marketplaces/types.ts';
import { SANDBOX_APP_CREDENTIALS } from '../../src/sandbox/generator/index.ts';
import { NOW, silentLog, useSandbox } from '../helpers/sandbox.ts';

const CALLBACK = 'http://127.0.0.1:1/oauth/etsy/callback';
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const RECENT = new Date(NOW.getTime() - 30 * DAY);

/** A PKCE pair as the framework makes one: a random verifier and its S256 challenge. */
function pkcePair() {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

describe('Etsy connect through OAuth (PKCE) against the sandbox', () => {
  const sandbox = useSandbox('etsy', { orders: 200, seed: 11 });

  const appFor = (redirectUri = CALLBACK): OAuthApp => ({
    credentials: { ...SANDBOX_APP_CREDENTIALS },
    baseUrls: { ETSY_API_BASE_URL: sandbox().url, ETSY_AUTH_BASE_URL: sandbox().url },
    redirectUri,
    log: silentLog,
    http: { minDelayMs: 5, maxDelayMs: 20, retries: 1, timeoutMs: 5000 },
    now: () => sandbox().state.clock.now(),
  });

  afterEach(async () => {
    await sandbox().control('/oauth/consent', { decision: 'approve' });
  });

  async function consent(challenge: string, state = 'st-etsy', app = appFor()): Promise<Record<string, string>> {
    const res = await fetch(etsyOAuth.authorizeUrl(app, { state, codeChallenge: challenge }), { redirect: 'manual' });
    expect(res.status).toBe(302);
    const location = new URL(res.headers.get('location')!);
    expect(`${location.origin}${location.pathname}`).toBe(app.redirectUri);
    return Object.fromEntries(location.searchParams);
  }

  async function connect(): Promise<GrantedConnection> {
    const { verifier, challenge } = pkcePair();
    const params = etsyOAuth.parseCallback(appFor(), await consent(challenge));
    return etsyOAuth.exchangeCode(appFor(), { ...params, codeVerifier: verifier });
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

  it('sends the seller to /oauth/connect with the S256 challenge, scopes and state', () => {
    const { challenge } = pkcePair();
    const url = new URL(etsyOAuth.authorizeUrl(appFor(), { state: 'abc', codeChallenge: challenge }));
    expect(`${url.origin}${url.pathname}`).toBe(`${sandbox().url}/oauth/connect`);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      response_type: 'code',
      client_id: SANDBOX_APP_CREDENTIALS.ETSY_API_KEY,
      redirect_uri: CALLBACK,
      scope: 'transactions_r listings_r shops_r email_r',
      state: 'abc',
      code_challenge: challenge,
      code_challenge_method: 'S256',
    });
    expect(etsyOAuth.pkce).toBe(true);
    expect(() => etsyOAuth.authorizeUrl(appFor(), { state: 'abc' })).toThrow(/PKCE/);
  });

  it('connects the shop: id and name from getMe and getShop, 1 h tokens prefixed with the user id', async () => {
    const granted = await connect();
    const store = sandbox().data.store('etsy');
    const userId = store.spec.token.split('.')[0];
    expect(granted).toEqual({
      storeId: store.spec.storeId,
      storeName: store.spec.name,
      storeCurrency: store.spec.currency,
      apiBaseUrl: sandbox().url,
      accessToken: expect.stringMatching(new RegExp(`^${userId}\\.`)),
      accessTokenExpiresAt: new Date(NOW.getTime() + HOUR),
      refreshToken: expect.stringMatching(new RegExp(`^${userId}\\.`)),
      refreshTokenExpiresAt: new Date(NOW.getTime() + 90 * DAY),
      scopes: ['transactions_r', 'listings_r', 'shops_r', 'email_r'],
    });
    const page = await etsyConnector.fetchOrders(contextOf(granted), { updatedFrom: RECENT, pageSize: 10 });
    expect(page.records.length).toBeGreaterThan(0);

    sandbox().state.clock.advance(HOUR + 1000);
    await expect(
      etsyConnector.fetchOrders(contextOf(granted), { updatedFrom: RECENT, pageSize: 10 }),
    ).rejects.toBeInstanceOf(AuthError);
  });

  it('rotates both tokens on refresh: the old refresh token is then refused with invalid_grant', async () => {
    const granted = await connect();
    const ctx = contextOf(granted);
    const refreshed = await refreshAccessToken(ctx, granted.refreshToken!);
    expect(refreshed).toEqual({
      accessToken: expect.any(String),
      expiresAt: new Date(NOW.getTime() + HOUR),
      refreshToken: expect.any(String),
      refreshTokenExpiresAt: new Date(NOW.getTime() + 90 * DAY),
    });
    expect(refreshed.refreshToken).not.toBe(granted.refreshToken);
    expect(
      (
        await etsyConnector.fetchOrders(contextOf(granted, refreshed.accessToken), {
          updatedFrom: RECENT,
          pageSize: 10,
        })
      ).records.length,
    ).toBeGreaterThan(0);

    const old = refreshAccessToken(ctx, granted.refreshToken!);
    await expect(old).rejects.toBeInstanceOf(AuthError);
    await expect(old).rejects.toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
    await expect(refreshAccessToken(ctx, refreshed.refreshToken!)).resolves.toMatchObject({
      accessToken: expect.any(String),
    });
  });

  it('refuses a refresh token older than 90 days', async () => {
    const granted = await connect();
    sandbox().state.clock.advance(90 * DAY + 1000);
    await expect(refreshAccessToken(contextOf(granted), granted.refreshToken!)).rejects.toBeInstanceOf(AuthError);
  });

  it('refuses a wrong code_verifier, a replayed code and another redirect_uri', async () => {
    const app = appFor();
    const { verifier, challenge } = pkcePair();
    const wrongVerifier = etsyOAuth.parseCallback(app, await consent(challenge));
    const refused = etsyOAuth.exchangeCode(app, { ...wrongVerifier, codeVerifier: pkcePair().verifier });
    await expect(refused).rejects.toBeInstanceOf(AuthError);
    await expect(refused).rejects.toMatchObject({
      body: { error: 'invalid_grant', error_description: 'code_verifier does not match the code_challenge' },
    });

    const params = etsyOAuth.parseCallback(app, await consent(challenge));
    await etsyOAuth.exchangeCode(app, { ...params, codeVerifier: verifier });
    await expect(etsyOAuth.exchangeCode(app, { ...params, codeVerifier: verifier })).rejects.toMatchObject({
      body: { error: 'invalid_grant' },
    });

    const other = etsyOAuth.parseCallback(app, await consent(challenge));
    await expect(
      etsyOAuth.exchangeCode(appFor('http://127.0.0.1:1/elsewhere'), { ...other, codeVerifier: verifier }),
    ).rejects.toMatchObject({
      body: { error: 'invalid_grant', error_description: 'redirect_uri does not match the authorization request' },
    });
    await expect(etsyOAuth.exchangeCode(app, { ...other })).rejects.toThrow(/code verifier/);
  });

  it('sends a consent without a challenge back as invalid_request', async () => {
    const url = new URL(etsyOAuth.authorizeUrl(appFor(), { state: 'st', codeChallenge: pkcePair().challenge }));
    url.searchParams.delete('code_challenge');
    const res = await fetch(url, { redirect: 'manual' });
    const back = new URL(res.headers.get('location')!);
    expect(Object.fromEntries(back.searchParams)).toMatchObject({ error: 'invalid_request', state: 'st' });
    expect(back.searchParams.has('code')).toBe(false);
  });

  it('reads a refusal as OAuthDenied and a callback without state as invalid', async () => {
    await sandbox().control('/oauth/consent', { decision: 'deny' });
    const query = await consent(pkcePair().challenge, 'st-deny');
    expect(query).toMatchObject({ error: 'access_denied', state: 'st-deny' });
    expect(() => etsyOAuth.parseCallback(appFor(), query)).toThrow(OAuthDenied);
    expect(() => etsyOAuth.parseCallback(appFor(), { code: 'c' })).toThrow(OAuthCallbackInvalid);
  });
});
