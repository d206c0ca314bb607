import type { webApi } from '@slack/bolt';
import type { CommandReply } from '../../chat/commands/index.ts';
import { escapeText, replyMessage, type SlackMessage } from './blocks.ts';

/** Posting the visible part of a reply: in the conversation, or through a slash command's response_url. */
export type PostVisible = (message: SlackMessage) => Promise<unknown>;

/**
 * Sends a private message to a Slack user: chat.postMessage to a user id lands in the app's DM
 * with them. No unfurling: Slack's unfurler fetching a single-use connect link would use it up.
 */
export async function directMessage(client: webApi.WebClient, slackUserId: string, text: string): Promise<void> {
  await client.chat.postMessage({
    channel: slackUserId,
    text: escapeText(text),
    unfurl_links: false,
    unfurl_media: false,
  });
}

/** A command's reply: the text (with connect buttons) where it was asked, the private part as a DM. */
export async function sendReply(
  client: webApi.WebClient,
  slackUserId: string,
  reply: CommandReply,
  post: PostVisible,
): Promise<void> {
  await post(replyMessage(reply));
  if (reply.direct) await directMessage(client, slackUserId, reply.direct);
}
