import { createInterface } from 'node:readline';
import { PassThrough, Writable } from 'node:stream';
import { describe, expect, it } from '@jest/globals';
import { consoleScreen } from '../../src/channels/console/console-screen.ts';

function terminal(tty: boolean) {
  let text = '';
  const output = Object.assign(
    new Writable({
      write(chunk: Buffer, _enc, cb) {
        text += chunk.toString();
        cb();
      },
    }),
    { isTTY: tty, columns: 80 },
  );
  return { output, text: () => text };
}

describe('the terminal chat screen', () => {
  it('writes a message that arrives on its own above the prompt, and draws the prompt again with what was typed', () => {
    const { output, text } = terminal(true);
    const input = Object.assign(new PassThrough(), { isTTY: true });
    const rl = createInterface({ input, output, terminal: true, prompt: 'you> ' });
    const screen = consoleScreen(output);
    screen.attach(rl);
    rl.prompt();
    rl.write('sales last we');
    screen.write('[DM] Shopify connected — first sync started');
    const after = text().slice(text().lastIndexOf('[DM]'));
    expect(after.startsWith('[DM] Shopify connected — first sync started\n')).toBe(true);
    // the prompt comes back with the half-typed question
    expect(after).toContain('you> sales last we');
    rl.close();
  });

  it('just writes the line when the output is piped or no session is open', () => {
    const piped = terminal(false);
    consoleScreen(piped.output).write('[DM] hello');
    expect(piped.text()).toBe('[DM] hello\n');
    const idle = terminal(true);
    consoleScreen(idle.output).write('[digest] Sunday 1 Nov: $200');
    expect(idle.text()).toBe('[digest] Sunday 1 Nov: $200\n');
  });
});
