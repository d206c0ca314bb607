import { AppError, ErrorCode } from '../errors.ts';

export const ChartSpecReason = {
  /** A data source that is not inline `values` (data.url, generators, unknown names). */
  EXTERNAL_DATA: 'EXTERNAL_DATA',
  /** Something that would make vega or the SVG reach out: image marks, url/href channels, usermeta. */
  EXTERNAL_RESOURCE: 'EXTERNAL_RESOURCE',
  /** The renderer's locked loader was asked for a URL or file and refused. */
  LOADER_REFUSED: 'LOADER_REFUSED',
  /** Not a usable spec at all (shape, compile error, options). */
  INVALID_SPEC: 'INVALID_SPEC',
} as const;
export type ChartSpecReason = (typeof ChartSpecReason)[keyof typeof ChartSpecReason];

/** A chart spec the renderer will not draw; `reason` says why, `path` where in the spec. */
export class ChartSpecError extends AppError {
  constructor(
    readonly reason: ChartSpecReason,
    message: string,
    readonly path?: string,
    options?: { cause?: unknown },
  ) {
    super(ErrorCode.INVALID_INPUT, path ? `${message} (at ${path})` : message, options);
    this.name = 'ChartSpecError';
  }
}
