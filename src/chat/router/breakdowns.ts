import { type Found, type Rule, scan } from './scan.ts';

export type Interval = 'day' | 'week' | 'month';

/**
 * Breakdowns and comparisons as phrase rules. "across all marketplaces" is read beforehand as
 * "every marketplace, combined"; "across marketplaces" / "by channel" / "each store" split by it.
 */
export type Cue =
  | { kind: 'by_marketplace' }
  | { kind: 'interval'; interval: Interval }
  | { kind: 'trend' }
  /** `verb`: "compare last week" (the period said is the one asked about); else a connector: "vs last week" (the one compared with) */
  | { kind: 'compare'; verb?: boolean }
  | { kind: 'growth' }
  | { kind: 'year_ago' }
  /** "whole months", "full weeks": compare whole periods even when one is under way */
  | { kind: 'whole' };

const PLACE = '(?:marketplaces?|channels?|platforms?|stores?|shops?|sites?|sources?)';

const rule = (re: RegExp, cue: Cue): Rule<Cue> => ({ re, read: () => cue });

const RULES: readonly Rule<Cue>[] = [
  rule(
    new RegExp(
      `\\b(?:(?:broken down |split |break ?down |breakdown )?(?:by|per) ${PLACE}|(?:for )?each ${PLACE}|across (?:the |my )?${PLACE}|${PLACE}[- ]wise|split by ${PLACE})\\b`,
      'g',
    ),
    { kind: 'by_marketplace' },
  ),
  rule(/\b(?:daily|by day|per day|each day|day[- ]by[- ]day|day[- ]wise|day on day|dod)\b/g, {
    kind: 'interval',
    interval: 'day',
  }),
  rule(/\b(?:weekly|by week|per week|each week|week[- ]by[- ]week|week[- ]wise|week on week|wow)\b/g, {
    kind: 'interval',
    interval: 'week',
  }),
  rule(/\b(?:monthly|by month|per month|each month|month[- ]by[- ]month|month[- ]wise|month on month|mom)\b/g, {
    kind: 'interval',
    interval: 'month',
  }),
  rule(
    /\b(?:whole|full|entire|complete) (?:calendar )?(?:weeks?|months?|quarters?|years?|periods?)\b|\b(?:the )?(?:whole|full|entire) (?:of )?(?:it|them|both)\b/g,
    { kind: 'whole' },
  ),
  rule(
    /\b(?:trends?|trending|over time|charts?|graphs?|plot(?:ted)?|visuali[sz]e|visuali[sz]ation|timeline|time series|going (?:up|down)|up or down|rising|falling|heading|trajectory|momentum|picking up|slowing(?: down)?|on the rise|in decline)\b/g,
    { kind: 'trend' },
  ),
  rule(
    /\b(?:vs\.?|versus|v\/s|compared? (?:to|with|against)|comparisons? (?:with|to|against)|against|relative to|than)(?=\s|$|[?!.,])/g,
    { kind: 'compare' },
  ),
  rule(/\b(?:compare|comparing|comparison)(?=\s|$|[?!.,])/g, { kind: 'compare', verb: true }),
  rule(/\b(?:growth|grow(?:n|ing)?|grew|change|changed|better or worse|increase|decrease|drop(?:ped)?|declined?)\b/g, {
    kind: 'growth',
  }),
];

/**
 * "best week", "worst day", "busiest month", "best selling day": a trend by that interval (the
 * chart shows the best and the worst). Read before topics, which would take "best selling" as
 * top products.
 */
const BEST_PERIOD = [
  {
    re: /\b(?:(?:best|worst|busiest|slowest|quietest|strongest|weakest|biggest|top|peak|highest|lowest) (?:and|or|&|\/|vs\.?) )?(?:best|worst|busiest|slowest|quietest|strongest|weakest|biggest|top|peak|highest|lowest)(?:[- ]selling| sales| performing| revenue)? (day|week|month)s?(?: of (?:the )?(?:week|month|year))?\b|\bpeak (day|week|month)s?\b/g,
    read: (m: RegExpExecArray): Cue => ({ kind: 'interval', interval: (m[1] ?? m[2]) as Interval }),
  },
  {
    // "which day had the most sales", "what week was best"
    re: /\b(?:which|what) (day|week|month)s? (?:of (?:the )?(?:week|month|year) )?(?:had|did|was|were|sold|made|brought|got|saw)\b/g,
    read: (m: RegExpExecArray): Cue => ({ kind: 'interval', interval: m[1] as Interval }),
  },
];

export function findBestPeriod(text: string): { found: Found<Cue>[]; rest: string } {
  return scan(text, BEST_PERIOD);
}

/** Read before periods, which would otherwise take its "last year". */
const YEAR_AGO = [
  rule(
    /\b(?:yoy|year[- ](?:over|on)[- ]year|(?:the )?same (?:time|period|day|week|month|quarter) (?:of |in )?last year)\b/g,
    { kind: 'year_ago' },
  ),
];

export function findYearAgo(text: string): { found: Found<Cue>[]; rest: string } {
  return scan(text, YEAR_AGO);
}

export function findCues(text: string): { found: Found<Cue>[]; rest: string } {
  return scan(text, RULES);
}
