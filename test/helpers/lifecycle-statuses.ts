import type { OrderStatus } from '../../src/generated/prisma/enums.ts';
import type { LifecycleStatus, SandboxMarketplace } from '../../src/sandbox/types.ts';

/**
 * How each sandbox's lifecycle reads in the spec's six statuses once its raw statuses went
 * through the connector: groups of lifecycle states and the unified statuses their orders take.
 * Within a group the split depends on the order (eBay shows a one-line shipment FULFILLED, a
 * multi-line one IN_PROGRESS; Snapdeal spreads PFF and PRNT), so counts are compared per group.
 * Square's returns are orders of their own that make the sale RETURNED in the sync: at the
 * connector its returned sales still read DELIVERED.
 */
type Groups = Array<[LifecycleStatus[], OrderStatus[]]>;

const COMMON: Groups = [
  [['CANCELLED', 'REFUNDED'], ['CANCELLED']],
  [['RETURNED'], ['RETURNED']],
];

export const LIFECYCLE_GROUPS: Record<SandboxMarketplace, Groups> = {
  // unfulfilled → PENDING, fulfilled → DELIVERED
  shopify: [[['PENDING', 'PROCESSING'], ['PENDING']], [['SHIPPED', 'DELIVERED'], ['DELIVERED']], ...COMMON],
  // NOT_STARTED → PENDING, IN_PROGRESS → SHIPPED, FULFILLED → DELIVERED
  ebay: [
    [['PENDING', 'PROCESSING'], ['PENDING']],
    [
      ['SHIPPED', 'DELIVERED'],
      ['SHIPPED', 'DELIVERED'],
    ],
    ...COMMON,
  ],
  // open → PENDING, paid → CONFIRMED, completed (marked shipped) → DELIVERED
  etsy: [
    [['PENDING'], ['PENDING']],
    [['PROCESSING'], ['CONFIRMED']],
    [['SHIPPED', 'DELIVERED'], ['DELIVERED']],
    ...COMMON,
  ],
  // orders arrive APPROVED
  flipkart: [
    [['PENDING', 'PROCESSING'], ['CONFIRMED']],
    [['SHIPPED'], ['SHIPPED']],
    [['DELIVERED'], ['DELIVERED']],
    ...COMMON,
  ],
  bigcommerce: [
    [['PENDING'], ['PENDING']],
    [['PROCESSING'], ['CONFIRMED']],
    [['SHIPPED'], ['SHIPPED']],
    [['DELIVERED'], ['DELIVERED']],
    ...COMMON,
  ],
  // OPEN → PENDING whatever its fulfillment, COMPLETED → DELIVERED
  square: [
    [['PENDING', 'PROCESSING', 'SHIPPED'], ['PENDING']],
    [['DELIVERED', 'RETURNED'], ['DELIVERED']],
    [['CANCELLED', 'REFUNDED'], ['CANCELLED']],
  ],
  snapdeal: [
    [['PENDING'], ['PENDING']],
    [['PROCESSING'], ['CONFIRMED']],
    [['SHIPPED'], ['SHIPPED']],
    [['DELIVERED'], ['DELIVERED']],
    ...COMMON,
  ],
};

/** Per group: [its lifecycle states, what the sandbox holds, what was read], for one expect(). */
export function lifecycleCounts(
  marketplace: SandboxMarketplace,
  truth: Record<LifecycleStatus, number>,
  got: Partial<Record<string, number>>,
  squareReturnsApplied = false,
) {
  let groups = LIFECYCLE_GROUPS[marketplace];
  if (marketplace === 'square' && squareReturnsApplied) {
    groups = [[['PENDING', 'PROCESSING', 'SHIPPED'], ['PENDING']], [['DELIVERED'], ['DELIVERED']], ...COMMON];
  }
  const seen = Object.keys(got).filter((s) => (got[s] ?? 0) > 0);
  const covered = groups.flatMap(([, unified]) => unified);
  return {
    outsideTheGroups: seen.filter((s) => !covered.includes(s as OrderStatus)),
    groups: groups.map(([life, unified]) => [
      life.join('+'),
      life.reduce((n, s) => n + truth[s], 0),
      unified.reduce((n, s) => n + (got[s] ?? 0), 0),
    ]),
  };
}

/** The same counts with the sandbox's on both sides: what lifecycleCounts() must equal. */
export function expectedLifecycleCounts(
  marketplace: SandboxMarketplace,
  truth: Record<LifecycleStatus, number>,
  squareReturnsApplied = false,
) {
  const { groups } = lifecycleCounts(marketplace, truth, {}, squareReturnsApplied);
  return { outsideTheGroups: [], groups: groups.map(([name, n]) => [name, n, n]) };
}
