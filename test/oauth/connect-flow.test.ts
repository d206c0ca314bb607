import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { createConnectLink } from '../../src/connections/connect-link.ts';
import { connectorContext } from '../../src/connections/connector-context.ts';
import { decryptToken, encryptToken } from '../../src/crypto/tokens.ts';
import { MarketplaceType } from '../../src/generated/prisma/enums.ts';
import { createApp } from '../../src/http/app.ts';
import { CONNECTORS, MARKETPLACE_NAMES, marketplaceSlug, OAUTH_PROVIDERS } from '../../src/marketplaces/registry.ts';
import { claimOAuthState, createOAuthState } from '../../src/oauth/oauth-state.ts';
import type { SandboxMarketplace } from '../../src/sandbox/types.ts';
import { walkOrders } from '../helpers/sandbox.ts';
import {
  Browser,
  createSeller,
  formAction,
  formState,
  type Harness,
  PUBLIC,
  type Step,
  startHarness,
} from './harness.ts';

const DAY = 86_400_000;
const SHOP = 'frame-demo-us.myshopify.com';

const sandboxOf = (m: MarketplaceType) => m.toLowerCase() as SandboxMarketplace;

describe('OAuth connect flows through the app and the sandboxes', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.close();
  });
  afterEach(async () => {
    for (const m of Object.values(MarketplaceType))
      await h.control(sandboxOf(m), '/oauth/consent', { decision: 'approve' });
  });

  const connectionsOf = (userId: string) => h.rt.db.marketplaceConnection.findMany({ where: { userId } });

  /** From a connect link to the first page, through the shop form where there is one. */
  async function connect(m: MarketplaceType, userId: string, browser = new Browser(h.app)): Promise<Step> {
    const { url } = await createConnectLink(h.rt, userId, m);
    const first = await browser.openLink(url);
    const state = formState(first.text);
    return state ? browser.follow(formAction(first.text)!, { state, shop: SHOP }) : first;
  }

  /** Follows the flow until the marketplace sends the browser to our callback; returns that URL unvisited. */
  async function untilCallback(m: MarketplaceType, userId: string, browser = new Browser(h.app)): Promise<string> {
    const { url } = await createConnectLink(h.rt, userId, m);
    let step = await browser.openLink(url, false);
    const state = formState(step.text);
    if (state) step = await browser.go(`${PUBLIC}/oauth/${marketplaceSlug(m)}/start`, { state, shop: SHOP });
    const callback = `${PUBLIC}/oauth/${marketplaceSlug(m)}/callback`;
    while (step.location && !step.location.startsWith(callback))
      step = await browser.go(new URL(step.location, step.url).toString());
    if (!step.location)
      throw new Error(`the flow stopped before the callback: ${step.status} ${step.text.slice(0, 300)}`);
    return step.location;
  }

  async function expectNothingStored(userId: string) {
    expect(await connectionsOf(userId)).toEqual([]);
    expect(h.dms.filter((d) => d.to.userId === userId)).toEqual([]);
  }

  it('has a provider for every marketplace', () => {
    expect(Object.keys(OAUTH_PROVIDERS).sort()).toEqual(Object.values(MarketplaceType).sort());
  });

  describe.each(Object.values(MarketplaceType))('%s', (m) => {
    const name = MARKETPLACE_NAMES[m];

    it('connects: link, start, consent, callback; tokens encrypted, first sync queued, DM sent, orders readable', async () => {
      expect(OAUTH_PROVIDERS[m]).toBeDefined();
      const userId = await createSeller(h, `Seller of ${m}`);
      const browser = new Browser(h.app);
      const page = await connect(m, userId, browser);
      expect({ status: page.status, text: page.text }).toEqual({
        status: 200,
        text: expect.stringContaining(`${name} connected`),
      });
      // the browser really went through the marketplace's consent endpoint
      expect(browser.visited.some((s) => s.url.startsWith(h.sandboxes.urls[sandboxOf(m)]))).toBe(true);

      const [row, ...others] = await connectionsOf(userId);
      expect(others).toEqual([]);
      const expectedStore = m === 'SHOPIFY' ? SHOP : h.sandboxes.data.storesOf(sandboxOf(m))[0]!.spec.storeId;
      expect(row).toMatchObject({ marketplace: m, status: 'CONNECTED', storeId: expectedStore, lastError: null });
      const accessToken = decryptToken(row!.accessTokenEnc!, h.rt.keyRing);
      const refreshToken = row!.refreshTokenEnc ? decryptToken(row!.refreshTokenEnc, h.rt.keyRing) : null;
      const [{ json }] = (await h.rt.db.$queryRaw<
        { json: string }[]
      >`SELECT row_to_json(c)::text AS json FROM "MarketplaceConnection" c WHERE id = ${row!.id}`) as [
        { json: string },
      ];
      expect(json).not.toContain(accessToken);
      if (refreshToken) expect(json).not.toContain(refreshToken);

      expect(h.enqueued.filter(([id]) => id === row!.id)).toEqual([[row!.id, undefined]]);
      const dms = h.dms.filter((d) => d.to.userId === userId);
      expect(dms).toHaveLength(1);
      expect(dms[0]!.text).toContain(`${name} connected — first sync started`);
      expect(await h.rt.db.oAuthState.count({ where: { userId, usedAt: { not: null } } })).toBe(1);
      expect(browser.cookies.size).toBe(0);

      const ctx = { ...connectorContext(row!, h.rt), http: { minDelayMs: 5, maxDelayMs: 50, retries: 1 } };
      // some connectors read in windows or states: walk the pages (a small store) until the orders show
      const orders = await walkOrders(CONNECTORS[m], ctx, new Date(Date.now() - 400 * DAY));
      expect(orders.records.length).toBeGreaterThan(0);
    });

    it('a declined consent shows "you declined" and stores nothing', async () => {
      const userId = await createSeller(h, `Declining seller of ${m}`);
      await h.control(sandboxOf(m), '/oauth/consent', { decision: 'deny' });
      const page = await connect(m, userId);
      expect(page.status).toBe(200);
      expect(page.text).toContain('You declined');
      await expectNothingStored(userId);
    });
  });

  describe.each(['SHOPIFY', 'BIGCOMMERCE', 'SQUARE'] as const)('%s: the state', (m) => {
    it('a replayed callback is refused and changes nothing', async () => {
      const userId = await createSeller(h, `Replayed seller of ${m}`);
      const browser = new Browser(h.app);
      const callback = await untilCallback(m, userId, browser);
      // BigCommerce's binding cookie is cleared by the first callback: a replay from the same browser sends none
      const replayCookies = new Map(browser.cookies);
      expect((await browser.follow(callback)).status).toBe(200);
      const before = await connectionsOf(userId);
      const queued = h.enqueued.length;

      const replay = new Browser(h.app);
      for (const [k, v] of replayCookies) replay.cookies.set(k, v);
      const page = await replay.follow(callback);
      expect(page.status).toBe(400);
      expect(page.text).toContain('already used or has expired');
      expect(await connectionsOf(userId)).toEqual(before);
      expect(h.enqueued.length).toBe(queued);
      expect(h.dms.filter((d) => d.to.userId === userId)).toHaveLength(1);
    });
  });

  it('Square: a callback with an unknown state is refused, nothing stored', async () => {
    const userId = await createSeller(h, 'Forged Square seller');
    const callback = new URL(await untilCallback('SQUARE', userId));
    callback.searchParams.set('state', 'forged-state-0123456789abcdefghijklmnopqrstuv');
    const page = await new Browser(h.app).follow(callback.toString());
    expect(page.status).toBe(400);
    expect(page.text).toContain('already used or has expired');
    await expectNothingStored(userId);
  });

  it('BigCommerce: a callback from a browser that did not start the flow is refused', async () => {
    const userId = await createSeller(h, 'Unbound BigCommerce seller');
    const callback = await untilCallback('BIGCOMMERCE', userId);
    const page = await new Browser(h.app).follow(callback);
    expect(page.status).toBe(400);
    expect(page.text).toContain('did not start the connection');
    await expectNothingStored(userId);
  });

  it('Shopify: an altered HMAC is refused, and the genuine callback still works afterwards', async () => {
    const userId = await createSeller(h, 'Forged Shopify seller');
    const browser = new Browser(h.app);
    const genuine = await untilCallback('SHOPIFY', userId, browser);
    const forged = new URL(genuine);
    const hmac = forged.searchParams.get('hmac')!;
    forged.searchParams.set('hmac', `${hmac.slice(0, -1)}${hmac.endsWith('0') ? '1' : '0'}`);
    const page = await browser.follow(forged.toString());
    expect(page.status).toBe(400);
    expect(page.text).toContain('valid signature');
    const swapped = new URL(genuine);
    swapped.searchParams.set('shop', 'frame-demo-eu.myshopify.com');
    expect((await browser.follow(swapped.toString())).status).toBe(400);
    await expectNothingStored(userId);

    expect((await new Browser(h.app).follow(genuine)).status).toBe(200);
    expect(await connectionsOf(userId)).toHaveLength(1);
  });

  it('Shopify: the shop form refuses anything but <name>.myshopify.com and shows the error', async () => {
    const userId = await createSeller(h, 'Mistyped Shopify seller');
    const browser = new Browser(h.app);
    const { url } = await createConnectLink(h.rt, userId, 'SHOPIFY');
    const form = await browser.openLink(url);
    expect(form.status).toBe(200);
    const state = formState(form.text)!;
    for (const shop of [
      'frame-demo-us.example.com',
      'https://evil.test/?x=.myshopify.com',
      '<script>alert(1)</script>',
    ]) {
      const again = await browser.go(`${PUBLIC}/oauth/shopify/start`, { state, shop });
      expect(again.status).toBe(400);
      expect(again.text).toContain('is not a Shopify shop address');
      expect(again.text).not.toContain('<script>');
      expect(formState(again.text)).toBe(state);
    }
    const onward = await browser.go(`${PUBLIC}/oauth/shopify/start`, {
      state,
      shop: ' HTTPS://Frame-Demo-US.myshopify.com/ ',
    });
    expect(onward.status).toBe(302);
    expect(new URL(onward.location!).searchParams.get('shop')).toBe(SHOP);
    expect(await h.rt.db.oAuthState.findUnique({ where: { state } })).toMatchObject({ storeId: SHOP, usedAt: null });
  });

  it('Square: a code verifier that does not match the challenge is refused by Square; a clear page, nothing stored', async () => {
    const userId = await createSeller(h, 'PKCE Square seller');
    const callback = await untilCallback('SQUARE', userId);
    const state = new URL(callback).searchParams.get('state')!;
    await h.rt.db.oAuthState.update({
      where: { state },
      data: {
        codeVerifier: encryptToken('a-verifier-that-is-not-the-one-behind-the-challenge-0123456789', h.rt.keyRing),
      },
    });
    const exchangesBefore = (await h.stats('square')).exchanges;
    const page = await new Browser(h.app).follow(callback);
    expect(page.status).toBe(502);
    expect(page.text).toContain('Square did not complete the connection');
    expect((await h.stats('square')).exchanges).toBe(exchangesBefore);
    await expectNothingStored(userId);
  });

  it('an expired connect link and a used one get a clear page, and no flow starts', async () => {
    const userId = await createSeller(h, 'Late seller');
    const expired = await createConnectLink(h.rt, userId, 'SQUARE', new Date(Date.now() - 31 * 60_000));
    const late = await new Browser(h.app).go(expired.url);
    expect(late.status).toBe(410);
    expect(late.text).toContain('This connect link has expired');
    expect(late.location).toBeUndefined();

    const link = await createConnectLink(h.rt, userId, 'SQUARE');
    // a link preview (a GET) uses nothing up; the button does
    for (let i = 0; i < 2; i++) {
      const preview = await new Browser(h.app).go(link.url);
      expect(preview.status).toBe(200);
      expect(preview.text).toContain('Continue to Square');
    }
    expect(await h.rt.db.oAuthState.count({ where: { userId } })).toBe(0);
    expect((await new Browser(h.app).openLink(link.url, false)).status).toBe(302);
    const twice = await new Browser(h.app).go(link.url);
    expect(twice.status).toBe(400);
    expect(twice.text).toContain('already used');

    const forged = await new Browser(h.app).go(
      `${PUBLIC}/oauth/square/start?link=${link.url.split('link=')[1]!.replace(/.$/, 'x')}`,
    );
    expect(forged.status).toBe(400);
    expect(forged.text).toContain('not valid');
    expect(await h.rt.db.oAuthState.count({ where: { userId } })).toBe(1);
  });

  it('pages are not cached, send no Referer, run no script and are framed by BigCommerce only', async () => {
    const shopify = await request(h.app).get(
      '/oauth/shopify/callback?code=c&state=s&shop=frame-demo-us.myshopify.com&hmac=00',
    );
    expect(shopify.status).toBe(400);
    expect(shopify.headers).toMatchObject({
      'cache-control': 'no-store',
      'referrer-policy': 'no-referrer',
      'x-frame-options': 'DENY',
    });
    expect(shopify.headers['content-security-policy']).toMatch(/default-src 'none'.*frame-ancestors 'none'/);
    const bigcommerce = await request(h.app).get('/oauth/bigcommerce/callback?code=c&context=stores/g5cd38&scope=x');
    expect(bigcommerce.headers['content-security-policy']).toContain('frame-ancestors https://*.bigcommerce.com');
    expect(bigcommerce.headers['x-frame-options']).toBeUndefined();
    expect((await request(h.app).get('/oauth/square/callback?code=a&code=b&state=s')).status).toBe(400);
  });

  it('a state is claimed once, only by its own marketplace and before it expires', async () => {
    const userId = await createSeller(h, 'State seller');
    const now = new Date();
    const square = await createOAuthState(h.rt, { userId, marketplace: 'SQUARE', pkce: true }, now);
    expect(await claimOAuthState(h.rt, square.state, 'SHOPIFY', now)).toBeNull();
    expect(await claimOAuthState(h.rt, square.state, 'SQUARE', new Date(now.getTime() + 11 * 60_000))).toBeNull();
    const claims = await Promise.all(
      Array.from({ length: 5 }, () => claimOAuthState(h.rt, square.state, 'SQUARE', now)),
    );
    expect(claims.filter(Boolean)).toHaveLength(1);
    expect(claims.find(Boolean)).toMatchObject({ userId, codeVerifier: expect.stringMatching(/^[A-Za-z0-9_-]{64}$/) });
    const row = await h.rt.db.oAuthState.findUniqueOrThrow({ where: { state: square.state } });
    expect(row.codeVerifier).not.toBe(claims.find(Boolean)!.codeVerifier);
  });

  it('an unknown marketplace or one without app credentials gets a page, and the link stays usable', async () => {
    expect((await new Browser(h.app).go(`${PUBLIC}/oauth/amazon/start?link=x.y`)).status).toBe(404);
    const userId = await createSeller(h, 'Early seller');
    const link = await createConnectLink(h.rt, userId, 'SQUARE');
    const config = {
      ...h.rt.config,
      marketplaces: { ...h.rt.config.marketplaces, SQUARE: { ...h.rt.config.marketplaces.SQUARE, enabled: false } },
    };
    const closed = await new Browser(createApp({ ...h.rt, config })).go(link.url);
    expect(closed.status).toBe(503);
    expect(closed.text).toContain('Square cannot be connected on this server yet');
    expect((await new Browser(h.app).openLink(link.url, false)).status).toBe(302);
  });
});
