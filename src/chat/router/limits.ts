import type { Topic } from './topics.ts';

/**
 * What sellers ask that the order data cannot answer, said plainly with why, and the nearest
 * figure that can be given (built from the rest of the message: its period, marketplaces,
 * stores). Read before any topic: "profit margin by product" must not become top products.
 */
export interface Limit {
  /** what was asked, as the answer names it */
  topic: string;
  why: string;
  /** what the nearest answer is, introducing it ("The nearest I can show is …") */
  offer?: string;
  /** `trend`: the nearest answer is the sales trend (for a forecast) */
  nearest?: Topic & { trend?: boolean };
}

interface LimitRule extends Limit {
  re: RegExp;
  /** phrases blanked before `re` is tried ("shipping fees" are the customer's shipping, not marketplace fees) */
  unless?: RegExp;
}

const RULES: readonly LimitRule[] = [
  {
    re: /\b(?:(?:inventory|stock) (?:value|valuation|worth)|value of (?:my |the |our )?(?:inventory|stock)|worth of (?:my |the |our )?(?:inventory|stock)|(?:inventory|stock) (?:is )?worth|how much is (?:my |the |our )?(?:inventory|stock) worth)\b/,
    topic: 'inventory value',
    why: 'Inventory value needs what each product cost you, and no marketplace sends product costs.',
    offer: 'The nearest I can show is your stock levels:',
    nearest: { family: 'inventory' },
  },
  {
    re: /\b(?:profits?|profitab\w*|margins?|mark[- ]?ups?|net income|net profit|bottom line|cogs|cost of (?:goods|sales)(?: sold)?|landed costs?|unit costs?|product costs?|roi|return on investment|earn(?:ed|ings)? after (?:costs|expenses)|how much (?:did i|have i|do i) (?:actually )?(?:keep|clear))\b/,
    topic: 'profit',
    why: 'Profit and margin need what each product cost you, and no marketplace sends product costs.',
    offer: 'The nearest I can show is revenue after discounts and refunds (net sales):',
    nearest: { family: 'sales', metric: 'net_sales' },
  },
  {
    re: /\b(?:payouts?|pay-outs?|settlements?|disbursements?|deposits?|paid out|bank transfers?|remittances?)\b/,
    topic: 'payouts',
    why: "Payouts come from the marketplaces' finance reports, which I don't read: I read orders.",
    offer: 'The nearest I can show is revenue after discounts and refunds (net sales):',
    nearest: { family: 'sales', metric: 'net_sales' },
  },
  {
    re: /\b(?:fees?|commissions?|take rate|charges by (?:the )?(?:marketplace|platform))\b/,
    unless: /\b(?:shipping|delivery|postage) (?:fees?|charges?)\b|\bfees? (?:for|on) shipping\b/g,
    topic: 'marketplace fees',
    why: 'The order APIs I read do not report marketplace fees or commissions.',
    offer: 'The nearest I can show is your sales before fees:',
    nearest: { family: 'sales' },
  },
  {
    re: /\b(?:ad ?spend|ads|advert\w*|marketing (?:spend|costs?|budget)|campaigns?|roas|acos|tacos|ppc|cpc|cpm|sponsored (?:products?|listings?|ads?)|promoted listings?)\b/,
    topic: 'ad spend',
    why: "Ad spend lives in the marketplaces' advertising consoles, not in order data, so I can't see it.",
    offer: 'The nearest I can show is your sales, to weigh against what you spent:',
    nearest: { family: 'sales' },
  },
  {
    re: /\b(?:traffic|visitors?|visits?|sessions?|page ?views?|views|impressions|clicks?|click[- ]through(?: rate)?|ctr|conversion(?: rates?)?|conversions|bounce rates?|footfall|cart abandon\w*|abandoned carts?|add[- ]to[- ]carts?)\b/,
    topic: 'traffic and conversion',
    why: "Visits, traffic and conversion rates aren't in order data: each marketplace reports them in its own analytics dashboard.",
    offer: 'The nearest I can show is how many orders you got:',
    nearest: { family: 'sales', metric: 'orders' },
  },
  {
    re: /\b(?:forecasts?|forecasting|predict\w*|projections?|projected|will (?:i|we) (?:sell|make|earn|hit|reach|get)|next (?:week|month|quarter|year)(?:'s)?|(?:the )?coming (?:week|month|quarter|year)|expected (?:sales|revenue|orders)|future (?:sales|revenue|orders)|estimate (?:for )?(?:next|the coming|future))\b/,
    topic: 'a forecast',
    why: "I don't forecast: I report what has already happened in your orders.",
    offer: 'The nearest I can show is the recent trend:',
    nearest: { family: 'sales', trend: true },
  },
  {
    re: /\b(?:reviews?|ratings?|stars?|feedback)\b/,
    topic: 'reviews',
    why: "Reviews and ratings aren't part of the order data I read.",
  },
];

/** The limit a message runs into, if any (text lower-cased, marketplaces blanked). */
export function findLimit(text: string): Limit | undefined {
  for (const { re, unless, ...limit } of RULES) {
    const t = unless ? text.replace(unless, ' ') : text;
    if (re.test(t)) return limit;
  }
  return undefined;
}

/** Words read by a limit on their own (so they are no typo). */
export const limitWord = (word: string): boolean => RULES.some((r) => r.re.test(word));
