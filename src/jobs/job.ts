import type { Agenda, Job } from 'agenda';
import type { Logger } from 'pino';
import type { z } from 'zod';
import type { Config } from '../config.ts';
import type { KeyRing } from '../crypto/tokens.ts';
import type { Db } from '../db/client.ts';
import type { DigestPosters } from '../digest/deliver-digests.ts';
import type { ChatChannel } from '../generated/prisma/enums.ts';
import type { DirectSender, Notifier } from '../notify/notifier.ts';

export interface JobContext {
  db: Db;
  log: Logger;
  config: Config;
  keyRing: KeyRing;
  agenda: Agenda;
  /** the chat channels this process can send on, and a notifier over them (reconnect requests) */
  senders?: Partial<Record<ChatChannel, DirectSender>>;
  /** the channels this process can post digests on */
  posters?: DigestPosters;
  notifier?: Notifier;
  /** keeps the job's lock alive during long work */
  touch(): Promise<void>;
}

/** A job: a name, a zod payload, an optional recurring schedule, and a handler. */
export interface JobDefinition<S extends z.ZodType = z.ZodType> {
  name: string;
  payload: S;
  /** human-interval or cron expression for a recurring job */
  every?: string;
  /** jobs of this name one worker runs at once; a function reads it from the config */
  concurrency?: number | ((config: Config) => number);
  lockLifetimeMs?: number;
  handle(data: z.infer<S>, ctx: JobContext, job: Job): Promise<void>;
}

export const defineJob = <S extends z.ZodType>(def: JobDefinition<S>): JobDefinition<S> => def;

/** Queues a run of `job` now, its payload checked against the job's schema (stored as given: defaults apply when it runs). */
export async function runNow<S extends z.ZodType>(
  agenda: Agenda,
  job: JobDefinition<S>,
  payload: z.input<S>,
): Promise<void> {
  job.payload.parse(payload);
  await agenda.now(job.name, payload);
}

/** Queues a run of `job` at `when` (human-interval or a date), its payload checked the same way. */
export async function runAt<S extends z.ZodType>(
  agenda: Agenda,
  when: string | Date,
  job: JobDefinition<S>,
  payload: z.input<S>,
): Promise<void> {
  job.payload.parse(payload);
  await agenda.schedule(when, job.name, payload);
}
