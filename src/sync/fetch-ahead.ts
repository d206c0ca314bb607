/**
 * Pages fetched ahead of their writing. The fetcher runs until it has `limit` items waiting;
 * `take()` hands the writer every page fetched meanwhile, up to `limit` items (at least one
 * page), so one write covers many pages. A fetch failure reaches the writer once it has taken
 * what was fetched before it.
 */
export interface FetchAhead<P> {
  take(): Promise<P[]>;
  /** the fetcher stops after the request it is in, keeping what it got to itself */
  stop(): void;
}

export function fetchAhead<P>(
  fetchAll: (emit: (page: P) => Promise<boolean>) => Promise<void>,
  opts: { limit: number; sizeOf: (page: P) => number },
): FetchAhead<P> {
  const queue: P[] = [];
  let queued = 0;
  let failure: { error: unknown } | null = null;
  let stopped = false;
  // whichever side waits (the fetcher for room, the writer for pages) is woken by the other
  let wake: (() => void) | null = null;
  const signal = () => {
    wake?.();
    wake = null;
  };
  const waitForSignal = () => new Promise<void>((resolve) => (wake = resolve));

  /** queues a page; false once the writer has stopped (the fetcher then returns) */
  const emit = async (page: P): Promise<boolean> => {
    queue.push(page);
    queued += opts.sizeOf(page);
    signal();
    while (queued >= opts.limit && !stopped) await waitForSignal();
    return !stopped;
  };
  void fetchAll(emit).catch((error: unknown) => {
    failure = { error };
    signal();
  });

  return {
    async take() {
      while (queue.length === 0 && !failure) await waitForSignal();
      if (queue.length === 0) throw failure!.error;
      const batch = [queue.shift()!];
      let size = opts.sizeOf(batch[0]!);
      while (queue.length > 0 && size + opts.sizeOf(queue[0]!) <= opts.limit) {
        size += opts.sizeOf(queue[0]!);
        batch.push(queue.shift()!);
      }
      queued -= size;
      signal();
      return batch;
    },
    stop() {
      stopped = true;
      signal();
    },
  };
}
