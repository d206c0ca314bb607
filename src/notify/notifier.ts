import type { Logger } from 'pino';
import type { Db } from '../db/client.ts';
import type { ChatChannel } from '../generated/prisma/enums.ts';

/** Sends a direct message to one chat address of a seller (Slack DM, WhatsApp message, terminal). */
export type DirectSender = (to: { teamId: string; externalId: string; userId: string }, text: string) => Promise<void>;

export interface Notifier {
  /** DMs the seller on the channel they used last; false when no channel could reach them */
  notifyUser(userId: string, text: string): Promise<boolean>;
}

/**
 * A notifier over the channels this process can send on. The seller's identities are tried
 * from the one with the latest conversation (then the newest identity) until one send works.
 */
export function createNotifier(db: Db, log: Logger, senders: Partial<Record<ChatChannel, DirectSender>>): Notifier {
  return {
    async notifyUser(userId, text) {
      const [identities, conversations] = await Promise.all([
        db.chatIdentity.findMany({ where: { userId }, orderBy: { createdAt: 'desc' } }),
        db.conversation.findMany({
          where: { userId },
          orderBy: { updatedAt: 'desc' },
          select: { channel: true },
          take: 20,
        }),
      ]);
      const rank = (c: ChatChannel) => {
        const i = conversations.findIndex((x) => x.channel === c);
        return i === -1 ? conversations.length : i;
      };
      const ordered = identities.filter((i) => senders[i.channel]).sort((a, b) => rank(a.channel) - rank(b.channel));
      for (const identity of ordered) {
        try {
          await senders[identity.channel]!({ teamId: identity.teamId, externalId: identity.externalId, userId }, text);
          return true;
        } catch (err) {
          log.warn({ err, channel: identity.channel }, 'direct message failed; trying the next channel');
        }
      }
      log.warn({ userId }, 'no channel could reach the seller');
      return false;
    },
  };
}
