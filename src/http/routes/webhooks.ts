import { createHash } from 'node:crypto';
import express, { Router, type Request, type Response } from 'express';
import type { Logger } from 'pino';
import type { Config } from '../../config.ts';
import type { Db } from '../../db/client.ts';
import type { MarketplaceType } from '../../generated/prisma/enums.ts';
import type { EnqueueSync } from '../../jobs/enqueue-sync.ts';
import { verifyBigCommerceWebhook } from '../../marketplaces/bigcommerce/webhooks.ts';
import { verifyShopifyWebhook } from '../../marketplaces/shopify/webhooks.ts';
import { verifySquareWebhook } from '../../marketplaces/square/webhooks.ts';
import type { WebhookResult } from '../../marketplaces/webhook-event.ts';

export interface WebhookDeps {
  db: Db;
  log: Logger;
  config: Config;
  enqueue: EnqueueSync;
}

interface Source {
  marketplace: MarketplaceType;
  secret(config: Config): string | undefined;
  verify(req: Request, rawBody: Buffer, secret: string, config: Config): WebhookResult;
}

const SOURCES: Record<'shopify' | 'bigcommerce' | 'square', Source> = {
  shopify: {
    marketplace: 'SHOPIFY',
    secret: (c) => c.marketplaces.SHOPIFY.credentials.SHOPIFY_API_SECRET,
    verify: (req, rawBody, secret) => verifyShopifyWebhook({ rawBody, headers: req.headers, secret }),
  },
  bigcommerce: {
    marketplace: 'BIGCOMMERCE',
    secret: (c) => c.marketplaces.BIGCOMMERCE.credentials.BIGCOMMERCE_CLIENT_SECRET,
    verify: (req, rawBody, secret) => verifyBigCommerceWebhook({ rawBody, headers: req.headers, secret }),
  },
  square: {
    marketplace: 'SQUARE',
    secret: (c) => c.marketplaces.SQUARE.credentials.SQUARE_WEBHOOK_SIGNATURE_KEY ?? c.marketplaces.SQUARE.credentials.SQUARE_APPLICATION_SECRET,
    // the URL as registered with Square: the public base URL, not the Host this request came through
    verify: (req, rawBody, secret, config) => verifySquareWebhook({ rawBody, headers: req.headers, secret, notificationUrl: `${config.publicBaseUrl}${req.originalUrl}` }),
  },
};

const fail = (res: Response, status: number, code: string, message: string) => void res.status(status).json({ error: { code, message } });

/**
 * POST /webhooks/{shopify,bigcommerce,square}: verify the signature over the raw body, record
 * the event once (a redelivery is acknowledged and dropped, whether it comes with the same
 * delivery id or the same signed body and topic under a new one), queue a sync of the stream it
 * touches for each CONNECTED connection of that store, and answer 200 at once. Unknown stores
 * get 200 too: marketplaces retry anything else.
 */
export function webhooksRouter(deps: WebhookDeps): Router {
  const router = Router();
  for (const [name, source] of Object.entries(SOURCES)) {
    router.post(`/webhooks/${name}`, express.raw({ type: '*/*', limit: '5mb' }), async (req, res, next) => {
      const secret = source.secret(deps.config);
      if (!secret) return fail(res, 503, 'NOT_CONFIGURED', `${source.marketplace} app credentials are not configured`);
      const rawBody = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      const result = source.verify(req, rawBody, secret, deps.config);
      if (!result.ok) {
        if (result.status === 200) return void res.json({ ignored: true, reason: result.message });
        deps.log.warn({ marketplace: source.marketplace, code: result.code, reason: result.message }, 'webhook rejected');
        return fail(res, result.status, result.code, result.message);
      }
      try {
        const { marketplace } = source;
        const connections = await deps.db.marketplaceConnection.findMany({ where: { marketplace, storeId: result.storeId, status: 'CONNECTED' }, select: { id: true } });
        if (connections.length === 0) return void res.json({ ignored: true, reason: `no connected store ${result.storeId}` });
        const bodyHash = createHash('sha256').update(`${result.topic}\n`).update(rawBody).digest('hex');
        const inserted = await deps.db.webhookEvent.createMany({
          data: [{ marketplace, eventId: result.eventId, topic: result.topic, bodyHash, connectionId: connections.length === 1 ? connections[0]!.id : null }],
          skipDuplicates: true,
        });
        if (inserted.count === 0) return void res.json({ duplicate: true });
        try {
          for (const { id } of connections) await deps.enqueue(id, result.stream);
        } catch (err) {
          // forget the event so the marketplace's retry is not taken for a duplicate
          await deps.db.webhookEvent.deleteMany({ where: { marketplace, eventId: result.eventId } });
          throw err;
        }
        deps.log.info({ marketplace, topic: result.topic, storeId: result.storeId, stream: result.stream, connections: connections.length }, 'webhook queued a sync');
        res.json({ queued: connections.length });
      } catch (err) {
        next(err);
      }
    });
  }
  return router;
}
