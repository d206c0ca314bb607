import type { z } from 'zod';
import type { salesMetric } from '../../analytics/args.ts';
import { NUMBER } from './scan.ts';

export type SalesMetric = z.infer<typeof salesMetric>;
export type OrderStatus = 'PENDING' | 'CONFIRMED' | 'SHIPPED' | 'DELIVERED' | 'CANCELLED' | 'RETURNED';

/** What a question is about: picks the tool. */
export type Family =
  | 'sync'
  | 'inventory'
  | 'returns'
  | 'returns_by_product'
  | 'top_products'
  | 'top_customers'
  | 'customer_mix'
  | 'latest_orders'
  | 'sales';

export interface Topic {
  family: Family;
  /** read from a bare "top 10": after another ranking it sets that ranking's length */
  generic?: boolean;
  /** sales: the figure asked about (omitted: total sales) */
  metric?: SalesMetric;
  /** latest orders: only these statuses */
  statuses?: OrderStatus[];
  /** top products: side by side on every marketplace ("what sells where") */
  split?: boolean;
}

const STATUS_WORDS: readonly [string, OrderStatus[]][] = [
  ['cancell?ed|cancell?ations?', ['CANCELLED']],
  ['returned|rto', ['RETURNED']],
  [
    'unshipped|unfulfill?ed|not (?:yet )?shipped|awaiting (?:shipment|dispatch)|to (?:be )?(?:shipped|ship|dispatch(?:ed)?)|open|undispatched|not dispatched|ready to ship',
    ['PENDING', 'CONFIRMED'],
  ],
  ['pending|unpaid|awaiting payment', ['PENDING']],
  ['confirmed|paid|processing', ['CONFIRMED']],
  ['shipped|dispatched|in transit|on the way|out for delivery', ['SHIPPED']],
  ['delivered|completed|fulfill?ed', ['DELIVERED']],
];
const STATUS = STATUS_WORDS.map(([w]) => w).join('|');

/** A count or a rate rather than a list: "how many cancelled orders", "cancellation rate". */
const COUNTING =
  /\b(?:how many|number of|no\.? of|count|counts|total|rate|ratio|percent(?:age)?|share|proportion|%|trend|by (?:day|week|month|marketplace|channel)|daily|weekly|monthly|vs|versus|compared?)\b|%/;

/** "cancelled and returned orders" → both statuses, in the order of the table. */
export function statusesIn(text: string): OrderStatus[] | undefined {
  const out: OrderStatus[] = [];
  for (const [words, statuses] of STATUS_WORDS) {
    if (new RegExp(`\\b(?:${words})\\b`).test(text)) for (const s of statuses) if (!out.includes(s)) out.push(s);
  }
  return out.length > 0 ? out : undefined;
}

interface TopicRule {
  re: RegExp;
  topic: (text: string) => Topic | null;
}

const fixed = (topic: Topic) => (): Topic => topic;
const sales = (metric?: SalesMetric): (() => Topic) =>
  fixed(metric ? { family: 'sales', metric } : { family: 'sales' });
const PRODUCT = '(?:products?|items?|skus?|listings?|things|stuff|goods)';
const CUSTOMER = '(?:customers?|buyers?|clients?|shoppers?|purchasers?)';

