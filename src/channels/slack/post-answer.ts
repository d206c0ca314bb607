import type { webApi } from '@slack/bolt';
import { type Answer, answerQuestion } from '../../chat/answer-question.ts';
import type { CommandDeps } from '../../chat/commands/index.ts';
import type { InboxContext } from '../inbox/dispatcher.ts';
import { answerMessage, PLACEHOLDER } from './blocks.ts';

export interface SlackPlace {
  channelId: string;
  /** the thread to answer in; absent for a top-level DM */
  threadTs?: string;
  /** conversation memory key (channel + thread) */
  threadKey: string;
}

const ALT_TEXT_MAX = 1000;

/** A chart into the conversation (files.uploadV2: getUploadURLExternal, the upload, completeUploadExternal). */
export async function uploadChart(
  client: webApi.WebClient,
  place: Pick<SlackPlace, 'channelId' | 'threadTs'>,
  chart: NonNullable<Answer['chart']>,
): Promise<void> {
  const file = {
    file: chart.png,
    filename: `${chart.kind}.png`,
    title: 'Chart',
    alt_text: chart.table.slice(0, ALT_TEXT_MAX),
  };
  await client.filesUploadV2(
    place.threadTs
      ? { ...file, channel_id: place.channelId, thread_ts: place.threadTs }
      : { ...file, channel_id: place.channelId },
  );
}

/** The placeholder an earlier try of this message posted (inbox progress), if any. */
export const placeholderOf = (ctx: Pick<InboxContext, 'progress'>): { channel: string; ts: string } | undefined => {
  const p = ctx.progress as { placeholder?: { channel: string; ts: string } } | null;
  return p?.placeholder;
};

/**
 * A question: a placeholder at once (recorded, so a try after a crash fills the same one), then
 * the answer laid out in its place, then the chart. A failure goes to the inbox, which tries
 * again or, the last time, puts the apology in the placeholder.
 */
export async function postAnswer(
  deps: CommandDeps,
  client: webApi.WebClient,
  userId: string,
  place: SlackPlace,
  question: string,
  ctx: InboxContext,
): Promise<void> {
  const thread = place.threadTs ? { thread_ts: place.threadTs } : {};
  if (ctx.progress?.answered) return;
  let placeholder = placeholderOf(ctx);
  if (!placeholder) {
    const posted = await client.chat.postMessage({ channel: place.channelId, text: PLACEHOLDER, ...thread });
    placeholder = { channel: posted.channel ?? place.channelId, ts: posted.ts! };
    await ctx.saveProgress({ placeholder });
  }
  const answer = await answerQuestion(deps, { userId, channel: 'SLACK', threadKey: place.threadKey }, question);
  await client.chat.update({ channel: placeholder.channel, ts: placeholder.ts, ...answerMessage(answer) });
  await ctx.saveProgress({ answered: true });
  // the answer is there: a chart that cannot be uploaded is logged, not retried or apologised for
  if (answer.chart) {
    await uploadChart(
      client,
      { channelId: placeholder.channel, ...(place.threadTs && { threadTs: place.threadTs }) },
      answer.chart,
    ).catch((err: unknown) =>
      deps.log.warn(
        { err: { code: (err as { code?: string }).code, message: (err as Error).message } },
        'chart upload failed after the answer',
      ),
    );
  }
}
