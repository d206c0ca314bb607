import { Decimal } from 'decimal.js';
import { getInventoryAlerts } from '../analytics/get-inventory-alerts.ts';
import { getReturnsReported } from '../analytics/get-returns-reported.ts';
import { type SalesSummary, summarizeSales } from '../analytics/get-sales-summary.ts';
import { getSalesTrend } from '../analytics/get-sales-trend.ts';
import { getSyncStatus } from '../analytics/get-sync-status.ts';
import { getTopProducts } from '../analytics/get-top-products.ts';
import { addDays, localDay } from '../analytics/local-calendar.ts';
import { resolvePeriod } from '../analytics/resolve-period.ts';
import type { TenantContext } from '../analytics/tenant.ts';
import { figuresData, preferredConverter } from '../chat/tools/format.ts';
import type { TenantDb } from '../db/tenant-db.ts';
import type { Digest, DigestConnection } from './digest.ts';
import { findExceptions } from './exceptions.ts';

export interface ComposeOptions {
  /** the day to report on; default: yesterday in the seller's zone */
  day?: string;
  /** a connected store not synced for this long is called stale */
  staleMs: number;
  lowStockThreshold?: number;
}

/** Weeks of the same weekday an exception compares with. */
export const WEEKS_COMPARED = 4;

const keyed = (s: SalesSummary) => new Map((s.groups ?? []).map((g) => [g.key, figuresData(g)]));

/**
 * A day's digest for one seller (read through their TenantDb): the day, the day before and the
 * same weekday a week earlier by marketplace, a 29-day daily trend for the chart and the
 * exceptions, the day's top products, returns reported, stock and the stores' sync health.
 */
export async function composeDigest(db: TenantDb, tenant: TenantContext, opts: ComposeOptions): Promise<Digest> {
  const day = opts.day ?? addDays(localDay(tenant.now, tenant.timeZone), -1);
  const one = (d: string) => resolvePeriod({ kind: 'between', from: d, to: d }, tenant);
  const history = resolvePeriod({ kind: 'between', from: addDays(day, -7 * WEEKS_COMPARED), to: day }, tenant);
  const summary = (d: string) => summarizeSales(db, tenant, one(d), { groupBy: 'marketplace' });
  const [yesterday, dayBefore, weekBefore, trend, top, returns, stock, sync, converter] = await Promise.all([
    summary(day),
    summary(addDays(day, -1)),
    summary(addDays(day, -7)),
    getSalesTrend(db, tenant, { period: { kind: 'between', from: history.firstDay, to: day }, interval: 'day' }),
    getTopProducts(db, tenant, { period: { kind: 'between', from: day, to: day }, rankBy: 'revenue', limit: 3 }),
    getReturnsReported(db, tenant, history),
    getInventoryAlerts(db, tenant, { lowStockThreshold: opts.lowStockThreshold ?? 5 }),
    getSyncStatus(db, tenant, {}),
    preferredConverter({ db, tenant }),
  ]);
  const weekAgo = keyed(weekBefore);
  const earlier = returns.days.filter((r) => r.day < day).reduce((n, r) => n + r.returns, 0);
  const digest: Omit<Digest, 'exceptions'> = {
    day,
    timeZone: tenant.timeZone,
    currency: trend.currency,
    yesterday: figuresData(yesterday.totals),
    dayBefore: figuresData(dayBefore.totals),
    weekBefore: figuresData(weekBefore.totals),
    byMarketplace: (yesterday.groups ?? []).map((g) => ({
      marketplace: g.key,
      figures: figuresData(g),
      weekBefore: weekAgo.get(g.key) ?? null,
    })),
    topProducts: top.products.map((p) => ({
      title: p.title,
      sku: p.sku,
      units: p.units,
      revenue: converter.fromUSD(p.revenueUSD),
    })),
    returns: {
      reported: returns.days.filter((r) => r.day === day).reduce((n, r) => n + r.returns, 0),
      dailyAverage: new Decimal(earlier).div(7 * WEEKS_COMPARED).toFixed(2),
    },
    stock: {
      counts: stock.counts,
      lowStockThreshold: stock.lowStockThreshold,
      skus: [...stock.outOfStock, ...stock.lowStock].slice(0, 5).map((a) => a.sku ?? a.title),
    },
    connections: sync.connections.flatMap((c): DigestConnection[] => {
      const store = c.storeName ?? c.storeId;
      const base = {
        marketplace: c.marketplace,
        store,
        lastSyncAt: c.lastSyncAt,
        since: c.lastErrorAt,
        error: c.lastError,
      };
      if (c.status === 'ERROR') return [{ ...base, problem: 'failing' }];
      if (c.status === 'NEEDS_REAUTH') return [{ ...base, problem: 'needs_reauth' }];
      if (c.status !== 'CONNECTED') return [];
      if (!c.lastSyncAt) return [{ ...base, problem: 'never_synced' }];
      return tenant.now.getTime() - c.lastSyncAt.getTime() > opts.staleMs ? [{ ...base, problem: 'stale' }] : [];
    }),
    week: trend.series.map((s) => ({
      marketplace: s.marketplace,
      points: s.points
        .filter((p) => p.start > addDays(day, -7))
        .map((p) => ({ day: p.start, sales: Number(p.salesPreferred ?? p.salesUSD), orders: p.orders })),
    })),
  };
  return { ...digest, exceptions: findExceptions(digest, trend, WEEKS_COMPARED) };
}
