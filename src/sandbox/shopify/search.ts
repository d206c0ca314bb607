import { GraphQLError } from 'graphql';

/** The window an `updated_at` search selects: [from, to). */
export interface UpdatedWindow {
  from: Date | null;
  to: Date | null;
}

const TERM = /^updated_at:(>=|<=|>|<)\s*(['"]?)([^'"]+)\2$/;

/**
 * Shopify's search syntax, the part the sandbox understands: `updated_at` compared with
 * >=, >, < or <= and terms joined by AND, e.g. `updated_at:>='2026-01-01T00:00:00Z'`.
 * Anything else is refused, so a connector relying on more finds out here.
 */
export function parseUpdatedWindow(query: string | null | undefined): UpdatedWindow {
  const window: UpdatedWindow = { from: null, to: null };
  if (!query?.trim()) return window;
  for (const term of query.trim().split(/\s+AND\s+/)) {
    const m = TERM.exec(term);
    const at = m ? Date.parse(m[3]!) : NaN;
    if (!m || Number.isNaN(at))
      throw new GraphQLError(`sandbox: unsupported search term "${term}"`, { extensions: { code: 'BAD_REQUEST' } });
    const op = m[1];
    if (op === '>=' || op === '>') window.from = new Date(op === '>' ? at + 1 : at);
    else window.to = new Date(op === '<=' ? at + 1 : at);
  }
  return window;
}

export const inWindow = (at: Date, w: UpdatedWindow) => (!w.from || at >= w.from) && (!w.to || at < w.to);
