import { Decimal } from 'decimal.js';
import type { Logger } from 'pino';
import { z } from 'zod';
import { httpRequest } from '../marketplaces/http.ts';

/** Frankfurter's time-series answer (ECB reference rates): units of each currency per 1 USD. */
const timeSeries = z.object({
  base: z.literal('USD'),
  rates: z.record(z.string().regex(/^\d{4}-\d{2}-\d{2}$/), z.record(z.string().length(3), z.number().positive())),
});

export interface RateRow {
  date: string;
  currency: string;
  /** 1 unit of currency in USD, as a decimal string */
  rateToUSD: string;
}

/** Rates for [from, to] (dates, UTC) from an ECB-style provider, inverted to "USD per unit". */
export async function fetchRates(
  baseUrl: string,
  currencies: string[],
  from: string,
  to: string,
  log?: Logger,
): Promise<RateRow[]> {
  if (currencies.length === 0) return [];
  const res = await httpRequest(
    { url: `${baseUrl}/v1/${from}..${to}`, query: { base: 'USD', symbols: currencies.join(',') } },
    {},
    log,
  );
  const body = timeSeries.parse(res.body);
  const rows: RateRow[] = [];
  for (const [date, perUsd] of Object.entries(body.rates)) {
    for (const [currency, units] of Object.entries(perUsd)) {
      // the JSON number's shortest decimal form is what the provider published
      rows.push({ date, currency, rateToUSD: new Decimal(1).div(String(units)).toDecimalPlaces(10).toFixed() });
    }
  }
  return rows;
}
