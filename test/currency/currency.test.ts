import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { fetchRates } from '../../src/currency/fetch-rates.ts';
import { convertPendingOrders, storeRates } from '../../src/currency/store-rates.ts';
import { pgTransaction } from '../../src/db/client.ts';
import type { UnifiedOrderRow } from '../../src/marketplaces/types.ts';
import type { Runtime } from '../../src/runtime.ts';
import { createFxSandbox, rateOn } from '../../src/sandbox/fx/server.ts';
import { writeOrders } from '../../src/sync/write-orders.ts';
import type { ScratchDatabase } from '../helpers/db.ts';
import { syncRuntime } from '../helpers/sync.ts';

const SEED = 3;

function order(id: string, orderedAt: string, totalAmount: string, currency: string): UnifiedOrderRow {
  return {
    externalOrderId: id,
    orderNumber: id,
    orderedAt: new Date(orderedAt),
    fulfilledAt: null,
    status: 'DELIVERED',
    marketplaceStatus: 'DELIVERED',
    totalAmount,
    currency,
    subtotalAmount: null,
    taxAmount: null,
    shippingAmount: null,
    discountAmount: null,
    refundedAmount: null,
    customerName: null,
    customerEmail: null,
    sourceUpdatedAt: new Date(orderedAt),
    cancelledAt: null,
    items: [],
  };
}

