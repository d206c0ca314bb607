import { z } from 'zod';

const amountSchema = z
  .string()
  .trim()
  .regex(/^-?\d+(\.\d+)?$/, 'a decimal string such as "1234.50"');
const currencySchema = z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 code');

/** The seller-facing locale of a currency when none is given: Indian grouping for rupees. */
const DEFAULT_LOCALE: Record<string, string> = { INR: 'en-IN' };

/**
 * Money for people: `$45,230.00`, `₹8,50,000.00` (en-IN grouping for INR by default), and in
 * 'de-DE' `1.234,00 €` (German puts the sign after). The decimal string goes to Intl as is —
 * Intl reads strings as exact decimals, so nothing is rounded through a float.
 * `maximumFractionDigits: 0` gives whole units for large amounts.
 */
export function formatMoney(
  amount: string,
  currency: string,
  opts: { locale?: string; maximumFractionDigits?: number } = {},
): string {
  const value = amountSchema.parse(amount);
  const code = currencySchema.parse(currency.toUpperCase());
  const locale = opts.locale ?? DEFAULT_LOCALE[code] ?? 'en-US';
  const max = opts.maximumFractionDigits;
  const base = new Intl.NumberFormat(locale, { style: 'currency', currency: code }).resolvedOptions();
  const format = new Intl.NumberFormat(locale, {
    style: 'currency',
    currency: code,
    ...(max === undefined
      ? {}
      : { maximumFractionDigits: max, minimumFractionDigits: Math.min(max, base.minimumFractionDigits ?? 0) }),
  });
  return format.format(value as Intl.StringNumericLiteral);
}
