import type { ToolArgs, ToolName } from './tool-args.ts';

/** A tool call the router settled on: all a follow-up ("and on eBay?") needs to build on it. */
export type RoutedIntent = { [N in ToolName]: { tool: N; args: ToolArgs<N> } }[ToolName];

export type RouteResult =
  | { [N in ToolName]: { kind: 'tool'; tool: N; args: ToolArgs<N>; intent: RoutedIntent } }[ToolName]
  | { kind: 'unknown'; reason: string };

export interface RouteContext {
  lastIntent?: RoutedIntent;
  now: Date;
  /** the seller's IANA time zone: "today" and every bare date are read in it */
  timeZone: string;
}
