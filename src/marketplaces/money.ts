import { Decimal } from 'decimal.js';

/**
 * Money arithmetic for mappers: decimal.js, never JS floats. Results are plain decimal strings
 * with no exponent notation.
 */

export { Decimal };

export const dec = (value: string | number | Decimal) => new Decimal(value);

export const toMoneyString = (value: Decimal) => value.toFixed();

/** Σ of decimal strings/numbers as a decimal string */
export function sumMoney(values: readonly (string | number | Decimal)[]): string {
  return values.reduce<Decimal>((acc, v) => acc.plus(v), new Decimal(0)).toFixed();
}

/** Integer minor units with an exponent/divisor → decimal string (Square, Etsy). */
export function fromMinorUnits(amount: number | bigint | string, divisor: number | string): string {
  return new Decimal(amount.toString()).div(divisor).toFixed();
}

/** ISO 4217 minor-unit exponent (JPY 0, BHD 3, most 2), from Intl. */
export function currencyExponent(currency: string): number {
  return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
}

const exponents = new Map<string, number>();

/**
 * A decimal with at least the currency's minor-unit places and more only when the value has them,
 * so nothing is rounded away: "120.0" USD → "120.00", "336.3200" → "336.32", "0.1250" → "0.125",
 * "8" JPY → "8".
 */
export function moneyInCurrency(value: string | number | Decimal, currency: string): string {
  let places = exponents.get(currency);
  if (places === undefined) exponents.set(currency, (places = currencyExponent(currency)));
  const d = new Decimal(value);
  return d.toFixed(Math.max(places, d.decimalPlaces()));
}
