import { type Authorize, webApi } from '@slack/bolt';

/**
 * SLACK_BOT_TOKEN's authorization. Bolt's own either calls auth.test at construction (a failure
 * there is an unhandled rejection, cached for good) or on every event; this one asks on the first
 * event and keeps the answer once Slack has given it.
 */
export function singleWorkspaceAuthorize(token: string, clientOptions: webApi.WebClientOptions): Authorize<boolean> {
  const client = new webApi.WebClient(undefined, clientOptions);
  let identity: Promise<{ botId?: string; botUserId?: string }> | undefined;
  return async () => {
    identity ??= client.auth.test({ token }).then(
      (r) => ({ ...(r.bot_id && { botId: r.bot_id }), ...(r.user_id && { botUserId: r.user_id }) }),
      (err: unknown) => {
        identity = undefined;
        throw err;
      },
    );
    return { botToken: token, ...(await identity) };
  };
}
