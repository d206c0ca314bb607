import type { App } from '@slack/bolt';
import { z } from 'zod';
import type { CommandDeps } from '../../../chat/commands/index.ts';
import { handleText, unescapeSlack } from '../handle-text.ts';
import { teamKeyOf } from '../resolve-seller.ts';

const mention = z.object({
  channel: z.string().min(1),
  user: z.string().min(1),
  text: z.string(),
  ts: z.string(),
  thread_ts: z.string().optional(),
  bot_id: z.undefined().optional(),
});

/** The bot's own mention(s) out of the text: "<@U123> sales last month" → "sales last month". */
export function stripMention(text: string, botUserId: string | undefined): string {
  const own = botUserId ? new RegExp(`<@${botUserId}(\\|[^>]*)?>`, 'g') : /^\s*<@[A-Z0-9]+(\|[^>]*)?>/;
  return text.replace(own, ' ').replace(/\s+/g, ' ').trim();
}

/** app_mention: a mention in a channel, answered in its thread. */
export function registerMentions(app: App, deps: CommandDeps): void {
  app.event('app_mention', async ({ event, context, client }) => {
    const m = mention.safeParse(event);
    if (!m.success) return;
    const teamKey = teamKeyOf(context);
    if (!teamKey) throw new Error('Slack mention without a team');
    const { channel, user, text, ts, thread_ts } = m.data;
    const threadTs = thread_ts ?? ts;
    await handleText(
      deps,
      client,
      { teamKey, slackUserId: user },
      { channelId: channel, threadTs, threadKey: `${channel}:${threadTs}` },
      unescapeSlack(stripMention(text, context.botUserId)),
    );
  });
}
