import { type ChatCommand, parseChatCommand } from '../../chat/commands/index.ts';

export type SlashRoute = { kind: 'ask'; question: string } | { kind: 'command'; command: ChatCommand };

/** "/frame ask <question>", "/frame <command>", or "/frame <question>" (text that is no command is a question). */
export function routeSlash(text: string): SlashRoute {
  const ask = /^ask\b\s*([\s\S]*)$/i.exec(text);
  if (ask)
    return ask[1]!.trim() === ''
      ? { kind: 'command', command: { kind: 'help' } }
      : { kind: 'ask', question: ask[1]!.trim() };
  if (text === '') return { kind: 'command', command: { kind: 'help' } };
  const command = parseChatCommand(text);
  return command ? { kind: 'command', command } : { kind: 'ask', question: text };
}
