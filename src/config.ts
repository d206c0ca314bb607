import { z } from 'zod';
import type { MarketplaceType } from './generated/prisma/enums.ts';
import { MARKETPLACE_KEYS, MARKETPLACES } from './marketplaces/registry.ts';

/**
 * Environment, parsed once. Every integration is off until its variables are present; a
 * group that is only partly set, or a value of the wrong shape, stops startup with a message
 * naming the variable and what it expects.
 */

const url = (what: string) => z.string().refine((v) => URL.canParse(v), { message: `expected ${what}` });
const port = z.coerce.number().int().min(0).max(65535);

const coreSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: port.default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  PUBLIC_BASE_URL: url('an absolute URL such as https://bot.example.com').optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'expected a postgresql:// connection URL')
    .optional(),
  DATA_DIR: z.string().min(1).default('.data'),
  EMBEDDED_DB_PORT: port.default(0),
  TOKEN_ENCRYPTION_KEY: z
    .string()
    .regex(
      /^[A-Za-z0-9_-]{1,32}:[A-Za-z0-9+/=_-]{43,44}(,[A-Za-z0-9_-]{1,32}:[A-Za-z0-9+/=_-]{43,44})*$/,
      'expected "keyId:base64key" (32-byte key), several separated by commas, the first used to encrypt',
    )
    .optional(),
  FX_API_BASE_URL: url('an absolute URL of an ECB-style rates API (Frankfurter)').default(
    'https://api.frankfurter.dev',
  ),
  SYNC_OVERLAP_MINUTES: z.coerce
    .number()
    .int()
    .min(0)
    .max(24 * 60)
    .default(10),
  SYNC_BACKFILL_DAYS: z.coerce.number().int().min(1).max(3650).default(365),
  SYNC_LEASE_SECONDS: z.coerce.number().int().min(1).max(3600).default(300),
  SYNC_WRITE_BATCH: z.coerce.number().int().min(1).max(10_000).default(1000),
  SYNC_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(64),
  SYNC_BACKFILL_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(2),
  SYNC_RATE_LIMITS: z.enum(['documented', 'off']).default('documented'),
  SYNC_CATALOGUE_MINUTES: z.coerce.number().int().min(0).max(10_080).default(60),
  CHAT_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
  CHAT_LEASE_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
  DB_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(0).max(3_600_000).default(30_000),
  SYNC_STALE_HOURS: z.coerce
    .number()
    .min(0)
    .max(24 * 7)
    .default(6),
  SYNC_ON_DEMAND_WAIT_MS: z.coerce.number().int().min(0).max(60_000).default(8000),
  CRON_SECRET: z.string().min(16, 'expected at least 16 characters').optional(),
  JOB_STORE_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  MONGODB_URL: z
    .string()
    .regex(/^mongodb(\+srv)?:\/\//, 'expected a mongodb:// or mongodb+srv:// URL')
    .optional(),
  SLACK_SIGNING_SECRET: z.string().min(1).optional(),
  SLACK_BOT_TOKEN: z
    .string()
    .regex(/^xoxb-/, 'expected a bot token starting with xoxb-')
    .optional(),
  SLACK_CLIENT_ID: z.string().min(1).optional(),
  SLACK_CLIENT_SECRET: z.string().min(1).optional(),
  SLACK_STATE_SECRET: z.string().min(1).optional(),
  SLACK_API_URL: url('an absolute URL ending in /api/').optional(),
  TWILIO_ACCOUNT_SID: z
    .string()
    .regex(/^AC[0-9a-fA-F]{32}$/, 'expected AC followed by 32 hex digits')
    .optional(),
  TWILIO_AUTH_TOKEN: z.string().min(1).optional(),
  TWILIO_WHATSAPP_FROM: z
    .string()
    .regex(/^(whatsapp:)?\+[1-9]\d{6,14}$/, 'expected an E.164 number such as whatsapp:+14155238886')
    .optional(),
  LOG_FORMAT: z.enum(['json', 'pretty']).optional(),
  TWILIO_DIGEST_CONTENT_SID: z
    .string()
    .regex(/^HX[0-9a-fA-F]{32}$/, 'expected a Content SID: HX followed by 32 hex digits')
    .optional(),
  DIGEST_SYNC_WAIT_MS: z.coerce.number().int().min(0).max(300_000).default(30_000),
  OPENAI_API_KEY: z.string().min(1).optional(),
  OPENAI_BASE_URL: url('an absolute URL of an OpenAI-compatible API').optional(),
  OPENAI_MODEL: z.string().min(1).default('gpt-4o-mini'),
});

export type MarketplaceKey = MarketplaceType;

export interface Integration {
  enabled: boolean;
  /** why it is off, or which variables turned it on */
  reason: string;
}

export interface MarketplaceApp extends Integration {
  credentials: Record<string, string>;
  baseUrls: Record<string, string>;
}

export type Config = z.infer<typeof coreSchema> & {
  publicBaseUrl: string;
  integrations: {
    slack: Integration & { mode: 'single-workspace' | 'oauth' | 'off' };
    twilio: Integration;
    openai: Integration;
    mongodb: Integration;
    cron: Integration;
  };
  marketplaces: Record<MarketplaceKey, MarketplaceApp>;
};

