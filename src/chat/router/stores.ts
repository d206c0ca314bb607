import type { StoreRef } from '../intent.ts';
import { MARKETPLACE_LABELS, type Marketplace } from './marketplaces.ts';
import { topicWord } from './topics.ts';

/**
 * One store of a marketplace, by its name or its country ("my eBay UK store", "the German
 * Shopify shop", "sales in the UK"). A country is the store's currency (GBP tells the UK store)
 * or a word of its name or id ("ebay-uk", "shop.co.uk"). Short codes ("us", "de", "uk") count
 * only next to a marketplace or a store word, so "show us sales" stays a plain question; "in"
 * and "it" are never codes.
 */
interface Country {
  /** as a sentence says it: "the UK" */
  label: string;
  currency: string;
  /** codes read only right by a marketplace or store word ("ebay uk", "uk store") */
  short: readonly string[];
  /** names read there and after "in/from/for" ("sales in Germany") */
  long: readonly string[];
}

const COUNTRIES: readonly Country[] = [
  {
    label: 'the UK',
    currency: 'GBP',
    short: ['uk', 'gb', 'u\\.k\\.?'],
    long: ['united kingdom', 'great britain', 'britain', 'british', 'england', 'english'],
  },
  {
    label: 'the US',
    currency: 'USD',
    short: ['us', 'usa', 'u\\.s\\.?'],
    long: ['united states', 'america', 'american'],
  },
  { label: 'India', currency: 'INR', short: [], long: ['india', 'indian'] },
  { label: 'Germany', currency: 'EUR', short: ['de'], long: ['germany', 'german', 'deutschland'] },
  { label: 'France', currency: 'EUR', short: ['fr'], long: ['france', 'french'] },
  { label: 'Italy', currency: 'EUR', short: [], long: ['italy', 'italian'] },
  { label: 'Spain', currency: 'EUR', short: [], long: ['spain', 'spanish'] },
  { label: 'the EU', currency: 'EUR', short: ['eu'], long: ['europe', 'european'] },
  { label: 'Canada', currency: 'CAD', short: ['ca'], long: ['canada', 'canadian'] },
  { label: 'Australia', currency: 'AUD', short: ['au'], long: ['australia', 'australian', 'aussie'] },
  { label: 'Japan', currency: 'JPY', short: ['jp'], long: ['japan', 'japanese'] },
  { label: 'Singapore', currency: 'SGD', short: ['sg'], long: ['singapore'] },
  { label: 'the UAE', currency: 'AED', short: ['uae'], long: ['dubai', 'emirates'] },
];

const STORE_WORD = '(?:stores?|shops?|sites?|accounts?|storefronts?|outlets?|one|branch|marketplace)';
const MARK = '\u0001';
const MONEY_WORD = '(?! ?(?:dollars?|pounds?|rupees?|euros?|yen))';

export interface StoreMention {
  /** as said: "UK", "A Shop" */
  phrase: string;
  country?: Country;
  /** stores named outright */
  named: StoreRef[];
}

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const normal = (s: string): string => s.toLowerCase().replace(/[’‘]/g, "'").replace(/\s+/g, ' ').trim();
const blankSpan = (text: string, start: number, end: number): string =>
  text.slice(0, start) + ' '.repeat(end - start) + text.slice(end);

/** Country phrases, most specific first; group `c` is what gets blanked (the country and a store word after it). */
function countryPatterns(c: Country): RegExp[] {
  const all = [...c.short, ...c.long].join('|');
  const shortish = c.short.filter((w) => w !== 'us' && w !== 'usa');
  const beforeSlot = [...shortish, ...c.long, ...(c.short.includes('usa') ? ['usa'] : [])].join('|');
  const withThe = [...c.short, ...c.long].join('|');
  return [
    new RegExp(`${MARK}+(?:'s)?(?<c>(?:[ .-]|\\.co\\.)(?:${all})(?![a-z])${MONEY_WORD}(?: ${STORE_WORD}\\b)?)`), // "ebay uk", "ebay.co.uk", "ebay-de store"
    ...(beforeSlot ? [new RegExp(`(?<![a-z])(?<c>(?:${beforeSlot})) ${MARK}`)] : []), // "uk ebay", "german shopify"
    new RegExp(`(?<![a-z])(?<c>(?:${all}) ${STORE_WORD})\\b`), // "uk store", "the us one"
    new RegExp(
      `\\b(?:in|from|for|at) (?<c>the (?:${withThe})|(?:${c.long.join('|') || '(?!)'}))(?![a-z])${MONEY_WORD}`,
    ), // "sales in the UK", "orders from Germany"
  ];
}

