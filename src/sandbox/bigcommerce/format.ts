import { formatMinor } from '../generator/index.ts';

/** BigCommerce's three encodings: v2 RFC-2822 dates and 4-dp money strings, v3 ISO-8601 dates. */

/** `Wed, 10 Jan 2018 21:05:30 +0000` */
export const rfc2822 = (at: Date) => at.toUTCString().replace('GMT', '+0000');

/** `2018-09-05T20:42:07+00:00` */
export const iso = (at: Date) => at.toISOString().replace(/\.\d{3}Z$/, '+00:00');

/** Integer minor units → v2's 4-decimal string (`"336.3200"`). */
export const money4 = (minor: number, exponent: number) => formatMinor(minor * 10 ** (4 - exponent), 4);

/** Integer minor units → v3's JSON number (`7.95`), read from the exact decimal text. */
export const moneyNumber = (minor: number, exponent: number) => Number(formatMinor(minor, exponent));

/** The API keeps second precision. */
export const floorSecond = (ms: number) => Math.floor(ms / 1000) * 1000;

/** A date filter: RFC-2822 or ISO-8601 (v2), ISO-8601 or a bare date (v3); undefined when unreadable. */
export function parseDateParam(value: string): Date | undefined {
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : new Date(ms);
}
