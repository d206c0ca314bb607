import type { types } from '@slack/bolt';
import type { Answer } from '../../chat/answer-question.ts';
import { ALL_MARKETPLACES, type CommandReply } from '../../chat/commands/index.ts';
import { marketplaceName } from '../../chat/tools/format.ts';
import type { MarketplaceType } from '../../generated/prisma/enums.ts';

/** Block Kit layouts of what the bot says. Every message carries a plain-text `text` fallback. */

export type Block = types.KnownBlock;
export interface SlackMessage {
  text: string;
  blocks: Block[];
}

export const PLACEHOLDER = 'Looking at your sales…';
export const CONNECT_ACTION = new RegExp(`^connect:(${ALL_MARKETPLACES.join('|')})$`);

const SECTION_MAX = 3000;

/** Slack reads &, < and > as control characters in message text. */
export const escapeText = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Section blocks of at most 3000 characters (Slack's limit), split between lines. */
export function sections(text: string): Block[] {
  const out: Block[] = [];
  let chunk = '';
  for (const line of escapeText(text).split('\n')) {
    const next = chunk === '' ? line : `${chunk}\n${line}`;
    if (next.length <= SECTION_MAX) {
      chunk = next;
      continue;
    }
    if (chunk !== '') out.push({ type: 'section', text: { type: 'mrkdwn', text: chunk } });
    chunk = line.slice(0, SECTION_MAX);
  }
  if (chunk.trim() !== '') out.push({ type: 'section', text: { type: 'mrkdwn', text: chunk } });
  return out;
}

export function connectButton(
  marketplace: MarketplaceType,
  label = `Connect ${marketplaceName(marketplace)}`,
): types.Button {
  return {
    type: 'button',
    action_id: `connect:${marketplace}`,
    text: { type: 'plain_text', text: label },
    value: marketplace,
  };
}

export const connectActions = (marketplaces: readonly MarketplaceType[]): Block => ({
  type: 'actions',
  block_id: 'connect',
  elements: marketplaces.map((m) => connectButton(m)),
});

/**
 * An answer: the figures as section text, how fresh the data is as a context block.
 * answerQuestion puts the freshness sentence on the last line of every answer but the help reply.
 */
export function answerMessage(answer: Pick<Answer, 'text' | 'via'>): SlackMessage {
  const cut = answer.via === 'help' ? -1 : answer.text.lastIndexOf('\n');
  const body = cut === -1 ? answer.text : answer.text.slice(0, cut);
  const age = cut === -1 ? null : answer.text.slice(cut + 1);
  const blocks = sections(body);
  if (age) blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: escapeText(age) }] });
  return { text: escapeText(answer.text), blocks };
}

/** A command's reply where it was written, with its connect buttons. */
export function replyMessage(reply: Pick<CommandReply, 'text' | 'connectButtons'>): SlackMessage {
  const blocks = sections(reply.text);
  if (reply.connectButtons?.length) blocks.push(connectActions(reply.connectButtons));
  return { text: escapeText(reply.text), blocks };
}
