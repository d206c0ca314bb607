import { AppError, ErrorCode } from '../errors.ts';

const CONNECTION_ERRORS = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'ECONNRESET',
  'EHOSTUNREACH',
  '57P03',
  '3D000',
  '28P01',
  '28000',
]);
/** how Prisma's driver adapter names the same (PrismaClientKnownRequestError meta.driverAdapterError.cause.kind) */
const ADAPTER_KINDS = new Set([
  'DatabaseNotReachable',
  'DatabaseDoesNotExist',
  'AuthenticationFailed',
  'DatabaseAccessDenied',
  'SocketTimeout',
  'TooManyConnections',
]);

interface AdapterCause {
  kind?: string;
  originalCode?: string;
  originalMessage?: string;
}

/** Where a database URL points, without its password. */
export function describeDatabase(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || '5432'}${u.pathname}`;
  } catch {
    return 'DATABASE_URL';
  }
}

/** The error of a database that cannot be reached (down, unknown host or database, refused login) as one clear line; undefined for any other error. */
export function unreachable(err: unknown, url: string): AppError | undefined {
  const seen = new Set<unknown>();
  for (let e = err; e && typeof e === 'object' && !seen.has(e); e = (e as { cause?: unknown }).cause) {
    seen.add(e);
    const adapter = (e as { meta?: { driverAdapterError?: { cause?: AdapterCause } } }).meta?.driverAdapterError?.cause;
    if (adapter?.kind && ADAPTER_KINDS.has(adapter.kind)) {
      const reason = adapter.originalMessage ?? adapter.kind.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
      return new AppError(ErrorCode.DATABASE, `database unreachable at ${describeDatabase(url)}: ${reason}`, {
        cause: err,
      });
    }
    const code = (e as { code?: unknown }).code;
    const errors = (e as { errors?: unknown[] }).errors;
    const inner = Array.isArray(errors) ? errors.map((x) => (x as { code?: unknown }).code) : [];
    if (
      (typeof code === 'string' && CONNECTION_ERRORS.has(code)) ||
      inner.some((c) => typeof c === 'string' && CONNECTION_ERRORS.has(c))
    ) {
      const reason = (e as Error).message || String(code ?? inner[0]);
      return new AppError(ErrorCode.DATABASE, `database unreachable at ${describeDatabase(url)}: ${reason}`, {
        cause: err,
      });
    }
  }
  return undefined;
}
