import type { Db } from '../db/client.ts';
import type { User } from '../generated/prisma/client.ts';
import { UsageError } from './command.ts';

/** The seller a `--user` names: a console login (such as `demo`) first, else a user id; a usage error for neither. */
export async function findSeller(db: Db, user: string): Promise<User> {
  const identity = await db.chatIdentity.findUnique({
    where: { channel_teamId_externalId: { channel: 'CONSOLE', teamId: '', externalId: user } },
    select: { userId: true },
  });
  const seller = await db.user.findUnique({ where: { id: identity?.userId ?? user } });
  if (!seller) throw new UsageError(`no seller "${user}" (give a console login such as demo, or a user id)`);
  return seller;
}
