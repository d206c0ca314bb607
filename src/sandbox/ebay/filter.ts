/**
 * The getOrders `filter` grammar: comma-separated criteria `creationdate:[from..to]`,
 * `lastmodifieddate:[from..]` (bounds inclusive, ISO-8601 UTC) and
 * `orderfulfillmentstatus:{NOT_STARTED|IN_PROGRESS}` or `{FULFILLED|IN_PROGRESS}`.
 * When both dates are given only creationdate counts; a range may span at most 90 days;
 * no date criterion means orders created in the last 90 days.
 */

export const WINDOW_MS = 90 * 86_400_000;

export interface OrderFilter {
  field: 'creationdate' | 'lastmodifieddate';
  from: Date;
  /** inclusive */
  to: Date;
  fulfillment: ReadonlySet<string> | null;
}

export type FilterResult = { ok: true; filter: OrderFilter } | { ok: false; errorId: number; message: string };

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/;
const FULFILLMENT_SETS = ['IN_PROGRESS|NOT_STARTED', 'FULFILLED|IN_PROGRESS'];

function parseDate(text: string): Date | null {
  if (!ISO.test(text)) return null;
  const d = new Date(text);
  return Number.isNaN(d.getTime()) ? null : d;
}

export function parseOrderFilter(raw: string | undefined, now: Date): FilterResult {
  const bad = (message: string): FilterResult => ({ ok: false, errorId: 30600, message });
  const ranges = new Map<string, { from: Date; to: Date }>();
  let fulfillment: Set<string> | null = null;
  for (const criterion of raw ? raw.split(',') : []) {
    const colon = criterion.indexOf(':');
    const name = criterion.slice(0, colon).trim().toLowerCase();
    const value = criterion.slice(colon + 1).trim();
    if (colon < 0 || !['creationdate', 'lastmodifieddate', 'orderfulfillmentstatus'].includes(name)) {
      return { ok: false, errorId: 30500, message: `Invalid filter name: ${criterion}` };
    }
    if (name === 'orderfulfillmentstatus') {
      const statuses = /^\{([A-Z_|]+)\}$/.exec(value)?.[1]?.split('|').sort();
      if (!statuses || !FULFILLMENT_SETS.includes(statuses.join('|'))) return bad(`Invalid filter value ${value}`);
      fulfillment = new Set(statuses);
      continue;
    }
    const m = /^\[(.+?)\.\.(.*)\]$/.exec(value);
    const from = m ? parseDate(m[1]!) : null;
    // an open range ends now (a start after now matches nothing yet)
    const to = m?.[2] ? parseDate(m[2]) : from && from > now ? from : now;
    if (!from || !to) return bad(`Invalid filter value ${value}`);
    if (to < from) return bad(`Invalid filter value ${value}: the end date precedes the start date`);
    if (to.getTime() - from.getTime() > WINDOW_MS)
      return bad(`Invalid filter value ${value}: the date range cannot exceed 90 days`);
    ranges.set(name, { from, to });
  }
  const created = ranges.get('creationdate');
  const modified = ranges.get('lastmodifieddate');
  if (created) return { ok: true, filter: { field: 'creationdate', ...created, fulfillment } };
  if (modified) return { ok: true, filter: { field: 'lastmodifieddate', ...modified, fulfillment } };
  return {
    ok: true,
    filter: { field: 'creationdate', from: new Date(now.getTime() - WINDOW_MS), to: now, fulfillment },
  };
}
