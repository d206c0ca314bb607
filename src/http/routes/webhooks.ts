import { createHash } from 'node:crypto';
import express, { type Response, Router } from 'express';
import type { Logger } from 'pino';
import type { Config } from '../../config.ts';
import type { Db } from '../../db/client.ts';
import { MARKETPLACE_KEYS, MARKETPLACES, marketplaceSlug } from '../../marketplaces/registry.ts';
import type { EnqueueSync } from '../../sync/sync-request.ts';

export interface WebhookDeps {
  db: Db;
  log: Logger;
  config: Config;
  enqueue: EnqueueSync;
}

const fail = (res: Response, status: number, code: string, message: string) =>
  void res.status(status).json({ error: { code, message } });

/**
 * POST /webhooks/{shopify,bigcommerce,square}: verify the signature over the raw body, record
 * the event once (a redelivery is acknowledged and dropped, whether it comes with the same
 * delivery id or the same signed body and topic under a new one), queue a sync of the stream it
 * touches for each CONNECTED connection of that store, and answer 200 at once. Unknown stores
 * get 200 too: marketplaces retry anything else.
 */
export function webhooksRouter(deps: WebhookDeps): Router {
  const router = Router();
  for (const marketplace of MARKETPLACE_KEYS) {
    const receiver = MARKETPLACES[marketplace].webhooks;
    if (!receiver) continue;
    router.post(
      `/webhooks/${marketplaceSlug(marketplace)}`,
      express.raw({ type: '*/*', limit: '5mb' }),
      async (req, res, next) => {
        const secret = receiver.secret(deps.config.marketplaces[marketplace].credentials);
        if (!secret) return fail(res, 503, 'NOT_CONFIGURED', `${marketplace} app credentials are not configured`);
        const rawBody = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
        // the URL as registered with the marketplace: the public base URL, not the Host this request came through
        const result = receiver.verify({
          rawBody,
          headers: req.headers,
          secret,
          notificationUrl: `${deps.config.publicBaseUrl}${req.originalUrl}`,
        });
        if (!result.ok) {
          if (result.status === 200) return void res.json({ ignored: true, reason: result.message });
          deps.log.warn({ marketplace, code: result.code, reason: result.message }, 'webhook rejected');
          return fail(res, result.status, result.code, result.message);
        }
        try {
          const connections = await deps.db.marketplaceConnection.findMany({
            where: { marketplace, storeId: result.storeId, status: 'CONNECTED' },
            select: { id: true },
          });
          if (connections.length === 0)
            return void res.json({ ignored: true, reason: `no connected store ${result.storeId}` });
          const bodyHash = createHash('sha256').update(`${result.topic}\n`).update(rawBody).digest('hex');
          const inserted = await deps.db.webhookEvent.createMany({
            data: [
              {
                marketplace,
                eventId: result.eventId,
                topic: result.topic,
                bodyHash,
                connectionId: connections.length === 1 ? connections[0]!.id : null,
              },
            ],
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
          deps.log.info(
            {
              marketplace,
              topic: result.topic,
              storeId: result.storeId,
              stream: result.stream,
              connections: connections.length,
            },
            'webhook queued a sync',
          );
          res.json({ queued: connections.length });
        } catch (err) {
          next(err);
        }
      },
    );
  }
  return router;
}
