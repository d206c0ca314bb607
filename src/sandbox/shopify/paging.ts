import { GraphQLError } from 'graphql';

/** Relay connections as Shopify pages them: `first` is required and at most 250; cursors are opaque. */

const MAX_FIRST = 250;

const badRequest = (message: string) => new GraphQLError(message, { extensions: { code: 'BAD_REQUEST' } });

export function checkFirst(first: number | null | undefined): number {
  if (first == null) throw badRequest('you must provide one of first or last');
  if (first < 0) throw badRequest('first must be a non-negative integer');
  if (first > MAX_FIRST) throw badRequest(`The first argument must be less than or equal to ${MAX_FIRST}`);
  return first;
}

const encodeCursor = (key: object) => Buffer.from(JSON.stringify(key)).toString('base64');

export function decodeCursor(cursor: string): Record<string, unknown> {
  try {
    const key: unknown = JSON.parse(Buffer.from(cursor, 'base64').toString('utf8'));
    if (key && typeof key === 'object') return key as Record<string, unknown>;
  } catch {
    // falls through to the error below
  }
  throw badRequest(`Invalid cursor for current pagination sort: ${cursor}`);
}

/** One page of a connection; each node comes with the key its cursor encodes. */
export function pageOf<T>(entries: { node: T; key: object }[], hasNextPage: boolean, hasPreviousPage: boolean) {
  const edges = entries.map(({ node, key }) => ({ cursor: encodeCursor(key), node }));
  return {
    edges,
    nodes: edges.map((e) => e.node),
    pageInfo: {
      hasNextPage,
      hasPreviousPage,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  };
}

/** A connection over a small list held in memory, resumed after the node whose id the cursor names. */
export function connection<T>(
  items: readonly T[],
  first: number | null | undefined,
  after: string | null | undefined,
  idOf: (item: T) => string,
) {
  const n = checkFirst(first);
  let start = 0;
  if (after) {
    const { last_id } = decodeCursor(after);
    start = items.findIndex((item) => idOf(item) === last_id) + 1;
    if (start === 0) throw badRequest(`Invalid cursor for current pagination sort: ${after}`);
  }
  const entries = items.slice(start, start + n).map((node) => ({ node, key: { last_id: idOf(node) } }));
  return pageOf(entries, start + n < items.length, start > 0);
}
