import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Logger } from 'pino';
import type { Db } from '../../db/client.ts';
import type { Prisma } from '../../generated/prisma/client.ts';
import {
  type ClaimedItem,
  claimHeads,
  finish,
  LeaseLost,
  release,
  renewLeases,
  saveProgress,
  yieldClashes,
} from './inbox-store.ts';

export interface InboxContext {
  /** what an earlier try recorded with saveProgress, or null */
  progress: Record<string, unknown> | null;
  saveProgress(progress: Record<string, Prisma.InputJsonValue>): Promise<void>;
  /** 1 for the first try */
  attempt: number;
}

/** Thrown by a handler for a message nobody can answer (a Slack team that never installed the app): no retry, no apology. */
export class Unanswerable extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'Unanswerable';
  }
}

/** How one kind of stored message is answered. */
export interface InboxHandler {
  /** answers; throws to be tried again later (the conversation waits), or after the last try to be apologized for */
  answer(payload: unknown, ctx: InboxContext): Promise<void>;
  /** tells the sender their message could not be answered */
  apologize(payload: unknown, ctx: InboxContext): Promise<void>;
}

export interface InboxDispatcher {
  /** looks for messages to answer now (a new one was stored) */
  kick(): void;
  /** messages being answered by this process */
  inFlight(): number;
  /** the most it answered at once so far */
  peakInFlight(): number;
  /** stops claiming and waits for the answers under way */
  close(): Promise<void>;
}

export interface InboxOptions {
  db: Db;
  log: Logger;
  handlers: Record<string, InboxHandler>;
  /** answers at once in this process: the rest wait in the inbox, so a burst waits its turn instead of exhausting the pool */
  concurrency: number;
  leaseMs?: number;
  pollMs?: number;
  maxAttempts?: number;
  /** delay before try n + 1 after try n failed */
  retryDelayMs?: (attempt: number) => number;
}

/**
 * Answers the stored messages (inbox-store.ts), at most `concurrency` at a time in this process:
 * claims conversation heads when kicked (a message stored, an answer finished) and every
 * `pollMs` (messages of a process that died, whose leases ran out, and retries), renews its
 * leases while it answers, and ends each message answered, retried later, or failed with an
 * apology after `maxAttempts`.
 */
