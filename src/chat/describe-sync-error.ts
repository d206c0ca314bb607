import { scrubString } from '../logger.ts';

/** What a failing sync's error means, in one sentence a seller can read (masked like the logs). */
export function describeSyncError(error: string): string {
  if (/ECONNREFUSED/.test(error)) return "the store's server refused the connection";
  if (/ENOTFOUND|EAI_AGAIN/.test(error)) return "the store's server address could not be found";
  if (/ETIMEDOUT|timed? ?out|TimeoutError|aborted due to timeout/i.test(error))
    return "the store's server did not answer in time";
  const status = /\b(?:HTTP|status|answered)\s*(\d{3})\b/i.exec(error)?.[1];
  if (status === '429') return 'the marketplace is limiting our requests';
  if (status === '401' || status === '403') return 'the marketplace refused our access';
  if (status?.startsWith('5')) return `the marketplace answered HTTP ${status}, a server error`;
  const first = scrubString(error)
    .split(/(?<=[.:])\s/)[0]!
    .trim();
  return first.length > 120 ? `${first.slice(0, 119)}…` : first;
}

/** Whether a store's API is this machine's (a sandbox the demo started) */
export const isLocalApi = (url: string | null) => url !== null && /^https?:\/\/(127\.0\.0\.1|localhost)[:/]/.test(url);
