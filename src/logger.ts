import { type Logger, pino } from 'pino';
import pretty from 'pino-pretty';

/**
 * JSON logs. Secrets never reach them: known secret-bearing keys are censored at any depth
 * and e-mail addresses or bearer/API tokens inside strings are masked.
 */

const SECRET_KEY = /(token|secret|password|authorization|api[-_]?key|cookie|signature|hmac|code_?verifier|enc)$/i;
const EMAIL_KEY = /e-?mail/i;
const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;
const BEARER = /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi;
const TOKENISH =
  /\b(xox[abposr]-[A-Za-z0-9-]+|sk-[A-Za-z0-9_-]{16,}|shp(at|ca|pa|ss)_[A-Za-z0-9]+|EAAA[A-Za-z0-9_-]{20,})/g;

export function scrubString(value: string): string {
  return value.replace(EMAIL, '[email]').replace(BEARER, '$1 [redacted]').replace(TOKENISH, '[redacted]');
}

export function scrub(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return scrubString(value);
  if (value === null || typeof value !== 'object' || depth > 8) return value;
  if (value instanceof Error) {
    return {
      type: value.name,
      message: scrubString(value.message),
      stack: value.stack && scrubString(value.stack),
      ...(scrub({ ...value }, depth + 1) as object),
    };
  }
  if (Array.isArray(value)) return value.map((v) => scrub(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    if (SECRET_KEY.test(key) && v != null) out[key] = '[redacted]';
    else if (EMAIL_KEY.test(key) && v != null) out[key] = '[email]';
    else out[key] = scrub(v, depth + 1);
  }
  return out;
}

/**
 * Where log lines go: JSON lines (for machines) when stderr is not a terminal, in production, or
 * with LOG_FORMAT=json; on a terminal, one readable line each (pino-pretty), masked the same way.
 */
export function logFormat(
  env: NodeJS.ProcessEnv = process.env,
  tty = process.stderr.isTTY === true,
): 'json' | 'pretty' {
  if (env.LOG_FORMAT === 'json' || env.LOG_FORMAT === 'pretty') return env.LOG_FORMAT;
  return tty && env.NODE_ENV !== 'production' ? 'pretty' : 'json';
}

export function createLogger(
  options: { level?: string; destination?: pino.DestinationStream; format?: 'json' | 'pretty' } = {},
): Logger {
  const format = options.format ?? (options.destination ? 'json' : logFormat());
  const destination =
    format === 'pretty'
      ? pretty({
          destination: options.destination ?? 2,
          sync: true,
          colorize: !options.destination && process.stderr.isTTY === true,
          translateTime: 'SYS:HH:MM:ss',
          ignore: 'pid,hostname',
        })
      : (options.destination ?? pino.destination({ dest: 2, sync: true }));
  return pino(
    {
      level: options.level ?? process.env.LOG_LEVEL ?? 'info',
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { log: (obj) => scrub(obj) as Record<string, unknown> },
      hooks: {
        logMethod(args, method) {
          method.apply(
            this,
            args.map((a) => (typeof a === 'string' ? scrubString(a) : a)) as Parameters<typeof method>,
          );
        },
      },
    },
    destination,
  );
}

/** A child logger with these bindings, leaving out keys the logger already carries (JSON lines keep one of each key). */
export function childLogger(log: Logger, bindings: Record<string, unknown>): Logger {
  const have = log.bindings();
  return log.child(Object.fromEntries(Object.entries(bindings).filter(([key]) => !(key in have))));
}

export const logger = createLogger();
