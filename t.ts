import { SandboxData } from './src/sandbox/generator/index.ts';
let t = Date.now();
const d = new SandboxData({ orders: 5000, seed: 1, anchor: new Date('2026-11-25T00:00:00Z') });
const now = new Date('2026-11-25T12:00:00Z');
console.log(JSON.stringify(d.truth(now).map(r => [r.store, r.orders, r.products, r.totals, r.byStatus])), Date.now() - t);
const s = d.store('shopify-us');
console.log(JSON.stringify(s.order(0, now)).slice(0, 600));
t = Date.now();
const big = new SandboxData({ orders: 1_000_000, seed: 1, anchor: new Date('2026-11-25T00:00:00Z') });
const b = big.store('shopify-us');
let n = 0; for (let i = 0; i < 100000; i++) { if (b.order(i, now)) n++; }
console.log('100k orders built in', Date.now() - t, 'ms');
t = Date.now();
console.log('updated last day', b.updatedBetween(new Date('2026-11-24T12:00:00Z'), null, now).length, Date.now() - t, 'ms');
t = Date.now();
console.log('updated all', b.updatedBetween(null, null, now).length, Date.now() - t, 'ms');
