import type { Logger } from 'pino';
import type { Config } from '../config.ts';
import type { Db } from '../db/client.ts';
import { fetchRates } from './fetch-rates.ts';
import { convertPendingOrders, storeRates } from './store-rates.ts';

const DAY = 86_400_000;

/**
 * Fetches recent rates for every currency the sellers' orders use (a year and more when none
 * are stored yet), then converts the orders that were waiting for their rate.
 */
export async function updateRates(
  deps: { db: Db; config: Config; log: Logger },
  opts: { days?: number; currencies?: string[] } = {},
) {
  const { db, config, log } = deps;
  const inOrders = (
    await db.$queryRaw<{ currency: string }[]>`SELECT DISTINCT currency FROM "UnifiedOrder" WHERE currency <> 'USD'`
  ).map((r) => r.currency.trim());
  const currencies = [...new Set([...inOrders, ...(opts.currencies ?? [])])].sort();
  const latest = await db.exchangeRate.findFirst({ orderBy: { date: 'desc' } });
  const span = opts.days ?? (latest ? 10 : config.SYNC_BACKFILL_DAYS + 10);
  const to = new Date();
  const from = new Date(to.getTime() - span * DAY);
  const rows = await fetchRates(
    config.FX_API_BASE_URL,
    currencies,
    from.toISOString().slice(0, 10),
    to.toISOString().slice(0, 10),
    log,
  );
  const stored = await storeRates(db, rows, new URL(config.FX_API_BASE_URL).host);
  const converted = await convertPendingOrders(db);
  return { currencies, fetched: rows.length, stored, converted };
}
