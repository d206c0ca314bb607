import type { Writable } from 'node:stream';
import type { DigestPoster } from '../../digest/deliver-digests.ts';

/** Digests for a terminal session (the demo): printed into it as "[digest] …", the chart as its table. */
export function createConsoleDigestPoster(output: Writable, login: string): DigestPoster {
  return async (to, message) => {
    if (to.destination !== login) throw new Error(`console login ${to.destination} has no open terminal here`);
    const lines = [...message.digest.text.split('\n'), ...(message.chart ? message.chart.table.split('\n') : [])];
    output.write(`${lines.map((line, i) => (i === 0 ? `[digest] ${line}` : `         ${line}`)).join('\n')}\n`);
  };
}
