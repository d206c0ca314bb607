import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { answerQuestion } from '../../chat/answer-question.ts';
import { type CommandDeps, type CommandReply, parseChatCommand, runChatCommand } from '../../chat/commands/index.ts';
import type { ConsoleScreen } from './console-screen.ts';
import { formatDirect } from './console-sender.ts';

export interface ConsoleChatOptions {
  input: Readable;
  output: Writable;
  /** the console login the session belongs to (ChatIdentity CONSOLE) */
  login: string;
  /** the seller behind that login */
  userId: string;
  /** where charts are saved as PNG; without it only their text table is printed */
  chartDir?: string;
  /** said before the first prompt (a greeting) */
  opening?: CommandReply;
  /** where messages arriving on their own are written: above the prompt, which is drawn again */
  screen?: ConsoleScreen;
}

const EXIT = /^(exit|quit|bye|\/exit|\/quit)$/i;

/** Prints a command's reply: its text, connect suggestions, and the private part as a DM. */
export function formatReply(reply: CommandReply): string {
  const parts = [reply.text];
  if (reply.connectButtons?.length)
    parts.push(
      `To connect one, type "connect" and its name: ${reply.connectButtons.map((m) => m.toLowerCase()).join(', ')}.`,
    );
  if (reply.direct) parts.push(formatDirect(reply.direct));
  return parts.join('\n');
}

/**
 * The terminal chat: each line is a command (connect, status, digest, link, …) or a question for
 * the chat brain, answered for the session's seller. Ends on "exit", "quit" or the end of input;
 * works the same on a TTY and on piped lines.
 */
export async function runConsoleChat(deps: CommandDeps, opts: ConsoleChatOptions): Promise<void> {
  const { input, output, login, userId } = opts;
  const terminal = (input as { isTTY?: boolean }).isTTY === true;
  const rl = createInterface({ input, output, terminal, prompt: 'you> ' });
  // lines arriving on their own redraw the prompt only while it is shown, not while an answer is worked out
  const showPrompt = () => {
    if (!terminal) return;
    rl.prompt();
    opts.screen?.attach(rl);
  };
  const say = (text: string) => output.write(`${text}\n`);
  const address = { channel: 'CONSOLE' as const, externalId: login };
  let charts = 0;

  if (opts.opening) say(formatReply(opts.opening));
  say('Ask about your sales, or type "help". "exit" ends the chat.');
  showPrompt();
  try {
    for await (const raw of rl) {
      const line = raw.trim();
      if (line === '') {
        showPrompt();
        continue;
      }
      if (EXIT.test(line)) break;
      opts.screen?.attach(null);
      if (!terminal) say(`you> ${line}`);
      try {
        const command = parseChatCommand(line);
        if (command) {
          say(formatReply(await runChatCommand(deps, { userId, address, destination: login }, command)));
        } else {
          const answer = await answerQuestion(deps, { userId, channel: 'CONSOLE', threadKey: `chat:${login}` }, line);
          say(answer.text);
          if (answer.chart) {
            say(answer.chart.table);
            if (opts.chartDir) {
              const dir = resolve(opts.chartDir);
              mkdirSync(dir, { recursive: true });
              const path = join(dir, `chart-${Date.now()}-${++charts}.png`);
              writeFileSync(path, answer.chart.png);
              say(`(chart saved: ${path})`);
            }
          }
        }
      } catch (err) {
        deps.log.error({ err }, 'console chat: message failed');
        say('Sorry, something went wrong answering that. Try again, or type "help".');
      }
      showPrompt();
    }
  } finally {
    opts.screen?.attach(null);
    rl.close();
  }
}
