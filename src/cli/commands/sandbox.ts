import { parseArgs } from 'node:util';
import { logger } from '../../logger.ts';
import { onShutdown } from '../../process.ts';
import { SandboxData } from '../../sandbox/generator/index.ts';
import { startSandboxes } from '../../sandbox/index.ts';
import type { TruthRow } from '../../sandbox/types.ts';
import { type Command, printJson, UsageError } from '../command.ts';

function parseDate(value: string | undefined, name: string): Date | undefined {
  if (value === undefined) return undefined;
  const d = new Date(value);
  if (Number.isNaN(d.getTime()))
    throw new UsageError(`--${name}: expected an ISO date such as 2026-11-01 or 2026-11-01T12:00:00Z`);
  return d;
}

function parsePositiveInt(value: string, name: string, max: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > max)
    throw new UsageError(`--${name}: expected an integer from 1 to ${max.toLocaleString('en')}`);
  return n;
}

function truthTable(rows: TruthRow[], asOf: Date): string {
  const lines = [
    `truth as of ${asOf.toISOString()}`,
    `${'store'.padEnd(13)}${'orders'.padStart(9)}${'products'.padStart(10)}  total`,
  ];
  for (const r of rows) {
    const totals =
      Object.entries(r.totals)
        .map(([c, v]) => `${c} ${v}`)
        .join(', ') || '-';
    lines.push(`${r.store.padEnd(13)}${String(r.orders).padStart(9)}${String(r.products).padStart(10)}  ${totals}`);
  }
  return lines.join('\n');
}

export const sandbox: Command = {
  name: 'sandbox',
  usage: 'sandbox [--orders N] [--seed S] [--port P] [--truth] [--json] [--anchor D] [--now T]',
  summary: 'run the seven marketplace imitations, or print their truth',
  options: [
    '--orders N      orders to generate (default 5000)',
    "--seed S        the generator's seed",
    '--port P        the first port (P…P+6); default free ports',
    "--truth         print each store's orders, products and totals as of now, and exit",
    "--anchor D, --now T   with --truth: the generator's anchor day and the time to report at",
    '--json          with --truth: as JSON',
  ],
  async run(args) {
    const { values } = parseArgs({
      args,
      options: {
        orders: { type: 'string', default: '5000' },
        seed: { type: 'string', default: '1' },
        port: { type: 'string' },
        truth: { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
        anchor: { type: 'string' },
        now: { type: 'string' },
      },
    });
    const orders = parsePositiveInt(values.orders, 'orders', 5_000_000);
    const seed = parsePositiveInt(values.seed, 'seed', 2 ** 31 - 1);
    const anchor = parseDate(values.anchor, 'anchor');
    const now = parseDate(values.now, 'now');

    if (values.truth) {
      const data = new SandboxData({ orders, seed, ...(anchor && { anchor }) });
      const asOf = now ?? new Date();
      const rows = data.truth(asOf);
      if (values.json)
        printJson({ asOf: asOf.toISOString(), orders, seed, anchor: data.anchor.toISOString(), stores: rows });
      else process.stdout.write(`${truthTable(rows, asOf)}\n`);
      return 0;
    }

    const port = values.port === undefined ? undefined : parsePositiveInt(values.port, 'port', 65535 - 7);
    const running = await startSandboxes({ orders, seed, ...(anchor && { anchor }), ...(port && { port }) });
    if (now) running.state.clock.set(now);
    const stores = running.data.specs().map((s) => ({
      store: s.key,
      marketplace: s.marketplace,
      storeId: s.storeId,
      currency: s.currency,
      token: s.token,
      baseUrl: running.urls[s.marketplace],
    }));
    if (values.json) {
      printJson({ orders, seed, anchor: running.data.anchor.toISOString(), urls: running.urls, stores });
    } else {
      process.stdout.write(
        `sandboxes running (orders ${orders}, seed ${seed}, anchor ${running.data.anchor.toISOString().slice(0, 10)}):\n`,
      );
      for (const [m, url] of Object.entries(running.urls)) process.stdout.write(`  ${m.padEnd(12)} ${url}\n`);
      process.stdout.write(
        `control: POST <url>/_sandbox/{faults,clock,tokens/expire}, GET <url>/_sandbox/truth\nPress Ctrl-C to stop.\n`,
      );
    }
    onShutdown(logger, running.stop);
    await new Promise(() => {});
    return 0;
  },
};
