import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { loadConfig } from '../../src/config.ts';
import { createApp } from '../../src/http/app.ts';
import { createSyncEnqueuer } from '../../src/jobs/enqueue-sync.ts';
import type { Runtime } from '../../src/runtime.ts';
import { SANDBOX_APP_CREDENTIALS } from '../../src/sandbox/generator/index.ts';
import type { LifecycleStatus } from '../../src/sandbox/types.ts';
import type { EmitReport } from '../../src/sandbox/webhooks.ts';
import { startServer } from '../../src/server.ts';
import { type SyncDeps, syncConnection } from '../../src/sync/sync-connection.ts';
import { query, type ScratchDatabase } from '../helpers/db.ts';
import { LIFECYCLE_GROUPS } from '../helpers/lifecycle-statuses.ts';
import { NOW, startSandbox } from '../helpers/sandbox.ts';
import { connectSandboxStore, syncRuntime } from '../helpers/sync.ts';

const DAY = 86_400_000;
const sign = (key: string, message: string) => createHmac('sha256', key).update(message).digest('base64');

interface Delivery {
  body: string;
  headers: Record<string, string>;
}

interface Case {
  path: string;
  marketplace: 'SHOPIFY' | 'BIGCOMMERCE' | 'SQUARE';
  storeId: string;
  stream: 'ORDERS' | 'PRODUCTS';
  signatureHeader: string;
  deliver(storeId: string, eventId: string, secret: string): Delivery;
}

const CASES: Case[] = [
  {
    path: '/webhooks/shopify',
    marketplace: 'SHOPIFY',
    storeId: 'webhook-test.myshopify.com',
    stream: 'ORDERS',
    signatureHeader: 'X-Shopify-Hmac-Sha256',
    deliver(storeId, eventId, secret) {
      const body = JSON.stringify({
        id: 820982911946154500,
        admin_graphql_api_id: `gid://shopify/Order/${eventId}`,
        updated_at: '2026-11-01T12:00:00-05:00',
        financial_status: 'paid',
      });
      const headers = {
        'X-Shopify-Topic': 'orders/updated',
        'X-Shopify-Shop-Domain': storeId,
        'X-Shopify-Webhook-Id': eventId,
        'X-Shopify-Hmac-Sha256': sign(secret, body),
      };
      return { body, headers };
    },
  },
  {
    path: '/webhooks/bigcommerce',
    marketplace: 'BIGCOMMERCE',
    storeId: 'wh7k3p',
    stream: 'PRODUCTS',
    signatureHeader: 'webhook-signature',
    deliver(storeId, eventId, secret) {
      const body = JSON.stringify({
        scope: 'store/product/updated',
        store_id: '1025646',
        data: { type: 'product', id: 250 },
        hash: eventId,
        created_at: 1561479335,
        producer: `stores/${storeId}`,
      });
      const id = `msg_${eventId}`;
      const timestamp = String(Math.floor(Date.now() / 1000));
      return {
        body,
        headers: {
          'webhook-id': id,
          'webhook-timestamp': timestamp,
          'webhook-signature': `v1,${sign(secret, `${id}.${timestamp}.${body}`)}`,
        },
      };
    },
  },
  {
    path: '/webhooks/square',
    marketplace: 'SQUARE',
    storeId: 'LWEBHOOKTEST1',
    stream: 'ORDERS',
    signatureHeader: 'x-square-hmacsha256-signature',
    deliver(storeId, eventId, secret) {
      const body = JSON.stringify({
        merchant_id: '5S9MXCS9Y99KK',
        type: 'order.updated',
        event_id: eventId,
        created_at: '2020-04-16T23:14:26.359Z',
        data: {
          type: 'order_updated',
          id: 'eA3vssLHKJrv9H0IdJCM3gNqfdcZY',
          object: {
            order_updated: {
              order_id: 'eA3vssLHKJrv9H0IdJCM3gNqfdcZY',
              location_id: storeId,
              state: 'OPEN',
              version: 2,
            },
          },
        },
      });
      return {
        body,
        headers: { 'x-square-hmacsha256-signature': sign(secret, `http://localhost:3000/webhooks/square${body}`) },
      };
    },
  },
];

const SECRETS: Record<Case['marketplace'], string> = {
  SHOPIFY: SANDBOX_APP_CREDENTIALS.SHOPIFY_API_SECRET!,
  BIGCOMMERCE: SANDBOX_APP_CREDENTIALS.BIGCOMMERCE_CLIENT_SECRET!,
  SQUARE: SANDBOX_APP_CREDENTIALS.SQUARE_APPLICATION_SECRET!,
};

