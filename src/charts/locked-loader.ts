import type { Loader } from 'vega';
import { ChartSpecError, ChartSpecReason } from './chart-spec-error.ts';

export interface LockedLoader {
  loader: Loader;
  /** Every URI vega asked for, in order; any entry means the render must fail. */
  refused: string[];
}

/**
 * A vega loader that never touches the network or the disk.
 * sanitize must not throw: vega crashes on a throwing sanitize (image and href paths do not
 * catch it), so it records the URI, hands back an empty href, and renderPng fails afterwards.
 */
export function createLockedLoader(): LockedLoader {
  const refused: string[] = [];
  const refuse = (kind: string, uri: string): never => {
    refused.push(uri);
    throw new ChartSpecError(
      ChartSpecReason.LOADER_REFUSED,
      `chart renderer refuses to ${kind} "${uri}": data must be inline`,
    );
  };
  const loader: Loader = {
    sanitize: async (uri: string) => {
      if (uri !== '') refused.push(uri);
      return { href: '' };
    },
    load: async (uri: string) => refuse('load', uri),
    http: async (uri: string) => refuse('fetch', uri),
    file: async (filename: string) => refuse('read the file', filename),
  };
  return { loader, refused };
}
