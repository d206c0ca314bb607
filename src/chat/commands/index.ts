export { greeting } from './greeting.ts';
export { COMMANDS } from './help.ts';
export { parseChatCommand } from './parse-chat-command.ts';
export { runChatCommand } from './run-chat-command.ts';
export type { ChatCommand, CommandDeps, CommandReply, CommandWho } from './types.ts';
export { ALL_MARKETPLACES } from './types.ts';
