import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ensureAccessToken, ReconnectNeeded } from '../../src/connections/access-token.ts';
import { connectorContext } from '../../src/connections/connector-context.ts';
import { disconnectConnection } from '../../src/connections/disconnect.ts';
import { markNeedsReauth } from '../../src/connections/mark-needs-reauth.ts';
import { decryptToken, encryptToken } from '../../src/crypto/tokens.ts';
import { shopifyConnector } from '../../src/marketplaces/shopify/index.ts';
import { SANDBOX_APP_CREDENTIALS } from '../../src/sandbox/generator/index.ts';
import type { IssuedTokens } from '../../src/sandbox/kit.ts';
import { findDueConnections } from '../../src/sync/find-due.ts';
import { type SyncDeps, syncConnection } from '../../src/sync/sync-connection.ts';
import { childEnv, ROOT } from '../helpers/spawn.ts';
import { Browser, connectThroughFlow, createSeller, formState, type Harness, PUBLIC, startHarness } from './harness.ts';

const MINUTE = 60_000;
const WORKER = fileURLToPath(new URL('./refresh-worker.ts', import.meta.url));
const FAST = { minDelayMs: 5, maxDelayMs: 20, retries: 1 };

describe('the token lifecycle', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness({ orders: 150 });
  });
  afterAll(async () => {
    await h?.close();
  });

  const syncDeps = (): SyncDeps => ({ ...h.rt, http: FAST, notifier: h.notifier });
  const rowOf = (id: string) => h.rt.db.marketplaceConnection.findUniqueOrThrow({ where: { id } });
  const dmsOf = (userId: string) => h.dms.filter((d) => d.to.userId === userId);

  /** A Shopify connection holding a token pair the sandbox issued (refresh tokens rotate), the access token expiring in `ttlSeconds`. */
  async function shopifyConnection(storeKey: string, ttlSeconds: number, refreshToken?: string) {
    const tokens = (await h.control('shopify', '/tokens/issue', {
      store: storeKey,
      accessTtlSeconds: ttlSeconds,
    })) as IssuedTokens;
    const userId = await createSeller(h, `Seller of ${storeKey}`);
    const store = h.sandboxes.data.store(storeKey).spec;
    const row = await h.rt.db.marketplaceConnection.create({
      data: {
        userId,
        marketplace: 'SHOPIFY',
        storeId: store.storeId,
        storeTimeZone: store.timeZone,
        apiBaseUrl: h.sandboxes.urls.shopify,
        accessTokenEnc: encryptToken(tokens.accessToken, h.rt.keyRing),
        accessTokenExpiresAt: new Date(Date.now() + ttlSeconds * 1000),
        refreshTokenEnc: encryptToken(refreshToken ?? tokens.refreshToken, h.rt.keyRing),
      },
    });
    return { connectionId: row.id, userId, tokens };
  }

  /** Shopify's token endpoint, called as another app instance would. */
  const refreshAtShopify = (refreshToken: string) =>
    fetch(`${h.sandboxes.urls.shopify}/admin/oauth/access_token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        client_id: SANDBOX_APP_CREDENTIALS.SHOPIFY_API_KEY,
        client_secret: SANDBOX_APP_CREDENTIALS.SHOPIFY_API_SECRET,
        refresh_token: refreshToken,
        grant_type: 'refresh_token',
      }),
    });

  function startWorker(connectionId: string): {
    child: ChildProcessWithoutNullStreams;
    ready: Promise<void>;
    result: Promise<{ token?: string; error?: string }[]>;
  } {
    const child = spawn(process.execPath, ['--import', 'tsx', WORKER], {
      cwd: ROOT,
      env: childEnv({ ...h.env, DATABASE_URL: h.db.url, CONNECTION_ID: connectionId, CALLERS: '10' }),
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d));
    const lines = createInterface({ input: child.stdout });
    const iterator = lines[Symbol.asyncIterator]();
    const next = async () => {
      const line = await iterator.next();
      if (line.done) throw new Error(`the refresh worker stopped early: ${stderr}`);
      return line.value;
    };
    const ready = next().then((line) => expect(line).toBe('ready'));
    const result = ready.then(async () => JSON.parse(await next()) as { token?: string; error?: string }[]);
    return { child, ready, result };
  }

  it('20 concurrent refreshes from two processes: one refresh at the marketplace, one new token for all, the rotated refresh token kept', async () => {
    const { connectionId, tokens } = await shopifyConnection('shopify-us', 60);
    const refreshesBefore = (await h.stats('shopify')).refreshes;

    const workers = [startWorker(connectionId), startWorker(connectionId)];
    await Promise.all(workers.map((w) => w.ready));
    for (const w of workers) w.child.stdin.write('go\n');
    const results = (await Promise.all(workers.map((w) => w.result))).flat();
    await Promise.all(
      workers.map(
        (w) => new Promise((resolve) => (w.child.exitCode !== null ? resolve(null) : w.child.once('exit', resolve))),
      ),
    );

    expect(results).toHaveLength(20);
    const issued = new Set(results.map((r) => r.token ?? r.error));
    expect(issued.size).toBe(1);
    const [token] = [...issued];
    expect(token).toMatch(/^shpat_/);
    expect(token).not.toBe(tokens.accessToken);
    expect((await h.stats('shopify')).refreshes! - refreshesBefore!).toBe(1);

    const row = await rowOf(connectionId);
    expect(decryptToken(row.accessTokenEnc!, h.rt.keyRing)).toBe(token);
    expect(row.accessTokenExpiresAt!.getTime()).toBeGreaterThan(Date.now() + 50 * MINUTE);
    const stored = decryptToken(row.refreshTokenEnc!, h.rt.keyRing);
    expect(stored).not.toBe(tokens.refreshToken);

    // the new access token reads the shop; the old refresh token is spent; the stored one works
    const ctx = { ...connectorContext(row, h.rt), http: FAST };
    expect(
      (await shopifyConnector.fetchOrders(ctx, { updatedFrom: new Date(Date.now() - 400 * 86_400_000), pageSize: 5 }))
        .records.length,
    ).toBeGreaterThan(0);
    const spent = await refreshAtShopify(tokens.refreshToken);
    expect(spent.status).toBe(400);
    expect(await spent.json()).toMatchObject({ error: 'invalid_grant' });
    expect((await refreshAtShopify(stored)).status).toBe(200);
  });

  it('a token refused mid-sync (401) is refreshed once and the sync goes on', async () => {
    const { connectionId, userId, tokens } = await shopifyConnection('shopify-eu', 3600);
    await h.control('shopify', '/tokens/expire', { token: tokens.accessToken });
    const refreshesBefore = (await h.stats('shopify')).refreshes;

    const report = await syncConnection(syncDeps(), connectionId, { trigger: 'MANUAL' });
    expect(report.status).toBe('SUCCESS');
    expect(report.streams.map((s) => s.status)).toEqual(['SUCCESS', 'SUCCESS']);
    expect((await h.stats('shopify')).refreshes! - refreshesBefore!).toBe(1);
    const row = await rowOf(connectionId);
    expect(row.status).toBe('CONNECTED');
    expect(decryptToken(row.accessTokenEnc!, h.rt.keyRing)).not.toBe(tokens.accessToken);
    expect(dmsOf(userId)).toEqual([]);

    // callers holding the refused token all get the one refreshed token
    const fresh = decryptToken(row.accessTokenEnc!, h.rt.keyRing);
    const again = await Promise.all(
      Array.from({ length: 5 }, () => ensureAccessToken(h.rt, connectionId, { rejected: tokens.accessToken })),
    );
    expect(new Set(again.map((t) => t.accessToken))).toEqual(new Set([fresh]));
    expect((await h.stats('shopify')).refreshes! - refreshesBefore!).toBe(1);
  });

  it('a refresh that fails for another reason (5xx) keeps the connection and the refresh token', async () => {
    const { connectionId, userId, tokens } = await shopifyConnection('shopify-eu', 60);
    await h.control('shopify', '/faults', { failNext: 2 });
    const deps = { ...h.rt, http: FAST, notifier: h.notifier };
    const err = await ensureAccessToken(deps, connectionId).catch((e: unknown) => e);
    await h.control('shopify', '/faults/reset');
    expect(err).toBeInstanceOf(Error);
    expect(err).not.toBeInstanceOf(ReconnectNeeded);
    const row = await rowOf(connectionId);
    expect(row.status).toBe('CONNECTED');
    expect(row.lastError).toMatch(/token refresh failed/);
    expect(decryptToken(row.refreshTokenEnc!, h.rt.keyRing)).toBe(tokens.refreshToken);
    expect(dmsOf(userId)).toEqual([]);
    // the next caller refreshes with the same, still valid refresh token
    expect((await ensureAccessToken(deps, connectionId)).accessToken).not.toBe(tokens.accessToken);
  });

  it('invalid_grant: NEEDS_REAUTH once, one DM with a working reconnect link, and syncs skip the connection', async () => {
    const issued = (await h.control('shopify', '/tokens/issue', {
      store: 'shopify-us',
      accessTtlSeconds: 60,
    })) as IssuedTokens;
    expect((await refreshAtShopify(issued.refreshToken)).status).toBe(200);
    const { connectionId, userId } = await shopifyConnection('shopify-us', 60, issued.refreshToken);
    const deps = syncDeps();

    const outcomes = await Promise.allSettled([
      ...Array.from({ length: 3 }, () => ensureAccessToken(deps, connectionId)),
      syncConnection(deps, connectionId, { trigger: 'CRON' }),
    ]);
    for (const o of outcomes.slice(0, 3))
      expect(o).toMatchObject({ status: 'rejected', reason: expect.any(ReconnectNeeded) });
    expect(outcomes[3]).toMatchObject({
      status: 'fulfilled',
      value: { status: expect.stringMatching(/^(FAILED|SKIPPED)$/) },
    });

    const row = await rowOf(connectionId);
    expect(row.status).toBe('NEEDS_REAUTH');
    expect(row.lastError).toMatch(/invalid_grant/);
    expect(await markNeedsReauth(deps, connectionId, 'refused again')).toBe(false);
    const dms = dmsOf(userId);
    expect(dms).toHaveLength(1);
    expect(dms[0]!.text).toMatch(/Shopify \(frame-demo-us\.myshopify\.com\) stopped syncing/);
    const link = /(http:\/\/frame\.test\/oauth\/shopify\/start\?link=\S+)/.exec(dms[0]!.text)?.[1];
    expect(link).toBeDefined();

    expect((await findDueConnections(h.rt.db, new Date(), 1000)).map((c) => c.id)).not.toContain(connectionId);
    expect((await syncConnection(deps, connectionId, { trigger: 'CRON' })).status).toBe('SKIPPED');
    await expect(ensureAccessToken(deps, connectionId)).rejects.toBeInstanceOf(ReconnectNeeded);

    // the link reconnects: the shop form, and the flow back to CONNECTED on the same row
    const browser = new Browser(h.app);
    const form = await browser.openLink(link!);
    expect(form.status).toBe(200);
    const page = await browser.follow(`${PUBLIC}/oauth/shopify/start`, {
      state: formState(form.text)!,
      shop: 'frame-demo-us.myshopify.com',
    });
    expect(page.status).toBe(200);
    expect(await rowOf(connectionId)).toMatchObject({ status: 'CONNECTED', lastError: null });
  });

  it('a connector without refresh: a revoked token marks NEEDS_REAUTH and DMs once', async () => {
    const userId = await createSeller(h, 'BigCommerce seller');
    const connectionId = await connectThroughFlow(h, 'BIGCOMMERCE', userId);
    const token = decryptToken((await rowOf(connectionId)).accessTokenEnc!, h.rt.keyRing);
    await h.control('bigcommerce', '/tokens/expire', { token });
    const report = await syncConnection(syncDeps(), connectionId, { trigger: 'CRON' });
    expect(report.status).toBe('FAILED');
    expect((await rowOf(connectionId)).status).toBe('NEEDS_REAUTH');
    const dms = dmsOf(userId);
    expect(dms.map((d) => d.text.split(' ')[0])).toEqual(['BigCommerce', 'BigCommerce']);
    expect(dms[1]!.text).toContain('stopped syncing');
  });

  describe('disconnect', () => {
    it('keep: Square revokes the authorization, our tokens are gone, the data stays; a reconnect syncs again', async () => {
      const userId = await createSeller(h, 'Square seller who keeps');
      const connectionId = await connectThroughFlow(h, 'SQUARE', userId);
      expect((await syncConnection(syncDeps(), connectionId, { trigger: 'MANUAL' })).status).toBe('SUCCESS');
      const before = await rowOf(connectionId);
      const accessToken = decryptToken(before.accessTokenEnc!, h.rt.keyRing);
      const orders = await h.rt.db.unifiedOrder.count({ where: { connectionId } });
      const products = await h.rt.db.unifiedProduct.count({ where: { connectionId } });
      expect(orders).toBeGreaterThan(0);
      expect(products).toBeGreaterThan(0);
      const revocations = (await h.stats('square')).revocations;

      expect(await disconnectConnection(h.rt, connectionId, { purge: false })).toEqual({
        revoked: true,
        purged: { orders: 0, products: 0 },
      });
      expect((await h.stats('square')).revocations).toBe(revocations! + 1);
      const locations = await fetch(`${h.sandboxes.urls.square}/v2/locations`, {
        headers: { authorization: `Bearer ${accessToken}` },
      });
      expect(locations.status).toBe(401);
      const row = await rowOf(connectionId);
      expect(row).toMatchObject({
        status: 'DISCONNECTED',
        accessTokenEnc: null,
        refreshTokenEnc: null,
        accessTokenExpiresAt: null,
      });
      expect(row.lastSyncAt).toEqual(before.lastSyncAt);
      expect(await h.rt.db.unifiedOrder.count({ where: { connectionId } })).toBe(orders);
      expect(await h.rt.db.unifiedProduct.count({ where: { connectionId } })).toBe(products);
      expect((await syncConnection(syncDeps(), connectionId, { trigger: 'CRON' })).status).toBe('SKIPPED');
      expect((await findDueConnections(h.rt.db, new Date(), 1000)).map((c) => c.id)).not.toContain(connectionId);

      expect(await connectThroughFlow(h, 'SQUARE', userId)).toBe(connectionId);
      expect(await rowOf(connectionId)).toMatchObject({ status: 'CONNECTED', syncLockedBy: null });
      expect((await syncConnection(syncDeps(), connectionId, { trigger: 'MANUAL' })).status).toBe('SUCCESS');
    });

    it('purge: deletes the connection’s orders, their items and products, and resets its cursors', async () => {
      const userId = await createSeller(h, 'Square seller who purges');
      const connectionId = await connectThroughFlow(h, 'SQUARE', userId);
      expect((await syncConnection(syncDeps(), connectionId, { trigger: 'MANUAL' })).status).toBe('SUCCESS');
      const orders = await h.rt.db.unifiedOrder.count({ where: { connectionId } });
      const products = await h.rt.db.unifiedProduct.count({ where: { connectionId } });
      expect(orders).toBeGreaterThan(0);

      expect(await disconnectConnection(h.rt, connectionId, { purge: true })).toEqual({
        revoked: true,
        purged: { orders, products },
      });
      expect(await h.rt.db.unifiedOrder.count({ where: { userId } })).toBe(0);
      expect(await h.rt.db.unifiedProduct.count({ where: { userId } })).toBe(0);
      expect(await h.rt.db.unifiedOrderItem.count({ where: { order: { userId } } })).toBe(0);
      expect(await rowOf(connectionId)).toMatchObject({
        status: 'DISCONNECTED',
        cursors: {},
        lastSyncAt: null,
        accessTokenEnc: null,
      });
    });

    it('a marketplace without a revoke endpoint: revoked false, tokens deleted anyway', async () => {
      const userId = await createSeller(h, 'BigCommerce seller who leaves');
      const connectionId = await connectThroughFlow(h, 'BIGCOMMERCE', userId);
      expect(await disconnectConnection(h.rt, connectionId, { purge: false })).toEqual({
        revoked: false,
        purged: { orders: 0, products: 0 },
      });
      expect(await rowOf(connectionId)).toMatchObject({ status: 'DISCONNECTED', accessTokenEnc: null });
    });
  });
});
