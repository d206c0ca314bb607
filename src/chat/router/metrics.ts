import { NUMBER, toNumber } from './scan.ts';

/** What the seller asks about; the sales-like ones all come from the sales summary. */
export type Metric = 'sync' | 'inventory' | 'returns' | 'top_products' | 'cancellations' | 'aov' | 'units' | 'orders' | 'sales';
export type Family = 'sync' | 'inventory' | 'returns' | 'top_products' | 'sales';

/** In priority order: the first that matches wins ("top products by units" is a ranking, not units). */
const METRICS: readonly { metric: Metric; re: RegExp }[] = [
  { metric: 'sync', re: /\b(?:sync(?:ed|ing|s)?|last (?:updated?|refresh(?:ed)?)|up[- ]to[- ]date|fresh(?:ness)?|stale|refreshed|data as of)\b/ },
  {
    metric: 'inventory',
    re: /\b(?:inventory|stock(?:s|ed)?|out[- ]of[- ]stock|oos|stock[- ]?outs?|low[- ]stock|running (?:low|out)|restock(?:ing)?|re-?order(?:ing)?|sold out|how many (?:units |items )?(?:are |do i have )?left)\b/,
  },
  { metric: 'returns', re: /\b(?:returns?|returned|return rates?|refunds?|refunded|rtos?)\b/ },
  {
    metric: 'top_products',
    re: new RegExp(
      `\\b(?:best[- ]?sell(?:ers?|ing)|top[- ]?sell(?:ers?|ing)|top (?:${NUMBER} )?(?:products?|items?|skus?|sellers?|listings?)|top ?${NUMBER}|(?:most|highest)[- ](?:popular|selling|sold)|what sold (?:best|most)|sold the most|sell(?:s|ing)? (?:the )?(?:best|most)|trending|best products?|(?:which|what|popular) products?|top performers?)\\b`,
    ),
  },
  { metric: 'cancellations', re: /\b(?:cancell?(?:ations?|ed|s)?)\b/ },
  { metric: 'aov', re: /\b(?:aov|average order(?: value| size)?|avg\.? order(?: value)?|average basket|basket(?: size| value)?|order value)\b/ },
  { metric: 'units', re: /\b(?:units?|items? sold|pieces|quantity|qty|how many (?:items|things|products))\b/ },
  { metric: 'orders', re: /\b(?:orders?|order count|how many sales)\b/ },
  {
    metric: 'sales',
    re: /\b(?:sales|sold|sell|selling|revenue|turnover|gmv|income|earn(?:ed|ings?)?|made|make|money|takings|proceeds|performance|numbers|stats|figures|kpis?|summary|report|overview|business|doing|how did (?:i|we|it) (?:do|go))\b/,
  },
];

export function findMetric(text: string): Metric | undefined {
  return METRICS.find(({ re }) => re.test(text))?.metric;
}

export const familyOf = (metric: Metric): Family =>
  metric === 'sync' || metric === 'inventory' || metric === 'returns' || metric === 'top_products' ? metric : 'sales';

/** "top products by units" / "most sold" rank by units; "by revenue" switches back. */
export function findRankBy(text: string): 'revenue' | 'units' | undefined {
  if (/\b(?:units?|by (?:quantity|volume|count)|most sold|sold the most|qty|quantity)\b/.test(text)) return 'units';
  if (/\bby (?:revenue|sales|value|amount)\b/.test(text)) return 'revenue';
  return undefined;
}

/** "top 10", "top ten", "10 best sellers", "best 3" (the tool allows 1–50). */
export function findLimit(text: string): number | undefined {
  const match = new RegExp(`\\btop ?${NUMBER}\\b|\\b${NUMBER} (?:best|top|most)\\b|\\bbest ${NUMBER}\\b`).exec(text);
  const word = match?.[1] ?? match?.[2] ?? match?.[3];
  return word === undefined ? undefined : Math.min(Math.max(toNumber(word), 1), 50);
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
