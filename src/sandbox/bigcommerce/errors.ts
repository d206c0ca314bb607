import type { Request, Response } from 'express';

const STATUS_CODES_DOC = 'https://developer.bigcommerce.com/api-docs/getting-started/api-status-codes';

/** v2 answers errors as an array of `{status, message}`; v3 as one `{status, title, type, errors}`. */
export function sendError(req: Request, res: Response, status: number, message: string): void {
  if (req.originalUrl.includes('/v3/'))
    res.status(status).json({ status, title: message, type: STATUS_CODES_DOC, errors: {} });
  else res.status(status).json([{ status, message }]);
}
