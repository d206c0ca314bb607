import type { Server } from 'node:http';
import { type ChannelSenders, channelSenders } from './channels/senders.ts';
import { getConfigOrExit } from './config.ts';
import { AppError } from './errors.ts';
import { appInbox, createApp } from './http/app.ts';
import { createSyncEnqueuer } from './jobs/enqueue-sync.ts';
import { isMain, onShutdown } from './process.ts';
import { openRuntimeOrExit, type Runtime } from './runtime.ts';
import type { EnqueueSync } from './sync/sync-request.ts';

export interface RunningServer {
  url: string;
  server: Server;
  close(): Promise<void>;
}

/**
 * Starts the web process on an open runtime; resolves once it listens. Webhooks queue their
 * syncs through `enqueueSync`, by default an Agenda client on the job store. Sellers are DMed
 * (connect results, reconnect requests) on the configured channels plus `senders`.
 */
export async function startServer(
  rt: Runtime,
  opts: { port?: number; host?: string; enqueueSync?: EnqueueSync; senders?: ChannelSenders } = {},
): Promise<RunningServer> {
  const enqueuer = opts.enqueueSync ? undefined : await createSyncEnqueuer(rt);
  const { notifier, twilioClient } = channelSenders(rt, opts.senders);
  const app = createApp({
    ...rt,
    enqueueSync: opts.enqueueSync ?? enqueuer!.enqueue,
    notifier,
    ...(twilioClient && { twilioClient }),
  });
  const host = opts.host ?? rt.config.HOST;
  const server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(opts.port ?? rt.config.PORT, host, (err?: Error) => (err ? reject(err) : resolve(s)));
  }).catch(async (err: unknown) => {
    await enqueuer?.close();
    throw err;
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : opts.port;
  const url = `http://${host === '0.0.0.0' ? 'localhost' : host}:${port}`;
  return {
    url,
    server,
    close: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
      await appInbox(app)?.close();
      await enqueuer?.close();
    },
  };
}

if (isMain(import.meta.url)) {
  const config = getConfigOrExit();
  const rt = await openRuntimeOrExit(config, 'web process');
  let web: RunningServer;
  try {
    web = await startServer(rt);
  } catch (err) {
    rt.log.fatal({ err }, 'web process cannot start');
    process.stderr.write(`web process cannot start: ${err instanceof AppError ? err.message : String(err)}\n`);
    await rt.close();
    process.exit(1);
  }
  rt.log.info({ url: web.url }, 'web process listening');
  onShutdown(rt.log, async () => {
    await web.close();
    await rt.close();
  });
}
