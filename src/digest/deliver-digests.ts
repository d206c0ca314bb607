import { randomUUID } from 'node:crypto';
import { addDays } from '../analytics/local-calendar.ts';
import { chartSpec, chartTable } from '../charts/chart-request.ts';
import { type RenderedChart, renderPng } from '../charts/render-png.ts';
import { tenantDb } from '../db/tenant-db.ts';
import type { Prisma } from '../generated/prisma/client.ts';
import type { ChatChannel } from '../generated/prisma/enums.ts';
import { scrubString } from '../logger.ts';
import { ensureFresh } from '../sync/ensure-fresh.ts';
import type { SyncDeps } from '../sync/sync-connection.ts';
import { composeDigest } from './compose-digest.ts';
import { type RenderedDigest, renderDigest } from './render-digest.ts';
import { dueDigest } from './schedule.ts';

/** Where one subscription's digest goes. */
export interface DigestDestination {
  subscriptionId: string;
  userId: string;
  teamId: string;
  /** Slack channel id, WhatsApp number, console login */
  destination: string;
}

export interface DigestMessage {
  digest: RenderedDigest;
  /** when it is sent (WhatsApp's 24-hour window is reckoned from it) */
  now: Date;
  chart?: RenderedChart & { table: string };
}

/** What a poster already did for this delivery (kept across retries), and how to record more. */
export interface DeliveryProgress {
  done: Record<string, unknown>;
  save(step: Record<string, unknown>): Promise<void>;
}

/**
 * Posts a digest on one channel. Throws DestinationGone when the destination is no longer there
 * for the bot (removed from the Slack channel): the subscription is paused, not retried.
 */
export type DigestPoster = (to: DigestDestination, message: DigestMessage, progress: DeliveryProgress) => Promise<void>;
export type DigestPosters = Partial<Record<ChatChannel, DigestPoster>>;

export class DestinationGone extends Error {
  constructor(readonly code: string) {
    super(`the digest's destination is gone: ${code}`);
    this.name = 'DestinationGone';
  }
}

/** Tries a delivery gets, and the waits between them (the job runs every minute). */
export const RETRY_AFTER_MINUTES = [1, 5, 15, 30] as const;
/** a claim outlives the sync before composing and a slow post; each step renews it */
const leaseMs = (deps: DeliverDeps) => deps.config.DIGEST_SYNC_WAIT_MS + 5 * 60_000;
/** digests one run composes and posts at once */
const LANES = 4;
/** data older than this is synced before a digest is composed */
const FRESH_MS = 30 * 60_000;

export interface DeliverDeps extends SyncDeps {
  posters: DigestPosters;
}

export interface DeliveryReport {
  sent: number;
  retrying: number;
  failed: number;
  paused: number;
}

/**
 * Sends every digest that is due, once per subscription per local day across workers and
 * retries: a delivery row keyed by (subscription, local date) is claimed before anything is
 * posted, under a lease a crashed worker lets expire; a failed post is tried again after
 * RETRY_AFTER_MINUTES; a destination gone pauses the subscription and tells the seller by DM.
 * A channel this process has no poster for is left to one that has.
 */
