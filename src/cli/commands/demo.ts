import { parseArgs } from 'node:util';
import { runConsoleChat } from '../../channels/console/chat-loop.ts';
import { consoleScreen } from '../../channels/console/console-screen.ts';
import { createConsoleSender } from '../../channels/console/console-sender.ts';
import { createConsoleDigestPoster } from '../../channels/console/digest-poster.ts';
import { channelSenders } from '../../channels/senders.ts';
import { getConfig } from '../../config.ts';
import { acquireDemoLock } from '../../demo/demo-lock.ts';
import { DEMO_LOGIN } from '../../demo/demo-seller.ts';
import { pickPort } from '../../demo/pick-port.ts';
import { registerSandboxApps } from '../../demo/register-sandbox-apps.ts';
import { type DemoSummary, runDemoSync } from '../../demo/run-demo-sync.ts';
import { startDemoSandboxes } from '../../demo/start-demo-sandboxes.ts';
import { createLogger } from '../../logger.ts';
import { onShutdown } from '../../process.ts';
import { openRuntime } from '../../runtime.ts';
import { startServer } from '../../server.ts';
import { startWorker } from '../../worker.ts';
import { type Command, printJson, UsageError } from '../command.ts';
import { syncProgressView } from '../sync-progress-view.ts';

function summaryText(s: DemoSummary): string {
  const lines = [
    `demo seller: ${s.userId}`,
    `${'marketplace'.padEnd(12)} ${'store'.padEnd(30)} ${'status'.padEnd(8)} ${'orders'.padStart(8)} ${'products'.padStart(9)}`,
  ];
  for (const c of s.connections) {
    lines.push(
      `${c.marketplace.padEnd(12)} ${c.storeId.padEnd(30)} ${c.status.padEnd(8)} ${String(c.orders).padStart(8)} ${String(c.products).padStart(9)}`,
    );
  }
  return lines.join('\n');
}

const int0 = (value: string, name: string, max: number) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > max)
    throw new UsageError(`--${name}: expected an integer from 0 to ${max.toLocaleString('en')}`);
  return n;
};

const int = (value: string, name: string, max: number) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > max)
    throw new UsageError(`--${name}: expected an integer from 1 to ${max.toLocaleString('en')}`);
  return n;
};

export const demo: Command = {
  name: 'demo',
  usage: 'demo [--no-chat] [--orders N] [--seed S] [--json] [--port P]',
  summary: 'sandboxes, a demo seller, a first sync; then server, worker and chat',
  options: [
    '--no-chat       stop after the first sync and its summary',
    '--orders N      orders the sandboxes generate (default 5000)',
    "--seed S        the generator's seed (default 1)",
    "--port P        the server's port (default PORT, or the next free one)",
    '--json          the summary as JSON',
  ],
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
    const lock = acquireDemoLock(base.DATA_DIR);
    const chat = !values['no-chat'];
    const host = '127.0.0.1';
    const port = chat
      ? await pickPort(values.port !== undefined ? int0(values.port, 'port', 65535) : base.PORT, host)
      : undefined;
    const sandboxes = await startDemoSandboxes(base, { orders, seed });
    // The sandboxes' clock stands still during the first sync, so its summary can be checked
    // against their truth; it runs on with real time afterwards.
    sandboxes.state.clock.set(new Date());
    // connect links and OAuth callbacks must reach this server unless the operator said otherwise
    const config =
      port !== undefined && !base.PUBLIC_BASE_URL
        ? { ...sandboxes.config, PORT: port, publicBaseUrl: `http://${host}:${port}` }
        : sandboxes.config;
    // the chat shares the terminal with the logs: only warnings there unless LOG_LEVEL says otherwise
    const quiet = !values['no-chat'] && !process.env.LOG_LEVEL;
    const rt = await openRuntime(config, { migrate: true, ...(quiet && { log: createLogger({ level: 'warn' }) }) });
    await registerSandboxApps(sandboxes.urls, config);
    const say = (text: string) => values.json || process.stdout.write(`${text}\n`);
    // the orders the sandboxes hold as of now (the generator dates some of its orders later)
    const total = sandboxes.data.truth(sandboxes.state.clock.now()).reduce((n, t) => n + t.orders, 0);
    say(
      `sandboxes: ${Object.values(sandboxes.urls).join(' ')}\nsyncing ${total.toLocaleString('en-US')} orders from ${sandboxes.data.specs().length} stores on seven marketplaces…`,
    );
    const progress = values.json ? undefined : syncProgressView(rt.db, process.stdout, { total });
    const summary = await runDemoSync(rt, sandboxes, {
      ...(progress && { onStart: (ids: string[]) => progress.start(ids), onDone: (r) => progress.done(r) }),
    });
    await progress?.stop();

    if (values['no-chat']) {
      if (values.json) printJson(summary);
      else say(summaryText(summary));
      await rt.close();
      await sandboxes.stop();
      lock.release();
      return summary.connections.every((c) => c.status === 'SUCCESS' || c.status === 'PARTIAL') ? 0 : 1;
    }

    say(summaryText(summary));
    sandboxes.state.clock.release();
    const screen = consoleScreen(process.stdout);
    const senders = { CONSOLE: createConsoleSender(screen, DEMO_LOGIN) };
    const posters = { CONSOLE: createConsoleDigestPoster(screen, DEMO_LOGIN) };
    const { notifier } = channelSenders(rt, senders);
    const web = await startServer(rt, { port, host, senders });
    const worker = await startWorker(rt, { senders, posters });
    let stopping: Promise<void> | undefined;
    const stop = () =>
      (stopping ??= (async () => {
        await worker.stop();
        await web.close();
        await rt.close();
        await sandboxes.stop();
        lock.release();
      })());
    onShutdown(rt.log, stop);
    say(
      [
        `frame demo is running`,
        `  server:   ${web.url}  (health: ${web.url}/healthz)`,
        `  database: ${rt.embedded ? `embedded PGlite under ${base.DATA_DIR}/embedded` : 'DATABASE_URL'}`,
        `  worker:   Agenda on ${worker.backend}`,
        `Chatting as the demo seller ("${DEMO_LOGIN}"); "exit" or Ctrl-D stops the demo.`,
      ].join('\n'),
    );
    await runConsoleChat(
      { ...rt, notifier },
      { input: process.stdin, output: process.stdout, login: DEMO_LOGIN, userId: summary.userId, screen },
    );
    await stop();
    // Agenda leaves each finished job's "still alive" check (a lockLifetime/2 timer) pending, which
    // would hold the process for minutes after a clean stop; exit once main has set the exit code.
    setImmediate(() => process.exit()).unref();
    return 0;
  },
};
