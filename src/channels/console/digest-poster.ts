import type { DigestPoster } from '../../digest/deliver-digests.ts';
import type { ConsoleScreen } from './console-screen.ts';

/** Digests for a terminal session (the demo): printed into it as "[digest] …", the chart as its table. */
export function createConsoleDigestPoster(screen: ConsoleScreen, login: string): DigestPoster {
  return async (to, message) => {
    if (to.destination !== login) throw new Error(`console login ${to.destination} has no open terminal here`);
    const lines = [...message.digest.text.split('\n'), ...(message.chart ? message.chart.table.split('\n') : [])];
    screen.write(lines.map((line, i) => (i === 0 ? `[digest] ${line}` : `         ${line}`)).join('\n'));
  };
}
