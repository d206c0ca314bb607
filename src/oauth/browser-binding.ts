import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import type { Request, Response } from 'express';
import type { Config } from '../config.ts';
import type { KeyRing } from '../crypto/tokens.ts';
import type { MarketplaceType } from '../generated/prisma/enums.ts';
import { marketplaceSlug } from '../marketplaces/registry.ts';

/**
 * Binds a connect flow to the browser that started it: a signed, httpOnly cookie holding the
 * state, set by /oauth/<m>/start and scoped to /oauth/<m>/, living as long as the state. It is
 * what lets a callback without a `state` (BigCommerce's) find its flow. With an https public URL
 * it is `SameSite=None; Secure`, because BigCommerce may load the callback inside its control
 * panel (a cross-site frame); browsers that block third-party cookies there do not send it, and
 * the seller is told to open the connect link again.
 */

const MAX_AGE_S = 10 * 60;

const cookieName = (m: MarketplaceType) => `frame_oauth_${marketplaceSlug(m)}`;
const macKey = (key: Buffer) =>
  Buffer.from(hkdfSync('sha256', key, Buffer.alloc(0), 'frame oauth browser binding v1', 32));
const mac = (key: Buffer, m: MarketplaceType, state: string) =>
  createHmac('sha256', macKey(key)).update(`${m}.${state}`).digest('base64url');

function attributes(config: Pick<Config, 'publicBaseUrl'>, m: MarketplaceType, maxAge: number): string {
  const secure = config.publicBaseUrl.startsWith('https:');
  return `Path=/oauth/${marketplaceSlug(m)}/; HttpOnly; Max-Age=${maxAge}; SameSite=${secure ? 'None; Secure' : 'Lax'}`;
}

export function setBinding(
  res: Response,
  deps: { keyRing: KeyRing; config: Pick<Config, 'publicBaseUrl'> },
  m: MarketplaceType,
  state: string,
): void {
  const key = deps.keyRing.keys.get(deps.keyRing.currentKeyId)!;
  res.append('Set-Cookie', `${cookieName(m)}=${state}.${mac(key, m, state)}; ${attributes(deps.config, m, MAX_AGE_S)}`);
}

export function clearBinding(res: Response, deps: { config: Pick<Config, 'publicBaseUrl'> }, m: MarketplaceType): void {
  res.append('Set-Cookie', `${cookieName(m)}=; ${attributes(deps.config, m, 0)}`);
}

/** The state this browser's cookie holds for the marketplace, when its signature checks out. */
export function boundState(req: Request, keyRing: KeyRing, m: MarketplaceType): string | null {
  const name = cookieName(m);
  const raw = (req.get('cookie') ?? '')
    .split(';')
    .map((c) => c.trim())
    .find((c) => c.startsWith(`${name}=`))
    ?.slice(name.length + 1);
  const [state, given] = (raw ?? '').split('.');
  if (!state || !given) return null;
  const givenBuf = Buffer.from(given);
  const signed = [...keyRing.keys.values()].some((key) => {
    const expected = Buffer.from(mac(key, m, state));
    return expected.length === givenBuf.length && timingSafeEqual(expected, givenBuf);
  });
  return signed ? state : null;
}
