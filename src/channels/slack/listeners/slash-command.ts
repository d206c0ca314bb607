import type { App, RespondFn } from '@slack/bolt';
import { z } from 'zod';
import { answerQuestion, type Answer } from '../../../chat/answer-question.ts';
import { greeting, parseChatCommand, runChatCommand, type ChatCommand, type CommandDeps } from '../../../chat/commands/index.ts';
import { answerMessage, escapeText, PLACEHOLDER, replyMessage, type SlackMessage } from '../blocks.ts';
import { unescapeSlack } from '../handle-text.ts';
import { uploadChart } from '../post-answer.ts';
import { resolveSeller, slackAddress, teamKeyOf } from '../resolve-seller.ts';
import { sendReply } from '../send-reply.ts';

const slashCommand = z.object({
  command: z.string(),
  text: z.string().default(''),
  user_id: z.string().min(1),
  channel_id: z.string().min(1),
});

type SlashRoute = { kind: 'ask'; question: string } | { kind: 'command'; command: ChatCommand };

/** "/frame ask <question>", "/frame <command>", or "/frame <question>" (text that is no command is a question). */
export function routeSlash(text: string): SlashRoute {
  const ask = /^ask\b\s*([\s\S]*)$/i.exec(text);
  if (ask) return ask[1]!.trim() === '' ? { kind: 'command', command: { kind: 'help' } } : { kind: 'ask', question: ask[1]!.trim() };
  if (text === '') return { kind: 'command', command: { kind: 'help' } };
  const command = parseChatCommand(text);
  return command ? { kind: 'command', command } : { kind: 'ask', question: text };
}

/**
 * The slash command (/frame, or whatever name the Slack app gives it): acknowledged at once, so
 * within Slack's 3 seconds, and answered through the response_url: commands privately, a
 * question in the channel like any other answer.
 */
export function registerSlashCommand(app: App, deps: CommandDeps): void {
  app.command(/^\/.+/, async ({ command, ack, respond, client, context }) => {
    const slash = slashCommand.parse(command);
    const route = routeSlash(unescapeSlack(slash.text.trim()));
    await ack(route.kind === 'ask' ? { response_type: 'ephemeral', text: PLACEHOLDER } : undefined);

    const teamKey = teamKeyOf(context);
    if (!teamKey) throw new Error('Slack command without a team');
    const sender = { teamKey, slackUserId: slash.user_id };
    const seller = await resolveSeller(deps, client, sender);
    const ephemeral = (m: SlackMessage) => respond({ response_type: 'ephemeral', text: m.text, blocks: m.blocks });
    if (seller.created) await ephemeral(replyMessage(greeting(seller.name)));

    if (route.kind === 'command') {
      const who = { userId: seller.userId, address: slackAddress(sender), destination: slash.channel_id };
      await sendReply(client, slash.user_id, await runChatCommand(deps, who, route.command), ephemeral);
      return;
    }
    if (seller.created) return;
    let answer: Answer;
    try {
      answer = await answerQuestion(deps, { userId: seller.userId, channel: 'SLACK', threadKey: slash.channel_id }, route.question);
    } catch (err) {
      await respond({ response_type: 'ephemeral', text: 'Sorry, I could not answer that just now. Please try again in a minute.' });
      throw err;
    }
    await respond({ response_type: 'in_channel', ...answerMessage(answer) });
    if (answer.chart) await postChart(deps, client, respond, slash.channel_id, answer.chart);
  });
}

/** A slash command can come from a channel the bot is not in, where it cannot upload: then the chart's table, privately. */
async function postChart(deps: CommandDeps, client: Parameters<typeof uploadChart>[0], respond: RespondFn, channelId: string, chart: NonNullable<Answer['chart']>) {
  try {
    await uploadChart(client, { channelId }, chart);
  } catch (err) {
    deps.log.warn({ err: { code: (err as { code?: string }).code, message: (err as Error).message } }, 'chart upload after a slash command failed; sending its table');
    const text = `I could not post the chart here (invite me to this channel to get charts). The figures:\n\`\`\`${chart.table}\`\`\``;
    await respond({ response_type: 'ephemeral', text: escapeText(text) });
  }
}
