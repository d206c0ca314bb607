import type { CustomerCoverage } from '../../analytics/customers.ts';
import type { Freshness } from '../../analytics/get-freshness.ts';
import type { ResolvedPeriod } from '../../analytics/period.ts';
import type { Scope } from '../../analytics/sql-scope.ts';
import { during, listJoin, marketplaceName, plural, scopeName, showMoney, withCoverage } from './format.ts';

// The sentences the customer answers (top customers, new vs returning) share.

/** "₹12,000 ($144)": the seller's currency, USD beside when it is another. */
/** How the customer tools say who a customer is, in their descriptions for the model. */
export const CUSTOMER_IS =
  'A customer is an e-mail address; orders of marketplaces that give none (Flipkart among them) are counted apart.';

export const withUSD = (amount: string, currency: string, usd: string): string =>
  `${showMoney(amount, currency)}${currency === 'USD' ? '' : ` (${showMoney(usd, 'USD')})`}`;

/** Per marketplace, the orders that name no customer (only marketplaces with some), most first. */
export const unidentifiedData = (coverage: readonly CustomerCoverage[]) =>
  coverage
    .filter((c) => c.withoutCustomer > 0)
    .sort((a, b) => b.withoutCustomer - a.withoutCustomer || a.marketplace.localeCompare(b.marketplace))
    .map((c) => ({ marketplace: c.marketplace, orders: c.withoutCustomer, ofOrders: c.orders }));

/** "Not counted: 1,204 orders on Flipkart and 3 on eBay, which carry no customer e-mail." — or null. */
export function unidentifiedSentence(gaps: ReturnType<typeof unidentifiedData>): string | null {
  if (gaps.length === 0) return null;
  const parts = gaps.map(
    (g, i) =>
      `${i === 0 ? plural(g.orders, 'order') : g.orders.toLocaleString('en-US')} on ${marketplaceName(g.marketplace)}`,
  );
  const one = gaps.length === 1 && gaps[0]!.orders === 1;
  return `Not counted: ${listJoin(parts)}, which ${one ? 'carries' : 'carry'} no customer e-mail.`;
}

/** " on eBay", " in the stores asked about" (stores come as ids, chosen by the router from the seller's own words), or "". */
export function customerScope(scope: Scope): string {
  const named = scopeName(scope.marketplaces);
  return named ? ` on ${named}` : scope.stores?.length ? ' in the stores asked about' : '';
}

/** The answer when no customer can be named in the period: no orders at all, or none with an e-mail. */
export function noCustomers(
  r: { coverage: readonly CustomerCoverage[]; period: ResolvedPeriod; freshness: Freshness },
  on: string,
  notCounted: string | null,
): string {
  const why =
    r.coverage.length === 0
      ? `No orders${on} ${during(r.period.label)}.`
      : `No customer could be named${on} ${during(r.period.label)}.`;
  return withCoverage([why, notCounted].filter(Boolean).join(' '), [r.period], r.freshness);
}
