import { Decimal } from 'decimal.js';
import { TOOL_ARGS } from '../../analytics/args.ts';
import { MAX_INTERVALS } from '../../analytics/fit-interval.ts';
import { getSalesTrend, type TrendPoint } from '../../analytics/get-sales-trend.ts';
import { METRICS, metricValue } from '../../analytics/metrics.ts';
import type { ChartRequest } from '../../charts/chart-request.ts';
import { defineTool } from '../llm/chat-tool.ts';
import {
  asOf,
  currencyNote,
  dec2,
  during,
  marketplaceName,
  monthName,
  periodData,
  plural,
  scopeName,
  shortDay,
  showMetric,
  withCoverage,
} from './format.ts';

/** The most points a line of a trend chart draws (a year by day is drawn by week). */
const CHART_POINTS = 120;

export const getSalesTrendTool = defineTool({
  name: 'get_sales_trend',
  description:
    'A sales metric over time (orders not cancelled; sales by default): per day, week or month of a period, one series per marketplace and the total, ' +
    'in the seller\'s currency or one asked for. Use for trends, "how are sales going", up or down, best and worst weeks.',
  input: TOOL_ARGS.get_sales_trend,
  async execute(ctx, args) {
    const t = await getSalesTrend(ctx.db, ctx.tenant, args);
    const def = METRICS[t.metric];
    const currency = t.currency;
    const valueAt = (p: TrendPoint) => (typeof p.value === 'string' ? dec2(p.value) : p.value);
    const total = t.total.map((p) => ({
      start: p.start,
      end: p.end,
      partial: p.partial,
      orders: p.orders,
      units: p.units,
      value: valueAt(p),
    }));
    const overall = metricValue(t.metric, t.figures);
    const series = t.series.map((s) => ({
      marketplace: s.marketplace,
      value: ((v) => (typeof v === 'string' ? dec2(v) : v))(metricValue(t.metric, s.figures)),
      points: s.points.map((p) => ({ start: p.start, orders: p.orders, value: valueAt(p) })),
    }));
    // best and worst among whole intervals with orders (a part week is not compared with whole ones)
    const whole = total.filter((p) => !p.partial && p.value !== null);
    const num = (v: string | number | null) => new Decimal(v ?? 0);
    const best = whole.reduce<(typeof total)[number] | null>(
      (a, p) => (!a || num(p.value).gt(num(a.value)) ? p : a),
      null,
    );
    const worst = whole.reduce<(typeof total)[number] | null>(
      (a, p) => (!a || num(p.value).lt(num(a.value)) ? p : a),
      null,
    );
    const [first, last] = [whole[0], whole.at(-1)];
    const direction =
      first && last && first !== last
        ? num(last.value).gt(num(first.value))
          ? 'up'
          : num(last.value).lt(num(first.value))
            ? 'down'
            : 'flat'
        : null;
    const change =
      first && last && direction && direction !== 'flat' && !num(first.value).isZero()
        ? num(last.value).minus(num(first.value)).div(num(first.value)).times(100).abs().toDecimalPlaces(1).toFixed(1)
        : null;
    const totals = {
      orders: t.figures.orders,
      value: typeof overall === 'string' ? dec2(overall) : overall,
      ordersWithoutExchangeRate: t.figures.usd.ordersWithoutUSD,
      intervals: total.length,
      intervalsWithoutOrders: total.filter((p) => p.orders === 0).length,
    };
    const data = {
      period: periodData(t.period),
      interval: t.interval,
      ...(t.askedInterval && { askedInterval: t.askedInterval }),
      metric: t.metric,
      definition: def.definition,
      currency,
      salesExclude: 'cancelled orders',
      totals,
      direction,
      changePercent: change,
      best: best && { start: best.start, value: best.value },
      worst: worst && { start: worst.start, value: worst.value },
      total,
      series,
      dataAsOf: asOf(t.freshness),
    };
    const scope = scopeName(args.marketplaces);
    if (totals.orders === 0 || !best)
      return {
        data,
        summary: withCoverage(
          `No ${scope ? `orders from ${scope}` : 'sales'} ${during(t.period.label)}.`,
          [t.period],
          t.freshness,
        ),
      };
    // days and weeks name their year when the trend spans more than one
    const years = total.length > 0 && total[0]!.start.slice(0, 4) !== total.at(-1)!.start.slice(0, 4);
    const when = (p: { start: string }) =>
      t.interval === 'month'
        ? monthName(p.start)
        : t.interval === 'week'
          ? `the week of ${shortDay(p.start, years)}`
          : shortDay(p.start, years);
    const show = (v: string | number | null) => showMetric(t.metric, v, currency);
    const quiet = totals.intervalsWithoutOrders;
    const trend =
      direction && first && last
        ? ` ${direction === 'flat' ? 'Flat' : direction === 'up' ? 'Up' : 'Down'}${change ? ` ${change}%` : ''} from ${when(first)} to ${when(last)}.`
        : '';
    const sentences = [
      `Your ${scope ? `${scope} ` : ''}${def.name} ${during(t.period.label)}: ${show(totals.value)}${t.metric === 'orders' ? '' : ` from ${plural(totals.orders, 'order')}`}.${trend}`,
      `Best ${t.interval}: ${when(best)} at ${show(best.value)}${worst && worst !== best ? `; worst: ${when(worst)} at ${show(worst.value)}` : ''}${quiet > 0 ? `; ${quiet} of ${total.length} ${t.interval}s had no orders` : ''}.`,
    ];
    if (series.length >= 2)
      sentences.push(
        `By marketplace: ${series.map((s) => `${marketplaceName(s.marketplace)} ${show(s.value)}`).join(', ')}.`,
      );
    if (t.askedInterval)
      sentences.push(
        `Shown by ${t.interval}: by ${t.askedInterval} this period has more than ${MAX_INTERVALS} of them.`,
      );
    if (total.some((p) => p.partial))
      sentences.push(`Part ${t.interval}s (at the ends, or under way) are marked partial and not ranked.`);
    if (t.metric !== 'total_sales') sentences.push(`(${def.definition}.)`);
    const note = currencyNote(t.figures);
    if (note) sentences.push(note);
    if (totals.ordersWithoutExchangeRate > 0)
      sentences.push(
        `${plural(totals.ordersWithoutExchangeRate, 'order')} without an exchange rate yet ${totals.ordersWithoutExchangeRate === 1 ? 'is' : 'are'} left out.`,
      );
    const money = def.unit === 'money';
    // a chart is drawn from at most CHART_POINTS points a line: past that, from the same trend by a coarser interval
    const drawn =
      total.length > CHART_POINTS && t.interval !== 'month'
        ? await getSalesTrend(ctx.db, ctx.tenant, { ...args, interval: t.interval === 'day' ? 'week' : 'month' })
        : t;
    const chart: ChartRequest | undefined =
      total.length >= 2 && series.length > 0
        ? {
            kind: 'lines-over-time',
            input: {
              title: `${def.name[0]!.toUpperCase()}${def.name.slice(1)} by ${drawn.interval} — ${t.period.label}`,
              ...(money ? { currency } : { valueTitle: def.name }),
              interval: drawn.interval,
              period: { firstDay: t.period.firstDay, lastDay: t.period.lastDay },
              series: drawn.series.map((s) => ({
                label: marketplaceName(s.marketplace),
                points: s.points.map((p) => ({ date: p.start, value: Number(valueAt(p) ?? 0) })),
              })),
            },
          }
        : undefined;
    return { data, summary: withCoverage(sentences.join(' '), [t.period], t.freshness), ...(chart ? { chart } : {}) };
  },
});
