import { parseArgs } from 'node:util';
import pg from 'pg';
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
    return [
      { name: 'database', status: 'ok', detail: `${where}, PostgreSQL ${version}` },
      pending.length === 0
        ? { name: 'migrations', status: 'ok', detail: `${files.length} applied` }
        : {
            name: 'migrations',
            status: 'warn',
            detail: `${pending.length} pending (${pending.join(', ')}): run frame migrate`,
          },
    ];
  } catch (err) {
    return [{ name: 'database', status: 'fail', detail: `${where}: ${(err as Error).message}` }];
  } finally {
    await client.end().catch(() => {});
    await database.stop();
  }
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
