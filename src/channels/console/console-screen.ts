import { clearLine, cursorTo, type Interface } from 'node:readline';
import type { Writable } from 'node:stream';

/**
 * The terminal a chat session shares with messages that arrive on their own ([DM] lines,
 * digests): such a line is written above the prompt, which is drawn again with what was being
 * typed. Piped output just gets the line.
 */
export interface ConsoleScreen {
  write(text: string): void;
  /** the chat's prompt, while a session is open */
  attach(rl: Interface | null): void;
}

export function consoleScreen(output: Writable): ConsoleScreen {
  let prompt: Interface | null = null;
  const tty = (output as { isTTY?: boolean }).isTTY === true;
  return {
    attach(rl) {
      prompt = rl;
    },
    write(text) {
      const line = text.endsWith('\n') ? text : `${text}\n`;
      if (!prompt || !tty || !(prompt as { terminal?: boolean }).terminal) {
        output.write(line);
        return;
      }
      clearLine(output, 0);
      cursorTo(output, 0);
      output.write(line);
      prompt.prompt(true);
    },
  };
}
