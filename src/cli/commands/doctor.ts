import { parseArgs } from 'node:util';
import pg from 'pg';
import { describeSyncError } from '../../chat/describe-sync-error.ts';
import { type Config, ConfigError, loadConfig } from '../../config.ts';
import { openDatabase } from '../../db/database.ts';
import { readMigrations } from '../../db/migrate.ts';
import { VERSION } from '../../version.ts';
import { type Command, printJson } from '../command.ts';

interface Check {
  name: string;
  status: 'ok' | 'off' | 'warn' | 'fail';
  detail: string;
}

async function databaseChecks(config: Config): Promise<Check[]> {
  const database = await openDatabase(config);
  const client = new pg.Client({ connectionString: database.url, connectionTimeoutMillis: 5000 });
  const where = database.embedded ? 'embedded PGlite (DATABASE_URL not set)' : 'DATABASE_URL';
  try {
    await client.connect();
    const version = (await client.query<{ v: string }>("SELECT current_setting('server_version') AS v")).rows[0]?.v;
    const files = readMigrations();
    const table = (await client.query<{ t: string | null }>(`SELECT to_regclass('"_prisma_migrations"')::text AS t`))
      .rows[0]?.t;
    const applied = new Set(
      table
        ? (
            await client.query<{ n: string }>(
              'SELECT migration_name AS n FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL',
            )
          ).rows.map((r) => r.n)
        : [],
    );
    const pending = files.filter((f) => !applied.has(f.name)).map((f) => f.name);
    const health = pending.length === 0 ? await healthChecks(client, config) : [];
    return [
      { name: 'database', status: 'ok', detail: `${where}, PostgreSQL ${version}` },
      pending.length === 0
        ? { name: 'migrations', status: 'ok', detail: `${files.length} applied` }
        : {
            name: 'migrations',
            status: 'warn',
            detail: `${pending.length} pending (${pending.join(', ')}): run frame migrate`,
          },
      ...health,
    ];
  } catch (err) {
    return [{ name: 'database', status: 'fail', detail: `${where}: ${(err as Error).message}` }];
  } finally {
    await client.end().catch(() => {});
    await database.stop();
  }
}

const ago = (at: Date, now = Date.now()) => {
  const s = Math.max(0, Math.round((now - at.getTime()) / 1000));
  return s < 90
    ? `${s} s ago`
    : s < 5400
      ? `${Math.round(s / 60)} min ago`
      : s < 172_800
        ? `${Math.round(s / 3600)} h ago`
        : `${Math.round(s / 86_400)} days ago`;
};

