import type { ToolArgs, ToolName } from '../analytics/args.ts';
import type { MarketplaceType } from '../generated/prisma/enums.ts';

/** A tool call the router settled on: all a follow-up ("and on eBay?") needs to build on it. */
export type RoutedIntent = { [N in ToolName]: { tool: N; args: ToolArgs<N> } }[ToolName];

/**
 * What the router made of a message:
 * - `tool`: a call to run (`notes`: what the answer must say beside it, e.g. a list capped at 50);
 * - `unsupported`: a question the order data cannot answer (profit, fees, traffic…): why, and the
 *   nearest call that can be answered (`offer` introduces it);
 * - `clarify`: a question back — a typo that can't be placed ("Did you mean Shopify or
 *   Square?"), a marketplace or a store not found, or words the router can't read (`reason: 'unclear'`, which an
 *   LLM may take instead); `pending` is the question as far as it was understood, for the reply
 *   ("Square") to complete;
 * - `smalltalk`: a greeting or thanks, with its reply;
 * - `unknown`: a help request or an empty message.
 */
export type RouteResult =
  | { [N in ToolName]: { kind: 'tool'; tool: N; args: ToolArgs<N>; intent: RoutedIntent; notes?: string[] } }[ToolName]
  | { kind: 'unsupported'; topic: string; why: string; offer?: string; nearest?: RoutedIntent }
  | {
      kind: 'clarify';
      reason: 'typo' | 'marketplace' | 'store' | 'unclear';
      about: string;
      question: string;
      suggestions: string[];
      pending?: RoutedIntent;
    }
  | { kind: 'smalltalk'; reply: string }
  | { kind: 'unknown'; reason: string };

/** One of the seller's stores, as the router may name it ("my eBay UK store"). */
export interface StoreRef {
  /** the connection id: what a tool's `stores` argument takes */
  id: string;
  marketplace: MarketplaceType;
  /** the store's name at the marketplace, when it has one */
  name: string | null;
  /** shop domain, seller id, store hash… */
  storeId: string;
  /** ISO 4217 currency of the store, when known (GBP tells the UK store) */
  currency: string | null;
}

export interface RouteContext {
  lastIntent?: RoutedIntent;
  /** the seller's stores (every status): to read "my eBay UK store" */
  stores?: readonly StoreRef[];
  now: Date;
  /** the seller's IANA time zone: "today" and every bare date are read in it */
  timeZone: string;
}
