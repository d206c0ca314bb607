import { parseArgs } from 'node:util';
import { isLocalApi } from '../../chat/describe-sync-error.ts';
import { getConfig } from '../../config.ts';
import { portAnswers } from '../../port-answers.ts';
import { openRuntime } from '../../runtime.ts';
import { type ConnectionReport, syncConnection } from '../../sync/sync-connection.ts';
import { type Command, printJson, UsageError } from '../command.ts';
import { findSeller } from '../find-seller.ts';
import { syncProgressView } from '../sync-progress-view.ts';

type Report = ConnectionReport | (ConnectionReport & { error: string });

/** Whether anything listens at the URL's host and port. */
function answers(url: string): Promise<boolean> {
  if (!URL.canParse(url)) return Promise.resolve(false);
  const { hostname, port, protocol } = new URL(url);
  return portAnswers(hostname, Number(port || (protocol === 'https:' ? 443 : 80)));
}

function reportText(reports: Report[]): string {
  const lines: string[] = [];
  for (const r of reports) {
    lines.push(`${r.marketplace} ${r.storeId} (${r.connectionId}): ${r.status}${'error' in r ? ` — ${r.error}` : ''}`);
    for (const s of r.streams) {
      lines.push(
        `  ${s.stream.padEnd(9)} ${s.status.padEnd(8)} fetched ${s.fetched}, upserted ${s.upserted}, skipped ${s.skipped}${s.error ? ` — ${s.error}` : ''}  [log ${s.logId}]`,
      );
    }
  }
  return lines.join('\n') || 'no connections';
}

export const sync: Command = {
  name: 'sync',
  usage: 'sync --user U | --connection C [--json]',
  summary: "sync a seller's connections, or one, now; print the sync log",
  options: [
    '--user U        the seller: a console login (such as demo) or a user id',
    '--connection C  one connection, by id',
    '--json          the sync reports as JSON',
  ],
  async run(args) {
    const { values } = parseArgs({
      args,
      options: { user: { type: 'string' }, connection: { type: 'string' }, json: { type: 'boolean', default: false } },
    });
    if (!values.user && !values.connection) throw new UsageError('give --user <id> or --connection <id>');
    const rt = await openRuntime(getConfig());
    try {
      const userId = values.user && (await findSeller(rt.db, values.user)).id;
      const connections = await rt.db.marketplaceConnection.findMany({
        where: { ...(userId && { userId }), ...(values.connection && { id: values.connection }) },
        select: { id: true, marketplace: true, storeId: true, apiBaseUrl: true },
        orderBy: { createdAt: 'asc' },
      });
      if (connections.length === 0)
        throw new UsageError(
          values.connection ? `no connection ${values.connection}` : `no connections for user ${values.user}`,
        );
      const reports: Report[] = [];
      const progress = values.json ? undefined : syncProgressView(rt.db, process.stderr);
      progress?.start(connections.map((c) => c.id));
      try {
        for (const c of connections) {
          // a store the demo connected to its sandbox, which has stopped: said at once, not after a retry per stream
          if (isLocalApi(c.apiBaseUrl) && !(await answers(c.apiBaseUrl!))) {
            const error = `its API at ${c.apiBaseUrl} does not answer: the demo that connected it to its sandbox has stopped (start "npm run demo" again)`;
            reports.push({
              connectionId: c.id,
              marketplace: c.marketplace,
              storeId: c.storeId,
              status: 'SKIPPED',
              streams: [],
              error,
            });
            continue;
          }
          const report = await syncConnection(rt, c.id, { trigger: 'MANUAL' });
          reports.push(report);
          progress?.done(report);
        }
      } finally {
        await progress?.stop();
      }
      if (values.json) printJson(reports);
      else process.stdout.write(`${reportText(reports)}\n`);
      // a store skipped because it is disconnected is no failure; one whose sandbox is gone is
      return reports.some((r) => r.status === 'FAILED' || 'error' in r) ? 1 : 0;
    } finally {
      await rt.close();
    }
  },
};
