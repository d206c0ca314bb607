import type { Runtime } from '../runtime.ts';
import type { EnqueueSync } from '../sync/sync-request.ts';
import { closeAgendaClient, createAgenda } from './agenda.ts';
import { syncConnectionJob } from './definitions/sync-connection.ts';
import { runNow } from './job.ts';

export interface SyncEnqueuer {
  enqueue: EnqueueSync;
  close(): Promise<void>;
}

/**
 * For the web process: an Agenda client that only inserts `sync-connection` jobs for the
 * worker to run. It is never started, so it processes nothing itself.
 */
export async function createSyncEnqueuer(
  rt: Pick<Runtime, 'config' | 'databaseUrl' | 'embedded' | 'log'>,
): Promise<SyncEnqueuer> {
  const agenda = await createAgenda({
    mongodbUrl: rt.config.MONGODB_URL,
    databaseUrl: rt.databaseUrl,
    embedded: rt.embedded,
    name: `web-${process.pid}`,
    connectTimeoutMs: rt.config.JOB_STORE_CONNECT_TIMEOUT_MS,
    log: rt.log,
  });
  await agenda.ready;
  return {
    async enqueue(connectionId, stream) {
      await runNow(agenda, syncConnectionJob, {
        connectionId,
        trigger: stream ? 'WEBHOOK' : 'ON_DEMAND',
        ...(stream && { streams: [stream] }),
      });
    },
    close: () => closeAgendaClient(agenda),
  };
}
