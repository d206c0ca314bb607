import { scan, type Found, type Rule } from './scan.ts';

export type Interval = 'day' | 'week' | 'month';

/**
 * Breakdowns and comparisons as phrase rules. "across all marketplaces" is read beforehand as
 * "every marketplace, combined"; "across marketplaces" / "by channel" / "each store" split by it.
 */
export type Cue = { kind: 'by_marketplace' } | { kind: 'interval'; interval: Interval } | { kind: 'trend' } | { kind: 'compare' } | { kind: 'growth' } | { kind: 'year_ago' };

const PLACE = '(?:marketplaces?|channels?|platforms?|stores?|shops?|sites?|sources?)';

const rule = (re: RegExp, cue: Cue): Rule<Cue> => ({ re, read: () => cue });

const RULES: readonly Rule<Cue>[] = [
  rule(new RegExp(`\\b(?:(?:broken down |split |break ?down |breakdown )?(?:by|per) ${PLACE}|(?:for )?each ${PLACE}|across (?:the |my )?${PLACE}|${PLACE}[- ]wise|split by ${PLACE})\\b`, 'g'), { kind: 'by_marketplace' }),
  rule(/\b(?:daily|by day|per day|each day|day[- ]by[- ]day|day[- ]wise|day on day|dod)\b/g, { kind: 'interval', interval: 'day' }),
  rule(/\b(?:weekly|by week|per week|each week|week[- ]by[- ]week|week[- ]wise|week on week|wow)\b/g, { kind: 'interval', interval: 'week' }),
  rule(/\b(?:monthly|by month|per month|each month|month[- ]by[- ]month|month[- ]wise|month on month|mom)\b/g, { kind: 'interval', interval: 'month' }),
  rule(/\b(?:trends?|over time|charts?|graphs?|plot(?:ted)?|visuali[sz]e|visuali[sz]ation|timeline|time series)\b/g, { kind: 'trend' }),
  rule(/\b(?:vs\.?|versus|v\/s|compared? (?:to|with|against)|comparison(?: with| to)?|compare|against|relative to|than)(?=\s|$|[?!.,])/g, { kind: 'compare' }),
  rule(/\b(?:growth|grow(?:n|ing)?|grew|change|changed|up or down|better or worse|increase|decrease|drop(?:ped)?|declined?)\b/g, { kind: 'growth' }),
];

/** Read before periods, which would otherwise take its "last year". */
const YEAR_AGO = [rule(/\b(?:yoy|year[- ](?:over|on)[- ]year|(?:the )?same (?:time|period|day|week|month|quarter) (?:of |in )?last year)\b/g, { kind: 'year_ago' })];

export function findYearAgo(text: string): { found: Found<Cue>[]; rest: string } {
  return scan(text, YEAR_AGO);
}

export function findCues(text: string): { found: Found<Cue>[]; rest: string } {
  return scan(text, RULES);
}
