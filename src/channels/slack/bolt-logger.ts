import type { Logger as BoltLogger } from '@slack/bolt';
import { LogLevel } from '@slack/bolt';
import type { Logger } from 'pino';

/**
 * Bolt's logger interface over our pino logger. Bolt's debug output holds whole request bodies
 * (message text, sometimes tokens), so it is never forwarded; warnings and errors are.
 */
export function boltLogger(log: Logger): BoltLogger {
  const child = log.child({ component: 'slack' });
  const emit =
    (level: 'info' | 'warn' | 'error') =>
    (...msgs: unknown[]) => {
      const err = msgs.find((m): m is Error => m instanceof Error);
      const text = msgs.filter((m): m is string => typeof m === 'string').join(' ');
      child[level](err ? { err } : {}, text || err?.message || 'slack');
    };
  return {
    debug: () => undefined,
    info: emit('info'),
    warn: emit('warn'),
    error: emit('error'),
    setLevel: () => undefined,
    getLevel: () => LogLevel.INFO,
    setName: () => undefined,
  };
}
