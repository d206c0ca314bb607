import { parseArgs } from 'node:util';
import { getConfig } from '../../config.ts';
import { runDemoSync, type DemoSummary } from '../../demo/run-demo-sync.ts';
import { startDemoSandboxes } from '../../demo/start-demo-sandboxes.ts';
import { onShutdown } from '../../process.ts';
import { openRuntime } from '../../runtime.ts';
import { startServer } from '../../server.ts';
import { startWorker } from '../../worker.ts';
import { printJson, UsageError, type Command } from '../command.ts';

function summaryText(s: DemoSummary): string {
  const lines = [`demo seller: ${s.userId}`, `${'marketplace'.padEnd(12)} ${'store'.padEnd(30)} ${'status'.padEnd(8)} ${'orders'.padStart(8)} ${'products'.padStart(9)}`];
  for (const c of s.connections) {
    lines.push(`${c.marketplace.padEnd(12)} ${c.storeId.padEnd(30)} ${c.status.padEnd(8)} ${String(c.orders).padStart(8)} ${String(c.products).padStart(9)}`);
  }
  return lines.join('\n');
}

const int = (value: string, name: string, max: number) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > max) throw new UsageError(`--${name}: expected an integer from 1 to ${max.toLocaleString('en')}`);
  return n;
};

export const demo: Command = {
  name: 'demo',
  usage: 'demo [--no-chat] [--orders N] [--seed S] [--json] [--port P]',
  summary: 'sandboxes, a demo seller with seven marketplaces connected, first sync; then server and worker',
  async run(args) {
    const { values } = parseArgs({
      args,
      options: {
        'no-chat': { type: 'boolean', default: false },
        orders: { type: 'string', default: '5000' },
        seed: { type: 'string', default: '1' },
        json: { type: 'boolean', default: false },
        port: { type: 'string' },
      },
    });
    const orders = int(values.orders, 'orders', 1_000_000);
    const seed = int(values.seed, 'seed', 2 ** 31 - 1);
    const base = getConfig();
    const sandboxes = await startDemoSandboxes(base, { orders, seed });
    // The sandboxes' clock stands still during the first sync, so its summary can be checked
    // against their truth; it runs on with real time afterwards.
    sandboxes.state.clock.set(new Date());
    const rt = await openRuntime(sandboxes.config, { migrate: true });
    const say = (text: string) => values.json || process.stdout.write(`${text}\n`);
    say(`sandboxes: ${Object.values(sandboxes.urls).join(' ')}\nsyncing ${orders} orders from seven marketplaces…`);
    const summary = await runDemoSync(rt, sandboxes);

    if (values['no-chat']) {
      if (values.json) printJson(summary);
      else say(summaryText(summary));
      await rt.close();
      await sandboxes.stop();
      return summary.connections.every((c) => c.status === 'SUCCESS' || c.status === 'PARTIAL') ? 0 : 1;
    }

    say(summaryText(summary));
    sandboxes.state.clock.release();
    const port = values.port !== undefined ? Number(values.port) : base.PORT;
    const web = await startServer(rt, { port, host: '127.0.0.1' }).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== 'EADDRINUSE') throw err;
      rt.log.warn({ port }, 'port in use: picking a free one');
      return startServer(rt, { port: 0, host: '127.0.0.1' });
    });
    const worker = await startWorker(rt);
    say(
      [
        `frame demo is running`,
        `  server:   ${web.url}  (health: ${web.url}/healthz)`,
        `  database: ${rt.embedded ? `embedded PGlite under ${base.DATA_DIR}/embedded` : 'DATABASE_URL'}`,
        `  worker:   Agenda on ${worker.backend}`,
        `Press Ctrl-C to stop.`,
      ].join('\n'),
    );
    onShutdown(rt.log, async () => {
      await worker.stop();
      await web.close();
      await rt.close();
      await sandboxes.stop();
    });
    await new Promise(() => {});
    return 0;
  },
};