export function createInboxDispatcher(opts: InboxOptions): InboxDispatcher {
  const { db, log, handlers, concurrency } = opts;
  const leaseMs = opts.leaseMs ?? 30_000;
  const maxAttempts = opts.maxAttempts ?? 3;
  const retryDelayMs = opts.retryDelayMs ?? ((n: number) => 2_000 * 2 ** (n - 1));
  const owner = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const running = new Map<string, Promise<void>>();
  const kinds = Object.keys(handlers);
  let claiming = false;
  let claimed = Promise.resolve();
  let again = false;
  let closed = false;
  let peak = 0;

  const kick = (): void => {
    if (closed) return;
    if (claiming) {
      again = true;
      return;
    }
    claiming = true;
    claimed = (async () => {
      try {
        do {
          again = false;
          const free = concurrency - running.size;
          if (free <= 0) break;
          const items = await claimHeads(db, owner, free, leaseMs, kinds);
          const yielded = new Set(
            await yieldClashes(
              db,
              owner,
              items.map((i) => i.id),
            ),
          );
          for (const item of items.filter((i) => !yielded.has(i.id))) {
            // claimed as close() began: given back at once rather than answered against a closing database
            if (closed) await release(db, item.id, owner, 0, 'the process was stopping');
            else start(item);
          }
          if (items.length === free) again = true;
        } while (again && !closed);
      } catch (err) {
        log.warn({ err, reason: (err as Error).message }, 'chat inbox: claiming failed; trying again shortly');
      } finally {
        claiming = false;
      }
    })();
  };

  const start = (item: ClaimedItem): void => {
    const done = answer(item)
      .catch((err: unknown) => log.error({ err, inboxId: item.id }, 'chat inbox: answering broke'))
      .finally(() => {
        running.delete(item.id);
        kick();
      });
    running.set(item.id, done);
    peak = Math.max(peak, running.size);
  };

  async function answer(item: ClaimedItem): Promise<void> {
    const handler = handlers[item.kind];
    let progress = item.progress;
    const ctx: InboxContext = {
      get progress() {
        return progress;
      },
      saveProgress: async (p) => {
        progress = { ...progress, ...p };
        await saveProgress(db, item.id, owner, progress as Prisma.InputJsonValue);
      },
      attempt: item.attempts,
    };
    let failure: unknown;
    try {
      if (!handler) throw new Error(`no handler for chat inbox messages of kind ${item.kind}`);
      // tried as often as allowed already (a message that ends its process each time): not again
      if (item.attempts > maxAttempts) throw new Error(`claimed ${item.attempts} times without an answer`);
      await handler.answer(item.payload, ctx);
    } catch (err) {
      failure = err ?? new Error('unknown failure');
    }
    if (failure instanceof LeaseLost) {
      log.warn(
        { inboxId: item.id, kind: item.kind },
        'chat inbox: lease lost mid-answer; the process holding it now answers',
      );
      return;
    }
    if (failure === undefined) {
      if ((await recorded(() => finish(db, item.id, owner, { status: 'ANSWERED' }), item.id)) === false)
        log.warn({ inboxId: item.id }, 'chat inbox: answered after its lease ran out');
      return;
    }
    const message = failure instanceof Error ? failure.message : String(failure);
    if (failure instanceof Unanswerable) {
      log.warn(
        { inboxId: item.id, kind: item.kind, reason: message },
        'chat inbox: message cannot be answered; dropped',
      );
      await recorded(() => finish(db, item.id, owner, { status: 'FAILED', error: message }), item.id);
      return;
    }
    if (handler && item.attempts < maxAttempts) {
      log.warn(
        { err: failure, inboxId: item.id, kind: item.kind, attempt: item.attempts },
        'chat inbox: answer failed; trying again',
      );
      await recorded(() => release(db, item.id, owner, retryDelayMs(item.attempts), message), item.id);
      return;
    }
    log.error(
      { err: failure, inboxId: item.id, kind: item.kind, attempt: item.attempts },
      'chat inbox: answer failed for good',
    );
    await handler
      ?.apologize(item.payload, ctx)
      .catch((err: unknown) => log.error({ err, inboxId: item.id }, 'chat inbox: apology not sent'));
    await recorded(() => finish(db, item.id, owner, { status: 'FAILED', error: message }), item.id);
  }

  /** An answer's outcome is recorded even through a short database outage (else its lease runs out and it is answered again). */
  async function recorded<T>(write: () => Promise<T>, inboxId: string): Promise<T | undefined> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await write();
      } catch (err) {
        if (attempt === 5) {
          log.error({ err, inboxId }, 'chat inbox: could not record an outcome');
          return undefined;
        }
        await new Promise((resolve) => setTimeout(resolve, 1_000 * attempt));
      }
    }
  }

  const poll = setInterval(kick, opts.pollMs ?? 1_000);
  poll.unref();
  const heartbeat = setInterval(() => {
    renewLeases(db, owner, [...running.keys()], leaseMs).then(
      (held) => {
        for (const id of running.keys())
          if (!held.has(id))
            log.warn({ inboxId: id }, 'chat inbox: a lease ran out while answering; it may be answered twice');
      },
      (err: unknown) => log.warn({ err }, 'chat inbox: lease renewal failed'),
    );
  }, leaseMs / 3);
  heartbeat.unref();
  kick();

  return {
    kick,
    inFlight: () => running.size,
    peakInFlight: () => peak,
    async close() {
      closed = true;
      clearInterval(poll);
      await claimed;
      // the leases are renewed until the last answer under way is done
      await Promise.allSettled([...running.values()]);
      clearInterval(heartbeat);
    },
  };
}
