import type { PeriodSpec } from '../../analytics/period.ts';
import { findCues, findYearAgo, type Cue } from './breakdowns.ts';
import type { LocalDate } from './local-date.ts';
import { findMarketplaces, type Marketplace } from './marketplaces.ts';
import { findLimit, findMetric, findOrderId, findRankBy, findThreshold, type Metric } from './metrics.ts';
import { findPeriods } from './periods.ts';
import { blank, type Found } from './scan.ts';

export interface ParsedMessage {
  orderId?: string;
  metric?: Metric;
  periods: Found<PeriodSpec>[];
  marketplaces: Found<Marketplace>[];
  allMarketplaces: boolean;
  cues: Found<Cue>[];
  rankBy?: 'revenue' | 'units';
  limit?: number;
  threshold?: number;
  /** opens like a follow-up: "and …", "what about …", "same for …" */
  followUp: boolean;
  /** words read as neither a slot nor filler: a message made only of slots is a follow-up or a plain sales question */
  leftover: string[];
  greeting: boolean;
  help: boolean;
}

const FOLLOW_UP = /^(?:and|what about|how about|what of|same|also|now|ok(?:ay)?|then|but|just|only|so|for|on|in)\b/;
const GREETING = /^(?:hi+|hello|hey|hiya|yo|namaste|good (?:morning|afternoon|evening|night)|thanks|thank you|thx|ty|cheers|bye|cool|great)\b/;
const HELP = /\b(?:help|what can you do|what do you do|how does this work|commands|menu|who are you)\b/;
const FILLER = new Set(
  `and or what whats what's about how hows how's on in at for the my me i we our us show please pls ok okay same but just only then now also
  of a an is it its it's was were be that this those these them they with instead again let's lets see tell give get got do did does go so too
  there here view look like split broken down up break as one ones thing things period time from to during over vs can could you u want need
  would will all whole entire total totals overall by per each across between since until till below under less fewer than at most least
  compare compared data yes yeah sure last previous prior before`.split(/\s+/),
);

/** Reads every slot out of one message; each reader blanks what it used so the next cannot reuse it. */
export function parseMessage(raw: string, today: LocalDate): ParsedMessage {
  const spaced = raw.replace(/[’‘]/g, "'").replace(/\s+/g, ' ').trim();
  const lower = spaced.toLowerCase();
  const order = findOrderId(spaced);
  const marketplaces = findMarketplaces(order ? blank(lower, [order]) : lower);
  const yearAgo = findYearAgo(marketplaces.rest);
  const periods = findPeriods(yearAgo.rest, today);
  const cues = findCues(periods.rest);
  const leftover = cues.rest
    .replace(/[^a-z0-9' ]/g, ' ')
    .split(' ')
    .filter((word) => word !== '' && !FILLER.has(word) && !/^\d+$/.test(word));
  return {
    orderId: order?.id,
    metric: findMetric(yearAgo.rest),
    rankBy: findRankBy(periods.rest),
    limit: findLimit(periods.rest),
    threshold: findThreshold(periods.rest),
    periods: periods.found,
    marketplaces: marketplaces.found,
    allMarketplaces: marketplaces.all,
    cues: [...yearAgo.found, ...cues.found],
    followUp: FOLLOW_UP.test(lower),
    leftover,
    greeting: GREETING.test(lower),
    help: HELP.test(lower),
  };
}

/** Anything the router can read besides a metric. */
export const hasSlots = (p: ParsedMessage): boolean =>
  p.periods.length > 0 || p.marketplaces.length > 0 || p.allMarketplaces || p.cues.length > 0 || p.rankBy !== undefined || p.limit !== undefined || p.threshold !== undefined;