/** In priority order: the first rule that matches names the topic ("top products by units" is a ranking, not units). */
const RULES: readonly TopicRule[] = [
  {
    re: /\b(?:sync(?:ed|ing|s)?|last (?:updated?|refresh(?:ed)?)|up[- ]to[- ]date|fresh(?:ness)?|stale|refreshed|data as of)\b/,
    topic: fixed({ family: 'sync' }),
  },
  {
    // which products come back: before returns and top products
    re: new RegExp(
      `\\b(?:(?:most|often|frequently|top|highest|commonly)[- ](?:returned|refunded|sent back)|returns? (?:by|per|for each|of each) ${PRODUCT}|return rates? (?:by|per|for each|of each) ${PRODUCT}` +
        `|${PRODUCT} (?:\\w+ ){0,4}(?:(?:get|gets|got|are|were|is|was|being) )?(?:returned|sent back|come back|came back|refunded)` +
        `|(?:which|what) (?:\\w+ ){0,4}(?:returned|sen[dt] back|come back|gets? returned)(?: \\w+)? (?:the )?most|${PRODUCT} with (?:the )?(?:most|highest|many|a lot of) returns` +
        `|returned ${PRODUCT}|top returns|most returns)\\b`,
    ),
    topic: fixed({ family: 'returns_by_product' }),
  },
  {
    re: new RegExp(
      `\\b(?:(?:best|top|biggest|largest|most valuable|most loyal|loyal|vip|highest[- ]spending|big|key|favou?rite|most frequent) (?:${NUMBER} )?${CUSTOMER}|top[- ]?${NUMBER} ${CUSTOMER}|(?:top|big|biggest) spenders?` +
        `|who (?:buys|bought|spends|spent|orders|ordered|purchases|purchased|shops|shopped) (?:from me |from us |with me |with us )?(?:the )?most|who (?:are|is) my (?:\\w+ )?${CUSTOMER}` +
        `|${CUSTOMER} (?:by|ranked by|sorted by) (?:spend|spending|revenue|sales|value)|${CUSTOMER} who (?:spent|spend|buy|bought|order(?:ed)?) (?:the )?most|${CUSTOMER} (?:list|ranking))\\b`,
    ),
    topic: fixed({ family: 'top_customers' }),
  },
  {
    re: new RegExp(
      `\\b(?:new (?:vs\\.?|versus|v\\/s|and|or|against) (?:returning|repeat|old|existing)|(?:returning|repeat|existing|first[- ]time|new|one[- ]time|old) ${CUSTOMER}` +
        `|customer (?:mix|retention|loyalty|base|split)|retention|repeat (?:purchases?|orders?|buyers?|customers?|rate)|how many (?:unique |distinct |different )?${CUSTOMER}` +
        `|(?:unique|distinct) ${CUSTOMER}|${CUSTOMER} (?:come|came|coming) back|(?:number|count) of ${CUSTOMER})\\b`,
    ),
    topic: fixed({ family: 'customer_mix' }),
  },
  {
    // a list of orders: "latest orders", "last 5 orders", "cancelled orders yesterday", "show me today's orders"
    re: new RegExp(
      `\\b(?:(?:latest|recent|newest|most recent|last|previous|new|incoming|fresh)(?:\\s+${NUMBER})?\\s+orders?|${NUMBER}\\s+(?:latest|recent|newest|most recent|last)\\s+orders?` +
        `|(?:show|list|see|view|display|pull up)(?:\\s+\\S+){0,3}?\\s+orders?|(?:give|get) me(?:\\s+\\S+){0,3}?\\s+orders?|list of (?:${STATUS} )?orders|order list` +
        `|(?:${STATUS})\\s+orders?|orders? (?:that (?:are|were|got)|which (?:are|were)|(?:are|were|got) |still |not yet )?(?:${STATUS})|which orders|what orders|any orders` +
        `|(?:what(?:'s| is| are)|anything|any|what else is) (?:still )?(?:pending|unshipped|unfulfill?ed|to ship|awaiting (?:shipment|dispatch)|not shipped))\\b`,
    ),
    topic: (text) => {
      const statuses = statusesIn(text);
      if (COUNTING.test(text)) {
        if (statuses?.includes('CANCELLED')) return { family: 'sales', metric: 'cancellation_rate' };
        if (statuses?.includes('RETURNED')) return { family: 'returns' };
        if (!statuses) return null;
      }
      return statuses ? { family: 'latest_orders', statuses } : { family: 'latest_orders' };
    },
  },
  {
    re: /\b(?:inventory|stock(?:s|ed)?|out[- ]of[- ]stock|oos|stock[- ]?outs?|low[- ]stock|running (?:low|out)|restock(?:ing)?|re-?order(?:ing)?|sold out|how many (?:units |items )?(?:are |do i have )?left)\b/,
    topic: fixed({ family: 'inventory' }),
  },
  { re: /\b(?:returns?|returned|return rates?|rtos?|refund rates?)\b/, topic: fixed({ family: 'returns' }) },
  {
    re: new RegExp(
      `\\b(?:what sells where|(?:which|what) ${PRODUCT}? ?sells? (?:best )?(?:on|in|where) (?:which|each|what|every) (?:marketplace|channel|platform|store|site)s?` +
        `|${PRODUCT} (?:by|per|on each|for each|across|on every) (?:marketplace|channel|platform|site)s?|(?:best[- ]?sellers?|top ${PRODUCT}) (?:on|for|in) (?:each|every) (?:marketplace|channel|platform|store|site))\\b`,
    ),
    topic: fixed({ family: 'top_products', split: true }),
  },
  {
    re: new RegExp(`^\\W*(?:(?:and|just|only|the|show|me|give|now)\\s+)*top[- ]?${NUMBER}\\W*$`),
    topic: fixed({ family: 'top_products', generic: true }),
  },
  {
    re: new RegExp(
      `\\b(?:best[- ]?sell(?:ers?|ing)|top[- ]?sell(?:ers?|ing)|top (?:${NUMBER} )?(?:${PRODUCT}|sellers?)|top[- ]?${NUMBER}|best (?:${NUMBER} )?${PRODUCT}|(?:most|highest)[- ](?:popular|selling|sold)|what sold (?:best|most)|sold the most` +
        `|sell(?:s|ing)? (?:the )?(?:best|most)|trending ${PRODUCT}|what(?:'s| is) trending|hot ${PRODUCT}|best ${PRODUCT}|(?:which|what|popular) ${PRODUCT}|top performers?|best performing ${PRODUCT}|bestsellers?)\\b`,
    ),
    topic: fixed({ family: 'top_products' }),
  },
  { re: /\b(?:cancell?(?:ations?|ed|s)?|cancel rate)\b/, topic: sales('cancellation_rate') },
  {
    re: /\b(?:(?:units?|items?|products?|pieces|things) (?:per|an|each|in an?|in each) (?:order|basket|purchase)|upo)\b/,
    topic: sales('units_per_order'),
  },
  {
    re: /\b(?:aov|average order(?: value| size)?|avg\.? order(?: value)?|average (?:basket|cart|ticket|sale)(?: value| size)?|basket(?: size| value)|order value|average spend)\b/,
    topic: sales('aov'),
  },
  { re: /\b(?:gross(?: sales| revenue| takings)?)\b/, topic: sales('gross_sales') },
  {
    re: /\b(?:net(?: sales| revenue| takings)?|(?:revenue|sales) (?:after|minus|less|net of|excluding) (?:refunds|returns|discounts)|after refunds)\b/,
    topic: sales('net_sales'),
  },
  { re: /\b(?:discount(?:s|ed)?|coupons?|promo(?:tions?| codes?)?|vouchers?|markdowns?)\b/, topic: sales('discounts') },
  { re: /\b(?:refund(?:s|ed)?|money (?:back|returned)|reimburse\w*|paid back)\b/, topic: sales('refunds') },
  {
    re: /\b(?:shipping(?: fees?| charges?| costs?| revenue| income| collected)?|delivery (?:fees?|charges?)|postage|freight)\b/,
    topic: sales('shipping'),
  },
  { re: /\b(?:tax(?:es)?|gst|vat|sales tax|tcs)\b/, topic: sales('taxes') },
  { re: /\b(?:units?|items? sold|pieces|quantity|qty|how many (?:items|things|products))\b/, topic: sales('units') },
  {
    re: /\b(?:orders?|order count|how many sales|number of sales|how many (?:purchases|transactions)|transactions)\b/,
    topic: sales('orders'),
  },
  {
    re: /\b(?:sales|sale|sold|sell|selling|revenue|turnover|gmv|income|earn(?:ed|ings?)?|made|make|money|takings|proceeds|performance|numbers|stats|figures|kpis?|summary|report|overview|business|doing|how did (?:i|we|it) (?:do|go)|happen(?:ed|ing)?|going on)\b/,
    topic: sales(),
  },
];

/** The topic of a message (text lower-cased, marketplaces and currencies blanked) and where it was said; undefined when none is named. */
export function findTopic(text: string): { topic: Topic; index: number; end: number } | undefined {
  for (const rule of RULES) {
    const m = rule.re.exec(text);
    if (!m) continue;
    const topic = rule.topic(text);
    if (topic) return { topic, index: m.index, end: m.index + m[0].length };
  }
  return undefined;
}

/** A word any topic rule reads on its own (so it is no typo). */
export const topicWord = (word: string): boolean => RULES.some((r) => r.re.test(word));