describe('marketplace webhooks', () => {
  let rt: Runtime;
  let db: ScratchDatabase;
  const queued: [string, string][] = [];
  const connectionOf: Partial<Record<Case['marketplace'], string>> = {};
  let eventNo = 0;
  const nextEventId = () => `evt${Date.now().toString(36)}${++eventNo}`;

  beforeAll(async () => {
    ({ rt, db } = await syncRuntime({ PUBLIC_BASE_URL: 'http://localhost:3000' }));
    const user = await rt.db.user.create({ data: { name: 'Webhook seller' } });
    for (const c of CASES) {
      const conn = await rt.db.marketplaceConnection.create({
        data: { userId: user.id, marketplace: c.marketplace, storeId: c.storeId },
      });
      connectionOf[c.marketplace] = conn.id;
    }
  });
  afterAll(async () => {
    await rt?.close();
    await db?.drop();
  });
  beforeEach(() => {
    queued.length = 0;
  });

  const app = () =>
    createApp({
      ...rt,
      enqueueSync: async (connectionId, stream) => void queued.push([connectionId, stream ?? 'ALL']),
    });
  const post = (c: Case, d: Delivery) =>
    request(app())
      .post(c.path)
      .set({ 'content-type': 'application/json', ...d.headers })
      .send(d.body);
  const rows = (c: Case, eventId: string) =>
    rt.db.webhookEvent.count({ where: { marketplace: c.marketplace, eventId } });

  describe.each(CASES)('$path', (c) => {
    it('queues one targeted sync for a valid delivery, and drops its redelivery', async () => {
      const eventId = nextEventId();
      const delivery = c.deliver(c.storeId, eventId, SECRETS[c.marketplace]);
      const first = await post(c, delivery);
      expect([first.status, first.body]).toEqual([200, { queued: 1 }]);
      expect(queued).toEqual([[connectionOf[c.marketplace], c.stream]]);
      const again = await post(c, delivery);
      expect([again.status, again.body]).toEqual([200, { duplicate: true }]);
      expect(queued).toHaveLength(1);
      const row = await rt.db.webhookEvent.findUniqueOrThrow({
        where: { marketplace_eventId: { marketplace: c.marketplace, eventId } },
      });
      expect(row.connectionId).toBe(connectionOf[c.marketplace]);
    });

    it('drops the same signed body re-sent under a new delivery id (the id is not signed everywhere)', async () => {
      const eventId = nextEventId();
      const delivery = c.deliver(c.storeId, eventId, SECRETS[c.marketplace]);
      expect((await post(c, delivery)).body).toEqual({ queued: 1 });
      const idHeader = Object.keys(delivery.headers).find((h) => /webhook-id$/i.test(h));
      if (idHeader) {
        const replay = {
          ...delivery,
          headers: { ...delivery.headers, [idHeader]: `${delivery.headers[idHeader]}-replayed` },
        };
        const res = await post(c, replay);
        // Shopify signs only the body: the replay verifies and is dropped as the same body; BigCommerce signs the id too: refused
        expect(res.status === 200 ? res.body : res.status).toEqual(
          c.marketplace === 'SHOPIFY' ? { duplicate: true } : 401,
        );
      }
      expect(queued).toHaveLength(1);
    });

    it('answers 401 to a bad signature and records nothing', async () => {
      const eventId = nextEventId();
      const res = await post(c, c.deliver(c.storeId, eventId, 'not-the-app-secret'));
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('BAD_SIGNATURE');
      expect(await rows(c, eventId)).toBe(0);
      expect(queued).toEqual([]);
    });

    it('answers 401 to a missing signature', async () => {
      const eventId = nextEventId();
      const delivery = c.deliver(c.storeId, eventId, SECRETS[c.marketplace]);
      delete delivery.headers[c.signatureHeader];
      const res = await post(c, delivery);
      expect(res.status).toBe(401);
      expect(await rows(c, eventId)).toBe(0);
      expect(queued).toEqual([]);
    });

    it('acknowledges an unknown store without queueing anything', async () => {
      const eventId = nextEventId();
      const res = await post(c, c.deliver('unknownstore9', eventId, SECRETS[c.marketplace]));
      expect(res.status).toBe(200);
      expect(res.body.ignored).toBe(true);
      expect(await rows(c, eventId)).toBe(0);
      expect(queued).toEqual([]);
    });
  });

  it("Square: with SQUARE_WEBHOOK_SIGNATURE_KEY set, deliveries are checked with the subscription's key, not the app secret", async () => {
    const square = CASES.find((c) => c.marketplace === 'SQUARE')!;
    const key = 'square-subscription-signature-key';
    const env = {
      NODE_ENV: 'test',
      DATABASE_URL: db.url,
      PUBLIC_BASE_URL: 'http://localhost:3000',
      ...SANDBOX_APP_CREDENTIALS,
      SQUARE_WEBHOOK_SIGNATURE_KEY: key,
    };
    const keyed = createApp({
      ...rt,
      config: loadConfig(env),
      enqueueSync: async (connectionId, stream) => void queued.push([connectionId, stream ?? 'ALL']),
    });
    const send = (d: Delivery) =>
      request(keyed)
        .post(square.path)
        .set({ 'content-type': 'application/json', ...d.headers })
        .send(d.body);
    expect((await send(square.deliver(square.storeId, nextEventId(), SECRETS.SQUARE))).status).toBe(401);
    expect((await send(square.deliver(square.storeId, nextEventId(), key))).body).toEqual({ queued: 1 });
    expect(queued).toEqual([[connectionOf.SQUARE, square.stream]]);
  });

  it("the web process's default enqueuer stores a sync-connection job for the worker", async () => {
    const enqueuer = await createSyncEnqueuer(rt);
    try {
      await enqueuer.enqueue(connectionOf.SHOPIFY!, 'ORDERS');
    } finally {
      await enqueuer.close();
    }
    const jobs = await query<{ data: unknown }>(db.url, 'SELECT data FROM agenda_jobs WHERE name = $1', [
      'sync-connection',
    ]);
    expect(jobs.map((j) => j.data)).toEqual([
      { connectionId: connectionOf.SHOPIFY, trigger: 'WEBHOOK', streams: ['ORDERS'] },
    ]);
  });

  it('end to end: the Shopify sandbox emits signed webhooks and the changed orders are synced', async () => {
    const sandbox = await startSandbox('shopify', { orders: 8000, seed: 3 });
    const deps: SyncDeps = { ...rt, now: () => sandbox.state.clock.now(), http: { minDelayMs: 5, maxDelayMs: 20 } };
    const web = await startServer(rt, {
      port: 0,
      host: '127.0.0.1',
      enqueueSync: async (id, stream) =>
        void (await syncConnection(deps, id, { trigger: 'WEBHOOK', ...(stream && { streams: [stream] }) })),
    });
    try {
      const { connectionId } = await connectSandboxStore(rt, sandbox, 'shopify-us');
      expect((await syncConnection(deps, connectionId, { trigger: 'MANUAL' })).status).toBe('SUCCESS');
      await sandbox.control('/webhooks/subscribe', { url: `${web.url}/webhooks/shopify`, secret: SECRETS.SHOPIFY });

      sandbox.state.clock.advance(DAY);
      const later = sandbox.state.clock.now();
      const store = sandbox.data.store('shopify-us');
      // the Shopify reading of the lifecycle: unfulfilled → PENDING, fulfilled → DELIVERED, refunded before shipping → CANCELLED
      const unified = (s: LifecycleStatus) => LIFECYCLE_GROUPS.shopify.find(([life]) => life.includes(s))![1][0];
      const changed = [...store.updatedBetween(NOW, null, later)]
        .map((i) => ({ before: store.order(i, NOW), after: store.order(i, later)! }))
        .find((o) => o.before && unified(o.before.status) !== unified(o.after.status))!;
      expect(changed).toBeDefined();
      const stored = () =>
        rt.db.unifiedOrder.findFirstOrThrow({
          where: { connectionId, externalOrderId: { endsWith: `/${changed.after.id}` } },
        });
      expect((await stored()).status).toBe(unified(changed.before!.status));

      const report = (await sandbox.control('/webhooks/emit')) as EmitReport;
      expect(report.sent).toBeGreaterThan(0);
      expect(report.delivered).toBe(report.sent);
      expect((await stored()).status).toBe(unified(changed.after.status));
      const newest = store.createdBetween(NOW, null, later);
      expect(newest.end).toBeGreaterThan(newest.start);
      const created = store.order(newest.end - 1, later)!;
      expect(
        await rt.db.unifiedOrder.count({ where: { connectionId, externalOrderId: { endsWith: `/${created.id}` } } }),
      ).toBe(1);
      const logs = await rt.db.unifiedSyncLog.findMany({ where: { connectionId, trigger: 'WEBHOOK' } });
      expect(logs.length).toBeGreaterThan(0);
      expect(logs.every((l) => l.stream === 'ORDERS' && l.status === 'SUCCESS')).toBe(true);

      const repeat = (await sandbox.control('/webhooks/emit', { sinceIso: NOW.toISOString() })) as EmitReport;
      expect(repeat.sent).toBe(report.sent);
      expect(await rt.db.unifiedSyncLog.count({ where: { connectionId, trigger: 'WEBHOOK' } })).toBe(logs.length);
    } finally {
      await web.close();
      await sandbox.stop();
    }
  });
});
