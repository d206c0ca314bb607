import { Decimal } from 'decimal.js';
import { addDays, formatDayRange } from '../analytics/local-calendar.ts';
import type { ChartRequest } from '../charts/chart-request.ts';
import { marketplaceName, plural, shortDay, showMoney, withNative } from '../chat/tools/format.ts';
import { scrubString } from '../logger.ts';
import type { Digest, DigestConnection, DigestException, Figures } from './digest.ts';

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const weekday = (day: string) => WEEKDAYS[new Date(`${day}T00:00:00Z`).getUTCDay()]!;
const dayBefore = (day: string) => weekday(addDays(day, -1));

/** A digest as its channels carry it: the text (exceptions first), a chart, and a template's variables. */
export interface RenderedDigest {
  text: string;
  /** the first line without the exceptions: what a notification shows */
  headline: string;
  /** WhatsApp's approved template outside the 24-hour window: {{1}}–{{5}} (README: "Daily digests") */
  templateVariables: Record<'1' | '2' | '3' | '4' | '5', string>;
  chart?: ChartRequest;
}

/** "+12%", "−3%", or null when there is nothing to compare with. */
function change(now: Figures, then: Figures | null): string | null {
  if (!then || new Decimal(then.salesUSD).lte(0)) return null;
  const pct = new Decimal(now.salesUSD).minus(then.salesUSD).div(then.salesUSD).times(100).round();
  return pct.isZero() ? '±0%' : pct.isPositive() ? `+${pct.toFixed(0)}%` : `−${pct.abs().toFixed(0)}%`;
}

function comparisons(d: Digest): string {
  const vs = [
    [change(d.yesterday, d.dayBefore), dayBefore(d.day)],
    [change(d.yesterday, d.weekBefore), `last ${weekday(d.day)}`],
  ].filter((c): c is [string, string] => c[0] !== null);
  return vs.length ? ` — ${vs.map(([c, when]) => `${c} vs ${when}`).join(', ')}` : '';
}

/** A sync error as a channel may show it: masked like the logs (e-mails, tokens), one short sentence. */
const errorText = (error: string) => {
  const first = scrubString(error)
    .split(/(?<=[.:])\s/)[0]!
    .trim();
  return first.length > 100 ? `${first.slice(0, 99)}…` : first;
};

function connectionLine(c: DigestConnection): string {
  const name = `${marketplaceName(c.marketplace)} (${c.store})`;
  const since = c.since ? ` since ${shortDay(c.since.toISOString().slice(0, 10))}` : '';
  switch (c.problem) {
    case 'needs_reauth':
      return `${name} needs you to reconnect it: its orders are missing from these figures. Send "connect ${c.marketplace.toLowerCase()}".`;
    case 'failing':
      return `${name} has been failing to sync${since}${c.error ? ` (${errorText(c.error)})` : ''}: its latest orders may be missing.`;
    case 'never_synced':
      return `${name} has not synced yet: its orders are not in these figures.`;
    case 'stale':
      return `${name} last synced ${c.lastSyncAt ? shortDay(c.lastSyncAt.toISOString().slice(0, 10)) : 'never'}: its latest orders may be missing.`;
  }
}

function exceptionLine(e: DigestException, d: Digest): string {
  switch (e.kind) {
    case 'connection':
      return connectionLine(e.connection);
    case 'no_orders':
      return `No ${marketplaceName(e.marketplace)} orders on ${weekday(d.day)}, where ${e.weeksWithOrders} of the last 4 ${weekday(d.day)}s had some.`;
    case 'below_usual':
      return `${marketplaceName(e.marketplace)} sold ${showMoney(e.sales, d.currency)}, ${e.pctBelow}% below a usual ${weekday(d.day)} (${showMoney(e.usual, d.currency)}, the average of the last 4).`;
    case 'return_spike':
      return `${plural(e.returns, 'return')} came in, against ${new Decimal(e.dailyAverage).toFixed(1)} a day over the 4 weeks before.`;
  }
}

