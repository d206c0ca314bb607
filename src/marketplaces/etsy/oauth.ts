import { z } from 'zod';
import { postTokenForm } from '../oauth-token.ts';
import type { ConnectorContext, RefreshedToken } from '../types.ts';
import { parseEnvelope } from '../validate-records.ts';

const REFRESH_TOKEN_TTL_MS = 90 * 86_400_000;

const tokenResponseSchema = z.object({
  access_token: z.string().min(1),
  token_type: z.string(),
  expires_in: z.number().int().positive(),
  refresh_token: z.string().min(1),
});

// https://developers.etsy.com/documentation/essentials/authentication
export async function refreshAccessToken(ctx: ConnectorContext, refreshToken: string): Promise<RefreshedToken> {
  const keystring = ctx.credentials.ETSY_API_KEY;
  if (!keystring) throw new Error('Etsy needs ETSY_API_KEY to refresh a token');
  const body = await postTokenForm(ctx, `${ctx.baseUrl.replace(/\/+$/, '')}/v3/public/oauth/token`, {
    grant_type: 'refresh_token',
    client_id: keystring,
    refresh_token: refreshToken,
  });
  const token = parseEnvelope(tokenResponseSchema, body, 'Etsy token refresh');
  const now = ctx.now?.() ?? new Date();
  return {
    accessToken: token.access_token,
    expiresAt: new Date(now.getTime() + token.expires_in * 1000),
    // every refresh rotates the refresh token; its 90-day lifetime is documented, not returned
    refreshToken: token.refresh_token,
    refreshTokenExpiresAt: new Date(now.getTime() + REFRESH_TOKEN_TTL_MS),
  };
}
