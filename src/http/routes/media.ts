import { Router } from 'express';
import { readMedia } from '../../channels/media-store.ts';
import type { Db } from '../../db/client.ts';

const FILE = /^([A-Za-z0-9_-]+)\.png$/;

/**
 * GET /media/<id>.png: a stored chart while it has not expired, for Twilio to fetch. The id is
 * the only key; an unknown, malformed or expired id gets the same 404.
 */
export function mediaRouter(deps: { db: Db }): Router {
  const router = Router();
  router.get('/media/:file', async (req, res, next) => {
    try {
      const id = FILE.exec(req.params.file)?.[1];
      const media = id ? await readMedia(deps.db, id) : null;
      if (media?.contentType !== 'image/png') {
        res
          .status(404)
          .set('Cache-Control', 'no-store')
          .json({ error: { code: 'NOT_FOUND', message: 'No such media, or it has expired' } });
        return;
      }
      const maxAge = Math.max(0, Math.floor((media.expiresAt.getTime() - Date.now()) / 1000));
      res
        .status(200)
        .set({
          'Content-Type': media.contentType,
          'Content-Length': String(media.bytes.length),
          'Cache-Control': `private, max-age=${maxAge}, immutable`,
          Expires: media.expiresAt.toUTCString(),
          'X-Content-Type-Options': 'nosniff',
        })
        .end(media.bytes);
    } catch (err) {
      next(err);
    }
  });
  return router;
}
