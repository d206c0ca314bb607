import { describe, expect, it } from '@jest/globals';
import { formatMoney } from '../../src/currency/format-money.ts';

describe('formatMoney', () => {
  it('formats with the currency symbol and grouping of the locale', () => {
    expect(formatMoney('45230', 'USD', { maximumFractionDigits: 0 })).toBe('$45,230');
    expect(formatMoney('45230.5', 'USD')).toBe('$45,230.50');
    expect(formatMoney('850000', 'INR', { maximumFractionDigits: 0 })).toBe('₹8,50,000');
    expect(formatMoney('850000.25', 'INR')).toBe('₹8,50,000.25');
    // German convention: sign after the amount, non-breaking space
    expect(formatMoney('1234', 'EUR', { locale: 'de-DE' })).toBe('1.234,00\u00a0€');
    expect(formatMoney('1234.5', 'JPY')).toBe('¥1,235');
    expect(formatMoney('-12.5', 'usd')).toBe('-$12.50');
  });

  it('rounds the decimal string exactly, without passing through a float', () => {
    expect(formatMoney('0.015', 'USD')).toBe('$0.02');
    expect(formatMoney('1.005', 'USD')).toBe('$1.01'); // 1.005 as a float is 1.00499999…
    expect(formatMoney('123456789012345.675', 'USD')).toBe('$123,456,789,012,345.68');
    expect(formatMoney('999999999999999.9949', 'USD')).toBe('$999,999,999,999,999.99');
    expect(formatMoney('8500000.4999', 'INR', { maximumFractionDigits: 0 })).toBe('₹85,00,000');
  });

  it('refuses what is not a decimal amount or a currency code', () => {
    expect(() => formatMoney('1e3', 'USD')).toThrow();
    expect(() => formatMoney('12', 'DOLLARS')).toThrow();
  });
});
