import type { AnyMiddlewareArgs, Middleware } from '@slack/bolt';
import type { Logger } from 'pino';
import type { Db } from '../../db/client.ts';
import { Prisma } from '../../generated/prisma/client.ts';

/** Records an event id once; false when it was already recorded (by this process or another). */
export async function claimSlackEvent(db: Db, eventId: string): Promise<boolean> {
  try {
    await db.chatEventReceipt.create({ data: { channel: 'SLACK', eventId } });
    return true;
  } catch (err) {
    if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002') return false;
    throw err;
  }
}

/**
 * Bolt hands every delivery to the listeners, retries included (Slack redelivers an event it
 * thinks was not acknowledged, with x-slack-retry-num and the same event_id): an Events API
 * delivery runs only the first time its event_id is seen.
 */
export function dedupeEvents(deps: { db: Db; log: Logger }): Middleware<AnyMiddlewareArgs> {
  return async ({ body, context, next }) => {
    const eventId =
      (body as { type?: unknown; event_id?: unknown }).type === 'event_callback'
        ? (body as { event_id?: unknown }).event_id
        : undefined;
    if (typeof eventId === 'string' && !(await claimSlackEvent(deps.db, eventId))) {
      deps.log.info(
        { eventId, retryNum: context.retryNum, retryReason: context.retryReason },
        'Slack event already handled; redelivery dropped',
      );
      return;
    }
    await next();
  };
}
