import pRetry, { AbortError } from 'p-retry';
import type { Logger } from 'pino';

/**
 * Every marketplace call goes through here: request timeouts, jittered exponential backoff on
 * 5xx and network errors (p-retry), and waits on rate limits as the marketplace says —
 * Retry-After (seconds or HTTP date) by default, or the connector's own reading
 * (`rateLimitDelayMs`, e.g. Shopify's THROTTLED inside a 200).
 */

export interface HttpRequest {
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  url: string;
  query?: Record<string, string | number | undefined>;
  headers?: Record<string, string>;
  /** sent as JSON */
  json?: unknown;
  /** sent as is (form bodies) */
  body?: string;
}

export interface HttpResponse<T = unknown> {
  status: number;
  headers: Headers;
  /** parsed JSON, or null for an empty body */
  body: T | null;
}

export interface HttpPolicy {
  timeoutMs: number;
  /** retries of 5xx and network errors */
  retries: number;
  minDelayMs: number;
  maxDelayMs: number;
  /** rate-limit waits allowed in one call before giving up */
  maxRateLimitWaits: number;
  /** longest single rate-limit wait honoured */
  maxRateLimitDelayMs: number;
  /** connector hook: ms to wait before retrying this response, or null when it is not a rate limit */
  rateLimitDelayMs?: (res: HttpResponse) => number | null;
  /** waits for this call's turn under a rate limit shared with other processes (before every attempt) */
  beforeRequest?: () => Promise<void>;
}

export const DEFAULT_POLICY: HttpPolicy = {
  timeoutMs: 30_000,
  retries: 5,
  minDelayMs: 500,
  maxDelayMs: 30_000,
  maxRateLimitWaits: 20,
  maxRateLimitDelayMs: 120_000,
};

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly url: string,
    readonly body: unknown,
  ) {
    super(`HTTP ${status} from ${redactUrl(url)}${describeBody(body)}`);
    this.name = 'HttpError';
  }
}

/** 401/403: the token is missing, expired or revoked. The sync engine refreshes or marks NEEDS_REAUTH. */
export class AuthError extends HttpError {
  override name = 'AuthError';
}

class RateLimited extends Error {
  constructor(readonly delayMs: number) {
    super(`rate limited: waiting ${delayMs} ms`);
  }
}

class Retryable extends Error {}

function describeBody(body: unknown): string {
  if (body == null) return '';
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return `: ${text.slice(0, 300)}`;
}

function redactUrl(url: string): string {
  const u = new URL(url);
  for (const key of [...u.searchParams.keys()])
    if (/token|secret|key|code/i.test(key)) u.searchParams.set(key, '[redacted]');
  return u.toString();
}

/** Retry-After as seconds or an HTTP date → ms; null when absent or unreadable. */
export function retryAfterMs(headers: Headers, now = Date.now()): number | null {
  const value = headers.get('retry-after');
  if (!value) return null;
  if (/^\d+(\.\d+)?$/.test(value.trim())) return Math.ceil(Number(value) * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function httpRequest<T = unknown>(
  req: HttpRequest,
  policyOverrides: Partial<HttpPolicy> = {},
  log?: Logger,
): Promise<HttpResponse<T>> {
  const policy = { ...DEFAULT_POLICY, ...policyOverrides };
  const url = new URL(req.url);
  for (const [k, v] of Object.entries(req.query ?? {})) if (v !== undefined) url.searchParams.set(k, String(v));
  const headers: Record<string, string> = { accept: 'application/json', ...req.headers };
  let body: string | undefined = req.body;
  if (req.json !== undefined) {
    body = JSON.stringify(req.json);
    headers['content-type'] ??= 'application/json';
  }
  let rateLimitWaits = 0;

  const attempt = async (): Promise<HttpResponse<T>> => {
    await policy.beforeRequest?.();
    let res: Response;
    try {
      res = await fetch(url, {
        method: req.method ?? 'GET',
        headers,
        body,
        signal: AbortSignal.timeout(policy.timeoutMs),
      });
    } catch (err) {
      throw new Retryable(
        `${(err as Error).name === 'TimeoutError' ? `timed out after ${policy.timeoutMs} ms` : (err as Error).message} (${redactUrl(url.toString())})`,
      );
    }
    const text = await res.text().catch(() => '');
    let parsed: unknown = null;
    if (text) {
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = text;
      }
    }
    const out: HttpResponse<T> = { status: res.status, headers: res.headers, body: parsed as T };
    const hookDelay = policy.rateLimitDelayMs?.(out) ?? null;
    if (res.status === 429 || hookDelay !== null) {
      throw new RateLimited(
        Math.min(hookDelay ?? retryAfterMs(res.headers) ?? policy.minDelayMs * 2, policy.maxRateLimitDelayMs),
      );
    }
    if (res.status >= 500) throw new Retryable(new HttpError(res.status, url.toString(), parsed).message);
    if (res.status === 401 || res.status === 403)
      throw new AbortError(new AuthError(res.status, url.toString(), parsed));
    if (res.status >= 400) throw new AbortError(new HttpError(res.status, url.toString(), parsed));
    return out;
  };

  return pRetry(attempt, {
    retries: policy.retries + policy.maxRateLimitWaits,
    minTimeout: policy.minDelayMs,
    maxTimeout: policy.maxDelayMs,
    randomize: true,
    shouldConsumeRetry: ({ error }) => !(error instanceof RateLimited),
    onFailedAttempt: async ({ error, attemptNumber }) => {
      if (error instanceof RateLimited) {
        rateLimitWaits++;
        if (rateLimitWaits > policy.maxRateLimitWaits)
          throw new HttpError(429, url.toString(), `still rate limited after ${policy.maxRateLimitWaits} waits`);
        log?.warn({ url: redactUrl(url.toString()), delayMs: error.delayMs }, 'rate limited: waiting');
        await sleep(error.delayMs);
      } else {
        log?.warn(
          { url: redactUrl(url.toString()), attempt: attemptNumber, err: error.message },
          'request failed: retrying',
        );
      }
    },
    shouldRetry: ({ error, attemptNumber }) =>
      error instanceof RateLimited || (error instanceof Retryable && attemptNumber - rateLimitWaits <= policy.retries),
  }).catch((err: unknown) => {
    if (err instanceof Retryable)
      throw new Error(`gave up after ${policy.retries} retries: ${err.message}`, { cause: err });
    throw err;
  });
}
