import { MongoBackend } from '@agendajs/mongo-backend';
import { PostgresBackend, PostgresJobRepository, PostgresNotificationChannel } from '@agendajs/postgres-backend';
import { Agenda } from 'agenda';
import type { Logger } from 'pino';
import { AppError, ErrorCode } from '../errors.ts';
import type { JobContext, JobDefinition } from './job.ts';

export interface AgendaOptions {
  mongodbUrl?: string | undefined;
  databaseUrl: string;
  /** PGlite: LISTEN/NOTIFY does not cross connections there */
  embedded: boolean;
  name?: string;
  processEvery?: string;
  /** jobs this process runs at once, all names together (Agenda's default is 20) */
  maxConcurrency?: number;
  connectTimeoutMs?: number;
  /** where a dropped job-store connection is reported (it is not fatal) */
  log: Logger;
}

type Backend = MongoBackend | PostgresBackend;

/** Agenda keeps its backend private and only disconnects it from stop() after start(). */
const backends = new WeakMap<Agenda, Backend>();

/**
 * Agenda on MongoDB when MONGODB_URL is set, else on the product's PostgreSQL. The backend is
 * connected here first: Agenda's constructor leaves its own connect promise unhandled, which
 * would kill the process on an unreachable MongoDB without saying why.
 */
export async function createAgenda(opts: AgendaOptions): Promise<Agenda> {
  const timeout = opts.connectTimeoutMs ?? 10_000;
  const backend: Backend = opts.mongodbUrl
    ? new MongoBackend({ address: opts.mongodbUrl, options: { serverSelectionTimeoutMS: timeout } })
    : new PostgresBackend({ connectionString: opts.databaseUrl, disableNotifications: opts.embedded });
  const where = opts.mongodbUrl ? 'MongoDB at MONGODB_URL' : 'PostgreSQL';
  const connected = backend.connect();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      connected,
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeout} ms`)), timeout);
      }),
    ]);
  } catch (cause) {
    connected.catch(() => {});
    await backend.disconnect().catch(() => {});
    throw new AppError(ErrorCode.JOB_BACKEND, `job store unreachable: ${where}: ${(cause as Error).message}`, {
      cause,
    });
  } finally {
    clearTimeout(timer);
  }
  backend.connect = () => connected;
  if (backend instanceof PostgresBackend) survive(backend, opts.log);
  const agenda = new Agenda({
    backend,
    name: opts.name ?? `worker-${process.pid}`,
    // how often a worker looks for more due jobs (besides when one is queued): a job name's
    // free places are filled at most this often
    processEvery: opts.processEvery ?? '1 second',
    ...(opts.maxConcurrency && { maxConcurrency: opts.maxConcurrency }),
    // a sync job per connection per sweep would otherwise stay in the job store for good
    removeOnComplete: true,
  });
  backends.set(agenda, backend);
  return agenda;
}

/**
 * A database restart, failover or idle timeout ends the job store's connections: pg's pool then
 * emits 'error' for an idle client, and the LISTEN channel for its own, and an EventEmitter's
 * 'error' with no listener ends the process. Both are logged instead: the pool opens a new
 * connection on next use, and the channel reconnects itself (it re-LISTENs) once its error is heard.
 */
function survive(backend: PostgresBackend, log: Logger): void {
  const { repository, notificationChannel } = backend;
  if (repository instanceof PostgresJobRepository)
    repository
      .getPool()
      .on('error', (err: Error) =>
        log.warn(
          { reason: err.message },
          'job store: an idle PostgreSQL connection was lost; a new one opens on next use',
        ),
      );
  if (notificationChannel instanceof PostgresNotificationChannel)
    notificationChannel.on('error', (err: Error) =>
      log.warn({ reason: err.message }, 'job store: the LISTEN connection was lost; reconnecting'),
    );
}

/** Closes an Agenda that was never started (one that only inserts jobs). */
export async function closeAgendaClient(agenda: Agenda): Promise<void> {
  await backends.get(agenda)?.disconnect();
}

/** Registers each job with zod-checked payloads; a bad payload fails the job, it never runs on it. */
export async function defineJobs(
  agenda: Agenda,
  jobs: JobDefinition[],
  deps: Omit<JobContext, 'agenda' | 'touch'>,
): Promise<void> {
  for (const def of jobs) {
    const concurrency = typeof def.concurrency === 'function' ? def.concurrency(deps.config) : def.concurrency;
    agenda.define(
      def.name,
      async (job) => {
        const parsed = def.payload.safeParse(job.attrs.data ?? {});
        if (!parsed.success)
          throw new AppError(ErrorCode.INVALID_INPUT, `bad payload for ${def.name}: ${parsed.error.message}`);
        const log = deps.log.child({ job: def.name, jobId: String(job.attrs._id) });
        await def.handle(parsed.data, { ...deps, log, agenda, touch: () => job.touch() }, job);
      },
      {
        // Agenda otherwise locks every due job of a name for the first worker that looks, and the
        // others find none: each takes what it can run now. (More would wait in the worker, and
        // Agenda drops a waiting job whose lock runs out without freeing its place.)
        ...(concurrency !== undefined && { concurrency, lockLimit: concurrency }),
        ...(def.lockLifetimeMs !== undefined && { lockLifetime: def.lockLifetimeMs }),
      },
    );
  }
  await agenda.ready;
  for (const def of jobs.filter((j) => j.every)) {
    await agenda.every(def.every!, def.name, {});
  }
}
