import type { webApi } from '@slack/bolt';
import { type Answer, answerQuestion } from '../../chat/answer-question.ts';
import { type CommandDeps, greeting, runChatCommand } from '../../chat/commands/index.ts';
import type { InboxContext, InboxHandler } from '../inbox/dispatcher.ts';
import { answerMessage, escapeText, replyMessage, type SlackMessage } from './blocks.ts';
import { handleText } from './handle-text.ts';
import { slackCommandPayload, slackTextPayload } from './inbound.ts';
import { placeholderOf, uploadChart } from './post-answer.ts';
import { resolveSeller, slackAddress } from './resolve-seller.ts';
import { routeSlash } from './route-slash.ts';
import { sendReply } from './send-reply.ts';

export const SLACK_APOLOGY = 'Sorry, I could not answer that just now. Please try again in a minute.';

type ClientFor = (teamKey: string) => Promise<webApi.WebClient>;

/** A slash command's response_url: a JSON POST (Slack takes five within 30 minutes). */
async function respondTo(url: string, message: Record<string, unknown>): Promise<void> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(message),
    signal: AbortSignal.timeout(10_000),
  });
  if (!res.ok) throw new Error(`Slack response_url answered ${res.status}`);
}

/** DMs and mentions: the greeting, a command, or an answer in a placeholder. */
function textHandler(deps: CommandDeps, clientFor: ClientFor): InboxHandler {
  return {
    async answer(payload, ctx) {
      const p = slackTextPayload.parse(payload);
      const client = await clientFor(p.teamKey);
      const place = { channelId: p.channel, ...(p.threadTs && { threadTs: p.threadTs }), threadKey: p.threadKey };
      await handleText(deps, client, { teamKey: p.teamKey, slackUserId: p.user }, place, p.text, ctx);
    },
    async apologize(payload, ctx) {
      if (ctx.progress?.answered) return; // the answer went out; what failed after it is not worth a "sorry" over it
      const p = slackTextPayload.parse(payload);
      const client = await clientFor(p.teamKey);
      const placeholder = placeholderOf(ctx);
      if (placeholder) await client.chat.update({ ...placeholder, text: SLACK_APOLOGY, blocks: [] });
      else
        await client.chat.postMessage({
          channel: p.channel,
          text: SLACK_APOLOGY,
          ...(p.threadTs && { thread_ts: p.threadTs }),
        });
    },
  };
}

/**
 * A slash command, acknowledged when it was stored: commands answer privately through the
 * response_url, a question in the channel like any other answer.
 */
function commandHandler(deps: CommandDeps, clientFor: ClientFor): InboxHandler {
  return {
    async answer(payload, ctx: InboxContext) {
      const p = slackCommandPayload.parse(payload);
      const route = routeSlash(p.text);
      const client = await clientFor(p.teamKey);
      const sender = { teamKey: p.teamKey, slackUserId: p.user };
      const seller = await resolveSeller(deps, client, sender);
      const ephemeral = (m: SlackMessage) =>
        respondTo(p.responseUrl, { response_type: 'ephemeral', text: m.text, blocks: m.blocks });
      if (seller.created) await ephemeral(replyMessage(greeting(seller.name)));
      if (route.kind === 'command') {
        const who = { userId: seller.userId, address: slackAddress(sender), destination: p.channel };
        await sendReply(client, p.user, await runChatCommand(deps, who, route.command), ephemeral);
        return;
      }
      if (seller.created || ctx.progress?.answered) return;
      const answer = await answerQuestion(
        deps,
        { userId: seller.userId, channel: 'SLACK', threadKey: p.channel },
        route.question,
      );
      await respondTo(p.responseUrl, { response_type: 'in_channel', ...answerMessage(answer) });
      await ctx.saveProgress({ answered: true });
      if (answer.chart) await postChart(deps, client, p.responseUrl, p.channel, answer.chart);
    },
    async apologize(payload, ctx) {
      if (ctx.progress?.answered) return;
      const p = slackCommandPayload.parse(payload);
      await respondTo(p.responseUrl, { response_type: 'ephemeral', text: SLACK_APOLOGY });
    },
  };
}

/** A slash command can come from a channel the bot is not in, where it cannot upload: then the chart's table, privately. */
async function postChart(
  deps: CommandDeps,
  client: webApi.WebClient,
  responseUrl: string,
  channelId: string,
  chart: NonNullable<Answer['chart']>,
) {
  try {
    await uploadChart(client, { channelId }, chart);
  } catch (err) {
    deps.log.warn(
      { err: { code: (err as { code?: string }).code, message: (err as Error).message } },
      'chart upload after a slash command failed; sending its table',
    );
    const text = `I could not post the chart here (invite me to this channel to get charts). The figures:\n\`\`\`${chart.table}\`\`\``;
    await respondTo(responseUrl, { response_type: 'ephemeral', text: escapeText(text) });
  }
}

export function slackInboxHandlers(deps: CommandDeps, clientFor: ClientFor): Record<string, InboxHandler> {
  const text = textHandler(deps, clientFor);
  return { 'slack-message': text, 'slack-mention': text, 'slack-command': commandHandler(deps, clientFor) };
}
