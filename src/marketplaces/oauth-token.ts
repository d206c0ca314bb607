import { z } from 'zod';
import { AuthError, HttpError, httpRequest } from './http.ts';
import type { ConnectorContext } from './types.ts';

const refusedGrant = z.object({ error: z.literal('invalid_grant') });

/**
 * POSTs a form to an OAuth token endpoint and returns the response body. A refused grant (the
 * refresh token is unknown, expired or revoked) is a 400 `invalid_grant`, not a 401: it becomes
 * an AuthError so that the sync engine asks the seller to reconnect. A 401 there refuses the
 * app's own credentials, which reconnecting would not fix: a plain HttpError.
 */
export async function postTokenForm(
  ctx: ConnectorContext,
  url: string,
  form: Record<string, string>,
  headers: Record<string, string> = {},
): Promise<unknown> {
  try {
    const res = await httpRequest(
      {
        method: 'POST',
        url,
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
        body: new URLSearchParams(form).toString(),
      },
      ctx.http,
      ctx.log,
    );
    return res.body;
  } catch (err) {
    throw tokenEndpointError(err);
  }
}

/** What a token endpoint's failure means for the connection: a refused grant is an AuthError, a refused app is not. */
export function tokenEndpointError(err: unknown, refused: z.ZodType = refusedGrant): unknown {
  if (!(err instanceof HttpError)) return err;
  if (refused.safeParse(err.body).success) return new AuthError(err.status, err.url, err.body);
  if (err instanceof AuthError) return new HttpError(err.status, err.url, err.body);
  return err;
}
