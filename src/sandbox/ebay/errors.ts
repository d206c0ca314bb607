import type { Response } from 'express';

/** eBay REST error body: `{"errors":[{errorId, domain, category, message, longMessage?}]}`. */
export interface EbayErrorDetail {
  errorId: number;
  domain: string;
  category: 'REQUEST' | 'APPLICATION' | 'BUSINESS';
  message: string;
  longMessage?: string;
}

export function sendError(res: Response, status: number, error: EbayErrorDetail): void {
  res.status(status).json({ errors: [error] });
}

export const INVALID_TOKEN: EbayErrorDetail = {
  errorId: 1001,
  domain: 'OAuth',
  category: 'REQUEST',
  message: 'Invalid access token',
  longMessage: 'Invalid access token. Check the value of the Authorization HTTP request header.',
};

export const TOO_MANY_REQUESTS: EbayErrorDetail = {
  errorId: 2001,
  domain: 'ACCESS',
  category: 'REQUEST',
  message: 'Too many requests. The request limit has been reached for the resource.',
};

export const INTERNAL_ERROR: EbayErrorDetail = {
  errorId: 2003,
  domain: 'ACCESS',
  category: 'APPLICATION',
  message: 'Internal error',
  longMessage:
    'There was a problem with an eBay internal system or process. Contact eBay developer support for assistance.',
};

export const fulfillmentRequestError = (errorId: number, message: string): EbayErrorDetail => ({
  errorId,
  domain: 'API_FULFILLMENT',
  category: 'REQUEST',
  message,
});

export const inventoryRequestError = (errorId: number, message: string): EbayErrorDetail => ({
  errorId,
  domain: 'API_INVENTORY',
  category: 'REQUEST',
  message,
});
