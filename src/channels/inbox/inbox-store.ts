import type { Db } from '../../db/client.ts';
import { Prisma } from '../../generated/prisma/client.ts';
import type { ChatChannel } from '../../generated/prisma/enums.ts';

/** A message as a channel stores it, before acknowledging it. */
export interface InboundItem {
  channel: ChatChannel;
  /** the channel's own id of the delivery: Slack event_id or trigger_id, Twilio MessageSid */
  externalId: string;
  kind: string;
  conversationKey: string;
  /** who wrote (Slack team and user, WhatsApp number): claims go round-robin across senders */
  senderKey: string;
  payload: Prisma.InputJsonValue;
  /** when the person sent it, in seconds since the epoch with their fraction (a Slack ts), where the channel says: answers go in this order; else now */
  sentAt?: string;
}

/** A stored message claimed for answering. */
export interface ClaimedItem {
  id: string;
  kind: string;
  payload: unknown;
  progress: Record<string, unknown> | null;
  attempts: number;
  receivedAt: Date;
}

/** new: stored now; pending: stored before and not answered yet; done: answered (or given up on) before */
export type Receipt = 'new' | 'pending' | 'done';

/** Stores a message once per (channel, externalId); a redelivery says where the first one stands. */
export async function receive(db: Db, item: InboundItem): Promise<Receipt> {
  const stored = await db.$queryRaw<{ id: string }[]>`
    INSERT INTO "ChatInboxMessage" (id, channel, "externalId", kind, "conversationKey", "senderKey", payload, "sentAt")
    VALUES (gen_random_uuid()::text, ${item.channel}::"ChatChannel", ${item.externalId}, ${item.kind}, ${item.conversationKey}, ${item.senderKey}, ${JSON.stringify(item.payload)}::jsonb,
      COALESCE(to_timestamp(${item.sentAt ?? null}::float8), now()))
    ON CONFLICT (channel, "externalId") DO NOTHING
    RETURNING id`;
  if (stored.length > 0) return 'new';
  const first = await db.chatInboxMessage.findUnique({
    where: { channel_externalId: { channel: item.channel, externalId: item.externalId } },
    select: { status: true },
  });
  return first?.status === 'PENDING' ? 'pending' : 'done';
}

/**
 * Claims up to `limit` messages for `owner` under a lease: the earliest sent pending message of
 * each conversation whose lease is free (none, or expired with its holder). A conversation's
 * next message is no head until the one before it is answered, so each conversation is answered
 * in order, one at a time, whichever process claims. Heads go round-robin across senders (each
 * sender's first waiting head, then each one's second, …; oldest first within a round), so one
 * person writing in many conversations at once cannot take every slot.
 */
export async function claimHeads(
  db: Db,
  owner: string,
  limit: number,
  leaseMs: number,
  kinds?: readonly string[],
): Promise<ClaimedItem[]> {
  if (limit <= 0) return [];
  const ofKinds = kinds ? Prisma.sql`AND m.kind = ANY(${[...kinds]}::text[])` : Prisma.empty;
  return db.$queryRaw<ClaimedItem[]>`
    WITH heads AS (
      SELECT DISTINCT ON (m."conversationKey") m.id, m."sentAt", m."senderKey", m."lockedUntil", m."lockedBy"
      FROM "ChatInboxMessage" m
      WHERE m.status = 'PENDING' ${ofKinds}
      ORDER BY m."conversationKey", m."sentAt", m.id
    ), waiting AS (
      SELECT h.id, h."sentAt", row_number() OVER (PARTITION BY h."senderKey" ORDER BY h."sentAt", h.id) AS round
      FROM heads h
      WHERE h."lockedUntil" IS NULL OR h."lockedUntil" < now()
    ), free AS (
      SELECT t.id FROM waiting w JOIN "ChatInboxMessage" t ON t.id = w.id
      WHERE t.status = 'PENDING' AND (t."lockedUntil" IS NULL OR t."lockedUntil" < now())
        -- a message sent earlier but stored later waits for the one being answered
        AND NOT EXISTS (
          SELECT 1 FROM "ChatInboxMessage" o
          WHERE o.status = 'PENDING' AND o."conversationKey" = t."conversationKey" AND o.id <> t.id AND o."lockedBy" IS NOT NULL AND o."lockedUntil" >= now()
        )
      ORDER BY w.round, w."sentAt", w.id
      LIMIT ${limit}
      FOR UPDATE OF t SKIP LOCKED
    )
    UPDATE "ChatInboxMessage" t
    SET "lockedBy" = ${owner}, "lockedUntil" = now() + make_interval(secs => ${leaseMs / 1000}::float8), attempts = t.attempts + 1
    FROM free WHERE t.id = free.id
    RETURNING t.id, t.kind, t.payload, t.progress, t.attempts, t."receivedAt"`;
}

