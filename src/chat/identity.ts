import type { Db } from '../db/client.ts';
import { Prisma } from '../generated/prisma/client.ts';
import type { ChatChannel } from '../generated/prisma/enums.ts';

/** Who wrote, as the channel verified it: Slack team + user, a WhatsApp number, a console login. */
export interface ChatAddress {
  channel: ChatChannel;
  /** Slack team id; "" (or absent) elsewhere */
  teamId?: string;
  /** Slack user id, E.164 number, console login */
  externalId: string;
}

const key = (a: ChatAddress) => ({ channel: a.channel, teamId: a.teamId ?? '', externalId: a.externalId });

/** The seller behind an address, or null when it is unknown. */
export async function findChatUser(db: Db, address: ChatAddress): Promise<string | null> {
  const identity = await db.chatIdentity.findUnique({ where: { channel_teamId_externalId: key(address) } });
  return identity?.userId ?? null;
}

/**
 * The seller behind an address; first contact creates a new seller of its own (no connections,
 * so no one's data). Two first messages at once create one seller: the loser of the race reads
 * the winner's identity.
 */
export async function ensureChatUser(
  db: Db,
  address: ChatAddress,
  profile: { name: string; timeZone?: string },
): Promise<{ userId: string; created: boolean }> {
  const known = await findChatUser(db, address);
  if (known) return { userId: known, created: false };
  try {
    const user = await db.user.create({
      data: {
        name: profile.name,
        ...(profile.timeZone && { timeZone: profile.timeZone }),
        identities: { create: key(address) },
      },
    });
    return { userId: user.id, created: true };
  } catch (err) {
    if (!(err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002')) throw err;
    const winner = await findChatUser(db, address);
    if (!winner) throw err;
    return { userId: winner, created: false };
  }
}
