import type { App } from '@slack/bolt';
import { z } from 'zod';
import { type CommandDeps, runChatCommand } from '../../../chat/commands/index.ts';
import type { MarketplaceType } from '../../../generated/prisma/enums.ts';
import { CONNECT_ACTION } from '../blocks.ts';
import { publishHome } from '../home-view.ts';
import { resolveSeller, slackAddress, teamKeyOf } from '../resolve-seller.ts';
import { directMessage } from '../send-reply.ts';

const buttonClick = z.object({
  action: z.object({
    action_id: z.string(),
    value: z.string().optional(),
    selected_conversation: z.string().optional(),
  }),
  body: z.object({
    user: z.object({ id: z.string().min(1) }),
    channel: z.object({ id: z.string().min(1) }).optional(),
    view: z.object({ type: z.string(), private_metadata: z.string().optional() }).optional(),
  }),
});

export const DIGEST_ACTION = /^digest:(on|off|pause|resume|channel)$/;

/** Buttons: "Connect <marketplace>" (in messages and on Home) and the digest switches on Home. */
export function registerActions(app: App, deps: CommandDeps): void {
  app.action(CONNECT_ACTION, async ({ ack, action, body, client, context }) => {
    await ack();
    const { action: a, body: b } = buttonClick.parse({ action, body });
    const marketplace = CONNECT_ACTION.exec(a.action_id)![1] as MarketplaceType;
    const teamKey = teamKeyOf(context);
    if (!teamKey) throw new Error('Slack action without a team');
    const sender = { teamKey, slackUserId: b.user.id };
    const seller = await resolveSeller(deps, client, sender);
    const who = { userId: seller.userId, address: slackAddress(sender), destination: b.channel?.id ?? b.user.id };
    const reply = await runChatCommand(deps, who, { kind: 'connect', marketplace });
    await directMessage(client, b.user.id, reply.direct ?? reply.text);
  });

  app.action(DIGEST_ACTION, async ({ ack, action, body, client, context }) => {
    await ack();
    const { action: a, body: b } = buttonClick.parse({ action, body });
    const destination = a.value ?? a.selected_conversation;
    const dmChannelId = b.view?.private_metadata;
    if (!destination || !dmChannelId) throw new Error('digest button without its destination');
    const teamKey = teamKeyOf(context);
    if (!teamKey) throw new Error('Slack action without a team');
    const sender = { teamKey, slackUserId: b.user.id };
    const seller = await resolveSeller(deps, client, sender);
    const pressed = DIGEST_ACTION.exec(a.action_id)![1]!;
    const who = {
      userId: seller.userId,
      address: slackAddress(sender),
      destination,
      ...(pressed === 'channel' && { repliedIn: b.user.id }),
    };
    const reply = await runChatCommand(deps, who, {
      kind: 'digest',
      action: pressed === 'channel' ? 'on' : (pressed as 'on' | 'off' | 'pause' | 'resume'),
    });
    if (pressed === 'channel') await directMessage(client, b.user.id, reply.text);
    await publishHome(deps, client, { userId: seller.userId, slackUserId: b.user.id, teamKey, dmChannelId });
  });
}
