import { parseArgs } from 'node:util';
import { runConsoleChat } from '../../channels/console/chat-loop.ts';
import { consoleScreen } from '../../channels/console/console-screen.ts';
import { createConsoleSender } from '../../channels/console/console-sender.ts';
import { greeting } from '../../chat/commands/index.ts';
import { ensureChatUser } from '../../chat/identity.ts';
import { getConfig } from '../../config.ts';
import type { Db } from '../../db/client.ts';
import { DEMO_LOGIN } from '../../demo/demo-seller.ts';
import { createNotifier } from '../../notify/notifier.ts';
import { openRuntime } from '../../runtime.ts';
import type { Command } from '../command.ts';

/**
 * The session's seller: `user` as a console login, else as a user id (using its console login
 * when it has one). An unknown login becomes a new seller, greeted.
 */
export async function resolveConsoleSeller(
  db: Db,
  user: string,
): Promise<{ userId: string; login: string; created: boolean }> {
  const address = { channel: 'CONSOLE' as const, externalId: user };
  const byLogin = await db.chatIdentity.findUnique({
    where: { channel_teamId_externalId: { channel: 'CONSOLE', teamId: '', externalId: user } },
  });
  if (byLogin) return { userId: byLogin.userId, login: user, created: false };
  const byId = await db.user.findUnique({
    where: { id: user },
    include: { identities: { where: { channel: 'CONSOLE' }, take: 1 } },
  });
  if (byId) return { userId: byId.id, login: byId.identities[0]?.externalId ?? user, created: false };
  const { userId, created } = await ensureChatUser(db, address, { name: user });
  return { userId, login: user, created };
}

export const chat: Command = {
  name: 'chat',
  usage: 'chat [--user U] [--chart-dir DIR]',
  summary: 'chat in the terminal as a seller',
  options: [
    '--user U        a console login or a user id (default demo); an unknown login becomes a new seller',
    "--chart-dir D   save each chart's PNG in D and print its path",
  ],
  async run(args) {
    const { values } = parseArgs({
      args,
      options: { user: { type: 'string', default: DEMO_LOGIN }, 'chart-dir': { type: 'string' } },
    });
    const rt = await openRuntime(getConfig());
    try {
      const seller = await resolveConsoleSeller(rt.db, values.user);
      const user = await rt.db.user.findUniqueOrThrow({ where: { id: seller.userId }, select: { name: true } });
      const screen = consoleScreen(process.stdout);
      const notifier = createNotifier(rt.db, rt.log, { CONSOLE: createConsoleSender(screen, seller.login) });
      await runConsoleChat(
        { ...rt, notifier },
        {
          input: process.stdin,
          output: process.stdout,
          login: seller.login,
          userId: seller.userId,
          screen,
          ...(values['chart-dir'] && { chartDir: values['chart-dir'] }),
          ...(seller.created && { opening: greeting(user.name) }),
        },
      );
      return 0;
    } finally {
      await rt.close();
    }
  },
};
