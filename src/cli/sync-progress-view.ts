import type { Db } from '../db/client.ts';
import type { ConnectionReport } from '../sync/sync-connection.ts';
import { readSyncProgress } from '../sync/sync-progress.ts';

const count = (n: number) => Math.round(n).toLocaleString('en-US');
const ordersOf = (r: ConnectionReport) => r.streams.find((s) => s.stream === 'ORDERS')?.fetched ?? 0;

/**
 * What a person sees while stores sync: on a terminal one line rewritten twice a second (stores
 * done, orders read, orders/s, time left: from the orders expected when known, else from how far
 * the backfills are through their history); otherwise a plain line per store as it finishes.
 */
export function syncProgressView(
  db: Db,
  out: NodeJS.WritableStream & { isTTY?: boolean },
  opts: { total?: number } = {},
) {
  const tty = out.isTTY === true;
  const started = Date.now();
  const done = new Map<string, ConnectionReport>();
  let ids: string[] = [];
  let timer: NodeJS.Timeout | undefined;
  let drawing: Promise<void> = Promise.resolve();

  const draw = async () => {
    const running = await readSyncProgress(
      db,
      ids.filter((id) => !done.has(id)),
    );
    const orders =
      [...done.values()].reduce((n, r) => n + ordersOf(r), 0) + running.reduce((n, p) => n + (p.orders ?? 0), 0);
    const fraction =
      ids.length === 0
        ? 0
        : ids.reduce(
            (f, id) => f + (done.has(id) ? 1 : (running.find((p) => p.connectionId === id)?.fraction ?? 0)),
            0,
          ) / ids.length;
    const seconds = (Date.now() - started) / 1000;
    const rate = seconds > 0 ? orders / seconds : 0;
    const left =
      opts.total && rate > 0
        ? Math.max(0, opts.total - orders) / rate
        : fraction > 0.05 && fraction < 1
          ? (seconds * (1 - fraction)) / fraction
          : null;
    const line = [
      `${done.size} of ${ids.length} stores done`,
      // re-read and returned orders count too: never more than expected
      `${count(opts.total ? Math.min(orders, opts.total) : orders)}${opts.total ? ` of ${count(opts.total)}` : ''} orders`,
      `${count(rate)}/s`,
      ...(left !== null && done.size < ids.length ? [`about ${Math.ceil(left)} s left`] : []),
    ].join(' · ');
    out.write(`\r\x1b[K${line}`);
  };
  const redraw = () => {
    drawing = drawing.then(draw).catch(() => {});
  };

  return {
    start(connectionIds: string[]) {
      ids = connectionIds;
      if (tty) timer = setInterval(redraw, 500).unref();
    },
    done(report: ConnectionReport) {
      done.set(report.connectionId, report);
      if (!tty)
        out.write(
          `${report.marketplace} ${report.storeId}: ${report.status}, ${count(ordersOf(report))} records read\n`,
        );
    },
    async stop() {
      clearInterval(timer);
      if (!tty) return;
      redraw();
      await drawing;
      out.write('\n');
    },
  };
}
