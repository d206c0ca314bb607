import type { Db } from '../db/client.ts';
import type { RateRow } from './fetch-rates.ts';

/** The as-of rate may be this many days older than the order (weekends, holidays); else wait for it. */
export const FX_LOOKBACK_DAYS = 7;

/** Upserts rates (a published rate never changes, so an existing row is left as it is). */
export async function storeRates(db: Db, rows: RateRow[], source: string): Promise<number> {
  if (rows.length === 0) return 0;
  return db.$executeRaw`
    INSERT INTO "ExchangeRate" (id, date, currency, "rateToUSD", source, "createdAt")
    SELECT gen_random_uuid()::text, r.date, r.currency, r."rateToUSD", ${source}, now()
    FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS r(date date, currency text, "rateToUSD" numeric)
    ON CONFLICT (date, currency) DO NOTHING`;
}

/**
 * Converts the orders that were synced before their rate existed: the last rate on or before
 * (at most a week before) the order's date in its store's time zone (else its seller's). Orders already converted keep
 * the rate they were converted at.
 */
export async function convertPendingOrders(db: Db): Promise<number> {
  return db.$executeRaw`
    WITH pending AS (
      SELECT o.id, o."totalAmount",
        (o."orderedAt" AT TIME ZONE COALESCE(c."storeTimeZone", u."timeZone"))::date AS local_date, o.currency
      FROM "UnifiedOrder" o
      JOIN "User" u ON u.id = o."userId"
      LEFT JOIN "MarketplaceConnection" c ON c.id = o."connectionId"
      WHERE o."fxRateToUSD" IS NULL
    ), rated AS (
      SELECT p.id, p."totalAmount", e."rateToUSD", e.date
      FROM pending p
      JOIN LATERAL (
        SELECT x."rateToUSD", x.date FROM "ExchangeRate" x
        WHERE x.currency = p.currency AND x.date <= p.local_date AND x.date > p.local_date - ${FX_LOOKBACK_DAYS}::int
        ORDER BY x.date DESC LIMIT 1
      ) e ON true
    )
    UPDATE "UnifiedOrder" o SET "fxRateToUSD" = r."rateToUSD", "fxRateDate" = r.date,
      "totalAmountUSD" = round(r."totalAmount" * r."rateToUSD", 4), "updatedAt" = now()
    FROM rated r WHERE o.id = r.id`;
}
