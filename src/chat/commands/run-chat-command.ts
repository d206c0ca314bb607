import { runConnect } from './connect.ts';
import { runDigest } from './digest.ts';
import { runDisconnect } from './disconnect.ts';
import { runHelp } from './help.ts';
import { runIssueLink, runRedeemLink } from './link.ts';
import { runStatus } from './status.ts';
import type { ChatCommand, CommandDeps, CommandReply, CommandWho } from './types.ts';

/** Runs a parsed command for the seller the channel verified (`who`), never one named in the text. */
export async function runChatCommand(deps: CommandDeps, who: CommandWho, command: ChatCommand): Promise<CommandReply> {
  switch (command.kind) {
    case 'connect':
      return runConnect(deps, who, command.marketplace);
    case 'status':
      return runStatus(deps, who);
    case 'disconnect':
      return runDisconnect(deps, who, command.marketplace, command.choice);
    case 'digest':
      return runDigest(deps, who, command);
    case 'link':
      return command.code === undefined ? runIssueLink(deps, who) : runRedeemLink(deps, who, command.code);
    case 'help':
      return runHelp();
  }
}
