import type { Request } from 'express';

/** Query parameters checked as Etsy's OAS declares them; a violation is a 400 `{error}`. */

export class BadRequest extends Error {}

/** Etsy rejects timestamps before 2000-01-01. */
export const MIN_TIMESTAMP = 946_684_800;

function raw(req: Request, name: string): string | undefined {
  const value = req.query[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw new BadRequest(`Expected a single value for '${name}'`);
  return value;
}

export function intParam(req: Request, name: string, opts: { min?: number; max?: number } = {}): number | undefined {
  const value = raw(req, name);
  if (value === undefined || value === '') return undefined;
  if (!/^-?\d+$/.test(value)) throw new BadRequest(`Expected int for '${name}' (got ${value})`);
  const n = Number(value);
  if (opts.min !== undefined && n < opts.min)
    throw new BadRequest(`Expected int >= ${opts.min} for '${name}' (got ${n})`);
  if (opts.max !== undefined && n > opts.max)
    throw new BadRequest(`Expected int <= ${opts.max} for '${name}' (got ${n})`);
  return n;
}

/** Nullable booleans: absent or empty means "either". */
export function boolParam(req: Request, name: string): boolean | undefined {
  const value = raw(req, name);
  if (value === undefined || value === '' || value === 'null') return undefined;
  if (value === 'true' || value === '1') return true;
  if (value === 'false' || value === '0') return false;
  throw new BadRequest(`Expected boolean for '${name}' (got ${value})`);
}

export function enumParam<T extends string>(req: Request, name: string, values: readonly T[], fallback: T): T {
  const value = raw(req, name);
  if (value === undefined || value === '') return fallback;
  if (!(values as readonly string[]).includes(value))
    throw new BadRequest(`'${name}' must be one of ${values.join(', ')} (got ${value})`);
  return value as T;
}

/** `limit` 1–100 (default 25) and `offset` ≥ 0, as on every Etsy list endpoint. */
export function pageParams(req: Request): { limit: number; offset: number } {
  return {
    limit: intParam(req, 'limit', { min: 1, max: 100 }) ?? 25,
    offset: intParam(req, 'offset', { min: 0 }) ?? 0,
  };
}

/** An array parameter, sent comma-separated (`includes=Images,Inventory`) or repeated; each value one of `values`. */
export function listParam<T extends string>(req: Request, name: string, values: readonly T[]): Set<T> {
  const value = req.query[name];
  if (value === undefined || value === '') return new Set();
  const parts = (Array.isArray(value) ? value : [value]).flatMap((v) =>
    typeof v === 'string' ? v.split(',') : [null],
  );
  const out = new Set<T>();
  for (const part of parts) {
    if (part === null || !(values as readonly string[]).includes(part))
      throw new BadRequest(`'${name}' must be a list of ${values.join(', ')} (got ${String(part)})`);
    out.add(part as T);
  }
  return out;
}
