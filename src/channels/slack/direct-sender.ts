import { webApi } from '@slack/bolt';
import type { Logger } from 'pino';
import type { Config } from '../../config.ts';
import type { KeyRing } from '../../crypto/tokens.ts';
import type { Db } from '../../db/client.ts';
import type { DirectSender } from '../notify.ts';
import { boltLogger } from './bolt-logger.ts';
import { slackClientOptions } from './client-options.ts';
import { createInstallationStore } from './installation-store.ts';
import { directMessage } from './send-reply.ts';

/**
 * DMs a Slack user outside a conversation (connect results, reconnect requests). The bot token is
 * SLACK_BOT_TOKEN in single-workspace mode, else the installation of the identity's team (its
 * teamId is the install key).
 */
export function slackDirectSender(deps: { db: Db; config: Config; keyRing: KeyRing; log: Logger }): DirectSender {
  const slack = deps.config.integrations.slack;
  const store = createInstallationStore(deps);
  const options = { ...slackClientOptions(deps.config), logger: boltLogger(deps.log) };
  return async (to, text) => {
    if (!slack.enabled) throw new Error(`Slack is off: ${slack.reason}`);
    const token = slack.mode === 'oauth' ? (await store.fetchByKey(to.teamId)).bot?.token : deps.config.SLACK_BOT_TOKEN;
    if (!token) throw new Error(`no Slack bot token for ${to.teamId}`);
    await directMessage(new webApi.WebClient(token, options), to.externalId, text);
  };
}