function headlineOf(d: Digest): string {
  const y = d.yesterday;
  const when = `${weekday(d.day)} ${shortDay(d.day)}`;
  if (y.orders === 0) return `*${when}: no sales*${comparisons(d)}.`;
  const aov = y.averageOrder ? `, average order ${showMoney(y.averageOrder, d.currency)}` : '';
  return `*${when}: ${withNative(y.sales, d.currency, y.native)} from ${plural(y.orders, 'order')}* (${plural(y.units, 'unit')}${aov})${comparisons(d)}.`;
}

function marketplacesLine(d: Digest): string {
  if (d.byMarketplace.length === 0) return 'No orders on any marketplace.';
  return d.byMarketplace
    .map((m) => {
      const vs = change(m.figures, m.weekBefore);
      return `${marketplaceName(m.marketplace)} ${withNative(m.figures.sales, d.currency, m.figures.native)}: ${plural(m.figures.orders, 'order')}${vs ? `, ${vs} vs last ${weekday(d.day).slice(0, 3)}` : ''}`;
    })
    .join(' · ');
}

function restLine(d: Digest): string {
  const top = d.topProducts.length
    ? `Top: ${d.topProducts.map((p) => `${p.title} ×${p.units} (${showMoney(p.revenue, d.currency)})`).join(' · ')}.`
    : 'No products sold.';
  const cancelled = d.yesterday.cancelledOrders;
  const returns = `Returns ${d.returns.reported}, cancellations ${cancelled}.`;
  const { outOfStock, lowStock } = d.stock.counts;
  const stock =
    outOfStock + lowStock > 0
      ? ` Stock: ${outOfStock} out, ${lowStock} low (≤ ${d.stock.lowStockThreshold})${d.stock.skus.length ? `: ${d.stock.skus.join(', ')}${outOfStock + lowStock > d.stock.skus.length ? ', …' : ''}` : ''}.`
      : '';
  return `${top} ${returns}${stock}`;
}

/** Template variables carry no line breaks or runs of spaces (WhatsApp refuses them) and stay short. */
const variable = (s: string) => s.replace(/\*/g, '').replace(/\s+/g, ' ').trim().slice(0, 200);

export function renderDigest(d: Digest): RenderedDigest {
  const headline = headlineOf(d);
  const exceptions = d.exceptions.map((e) => `⚠️ ${exceptionLine(e, d)}`);
  const text = [...exceptions, headline, marketplacesLine(d), restLine(d)].join('\n');
  const vsWeek = change(d.yesterday, d.weekBefore);
  const series = d.week.filter((s) => s.points.some((p) => p.orders > 0));
  const first = d.week[0]?.points[0]?.day;
  return {
    text,
    headline,
    templateVariables: {
      '1': variable(`${weekday(d.day)} ${shortDay(d.day)}`),
      '2': variable(withNative(d.yesterday.sales, d.currency, d.yesterday.native)),
      '3': String(d.yesterday.orders),
      '4': variable(vsWeek ? `${vsWeek} vs last ${weekday(d.day)}` : 'no sales last week to compare'),
      '5': variable(
        d.exceptions.length === 0
          ? 'Nothing unusual.'
          : `${plural(d.exceptions.length, 'thing')} to look at: ${exceptionLine(d.exceptions[0]!, d)}`,
      ),
    },
    ...(series.length > 0 &&
      first && {
        chart: {
          kind: 'lines-over-time',
          input: {
            title: `Sales by day — ${formatDayRange(first, d.day)}`,
            currency: d.currency,
            interval: 'day',
            period: { firstDay: first, lastDay: d.day },
            series: series.map((s) => ({
              label: marketplaceName(s.marketplace),
              marketplace: s.marketplace,
              points: s.points.map((p) => ({ date: p.day, value: p.sales })),
            })),
          },
        },
      }),
  };
}
