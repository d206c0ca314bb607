import type { DirectSender } from '../../notify/notifier.ts';
import type { ConsoleScreen } from './console-screen.ts';

/**
 * Direct messages for a terminal session: printed into it as "[DM] …". Only the login the session
 * belongs to can be reached; a DM for another console login throws, so the notifier tries that
 * seller's next channel.
 */
export function createConsoleSender(screen: ConsoleScreen, login: string): DirectSender {
  return async (to, text) => {
    if (to.externalId !== login) throw new Error(`console login ${to.externalId} has no open terminal here`);
    screen.write(formatDirect(text));
  };
}

export const formatDirect = (text: string) =>
  text
    .split('\n')
    .map((line, i) => (i === 0 ? `[DM] ${line}` : `     ${line}`))
    .join('\n');
