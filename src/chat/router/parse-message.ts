import type { PeriodSpec } from '../../analytics/period.ts';
import type { StoreRef } from '../intent.ts';
import { type Cue, findBestPeriod, findCues, findYearAgo } from './breakdowns.ts';
import { findCurrency } from './currencies.ts';
import { findLimit as findHonestLimit, type Limit, limitWord } from './limits.ts';
import type { LocalDate } from './local-date.ts';
import { findMarketplaces, findOtherMarketplace, type Marketplace } from './marketplaces.ts';
import { findLimit, findOrderId, findRankBy, findThreshold } from './metrics.ts';
import { findPeriods, findRelative, type Relative } from './periods.ts';
import { blank, type Found } from './scan.ts';
import { findStoreMention, type StoreMention } from './stores.ts';
import { findTopic, type Topic, topicWord } from './topics.ts';

export interface ParsedMessage {
  /** the message as read: lower case, quotes and spaces tidied */
  text: string;
  orderId?: string;
  topic?: Topic;
  /** something the order data cannot answer (profit, fees, traffic…) */
  limit?: Limit;
  /** a marketplace Frame does not connect to ("Amazon") */
  otherMarketplace?: string;
  periods: Found<PeriodSpec>[];
  /** "the week before", "the previous month": the period before another */
  relative: Found<Relative>[];
  marketplaces: Found<Marketplace>[];
  allMarketplaces: boolean;
  store?: StoreMention;
  currency?: string;
  cues: Found<Cue>[];
  rankBy?: 'revenue' | 'units';
  count?: { limit: number; asked: number };
  threshold?: number;
  /** opens like a follow-up: "and …", "what about …", "same for …" */
  followUp: boolean;
  /** a topic and nothing else ("net sales?", "returns?", "top 10 products"): a follow-up when there is a last question */
  bare: boolean;
  /** words no reader took and that are no filler: typos, or what the router cannot place */
  unknown: string[];
  /** the unknown words standing where a marketplace would ("sales on shpfy", "shpfy orders") */
  inMarketplaceSlot: string[];
  help: boolean;
}

const FOLLOW_UP =
  /^(?:and|what about|how about|what of|same|also|now|ok(?:ay)?|then|but|just|only|so|for|on|in|vs\.?|versus|compared? (?:to|with))\b/;
/** "which of them…", "those ones": the message points back at the last answer */
const BACK_REFERENCE = /\b(?:them|those|these|they|the same)\b/;
const HELP = /\b(?:help|what can you do|what do you do|how does this work|commands|menu|who are you|what are you)\b/;
const QUESTION =
  /\b(?:how|what|which|who|when|where|why|show|give|tell|list|did|do|does|are|is|were|was|can|could|would|have|has|had)\b/;
const LAST_ONE = /\b(?:my |the )?(?:last|latest|most recent|newest) order\b(?!s)/;
const FILLER = new Set(
  `and or what whats what's about how hows how's on in at for the my me i we our us show please pls plz ok okay same but just only then now also
  of a an is it its it's was were be been being that this those these them they with instead again let's lets see tell give get got do did does go so too
  there here view look like split broken down up break as one ones thing things period time from to during over vs can could you u want need
  would will all whole entire total totals overall by per each across between since until till below under less fewer than at most least
  compare compared data yes yeah sure last previous prior before quick quickly kindly hey hi hello thanks thank much many any some number
  know find check figure stats have has had am are doing done been store stores shop shops account accounts site sites
  channel channels marketplace marketplaces platform platforms seller sellers versus vs. which where who when why into out off rate rates
  again did i'm im i've ive want wanted wondering curious day days list convert converted
  best worst top most latest recent newest biggest highest lowest good bad better worse doing done going lately recently currently so far`.split(
    /\s+/,
  ),
);