export class ConfigError extends Error {
  constructor(readonly problems: { variable: string; message: string }[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  ${p.variable}: ${p.message}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;
type Problem = { variable: string; message: string };

function present(env: Env, name: string): boolean {
  return env[name] !== undefined && env[name] !== '';
}

/** All of `vars` or none: returns whether the group is on, and a problem per missing variable. */
function group(env: Env, label: string, vars: readonly string[], problems: Problem[]): Integration {
  const set = vars.filter((v) => present(env, v));
  if (set.length === 0) return { enabled: false, reason: `${vars.join(', ')} not set` };
  const missing = vars.filter((v) => !present(env, v));
  for (const variable of missing) {
    problems.push({
      variable,
      message: `required for ${label} because ${set.join(', ')} ${set.length > 1 ? 'are' : 'is'} set`,
    });
  }
  return { enabled: missing.length === 0, reason: `${set.join(', ')} set` };
}

export function loadConfig(rawEnv: Env = process.env): Config {
  const env: Env = Object.fromEntries(Object.entries(rawEnv).filter(([, v]) => v !== ''));
  const problems: Problem[] = [];
  const parsed = coreSchema.safeParse(env);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      problems.push({ variable: String(issue.path[0]), message: issue.message });
    }
  }
  const core = parsed.success ? parsed.data : coreSchema.partial().parse({});

  if (core.NODE_ENV === 'production') {
    for (const variable of ['TOKEN_ENCRYPTION_KEY', 'DATABASE_URL', 'PUBLIC_BASE_URL'] as const) {
      if (!present(env, variable)) problems.push({ variable, message: 'required when NODE_ENV=production' });
    }
  }

  const slackSingle = present(env, 'SLACK_BOT_TOKEN');
  const slackOauth = ['SLACK_CLIENT_ID', 'SLACK_CLIENT_SECRET', 'SLACK_STATE_SECRET'].some((v) => present(env, v));
  let slack: Config['integrations']['slack'];
  if (!present(env, 'SLACK_SIGNING_SECRET') && !slackSingle && !slackOauth) {
    slack = { enabled: false, mode: 'off', reason: 'SLACK_SIGNING_SECRET not set' };
  } else {
    const vars = slackOauth
      ? ['SLACK_SIGNING_SECRET', 'SLACK_CLIENT_ID', 'SLACK_CLIENT_SECRET', 'SLACK_STATE_SECRET']
      : ['SLACK_SIGNING_SECRET', 'SLACK_BOT_TOKEN'];
    const g = group(env, 'Slack', vars, problems);
    slack = { ...g, mode: g.enabled ? (slackOauth ? 'oauth' : 'single-workspace') : 'off' };
  }

  const marketplaces = {} as Record<MarketplaceKey, MarketplaceApp>;
  for (const key of MARKETPLACE_KEYS) {
    const spec = MARKETPLACES[key].env;
    const g = group(env, `the ${MARKETPLACES[key].name} app`, spec.credentials, problems);
    const baseUrls: Record<string, string> = {};
    for (const variable of spec.baseUrls) {
      const value = env[variable];
      if (value === undefined) continue;
      if (URL.canParse(value)) baseUrls[variable] = value.replace(/\/+$/, '');
      else problems.push({ variable, message: 'expected an absolute URL' });
    }
    const credentials = Object.fromEntries(
      [...spec.credentials, ...(spec.optional ?? [])].filter((v) => present(env, v)).map((v) => [v, env[v]!]),
    );
    marketplaces[key] = { ...g, credentials, baseUrls };
  }

  const integrations = {
    slack,
    twilio: group(
      env,
      'WhatsApp through Twilio',
      ['TWILIO_ACCOUNT_SID', 'TWILIO_AUTH_TOKEN', 'TWILIO_WHATSAPP_FROM'],
      problems,
    ),
    openai: present(env, 'OPENAI_API_KEY')
      ? { enabled: true, reason: `OPENAI_API_KEY set; model ${core.OPENAI_MODEL}` }
      : { enabled: false, reason: 'OPENAI_API_KEY not set: the intent router answers alone' },
    mongodb: present(env, 'MONGODB_URL')
      ? { enabled: true, reason: 'MONGODB_URL set: Agenda stores jobs in MongoDB' }
      : { enabled: false, reason: 'MONGODB_URL not set: Agenda stores jobs in PostgreSQL' },
    cron: present(env, 'CRON_SECRET')
      ? { enabled: true, reason: 'CRON_SECRET set: POST /api/cron/sync is open to callers with it' }
      : { enabled: false, reason: 'CRON_SECRET not set: POST /api/cron/sync answers 401' },
  };

  if (problems.length > 0) throw new ConfigError(problems);
  const config = core as z.infer<typeof coreSchema>;
  return {
    ...config,
    publicBaseUrl: (config.PUBLIC_BASE_URL ?? `http://localhost:${config.PORT}`).replace(/\/+$/, ''),
    integrations,
    marketplaces,
  };
}

let cached: Config | undefined;

/** The process's configuration, parsed on first use. */
export function getConfig(): Config {
  cached ??= loadConfig();
  return cached;
}

/** For entry points: parse now, and on a bad value print the problems and exit 1. */
export function getConfigOrExit(): Config {
  try {
    return getConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
}
