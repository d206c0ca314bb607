import { type DocumentNode, getOperationAST, Kind, valueFromASTUntyped } from 'graphql';

/** Shopify Standard plan: 100 points restored per second, a bucket of 2000, at most 1000 per query. */
export const DEFAULT_BUCKET = { maximumAvailable: 2000, restoreRate: 100 };
export const MAX_QUERY_COST = 1000;
const MUTATION_COST = 10;

/**
 * The sandbox's simple cost model: a top-level connection costs 2 plus one point per node it may
 * return (`first`), any other top-level field 1, a mutation 10 (a bulk operation's run is not
 * charged); nested selections are free. (Shopify's own
 * calculation also charges nested objects and connections.)
 */
export function requestedCost(
  document: DocumentNode,
  variables: Record<string, unknown>,
  operationName?: string,
): number {
  const op = getOperationAST(document, operationName);
  if (!op) return 1;
  if (op.operation === 'mutation') return MUTATION_COST * op.selectionSet.selections.length;
  let cost = 0;
  for (const sel of op.selectionSet.selections) {
    const firstArg = sel.kind === Kind.FIELD ? sel.arguments?.find((a) => a.name.value === 'first') : undefined;
    const first = firstArg ? Number(valueFromASTUntyped(firstArg.value, variables)) : NaN;
    cost += Number.isFinite(first) ? 2 + Math.max(0, first) : 1;
  }
  return cost;
}
