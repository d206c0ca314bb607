import type { z } from 'zod';
import type { marketplace } from '../tool-args.ts';
import { scan, type Found, type Rule } from './scan.ts';

export type Marketplace = z.infer<typeof marketplace>;

/**
 * How sellers write each marketplace, misspellings included. A space in an alias also accepts a
 * hyphen or nothing ("flip kart", "flip-kart"). "bc" and "sq" are read as marketplaces only as
 * whole words.
 */
const ALIASES: Readonly<Record<Marketplace, readonly string[]>> = {
  SHOPIFY: ['shopify', 'shopfy', 'shoppify', 'shopiify'],
  EBAY: ['e bay', 'ebey', 'eaby'],
  ETSY: ['etsy', 'etsey', 'esty', 'etsi'],
  FLIPKART: ['flip kart', 'flip cart', 'flipkar'],
  BIGCOMMERCE: ['big commerce', 'big comerce', 'bigcomm', 'bc'],
  SQUARE: ['square', 'squareup', 'square pos', 'sq'],
  SNAPDEAL: ['snap deal', 'snapdel', 'snap del', 'snapdeel'],
};

const ALL_MARKETPLACES = /\b(?:(?:across|on|for|from|in) )?(?:all|every) (?:(?:of )?(?:my|the|our) )?(?:marketplaces?|channels?|platforms?|stores?|shops?)(?: combined)?\b|\b(?:everywhere|all combined|combined)\b/g;

const aliasSource = (alias: string): string => alias.split(' ').join('[ -]?');

const RULES: readonly Rule<Marketplace>[] = (Object.keys(ALIASES) as Marketplace[]).map((name) => ({
  // longest first, so "square pos" wins over "square"
  re: new RegExp(`\\b(?:${[...ALIASES[name]].sort((a, b) => b.length - a.length).map(aliasSource).join('|')})(?:'s)?\\b`, 'g'),
  read: () => name,
}));

export interface MarketplaceMentions {
  /** in the order first mentioned, each once */
  found: Found<Marketplace>[];
  /** "across all marketplaces": an explicit request for every marketplace */
  all: boolean;
  rest: string;
}

export function findMarketplaces(text: string): MarketplaceMentions {
  let all = false;
  const blanked = text.replace(ALL_MARKETPLACES, (m) => {
    all = true;
    return ' '.repeat(m.length);
  });
  const { found, rest } = scan(blanked, RULES);
  const firsts = found.filter((f, i) => found.findIndex((g) => g.value === f.value) === i);
  return { found: firsts, all, rest };
}
