export type SyncStreamName = 'ORDERS' | 'PRODUCTS';

/** Queues a targeted sync of one stream of one connection, or of both streams when none is named. */
export type EnqueueSync = (connectionId: string, stream?: SyncStreamName) => Promise<void>;
