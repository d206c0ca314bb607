import { z } from 'zod';
import { postTokenForm } from '../oauth-token.ts';
import type { ConnectorContext, RefreshedToken } from '../types.ts';
import { parseEnvelope } from '../validate-records.ts';

/** The scopes the sync reads with: orders, inventory items and offers. */
const SCOPES = ['https://api.ebay.com/oauth/api_scope/sell.fulfillment.readonly', 'https://api.ebay.com/oauth/api_scope/sell.inventory.readonly'];

const refreshResponseSchema = z.object({
  access_token: z.string().min(1),
  expires_in: z.number().int().positive(),
  token_type: z.string(),
});

// https://developer.ebay.com/api-docs/static/oauth-refresh-token-request.html
export async function refreshAccessToken(ctx: ConnectorContext, refreshToken: string): Promise<RefreshedToken> {
  const clientId = ctx.credentials.EBAY_CLIENT_ID;
  const secret = ctx.credentials.EBAY_CLIENT_SECRET;
  if (!clientId || !secret) throw new Error('eBay needs EBAY_CLIENT_ID and EBAY_CLIENT_SECRET to refresh a token');
  const body = await postTokenForm(
    ctx,
    `${ctx.baseUrl.replace(/\/+$/, '')}/identity/v1/oauth2/token`,
    // the refresh must repeat the scopes (the same as granted, or a subset)
    { grant_type: 'refresh_token', refresh_token: refreshToken, scope: SCOPES.join(' ') },
    { authorization: `Basic ${Buffer.from(`${clientId}:${secret}`).toString('base64')}` },
  );
  const token = parseEnvelope(refreshResponseSchema, body, 'eBay token refresh');
  const now = ctx.now?.() ?? new Date();
  // no rotation: the refresh response carries no refresh token, the old one stays valid (18 months)
  return { accessToken: token.access_token, expiresAt: new Date(now.getTime() + token.expires_in * 1000), refreshToken: null, refreshTokenExpiresAt: null };
}
