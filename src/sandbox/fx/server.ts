import express, { type Express } from 'express';
import { rngFor } from '../generator/random.ts';

/**
 * An offline exchange-rate provider in the shape of Frankfurter (ECB reference rates):
 * `GET /v1/{from}..{to}?base=USD&symbols=EUR,GBP` → `{base, start_date, end_date, rates:
 * {date: {EUR: 0.9213}}}`, business days only, like the ECB. Rates walk randomly from a seed.
 */

const START: Record<string, number> = { EUR: 0.92, GBP: 0.79, INR: 83.2, JPY: 150.1, CAD: 1.36, AUD: 1.52 };
const DAY = 86_400_000;

export function rateOn(seed: number, currency: string, date: string): number {
  const base = START[currency];
  if (base === undefined) return NaN;
  const day = Math.floor(Date.parse(`${date}T00:00:00Z`) / DAY);
  // a smooth wobble of up to ±3 %, the same for the same seed, currency and day
  const phase = rngFor(seed, 'fx', currency).int(0, 359);
  const wobble = Math.sin(((day + phase) / 45) * Math.PI) * 0.03;
  return Number((base * (1 + wobble)).toFixed(base > 10 ? 3 : 5));
}

function businessDays(from: string, to: string): string[] {
  const out: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += DAY) {
    const d = new Date(t);
    if (d.getUTCDay() !== 0 && d.getUTCDay() !== 6) out.push(d.toISOString().slice(0, 10));
  }
  return out;
}

export function createFxSandbox(seed: number): Express {
  const app = express();
  app.get('/v1/:range', (req, res) => {
    const match = /^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})?$/.exec(req.params.range);
    const base = String(req.query.base ?? 'EUR');
    if (!match || base !== 'USD') {
      res.status(422).json({ message: 'expected /v1/YYYY-MM-DD..YYYY-MM-DD?base=USD' });
      return;
    }
    const from = match[1]!;
    const to = match[2] ?? new Date().toISOString().slice(0, 10);
    const symbols = String(req.query.symbols ?? Object.keys(START).join(',')).split(',');
    const unknown = symbols.filter((s) => START[s] === undefined);
    if (unknown.length) {
      res.status(422).json({ message: `unknown currency ${unknown.join(', ')}` });
      return;
    }
    const rates: Record<string, Record<string, number>> = {};
    for (const day of businessDays(from, to))
      rates[day] = Object.fromEntries(symbols.map((s) => [s, rateOn(seed, s, day)]));
    res.json({
      amount: 1,
      base,
      start_date: Object.keys(rates)[0] ?? from,
      end_date: Object.keys(rates).at(-1) ?? to,
      rates,
    });
  });
  return app;
}