export async function deliverDueDigests(deps: DeliverDeps): Promise<DeliveryReport> {
  const now = deps.now?.() ?? new Date();
  const report: DeliveryReport = { sent: 0, retrying: 0, failed: 0, paused: 0 };
  const channels = Object.keys(deps.posters) as ChatChannel[];
  const subscriptions = await deps.db.digestSubscription.findMany({
    where: { pausedAt: null, channel: { in: channels } },
    include: {
      user: { select: { timeZone: true, preferredCurrency: true } },
      // whatever the zone, today's local date is within a day of UTC's
      deliveries: {
        where: { localDate: { gte: new Date(now.getTime() - 2 * 86_400_000) } },
        select: { localDate: true, status: true, nextAttemptAt: true, lockedUntil: true },
      },
    },
    orderBy: { id: 'asc' },
  });
  const due = subscriptions.flatMap((sub) => {
    const timeZone = sub.timeZone ?? sub.user.timeZone;
    const owed = dueDigest({ sendMinute: sub.sendMinute, timeZone, activeFrom: sub.activeFrom }, now);
    if (!owed) return [];
    const done = sub.deliveries.find((d) => d.localDate.toISOString().slice(0, 10) === owed.localDate);
    const waiting =
      done &&
      (done.status === 'SENT' ||
        done.status === 'FAILED' ||
        (done.status === 'RETRY' && done.nextAttemptAt! > now) ||
        (done.status === 'SENDING' && done.lockedUntil! >= now));
    return waiting ? [] : [{ sub: { ...sub, timeZone }, localDate: owed.localDate }];
  });
  // a few at once: most of a digest's time is spent waiting on the database and the channel
  const queue = [...due];
  const lane = async () => {
    for (let next = queue.shift(); next; next = queue.shift()) {
      const { sub, localDate } = next;
      try {
        const delivery = await claim(deps, sub.id, localDate);
        if (delivery) report[await deliverOne(deps, sub, delivery, localDate)]++;
      } catch (err) {
        // one digest's bookkeeping failing (its subscription deleted meanwhile) stops neither the others nor the run
        report.failed++;
        deps.log.error({ err, digest: sub.id, localDate }, 'digest delivery failed');
      }
      await deps.heartbeat?.();
    }
  };
  await Promise.all(Array.from({ length: LANES }, lane));
  return report;
}

type Claimed = { id: string; attempts: number; progress: Prisma.JsonValue };

const clock = (deps: DeliverDeps) => deps.now?.() ?? new Date();

async function claim(deps: DeliverDeps, subscriptionId: string, localDate: string): Promise<Claimed | null> {
  const date = new Date(`${localDate}T00:00:00Z`);
  const now = clock(deps);
  const lockedUntil = new Date(now.getTime() + leaseMs(deps));
  const id = randomUUID();
  const created = await deps.db.digestDelivery.createMany({
    data: [{ id, subscriptionId, localDate: date, status: 'SENDING', attempts: 1, lockedUntil }],
    skipDuplicates: true,
  });
  if (created.count === 1) {
    // an earlier day's delivery still waiting for a retry is too late now
    await deps.db.digestDelivery.updateMany({
      where: { subscriptionId, localDate: { lt: date }, status: { in: ['RETRY', 'SENDING'] } },
      data: { status: 'FAILED', lockedUntil: null, nextAttemptAt: null, lastError: 'not sent on its day' },
    });
    return { id, attempts: 1, progress: null };
  }
  const retaken = await deps.db.digestDelivery.updateMany({
    where: {
      subscriptionId,
      localDate: date,
      OR: [
        { status: 'RETRY', nextAttemptAt: { lte: now } },
        { status: 'SENDING', lockedUntil: { lt: now } },
      ],
    },
    data: { status: 'SENDING', attempts: { increment: 1 }, lockedUntil, nextAttemptAt: null },
  });
  if (retaken.count !== 1) return null;
  return deps.db.digestDelivery.findUniqueOrThrow({
    where: { subscriptionId_localDate: { subscriptionId, localDate: date } },
    select: { id: true, attempts: true, progress: true },
  });
}

/** The digest for the day before `localDate`, drawn; shared by the job and `frame digest`. */
export async function buildDigestMessage(
  deps: SyncDeps,
  who: { userId: string; timeZone: string; preferredCurrency: string },
  day: string,
  now: Date,
  opts: { sync?: boolean; waitMs?: number } = {},
): Promise<DigestMessage> {
  if (opts.sync !== false)
    await ensureFresh(deps, who.userId, { staleMs: FRESH_MS, waitMs: opts.waitMs ?? deps.config.DIGEST_SYNC_WAIT_MS });
  const tenant = { ...who, now };
  const digest = renderDigest(
    await composeDigest(tenantDb(deps.db, who.userId), tenant, {
      day,
      staleMs: deps.config.SYNC_STALE_HOURS * 3_600_000,
    }),
  );
  if (!digest.chart) return { digest, now };
  return { digest, now, chart: { ...(await renderPng(chartSpec(digest.chart))), table: chartTable(digest.chart) } };
}

