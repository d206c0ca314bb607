import { parseArgs } from 'node:util';
import { getConfig } from '../../config.ts';
import { onShutdown } from '../../process.ts';
import { openRuntime } from '../../runtime.ts';
import { startServer } from '../../server.ts';
import { startWorker } from '../../worker.ts';
import type { Command } from '../command.ts';

export const demo: Command = {
  name: 'demo',
  usage: 'demo [--port P]',
  summary: 'embedded database (unless DATABASE_URL), migrations, server and worker in one process',
  async run(args) {
    const { values } = parseArgs({ args, options: { port: { type: 'string' } } });
    const config = getConfig();
    const rt = await openRuntime(config, { migrate: true });
    const port = values.port !== undefined ? Number(values.port) : config.PORT;
    const web = await startServer(rt, { port, host: '127.0.0.1' }).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== 'EADDRINUSE') throw err;
      rt.log.warn({ port }, 'port in use: picking a free one');
      return startServer(rt, { port: 0, host: '127.0.0.1' });
    });
    const worker = await startWorker(rt);
    process.stdout.write(
      [
        `frame demo is running`,
        `  server:   ${web.url}  (health: ${web.url}/healthz)`,
        `  database: ${rt.embedded ? `embedded PGlite under ${config.DATA_DIR}/embedded` : 'DATABASE_URL'}`,
        `  worker:   Agenda on ${worker.backend}`,
        `Press Ctrl-C to stop.`,
        '',
      ].join('\n'),
    );
    onShutdown(rt.log, async () => {
      await worker.stop();
      await web.close();
      await rt.close();
    });
    await new Promise(() => {});
    return 0;
  },
};
