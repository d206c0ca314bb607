import { NUMBER, toNumber } from './scan.ts';

/** Counts and ids read out of a message: how many to list, rank order, stock threshold, an order id. */

/** "top products by units" / "most sold" rank by units; "by revenue" switches back. */
export function findRankBy(text: string): 'revenue' | 'units' | undefined {
  if (/\b(?:units?|by (?:quantity|volume|count)|most sold|sold the most|qty|quantity)\b/.test(text)) return 'units';
  if (/\bby (?:revenue|sales|value|amount)\b/.test(text)) return 'revenue';
  return undefined;
}

/** The most a list shows (the tools' cap). */
export const MAX_LIMIT = 50;

/**
 * "top 10", "top ten", "10 best sellers", "best 3", "last 5 orders", "5 most recent orders":
 * how many to list, as asked (`asked`) and as the tools allow (1–50).
 */
export function findLimit(text: string): { limit: number; asked: number } | undefined {
  const patterns = [
    `\\btop ?${NUMBER}\\b`,
    `\\b${NUMBER} (?:best|top|most|biggest|largest|latest|last|recent|newest|most recent)\\b`,
    `\\b(?:best|latest|last|recent|newest|most recent|first|biggest|largest) ${NUMBER}(?= (?:orders?|customers?|buyers?|products?|items?|skus?|sellers?|best|returns?|returned)\\b)`,
    `\\b(?:show|list|give)(?: me)?(?: my| the)? ${NUMBER}(?= )`,
  ];
  for (const p of patterns) {
    const m = new RegExp(p).exec(text);
    if (m?.[1]) {
      const asked = toNumber(m[1]);
      return { limit: Math.min(Math.max(asked, 1), MAX_LIMIT), asked };
    }
  }
  return undefined;
}

/** "below 10 units", "less than 3 left". */
export function findThreshold(text: string): number | undefined {
  const match = /\b(?:below|under|less than|fewer than|lower than|at most|<=?) ?(\d{1,5})\b/.exec(text);
  return match ? Math.min(Number(match[1]), 10_000) : undefined;
}

const ORDER_IDS: readonly RegExp[] = [
  /\border\b\s*(?:#|no\.?|number|num|id)?\s*[:#]?\s*([a-z0-9][a-z0-9-]{1,60})/gi,
  /\btrack(?:ing)?\s+(?:my\s+)?(?:package\s+|parcel\s+)?#?([a-z0-9][a-z0-9-]{2,60})/gi,
  /(?:^|\s)#([a-z0-9][a-z0-9-]{0,60})/gi,
];

/** "order #1234", "where is order OD123…", "track 12-34567-89012": the id as written, without "#". */
export function findOrderId(text: string): { id: string; index: number; end: number } | undefined {
  for (const re of ORDER_IDS) {
    for (const match of text.matchAll(re)) {
      const id = match[1]!;
      if (/\d/.test(id)) return { id, index: match.index, end: match.index + match[0].length };
    }
  }
  return undefined;
}