/** Sellers, their stores by state, how old the oldest store's data is, failing syncs, and whether a worker runs. */
async function healthChecks(client: pg.Client, config: Config): Promise<Check[]> {
  const one = async <T extends pg.QueryResultRow>(sql: string) => (await client.query<T>(sql)).rows;
  const [[sellers], byStatus, [oldest], failing, [worker]] = await Promise.all([
    one<{ n: number }>('SELECT count(*)::int AS n FROM "User"'),
    one<{ status: string; n: number }>(
      'SELECT status::text, count(*)::int AS n FROM "MarketplaceConnection" GROUP BY 1 ORDER BY 1',
    ),
    one<{ store: string; at: Date | null }>(
      `SELECT marketplace || ' ' || COALESCE("storeName", "storeId") AS store, "lastSyncAt" AS at FROM "MarketplaceConnection"
       WHERE status = 'CONNECTED' ORDER BY "lastSyncAt" ASC NULLS FIRST LIMIT 1`,
    ),
    one<{ store: string; error: string }>(
      `SELECT marketplace || ' ' || COALESCE("storeName", "storeId") AS store, "lastError" AS error FROM "MarketplaceConnection"
       WHERE status <> 'DISCONNECTED' AND "lastError" IS NOT NULL ORDER BY "lastErrorAt" DESC`,
    ),
    one<{ id: string; backend: string; seenAt: Date; stoppedAt: Date | null }>(
      // a running worker first: one that just stopped has the newest row
      'SELECT id, backend, "seenAt", "stoppedAt" FROM "WorkerHeartbeat" ORDER BY ("stoppedAt" IS NULL) DESC, "seenAt" DESC LIMIT 1',
    ),
  ]);
  const stores = byStatus.reduce((n, r) => n + r.n, 0);
  const staleMs = config.SYNC_STALE_HOURS * 3_600_000;
  const checks: Check[] = [
    {
      name: 'sellers',
      status: 'ok',
      detail: `${sellers!.n} seller${sellers!.n === 1 ? '' : 's'}, ${stores} store${stores === 1 ? '' : 's'}${byStatus.length ? ` (${byStatus.map((r) => `${r.n} ${r.status.toLowerCase()}`).join(', ')})` : ''}`,
    },
  ];
  if (oldest)
    checks.push(
      !oldest.at
        ? { name: 'oldest data', status: 'warn', detail: `${oldest.store} has not synced yet` }
        : {
            name: 'oldest data',
            status: Date.now() - oldest.at.getTime() > staleMs ? 'warn' : 'ok',
            detail: `${oldest.store}, synced ${ago(oldest.at)}`,
          },
    );
  checks.push(
    failing.length === 0
      ? { name: 'failing syncs', status: 'ok', detail: 'none' }
      : {
          name: 'failing syncs',
          status: 'warn',
          detail: `${failing.length}: ${failing
            .slice(0, 3)
            .map((f) => `${f.store} (${describeSyncError(f.error)})`)
            .join('; ')}${failing.length > 3 ? '; …' : ''}`,
        },
  );
  checks.push(
    !worker
      ? { name: 'worker', status: 'warn', detail: 'no worker has run on this database: start one (npm run worker)' }
      : worker.stoppedAt
        ? {
            name: 'worker',
            status: 'warn',
            detail: `the last one (${worker.id}) stopped ${ago(worker.stoppedAt)}: start one (npm run worker)`,
          }
        : Date.now() - worker.seenAt.getTime() > 2 * 60_000
          ? { name: 'worker', status: 'warn', detail: `${worker.id} last seen ${ago(worker.seenAt)}: it may have died` }
          : { name: 'worker', status: 'ok', detail: `${worker.id} on ${worker.backend}, seen ${ago(worker.seenAt)}` },
  );
  return checks;
}

export const doctor: Command = {
  name: 'doctor',
  usage: 'doctor [--json]',
  summary: 'check configuration, database, integrations and sync health',
  options: ['--json          the checks as JSON'],
  async run(args) {
    const { values } = parseArgs({ args, options: { json: { type: 'boolean', default: false } } });
    let checks: Check[];
    try {
      const config = loadConfig();
      const integration = (name: string, i: { enabled: boolean; reason: string }): Check => ({
        name,
        status: i.enabled ? 'ok' : 'off',
        detail: i.reason,
      });
      checks = [
        { name: 'config', status: 'ok', detail: `NODE_ENV=${config.NODE_ENV}, public URL ${config.publicBaseUrl}` },
        config.TOKEN_ENCRYPTION_KEY
          ? { name: 'token encryption', status: 'ok', detail: 'TOKEN_ENCRYPTION_KEY set' }
          : {
              name: 'token encryption',
              status: 'warn',
              detail: `TOKEN_ENCRYPTION_KEY not set: a local key file under ${config.DATA_DIR} is used`,
            },
        ...(await databaseChecks(config)),
        integration('job store', config.integrations.mongodb),
        integration(
          `slack${config.integrations.slack.enabled ? ` (${config.integrations.slack.mode})` : ''}`,
          config.integrations.slack,
        ),
        integration('whatsapp (twilio)', config.integrations.twilio),
        integration('llm (openai)', config.integrations.openai),
        integration('cron endpoint', config.integrations.cron),
        ...Object.entries(config.marketplaces).map(([key, app]) =>
          integration(`${key.toLowerCase()} app`, {
            enabled: app.enabled,
            reason:
              app.reason +
              (Object.keys(app.baseUrls).length
                ? `; base URL overridden by ${Object.keys(app.baseUrls).join(', ')}`
                : ''),
          }),
        ),
      ];
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      checks = err.problems.map((p) => ({ name: p.variable, status: 'fail', detail: p.message }));
    }
    const ok = !checks.some((c) => c.status === 'fail');
    if (values.json) {
      printJson({ version: VERSION, ok, checks });
    } else {
      const mark = { ok: '✔', off: '·', warn: '!', fail: '✘' } as const;
      process.stdout.write(`frame ${VERSION}\n`);
      for (const c of checks) process.stdout.write(`${mark[c.status]} ${c.name.padEnd(22)} ${c.detail}\n`);
    }
    return ok ? 0 : 1;
  },
};
