import type { TenantDb } from '../db/tenant-db.ts';

export interface LatestRate {
  currency: string;
  /** 1 unit of currency = rateToUSD US dollars */
  rateToUSD: string;
  /** the day the rate was quoted for, YYYY-MM-DD */
  date: string;
}

/** The most recent stored rate of a currency (USD is 1 by definition). Rates are global, not per seller. */
export async function getLatestRate(db: TenantDb, currency: string): Promise<LatestRate | null> {
  if (currency === 'USD') return null;
  const rows = await db.$queryRaw<LatestRate[]>`
    SELECT currency, "rateToUSD"::text AS "rateToUSD", to_char(date, 'YYYY-MM-DD') AS date
    FROM "ExchangeRate" WHERE currency = ${currency} ORDER BY date DESC LIMIT 1`;
  return rows[0] ?? null;
}
