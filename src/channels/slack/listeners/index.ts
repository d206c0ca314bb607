import type { App, InstallationStore } from '@slack/bolt';
import type { CommandDeps } from '../../../chat/commands/index.ts';
import { registerActions } from './actions.ts';
import { registerHome } from './home.ts';
import { registerMentions } from './mentions.ts';
import { registerMessages } from './messages.ts';
import { registerSlashCommand } from './slash-command.ts';
import { registerUninstall } from './uninstall.ts';

export function registerListeners(app: App, deps: CommandDeps, store?: InstallationStore): void {
  registerMessages(app, deps);
  registerMentions(app, deps);
  registerSlashCommand(app, deps);
  registerActions(app, deps);
  registerHome(app, deps);
  if (store) registerUninstall(app, store);
}
