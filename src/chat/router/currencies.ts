import { type Found, type Rule, scan } from './scan.ts';

/**
 * "in rupees", "in INR", "in euros", "€", "convert to pounds" → an ISO 4217 code. A currency's
 * name counts after "in/to/into/as" (or before "terms"); an ISO code or a symbol standing alone
 * counts anywhere ("INR sales", "sales in €"), a symbol before a figure ("$100") does not.
 */
const NAMES: readonly [string, string][] = [
  ['indian rupees?|rupees?|rupaye|rs\\.?|inr', 'INR'],
  ['us dollars?|american dollars?|usd', 'USD'],
  ['canadian dollars?|cad', 'CAD'],
  ['australian dollars?|aussie dollars?|aud', 'AUD'],
  ['singapore dollars?|sgd', 'SGD'],
  ['hong kong dollars?|hkd', 'HKD'],
  ['new zealand dollars?|nzd', 'NZD'],
  ['dollars?|bucks', 'USD'],
  ['euros?|eur', 'EUR'],
  ['british pounds?|pounds? sterling|sterling|pounds?|quid|gbp', 'GBP'],
  ['japanese yen|yen|jpy', 'JPY'],
  ['chinese yuan|yuan|renminbi|rmb|cny', 'CNY'],
  ['dirhams?|aed', 'AED'],
  ['swiss francs?|francs?|chf', 'CHF'],
  ['swedish kron(?:a|or)|sek', 'SEK'],
  ['mexican pesos?|mxn', 'MXN'],
  ['brazilian reals?|reais|brl', 'BRL'],
  ['ringgit|myr', 'MYR'],
  ['rupiah|idr', 'IDR'],
  ['baht|thb', 'THB'],
  ['won|krw', 'KRW'],
  ['pesos?', 'MXN'],
];

/** Codes that read as a currency wherever they stand (not English words). */
const CODES = [
  'INR',
  'USD',
  'EUR',
  'GBP',
  'JPY',
  'CAD',
  'AUD',
  'SGD',
  'AED',
  'CHF',
  'CNY',
  'HKD',
  'NZD',
  'SEK',
  'MXN',
  'BRL',
  'MYR',
  'THB',
  'KRW',
];
const SYMBOLS: Readonly<Record<string, string>> = { '₹': 'INR', '€': 'EUR', '£': 'GBP', '¥': 'JPY', $: 'USD' };

const rules: readonly Rule<string>[] = [
  ...NAMES.map(([names, code]) => ({
    re: new RegExp(
      `\\b(?:in|to|into|as|using|show(?: it| me| them)?|convert(?:ed)?(?: it| them)? to|converted into)(?: the)? (?:${names})(?![a-z])(?: terms)?|\\b(?:${names}) (?:terms|equivalent)\\b`,
      'g',
    ),
    read: () => code,
  })),
  { re: new RegExp(`\\b(?:${CODES.map((c) => c.toLowerCase()).join('|')})\\b`, 'g'), read: (m) => m[0].toUpperCase() },
  { re: /(?:^|\s|\()([₹€£¥$])(?![\d.,])/g, read: (m) => SYMBOLS[m[1]!] ?? null },
];

/** The currency asked for (the last one said wins: "not in dollars, in euros" is rare enough). */
export function findCurrency(text: string): { found?: Found<string>; rest: string } {
  const { found, rest } = scan(text, rules);
  return { ...(found.length > 0 ? { found: found.at(-1)! } : {}), rest };
}
