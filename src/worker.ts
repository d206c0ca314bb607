import { hostname } from 'node:os';
import type { Agenda } from 'agenda';
import { type ChannelSenders, channelSenders } from './channels/senders.ts';
import { getConfigOrExit } from './config.ts';
import type { DigestPosters } from './digest/deliver-digests.ts';
import { AppError } from './errors.ts';
import { createAgenda, defineJobs } from './jobs/agenda.ts';
import { JOBS } from './jobs/registry.ts';
import { isMain, onShutdown } from './process.ts';
import { openRuntimeOrExit, type Runtime } from './runtime.ts';

export interface RunningWorker {
  agenda: Agenda;
  backend: 'mongodb' | 'postgres';
  stop(): Promise<void>;
}

/** Starts Agenda with every job of the registry on an open runtime; jobs send on the configured channels plus `senders` and `posters`. */
export async function startWorker(
  rt: Runtime,
  opts: { processEvery?: string; senders?: ChannelSenders; posters?: DigestPosters } = {},
): Promise<RunningWorker> {
  const agenda = await createAgenda({
    mongodbUrl: rt.config.MONGODB_URL,
    databaseUrl: rt.databaseUrl,
    embedded: rt.embedded,
    connectTimeoutMs: rt.config.JOB_STORE_CONNECT_TIMEOUT_MS,
    // the syncs at SYNC_CONCURRENCY, and room for the other jobs beside them
    maxConcurrency: rt.config.SYNC_CONCURRENCY + rt.config.SYNC_BACKFILL_CONCURRENCY + 10,
    log: rt.log,
    ...(opts.processEvery && { processEvery: opts.processEvery }),
  });
  agenda.on('error', (err) => rt.log.error({ err }, 'agenda error'));
  agenda.on('fail', (err, job) => rt.log.error({ err, job: job.attrs.name }, 'job failed'));
  const { senders, posters, notifier } = channelSenders(rt, opts.senders, opts.posters && { posters: opts.posters });
  await defineJobs(agenda, JOBS, {
    db: rt.db,
    log: rt.log,
    config: rt.config,
    keyRing: rt.keyRing,
    senders,
    posters,
    notifier,
  });
  await agenda.start();
  const backend = rt.config.MONGODB_URL ? 'mongodb' : 'postgres';
  const heartbeat = await startHeartbeat(rt, backend);
  return {
    agenda,
    backend,
    // Running jobs are unlocked, not killed mid-write: another worker picks them up.
    async stop() {
      await agenda.stop(true);
      await heartbeat.stop();
    },
  };
}

const HEARTBEAT_MS = 30_000;

/** A row saying this worker is alive, renewed every 30 s, marked stopped at the end: what `frame doctor` reads. */
async function startHeartbeat(rt: Runtime, backend: string): Promise<{ stop(): Promise<void> }> {
  const id = `${hostname()}:${process.pid}`;
  const now = new Date();
  const beat = (at: Date, fresh = false) =>
    rt.db.workerHeartbeat
      .upsert({
        where: { id },
        create: { id, backend, startedAt: now, seenAt: at },
        update: { seenAt: at, ...(fresh && { backend, startedAt: now, stoppedAt: null }) },
      })
      // a database not migrated yet has no table for it: the worker runs on, doctor just cannot see it
      .catch((err: unknown) => rt.log.warn({ err }, 'worker heartbeat not recorded'));
  await beat(now, true);
  const timer = setInterval(() => void beat(new Date()), HEARTBEAT_MS).unref();
  return {
    async stop() {
      clearInterval(timer);
      await rt.db.workerHeartbeat
        .update({ where: { id }, data: { seenAt: new Date(), stoppedAt: new Date() } })
        .catch(() => {});
    },
  };
}

if (isMain(import.meta.url)) {
  const config = getConfigOrExit();
  const rt = await openRuntimeOrExit(config, 'worker');
  let worker: RunningWorker;
  try {
    worker = await startWorker(rt);
  } catch (err) {
    rt.log.fatal({ err }, 'worker cannot start');
    process.stderr.write(`worker cannot start: ${err instanceof AppError ? err.message : String(err)}\n`);
    await rt.close();
    process.exit(1);
  }
  rt.log.info({ backend: worker.backend, jobs: JOBS.map((j) => j.name) }, 'worker started');
  onShutdown(rt.log, async () => {
    await worker.stop();
    await rt.close();
  });
}
