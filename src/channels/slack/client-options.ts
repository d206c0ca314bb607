import type { webApi } from '@slack/bolt';
import type { Config } from '../../config.ts';

/**
 * WebClient options: SLACK_API_URL points every Web API call at a local stand-in (the client
 * appends the method name). A call gives up after 20 s and two retries (the client's default is
 * no timeout and retries for half an hour): an answer waiting on Slack must not hold its
 * conversation in the chat inbox for that long.
 */
export function slackClientOptions(config: Pick<Config, 'SLACK_API_URL'>): webApi.WebClientOptions {
  return {
    timeout: 20_000,
    retryConfig: { retries: 2, maxRetryTime: 60_000 },
    ...(config.SLACK_API_URL && { slackApiUrl: config.SLACK_API_URL.replace(/\/*$/, '/') }),
  };
}
