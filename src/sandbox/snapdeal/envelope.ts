import { randomUUID } from 'node:crypto';
import type { Request, Response } from 'express';

/** Snapdeal's answer shape: `{metadata, payload}`, the message in metadata on errors. */
export function envelope(req: Request, payload: unknown, message: string | null = null) {
  const started = (req.res?.locals.started as number | undefined) ?? Date.now();
  return {
    metadata: {
      requestId: randomUUID(),
      clientId: req.get('clientId') ?? null,
      responseTime: Date.now() - started,
      requestedURI: req.originalUrl.split('?')[0],
      message,
    },
    payload,
  };
}

export function fail(req: Request, res: Response, status: number, message: string): void {
  res.status(status).json(envelope(req, null, message));
}
