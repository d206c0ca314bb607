import type { Writable } from 'node:stream';
import type { DirectSender } from '../../notify/notifier.ts';

/**
 * Direct messages for a terminal session: printed into it as "[DM] …". Only the login the session
 * belongs to can be reached; a DM for another console login throws, so the notifier tries that
 * seller's next channel.
 */
export function createConsoleSender(output: Writable, login: string): DirectSender {
  return async (to, text) => {
    if (to.externalId !== login) throw new Error(`console login ${to.externalId} has no open terminal here`);
    output.write(`${formatDirect(text)}\n`);
  };
}

export const formatDirect = (text: string) =>
  text
    .split('\n')
    .map((line, i) => (i === 0 ? `[DM] ${line}` : `     ${line}`))
    .join('\n');
