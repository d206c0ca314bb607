import type { Logger } from 'pino';
import type { Config } from '../../config.ts';
import type { KeyRing } from '../../crypto/tokens.ts';
import type { Db } from '../../db/client.ts';
import { DestinationGone, type DigestPoster } from '../../digest/deliver-digests.ts';
import { escapeText, sections } from './blocks.ts';
import { uploadChart } from './post-answer.ts';
import { slackTeamClients } from './team-client.ts';

/** Slack's answers for a channel the bot can no longer post in: the digest is paused, not retried. */
const GONE = new Set(['not_in_channel', 'channel_not_found', 'is_archived']);

/**
 * A digest into a Slack channel or DM: the text, then the chart as a file in the same channel.
 * Each step is recorded, so a retry after a failed upload does not post the text twice.
 */
export function slackDigestPoster(deps: { db: Db; config: Config; keyRing: KeyRing; log: Logger }): DigestPoster {
  const clientFor = slackTeamClients(deps);
  return async (to, message, progress) => {
    const client = await clientFor(to.teamId);
    try {
      if (typeof progress.done.ts !== 'string') {
        const posted = await client.chat.postMessage({
          channel: to.destination,
          text: escapeText(message.digest.headline),
          blocks: sections(message.digest.text),
          unfurl_links: false,
          unfurl_media: false,
        });
        await progress.save({ ts: posted.ts, channel: posted.channel ?? to.destination });
      }
      if (message.chart && progress.done.chart !== true) {
        const channelId = typeof progress.done.channel === 'string' ? progress.done.channel : to.destination;
        await uploadChart(client, { channelId }, { ...message.chart, kind: 'lines-over-time' });
        await progress.save({ chart: true });
      }
    } catch (err) {
      const code = (err as { data?: { error?: string } }).data?.error;
      if (code && GONE.has(code)) throw new DestinationGone(code);
      throw err;
    }
  };
}
