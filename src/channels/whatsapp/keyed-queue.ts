/**
 * Runs tasks one after another per key (a sender's number), so one person's messages are
 * answered in the order they were sent; different keys run side by side. In-process only: the
 * webhook's receipt row is what keeps two processes from answering one message twice.
 */
export interface KeyedQueue {
  run(key: string, task: () => Promise<void>): void;
}

export function createKeyedQueue(onError: (err: unknown) => void): KeyedQueue {
  const tails = new Map<string, Promise<void>>();
  return {
    run(key, task) {
      const next = (tails.get(key) ?? Promise.resolve()).then(task).catch(onError);
      tails.set(key, next);
      void next.then(() => {
        if (tails.get(key) === next) tails.delete(key);
      });
    },
  };
}
