import type { App, InstallationStore } from '@slack/bolt';
import type { CommandDeps } from '../../../chat/commands/index.ts';
import { registerActions } from './actions.ts';
import { registerHome } from './home.ts';
import { registerUninstall } from './uninstall.ts';

/** What Bolt still answers itself: buttons, App Home, uninstalls (DMs, mentions and slash commands go through the chat inbox). */
export function registerListeners(app: App, deps: CommandDeps, store?: InstallationStore): void {
  registerActions(app, deps);
  registerHome(app, deps);
  if (store) registerUninstall(app, store);
}
