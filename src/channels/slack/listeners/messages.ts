import type { App } from '@slack/bolt';
import { z } from 'zod';
import type { CommandDeps } from '../../../chat/commands/index.ts';
import { handleText, unescapeSlack } from '../handle-text.ts';
import { teamKeyOf } from '../resolve-seller.ts';

/** A person's own message in the app's DM: no subtype (edits, joins, files), no bot. */
const directMessage = z.object({
  channel_type: z.literal('im'),
  channel: z.string().min(1),
  user: z.string().min(1),
  text: z.string().default(''),
  ts: z.string(),
  thread_ts: z.string().optional(),
  subtype: z.undefined().optional(),
  bot_id: z.undefined().optional(),
});

/** message.im: a DM to the bot. */
export function registerMessages(app: App, deps: CommandDeps): void {
  app.message(async ({ message, context, client }) => {
    const dm = directMessage.safeParse(message);
    if (!dm.success) return;
    const teamKey = teamKeyOf(context);
    if (!teamKey) throw new Error('Slack message without a team');
    const { channel, user, text, thread_ts } = dm.data;
    await handleText(
      deps,
      client,
      { teamKey, slackUserId: user },
      { channelId: channel, ...(thread_ts && { threadTs: thread_ts }), threadKey: thread_ts ? `${channel}:${thread_ts}` : channel },
      unescapeSlack(text),
    );
  });
}
