import type { webApi } from '@slack/bolt';
import { answerQuestion, type Answer } from '../../chat/answer-question.ts';
import type { CommandDeps } from '../../chat/commands/index.ts';
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
export async function uploadChart(client: webApi.WebClient, place: Pick<SlackPlace, 'channelId' | 'threadTs'>, chart: NonNullable<Answer['chart']>): Promise<void> {
  const file = { file: chart.png, filename: `${chart.kind}.png`, title: 'Chart', alt_text: chart.table.slice(0, ALT_TEXT_MAX) };
  await client.filesUploadV2(place.threadTs ? { ...file, channel_id: place.channelId, thread_ts: place.threadTs } : { ...file, channel_id: place.channelId });
}

/**
 * A question: a placeholder at once, then the answer laid out in its place, then the chart.
 * If the brain fails the placeholder says so before the error goes on to the app's error handler.
 */
export async function postAnswer(deps: CommandDeps, client: webApi.WebClient, userId: string, place: SlackPlace, question: string): Promise<void> {
  const thread = place.threadTs ? { thread_ts: place.threadTs } : {};
  const placeholder = await client.chat.postMessage({ channel: place.channelId, text: PLACEHOLDER, ...thread });
  const channel = placeholder.channel ?? place.channelId;
  const ts = placeholder.ts!;
  let answer: Answer;
  try {
    answer = await answerQuestion(deps, { userId, channel: 'SLACK', threadKey: place.threadKey }, question);
  } catch (err) {
    await client.chat.update({ channel, ts, text: 'Sorry, I could not answer that just now. Please try again in a minute.' });
    throw err;
  }
  await client.chat.update({ channel, ts, ...answerMessage(answer) });
  if (answer.chart) await uploadChart(client, { channelId: channel, ...(place.threadTs && { threadTs: place.threadTs }) }, answer.chart);
}
