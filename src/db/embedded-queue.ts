import type { PGlite } from '@electric-sql/pglite';

interface Pending {
  handlerId: number;
  message: Uint8Array;
  onData: (data: Uint8Array) => void;
  resolve: (bytes: number) => void;
  reject: (err: unknown) => void;
}

// extended-protocol messages before the Sync that ends a run: Parse, Bind, Describe, Execute, Close, Flush
const EXTENDED = new Set(['P', 'B', 'D', 'E', 'C', 'H'].map((c) => c.charCodeAt(0)));

/**
 * The query queue of pglite-socket's server, replaced. PGlite has one session; the stock queue
 * keeps a client's messages together only inside a transaction, so two clients' Parse/Bind
 * pairs interleave ("bind message supplies 7 parameters, but prepared statement requires 11").
 * This one also keeps a client's extended-protocol run — Parse through Sync — together.
 */
export class ProtocolQueue {
  private queue: Pending[] = [];
  private processing = false;
  /** the client whose run or transaction is open */
  private owner: number | null = null;

  constructor(private readonly db: PGlite) {}

  enqueue(handlerId: number, message: Uint8Array, onData: (data: Uint8Array) => void): Promise<number> {
    return new Promise((resolve, reject) => {
      this.queue.push({ handlerId, message, onData, resolve, reject });
      void this.process();
    });
  }

  private async process(): Promise<void> {
    if (this.processing) return;
    this.processing = true;
    try {
      for (;;) {
        const i = this.owner === null ? 0 : this.queue.findIndex((p) => p.handlerId === this.owner);
        if (i === -1 || this.queue.length === 0) return;
        const [next] = this.queue.splice(i, 1) as [Pending];
        let bytes = 0;
        try {
          await this.db.runExclusive(() =>
            this.db.execProtocolRawStream(next.message, {
              onRawData: (d) => {
                bytes += d.length;
                next.onData(d);
              },
            }),
          );
        } catch (err) {
          next.reject(err);
          continue;
        }
        this.owner = EXTENDED.has(next.message[0]!) || this.db.isInTransaction() ? next.handlerId : null;
        next.resolve(bytes);
      }
    } finally {
      this.processing = false;
    }
  }

  getQueueLength(): number {
    return this.queue.length;
  }

  clearQueueForHandler(handlerId: number): void {
    this.queue = this.queue.filter((p) => {
      if (p.handlerId !== handlerId) return true;
      p.reject(new Error('Handler disconnected'));
      return false;
    });
  }

  async clearTransactionIfNeeded(handlerId: number): Promise<void> {
    if (this.owner !== handlerId) return;
    if (this.db.isInTransaction()) await this.db.exec('ROLLBACK');
    this.owner = null;
    await this.process();
  }
}
