import { type Logger, pino } from 'pino';

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

export function createLogger(options: { level?: string; destination?: pino.DestinationStream } = {}): Logger {
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
    options.destination ?? pino.destination({ dest: 2, sync: true }),
  );
}

export const logger = createLogger();
