import type { webApi } from '@slack/bolt';
import type { Config } from '../../config.ts';

/** WebClient options: SLACK_API_URL points every Web API call at a local stand-in (the client appends the method name). */
export function slackClientOptions(config: Pick<Config, 'SLACK_API_URL'>): webApi.WebClientOptions {
  return config.SLACK_API_URL ? { slackApiUrl: config.SLACK_API_URL.replace(/\/*$/, '/') } : {};
}