/** Reads every slot out of one message; each reader blanks what it used so the next cannot reuse it. */
export function parseMessage(raw: string, today: LocalDate, stores: readonly StoreRef[] = []): ParsedMessage {
  const spaced = raw.replace(/[’‘]/g, "'").replace(/[“”]/g, '"').replace(/\s+/g, ' ').trim();
  const lower = spaced.toLowerCase();
  const order = findOrderId(spaced);
  const unordered = order ? blank(lower, [order]) : lower;
  const marketplaces = findMarketplaces(unordered);
  const store = findStoreMention(marketplaces.rest, marketplaces.marked, stores);
  const currency = findCurrency(store.rest);
  const best = findBestPeriod(currency.rest);
  const otherMarketplace = findOtherMarketplace(best.rest);
  const limit = findHonestLimit(best.rest);
  // topic phrases read across what was blanked ("top ebay products" → "top products")
  const found = findTopic(best.rest.replace(/\s+/g, ' '));
  const topic = found?.topic;
  const topicWords = new Set(
    found
      ? best.rest
          .replace(/\s+/g, ' ')
          .slice(found.index, found.end)
          .split(/[^a-z0-9']+/)
      : [],
  );
  const yearAgo = findYearAgo(best.rest);
  const relative = findRelative(yearAgo.rest);
  const periods = findPeriods(relative.rest, today);
  const cues = findCues(periods.rest);
  const words = cues.rest
    .replace(/[^a-z0-9' ]/g, ' ')
    .split(' ')
    .map((w) => w.replace(/'s$/, ''))
    .filter((w) => w !== '');
  const unknown = words.filter(
    (w) => !FILLER.has(w) && !topicWords.has(w) && !/^\d+(?:st|nd|rd|th|k)?$/.test(w) && !topicWord(w) && !limitWord(w),
  );
  const bestCues: Found<Cue>[] = best.found.flatMap((f) => [f, { ...f, value: { kind: 'trend' } as Cue }]);
  const count =
    findLimit(periods.rest) ??
    (LAST_ONE.test(periods.rest) && topic?.family === 'latest_orders' ? { limit: 1, asked: 1 } : undefined);
  const slot = (w: string): boolean =>
    new RegExp(
      `\\b(?:on|from|at|via|through|in my|on my) ${w}\\b|\\b${w} (?:sales|orders|revenue|store|shop|returns)\\b`,
    ).test(cues.rest);
  const rankBy = findRankBy(periods.rest);
  const threshold = findThreshold(periods.rest);
  const saidSomething =
    periods.found.length > 0 ||
    relative.found.length > 0 ||
    marketplaces.found.length > 0 ||
    marketplaces.all ||
    store.mention !== undefined;
  return {
    text: lower,
    ...(order && { orderId: order.id }),
    ...(topic && { topic }),
    ...(limit && { limit }),
    ...(otherMarketplace && { otherMarketplace }),
    periods: periods.found,
    relative: relative.found,
    marketplaces: marketplaces.found,
    allMarketplaces: marketplaces.all,
    ...(store.mention && { store: store.mention }),
    ...(currency.found && { currency: currency.found.value }),
    cues: [...bestCues, ...yearAgo.found, ...cues.found].sort((a, b) => a.index - b.index),
    ...(rankBy && { rankBy }),
    ...(count && { count }),
    ...(threshold !== undefined && { threshold }),
    followUp: FOLLOW_UP.test(lower) || BACK_REFERENCE.test(lower),
    bare: topic !== undefined && !saidSomething && !QUESTION.test(lower) && words.length <= 4,
    unknown,
    inMarketplaceSlot: unknown.filter(slot),
    help: HELP.test(lower),
  };
}

/** Anything the router can read besides a topic. */
export const hasSlots = (p: ParsedMessage): boolean =>
  p.periods.length > 0 ||
  p.relative.length > 0 ||
  p.marketplaces.length > 0 ||
  p.allMarketplaces ||
  p.store !== undefined ||
  p.currency !== undefined ||
  p.cues.length > 0 ||
  p.rankBy !== undefined ||
  p.count !== undefined ||
  p.threshold !== undefined;
