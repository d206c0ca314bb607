import type { webApi } from '@slack/bolt';
import { type CommandDeps, greeting, parseChatCommand, runChatCommand } from '../../chat/commands/index.ts';
import type { InboxContext } from '../inbox/dispatcher.ts';
import { replyMessage, type SlackMessage } from './blocks.ts';
import { postAnswer, type SlackPlace } from './post-answer.ts';
import { resolveSeller, type SlackSender, slackAddress } from './resolve-seller.ts';
import { sendReply } from './send-reply.ts';

/** Slack escapes &, < and > in message text; links and mentions arrive as <…>. */
export const unescapeSlack = (text: string) => text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

/**
 * A message written to the bot (a DM, or a mention in a channel): the greeting on first contact,
 * then a command through the shared chat commands, or a question for the chat brain.
 */
export async function handleText(
  deps: CommandDeps,
  client: webApi.WebClient,
  sender: SlackSender,
  place: SlackPlace,
  text: string,
  ctx: InboxContext,
): Promise<void> {
  const seller = await resolveSeller(deps, client, sender);
  const thread = place.threadTs ? { thread_ts: place.threadTs } : {};
  const post = (m: SlackMessage) =>
    client.chat.postMessage({ channel: place.channelId, ...thread, text: m.text, blocks: m.blocks });
  if (seller.created) await post(replyMessage(greeting(seller.name)));

  const trimmed = text.trim();
  const command = trimmed === '' ? { kind: 'help' as const } : parseChatCommand(trimmed);
  if (command) {
    const who = { userId: seller.userId, address: slackAddress(sender), destination: place.channelId };
    await sendReply(client, sender.slackUserId, await runChatCommand(deps, who, command), post);
    return;
  }
  // A new seller has nothing connected yet: the greeting (with its connect buttons) is the answer.
  if (seller.created) return;
  await postAnswer(deps, client, seller.userId, place, trimmed, ctx);
}
