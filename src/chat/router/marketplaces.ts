import type { MarketplaceType } from '../../generated/prisma/enums.ts';
import { MARKETPLACE_KEYS, MARKETPLACE_NAMES, MARKETPLACES } from '../../marketplaces/registry.ts';
import { type Found, type Rule, scan } from './scan.ts';

export type Marketplace = MarketplaceType;

const ALL_MARKETPLACES =
  /\b(?:(?:across|on|for|from|in) )?(?:all|every) (?:(?:of )?(?:my|the|our) )?(?:marketplaces?|channels?|platforms?|stores?|shops?)(?: combined)?\b|\b(?:everywhere|all combined|combined)\b/g;

const aliasSource = (alias: string): string => alias.split(' ').join('[ -]?');

// "bc" and "sq" are read as marketplaces only as whole words
const RULES: readonly Rule<Marketplace>[] = MARKETPLACE_KEYS.map((name) => ({
  // longest first, so "square pos" wins over "square"
  re: new RegExp(
    `\\b(?:${[...MARKETPLACES[name].aliases]
      .sort((a, b) => b.length - a.length)
      .map(aliasSource)
      .join('|')})(?:'s)?\\b`,
    'g',
  ),
  read: () => name,
}));

/** How answers and questions back name each marketplace. */
export const MARKETPLACE_LABELS: Readonly<Record<Marketplace, string>> = MARKETPLACE_NAMES;
export const MARKETPLACE_ORDER: readonly Marketplace[] = MARKETPLACE_KEYS;

/** Marketplaces sellers name that Frame does not connect to: said so, never read as "all marketplaces". */
const OTHER_MARKETPLACES: readonly [RegExp, string][] = [
  [/\bamazon\b|\bamzn\b/, 'Amazon'],
  [/\bwalmart\b/, 'Walmart'],
  [/\bmeesho\b/, 'Meesho'],
  [/\bmyntra\b/, 'Myntra'],
  [/\bajio\b/, 'AJIO'],
  [/\bnykaa\b/, 'Nykaa'],
  [/\bjio ?mart\b/, 'JioMart'],
  [/\bwoo ?commerce\b|\bwoo\b/, 'WooCommerce'],
  [/\bmagento\b/, 'Magento'],
  [/\bwix\b/, 'Wix'],
  [/\bsquarespace\b/, 'Squarespace'],
  [/\btik ?tok(?: shop)?\b/, 'TikTok Shop'],
  [/\bshopee\b/, 'Shopee'],
  [/\blazada\b/, 'Lazada'],
  [/\bmercado ?libre\b/, 'Mercado Libre'],
  [/\bzalando\b/, 'Zalando'],
  [/\bwayfair\b/, 'Wayfair'],
  [/\btarget\.com\b/, 'Target'],
];

export function findOtherMarketplace(text: string): string | undefined {
  return OTHER_MARKETPLACES.find(([re]) => re.test(text))?.[1];
}

export interface MarketplaceMentions {
  /** in the order first mentioned, each once */
  found: Found<Marketplace>[];
  /** "across all marketplaces": an explicit request for every marketplace */
  all: boolean;
  rest: string;
  /** the text with every marketplace mention replaced by \u0001s (where a store's country may sit beside it) */
  marked: string;
}

export function findMarketplaces(text: string): MarketplaceMentions {
  let all = false;
  const blanked = text.replace(ALL_MARKETPLACES, (m) => {
    all = true;
    return ' '.repeat(m.length);
  });
  const { found, rest } = scan(blanked, RULES);
  let marked = text;
  for (const f of found) marked = marked.slice(0, f.index) + '\u0001'.repeat(f.end - f.index) + marked.slice(f.end);
  const firsts = found.filter((f, i) => found.findIndex((g) => g.value === f.value) === i);
  return { found: firsts, all, rest, marked };
}