/**
 * After a claim has committed: gives back (untried) those of `ids` whose conversation has another
 * message held by another process. Two claims running at once can each take a different message
 * of one conversation (an earlier-sent message stored late); whichever checks after the other
 * committed sees it, so at most one goes on.
 */
export async function yieldClashes(db: Db, owner: string, ids: string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const yielded = await db.$queryRaw<{ id: string }[]>`
    UPDATE "ChatInboxMessage" t SET "lockedBy" = NULL, "lockedUntil" = NULL, attempts = t.attempts - 1
    WHERE t.id = ANY(${ids}::text[]) AND t."lockedBy" = ${owner} AND t.status = 'PENDING'
      AND EXISTS (
        SELECT 1 FROM "ChatInboxMessage" o
        WHERE o.status = 'PENDING' AND o."conversationKey" = t."conversationKey" AND o.id <> t.id
          AND o."lockedBy" IS NOT NULL AND o."lockedBy" <> ${owner} AND o."lockedUntil" >= now()
      )
    RETURNING t.id`;
  return yielded.map((y) => y.id);
}

/** Extends the leases `owner` holds on the messages it is answering; returns the ids it still holds. */
export async function renewLeases(db: Db, owner: string, ids: string[], leaseMs: number): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const held = await db.$queryRaw<{ id: string }[]>`
    UPDATE "ChatInboxMessage" SET "lockedUntil" = now() + make_interval(secs => ${leaseMs / 1000}::float8)
    WHERE id = ANY(${ids}::text[]) AND "lockedBy" = ${owner} AND status = 'PENDING'
    RETURNING id`;
  return new Set(held.map((h) => h.id));
}

/** The lease on a message was lost (it ran out and another process took the message): this answer must stop. */
export class LeaseLost extends Error {
  constructor(id: string) {
    super(`chat inbox message ${id}: lease lost`);
    this.name = 'LeaseLost';
  }
}

/** Records what an answer has done so far, for whoever answers it after a crash; throws LeaseLost when `owner` no longer holds it. */
export async function saveProgress(db: Db, id: string, owner: string, progress: Prisma.InputJsonValue): Promise<void> {
  const { count } = await db.chatInboxMessage.updateMany({
    where: { id, lockedBy: owner, status: 'PENDING' },
    data: { progress },
  });
  if (count === 0) throw new LeaseLost(id);
}

/** Ends a message: answered, or failed for good. The text goes; the id stays (a redelivery is dropped). False if the lease was lost. */
export async function finish(
  db: Db,
  id: string,
  owner: string,
  outcome: { status: 'ANSWERED' | 'FAILED'; error?: string },
): Promise<boolean> {
  const { count } = await db.chatInboxMessage.updateMany({
    where: { id, lockedBy: owner, status: 'PENDING' },
    data: {
      status: outcome.status,
      answeredAt: new Date(),
      payload: Prisma.DbNull,
      progress: Prisma.DbNull,
      lockedBy: null,
      lockedUntil: null,
      lastError: outcome.error?.slice(0, 500) ?? null,
    },
  });
  return count === 1;
}

/** Gives a message back to be tried again after `delayMs` (its conversation waits with it). */
export async function release(db: Db, id: string, owner: string, delayMs: number, error: string): Promise<void> {
  await db.$executeRaw`
    UPDATE "ChatInboxMessage" SET "lockedBy" = NULL, "lockedUntil" = now() + make_interval(secs => ${delayMs / 1000}::float8), "lastError" = ${error.slice(0, 500)}
    WHERE id = ${id} AND "lockedBy" = ${owner} AND status = 'PENDING'`;
}