async function deliverOne(
  deps: DeliverDeps,
  sub: Prisma.DigestSubscriptionGetPayload<{ include: { user: { select: { preferredCurrency: true } } } }> & {
    timeZone: string;
  },
  delivery: Claimed,
  localDate: string,
): Promise<keyof DeliveryReport> {
  // every write after the claim holds only while the claim is still ours (a lost lease is another worker's now)
  const ours = { id: delivery.id, status: 'SENDING' as const, attempts: delivery.attempts };
  const write = async (data: Prisma.DigestDeliveryUpdateManyMutationInput) => {
    const { count } = await deps.db.digestDelivery.updateMany({ where: ours, data });
    if (count !== 1) throw new LeaseLost();
  };
  const renew = () => write({ lockedUntil: new Date(clock(deps).getTime() + leaseMs(deps)) });
  const done = { ...((delivery.progress as Record<string, unknown> | null) ?? {}) };
  const progress: DeliveryProgress = {
    done,
    async save(step) {
      Object.assign(done, step);
      await write({
        progress: done as Prisma.JsonObject,
        lockedUntil: new Date(clock(deps).getTime() + leaseMs(deps)),
      });
    },
  };
  const log = deps.log.child({ digest: sub.id, channel: sub.channel, localDate });
  try {
    const message = await buildDigestMessage(
      deps,
      { userId: sub.userId, timeZone: sub.timeZone, preferredCurrency: sub.user.preferredCurrency },
      addDays(localDate, -1),
      clock(deps),
    );
    await renew();
    const to = { subscriptionId: sub.id, userId: sub.userId, teamId: sub.teamId, destination: sub.destination };
    await deps.posters[sub.channel]!(to, { ...message, now: clock(deps) }, progress);
    await write({ status: 'SENT', sentAt: new Date(), lockedUntil: null, lastError: null });
    return 'sent';
  } catch (err) {
    if (err instanceof LeaseLost) {
      log.warn('digest claim lost to another worker (its lease ran out): left to it');
      return 'retrying';
    }
    const error = scrubString((err as Error).message).slice(0, 500);
    const now = clock(deps);
    if (err instanceof DestinationGone) {
      await write({ status: 'FAILED', lockedUntil: null, lastError: error });
      await deps.db.digestSubscription.updateMany({
        where: { id: sub.id },
        data: { pausedAt: now, pauseReason: 'CHANNEL_GONE' },
      });
      log.warn({ code: err.code }, 'digest destination gone: subscription paused');
      await deps.notifier?.notifyUser(sub.userId, goneMessage(sub.channel, sub.destination));
      return 'paused';
    }
    const wait = RETRY_AFTER_MINUTES[delivery.attempts - 1];
    if (wait === undefined) {
      await write({ status: 'FAILED', lockedUntil: null, lastError: error });
      log.error({ err, attempts: delivery.attempts }, 'digest not sent after its last try');
      return 'failed';
    }
    await write({
      status: 'RETRY',
      lockedUntil: null,
      nextAttemptAt: new Date(now.getTime() + wait * 60_000),
      lastError: error,
    });
    log.warn({ err, attempts: delivery.attempts, retryInMinutes: wait }, 'digest not sent; it will be tried again');
    return 'retrying';
  }
}

class LeaseLost extends Error {}

function goneMessage(channel: ChatChannel, destination: string): string {
  const where = channel === 'SLACK' ? `the Slack channel ${destination}` : destination;
  return `I could not post your daily digest in ${where}: I am no longer in that channel, so I paused it. Invite me back and send "/frame digest resume" there; "digest list" shows your digests.`;
}