/** A name made only of words any question may hold ("My Store", "Sales", "Top Deals"): never read as naming a store. */
const GENERIC = new Set(
  'my the our a an online official main store shop shops stores outlet deals deal best top new and of on in by for'.split(
    ' ',
  ),
);
const generic = (name: string): boolean =>
  name
    .split(/[^a-z0-9]+/)
    .filter(Boolean)
    .every(
      (w) => GENERIC.has(w) || topicWord(w) || Object.values(MARKETPLACE_LABELS).some((l) => l.toLowerCase() === w),
    );

/**
 * Store names said in the message (whole words, at least 4 letters, not a bare marketplace
 * name), or a country next to a marketplace (`marked`: the text with each marketplace mention
 * replaced by \u0001s), next to a store word or after "in the". Returns the text with what was
 * read blanked.
 */
export function findStoreMention(
  text: string,
  marked: string,
  stores: readonly StoreRef[],
): { mention?: StoreMention; rest: string } {
  const named: StoreRef[] = [];
  let rest = text;
  for (const store of stores) {
    const name = store.name ? normal(store.name) : '';
    if (name.length < 4 || generic(name)) continue;
    const m = new RegExp(`(?<![a-z0-9])${escapeRegExp(name)}(?![a-z0-9])`).exec(rest);
    if (!m) continue;
    named.push(store);
    rest = blankSpan(rest, m.index, m.index + m[0].length);
  }
  if (named.length > 0) return { mention: { phrase: named.map((s) => s.name).join(', '), named }, rest };

  for (const country of COUNTRIES) {
    for (const re of countryPatterns(country)) {
      const m = re.exec(marked);
      if (!m?.groups?.c) continue;
      const start = m.index + m[0].indexOf(m.groups.c);
      return {
        mention: { phrase: country.label, country, named: [] },
        rest: blankSpan(rest, start, start + m.groups.c.length),
      };
    }
  }
  return { rest };
}

export type StoreResolution =
  | { stores: string[]; marketplaces: Marketplace[] }
  | { clarify: { about: string; question: string; suggestions: string[] } };

export const describeStore = (s: StoreRef): string =>
  `${MARKETPLACE_LABELS[s.marketplace]}: ${s.name ?? s.storeId}${s.currency ? ` (${s.currency})` : ''}`;

const article = (word: string): string => (/^[aeiou]/i.test(word) ? 'an' : 'a');

/** The stores a mention means among the seller's, within the marketplaces asked about (if any). */
export function resolveStores(
  mention: StoreMention,
  marketplaces: readonly Marketplace[] | undefined,
  stores: readonly StoreRef[],
): StoreResolution {
  const within = stores.filter((s) => !marketplaces?.length || marketplaces.includes(s.marketplace));
  const where = marketplaces?.length ? marketplaces.map((m) => MARKETPLACE_LABELS[m]).join(' or ') : '';
  if (mention.named.length > 0) {
    const chosen = mention.named.filter((s) => within.includes(s));
    if (chosen.length > 0) return picked(chosen);
  } else if (mention.country) {
    const country = mention.country;
    const words = new RegExp(`(?<![a-z])(?:${[...country.short, ...country.long].join('|')})(?![a-z])`);
    const byName = within.filter((s) => words.test(normal(`${s.name ?? ''} ${s.storeId.replace(/\./g, ' ')}`)));
    const byCurrency = within.filter((s) => s.currency?.toUpperCase() === country.currency);
    const chosen = byName.length > 0 ? byName : byCurrency;
    if (chosen.length > 0) return picked(chosen);
  }
  const kind = where ? `${where} store` : 'store';
  const about = where ? `${where} ${mention.phrase}` : mention.phrase;
  const listed = within.length > 0 ? within : stores;
  const missing = mention.country
    ? `${article(kind)} ${kind} in ${mention.country.label}`
    : `${article(kind)} ${kind} named "${mention.phrase}"`;
  return {
    clarify: {
      about,
      question:
        listed.length > 0
          ? `I couldn't find ${missing}. Which of your stores do you mean?`
          : `I couldn't find ${missing}: no store of yours is connected yet.`,
      suggestions: listed.map(describeStore),
    },
  };
}

function picked(chosen: readonly StoreRef[]): StoreResolution {
  const marketplaces = [...new Set(chosen.map((s) => s.marketplace))];
  return { stores: chosen.map((s) => s.id), marketplaces };
}
