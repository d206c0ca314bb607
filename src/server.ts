import type { Server } from 'node:http';
import { getConfigOrExit } from './config.ts';
import { createApp } from './http/app.ts';
import { isMain, onShutdown } from './process.ts';
import { openRuntime, type Runtime } from './runtime.ts';

export interface RunningServer {
  url: string;
  server: Server;
  close(): Promise<void>;
}

/** Starts the web process on an open runtime; resolves once it listens. */
export async function startServer(rt: Runtime, opts: { port?: number; host?: string } = {}): Promise<RunningServer> {
  const app = createApp(rt);
  const host = opts.host ?? rt.config.HOST;
  const server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(opts.port ?? rt.config.PORT, host, (err?: Error) => (err ? reject(err) : resolve(s)));
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : opts.port;
  const url = `http://${host === '0.0.0.0' ? 'localhost' : host}:${port}`;
  return {
    url,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      }),
  };
}

if (isMain(import.meta.url)) {
  const config = getConfigOrExit();
  const rt = await openRuntime(config);
  const web = await startServer(rt);
  rt.log.info({ url: web.url }, 'web process listening');
  onShutdown(rt.log, async () => {
    await web.close();
    await rt.close();
  });
}