describe('exchange rates and USD conversion', () => {
  let rt: Runtime;
  let db: ScratchDatabase;
  let fx: Server;
  let fxUrl: string;
  let target: { userId: string; connectionId: string; marketplace: 'FLIPKART'; timeZone: string };

  beforeAll(async () => {
    ({ rt, db } = await syncRuntime());
    fx = await new Promise((resolve) => {
      const s = createFxSandbox(SEED).listen(0, '127.0.0.1', () => resolve(s));
    });
    const address = fx.address();
    fxUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    const user = await rt.db.user.create({ data: { name: 'FX seller', timeZone: 'America/New_York' } });
    const connection = await rt.db.marketplaceConnection.create({
      data: { userId: user.id, marketplace: 'FLIPKART', storeId: 'fx-store', storeTimeZone: 'Asia/Kolkata' },
    });
    target = { userId: user.id, connectionId: connection.id, marketplace: 'FLIPKART', timeZone: 'Asia/Kolkata' };
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => fx?.close(() => resolve()));
    await rt?.close();
    await db?.drop();
  });

  it('reads ECB-style rates (business days only) and inverts them to USD per unit, exactly', async () => {
    const rows = await fetchRates(fxUrl, ['INR', 'EUR'], '2026-03-02', '2026-03-08');
    const dates = [...new Set(rows.map((r) => r.date))];
    expect(dates).toEqual(['2026-03-02', '2026-03-03', '2026-03-04', '2026-03-05', '2026-03-06']); // no weekend
    const inr = rows.find((r) => r.currency === 'INR' && r.date === '2026-03-06')!;
    expect(Number(inr.rateToUSD)).toBeCloseTo(1 / rateOn(SEED, 'INR', '2026-03-06'), 9);
    expect(inr.rateToUSD).toMatch(/^0\.\d{1,10}$/);
    expect(await storeRates(rt.db, rows, 'fx-sandbox')).toBe(10);
    expect(await storeRates(rt.db, rows, 'fx-sandbox')).toBe(0); // a published rate is never replaced
  });

  it("converts at the rate of the order's date in the store's zone, as of the last business day", async () => {
    const rate = async (date: string) =>
      (
        await rt.db.exchangeRate.findUniqueOrThrow({
          where: { date_currency: { date: new Date(date), currency: 'INR' } },
        })
      ).rateToUSD.toString();
    await pgTransaction(rt.db, (c) =>
      writeOrders(c, target, [
        order('TZ-1', '2026-03-05T20:00:00Z', '1000', 'INR'), // Thursday in UTC, Friday 01:30 in Kolkata
        order('WKND-1', '2026-03-07T10:00:00Z', '2500', 'INR'), // Saturday: Friday's rate
        order('USD-1', '2026-03-07T10:00:00Z', '12.34', 'USD'),
      ]),
    );
    const rows = await rt.db.unifiedOrder.findMany({
      where: { connectionId: target.connectionId },
      orderBy: { externalOrderId: 'asc' },
    });
    const byId = Object.fromEntries(rows.map((r) => [r.externalOrderId, r]));
    const friday = await rate('2026-03-06');
    expect(byId['TZ-1']!.fxRateToUSD!.toString()).toBe(friday);
    expect(byId['TZ-1']!.fxRateDate!.toISOString().slice(0, 10)).toBe('2026-03-06');
    expect(byId['TZ-1']!.totalAmountUSD!.toFixed(4)).toBe(
      byId['TZ-1']!.totalAmount.times(friday).toDecimalPlaces(4).toFixed(4),
    );
    expect(byId['WKND-1']!.fxRateToUSD!.toString()).toBe(friday);
    expect(byId['USD-1']!.fxRateToUSD!.toString()).toBe('1');
    expect(byId['USD-1']!.totalAmountUSD!.toString()).toBe('12.34');
  });

  it('leaves an order without a rate unconverted, converts it when the rate arrives, and keeps that rate', async () => {
    await pgTransaction(rt.db, (c) => writeOrders(c, target, [order('LATE-1', '2026-06-10T09:00:00Z', '830', 'INR')]));
    let late = await rt.db.unifiedOrder.findFirstOrThrow({ where: { externalOrderId: 'LATE-1' } });
    // the last stored rate is from March: months too old to stand for June 10th
    expect(late.fxRateToUSD).toBeNull();

    await pgTransaction(rt.db, (c) => writeOrders(c, target, [order('EARLY-1', '2025-01-10T09:00:00Z', '500', 'INR')]));
    let early = await rt.db.unifiedOrder.findFirstOrThrow({ where: { externalOrderId: 'EARLY-1' } });
    expect(early.totalAmountUSD).toBeNull();
    expect(early.fxRateToUSD).toBeNull();

    await storeRates(rt.db, await fetchRates(fxUrl, ['INR'], '2025-01-01', '2025-01-31'), 'fx-sandbox');
    expect(await convertPendingOrders(rt.db)).toBe(1);
    expect(
      (await rt.db.unifiedOrder.findFirstOrThrow({ where: { externalOrderId: 'LATE-1' } })).fxRateToUSD,
    ).toBeNull();
    early = await rt.db.unifiedOrder.findFirstOrThrow({ where: { externalOrderId: 'EARLY-1' } });
    expect(early.fxRateDate!.toISOString().slice(0, 10)).toBe('2025-01-10');
    const kept = early.fxRateToUSD!.toString();

    // a later sync of the same order with a new total keeps the rate it was converted at
    await rt.db.exchangeRate.updateMany({
      where: { currency: 'INR', date: new Date('2025-01-10') },
      data: { rateToUSD: '0.5' },
    });
    await pgTransaction(rt.db, (c) =>
      writeOrders(c, target, [
        {
          ...order('EARLY-1', '2025-01-10T09:00:00Z', '600', 'INR'),
          sourceUpdatedAt: new Date('2025-02-01T00:00:00Z'),
        },
      ]),
    );
    early = await rt.db.unifiedOrder.findFirstOrThrow({ where: { externalOrderId: 'EARLY-1' } });
    expect(early.fxRateToUSD!.toString()).toBe(kept);
    expect(early.totalAmountUSD!.toFixed(4)).toBe(early.totalAmount.times(kept).toDecimalPlaces(4).toFixed(4));
    await storeRates(rt.db, await fetchRates(fxUrl, ['INR'], '2026-06-01', '2026-06-12'), 'fx-sandbox');
    expect(await convertPendingOrders(rt.db)).toBe(1);
    late = await rt.db.unifiedOrder.findFirstOrThrow({ where: { externalOrderId: 'LATE-1' } });
    expect(late.fxRateDate!.toISOString().slice(0, 10)).toBe('2026-06-10');
  });

  it('does not let an older copy of an order overwrite a newer one', async () => {
    await pgTransaction(rt.db, (c) =>
      writeOrders(c, target, [
        {
          ...order('ORDER-OOO', '2026-03-02T09:00:00Z', '100', 'INR'),
          status: 'RETURNED',
          sourceUpdatedAt: new Date('2026-03-20T00:00:00Z'),
        },
      ]),
    );
    const written = await pgTransaction(rt.db, (c) =>
      writeOrders(c, target, [
        {
          ...order('ORDER-OOO', '2026-03-02T09:00:00Z', '100', 'INR'),
          status: 'SHIPPED',
          sourceUpdatedAt: new Date('2026-03-05T00:00:00Z'),
        },
      ]),
    );
    expect(written).toBe(0);
    expect((await rt.db.unifiedOrder.findFirstOrThrow({ where: { externalOrderId: 'ORDER-OOO' } })).status).toBe(
      'RETURNED',
    );
  });
});
