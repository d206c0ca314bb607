import { ChartSpecError, ChartSpecReason } from './chart-spec-error.ts';

type Json = unknown;
const DATA_KEYS = new Set(['data']);
const RESOURCE_KEYS = new Set(['url', 'href', 'usermeta', 'loader', 'baseURL']);

function isObject(value: Json): value is Record<string, Json> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function checkData(data: Json, path: string, datasets: Set<string>): void {
  if (data === null || data === undefined) return;
  if (!isObject(data))
    throw new ChartSpecError(ChartSpecReason.EXTERNAL_DATA, 'data must be an object with inline values', path);
  if ('url' in data)
    throw new ChartSpecError(
      ChartSpecReason.EXTERNAL_DATA,
      'data.url is not allowed: data must be inline values',
      path,
    );
  if ('values' in data) return;
  if (typeof data.name === 'string' && datasets.has(data.name)) return;
  throw new ChartSpecError(
    ChartSpecReason.EXTERNAL_DATA,
    "data must be inline values (or a name from the spec's own datasets)",
    path,
  );
}

function isImageMark(mark: Json): boolean {
  return mark === 'image' || (isObject(mark) && mark.type === 'image');
}

function walk(node: Json, path: string, datasets: Set<string>): void {
  if (Array.isArray(node)) {
    for (const [i, item] of node.entries()) walk(item, `${path}[${i}]`, datasets);
    return;
  }
  if (!isObject(node)) return;
  for (const [key, value] of Object.entries(node)) {
    const here = path ? `${path}.${key}` : key;
    if (key === 'values' || (key === 'datasets' && path === '')) continue; // inline rows are never loaded
    if (RESOURCE_KEYS.has(key)) {
      throw new ChartSpecError(ChartSpecReason.EXTERNAL_RESOURCE, `"${key}" is not allowed in a chart spec`, here);
    }
    if (key === 'mark' && isImageMark(value)) {
      throw new ChartSpecError(ChartSpecReason.EXTERNAL_RESOURCE, 'image marks are not allowed', here);
    }
    if (DATA_KEYS.has(key)) checkData(value, here, datasets);
    walk(value, here, datasets);
  }
}

/** Throws ChartSpecError unless every data source is inline and nothing points outside the spec. */
export function assertInlineSpec(spec: Json): void {
  if (!isObject(spec)) throw new ChartSpecError(ChartSpecReason.INVALID_SPEC, 'a chart spec must be a JSON object');
  const datasets = isObject(spec.datasets) ? new Set(Object.keys(spec.datasets)) : new Set<string>();
  if (isObject(spec.datasets)) {
    for (const [name, rows] of Object.entries(spec.datasets)) {
      if (!Array.isArray(rows))
        throw new ChartSpecError(ChartSpecReason.EXTERNAL_DATA, 'datasets must hold inline rows', `datasets.${name}`);
    }
  }
  walk(spec, '', datasets);
}
