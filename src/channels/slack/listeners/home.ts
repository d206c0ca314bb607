import type { App } from '@slack/bolt';
import { z } from 'zod';
import type { CommandDeps } from '../../../chat/commands/index.ts';
import { publishHome } from '../home-view.ts';
import { resolveSeller, teamKeyOf } from '../resolve-seller.ts';

const homeOpened = z.object({ user: z.string().min(1), channel: z.string().min(1), tab: z.string().optional() });

/** app_home_opened: the Home tab, rebuilt from the database each time it is opened. */
export function registerHome(app: App, deps: CommandDeps): void {
  app.event('app_home_opened', async ({ event, context, client }) => {
    const opened = homeOpened.parse(event);
    if (opened.tab !== 'home') return;
    const teamKey = teamKeyOf(context);
    if (!teamKey) throw new Error('Slack event without a team');
    const seller = await resolveSeller(deps, client, { teamKey, slackUserId: opened.user });
    await publishHome(deps, client, {
      userId: seller.userId,
      slackUserId: opened.user,
      teamKey,
      dmChannelId: opened.channel,
    });
  });
}
