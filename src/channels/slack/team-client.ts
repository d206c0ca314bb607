import { webApi } from '@slack/bolt';
import type { Logger } from 'pino';
import type { Config } from '../../config.ts';
import type { KeyRing } from '../../crypto/tokens.ts';
import type { Db } from '../../db/client.ts';
import { Unanswerable } from '../inbox/dispatcher.ts';
import { boltLogger } from './bolt-logger.ts';
import { slackClientOptions } from './client-options.ts';
import { createInstallationStore, SlackInstallationMissingError } from './installation-store.ts';

/**
 * A Web API client for a team outside Bolt's listeners (the chat inbox, DMs from the server): the
 * bot token is SLACK_BOT_TOKEN in single-workspace mode, else the installation of the team (its
 * install key). One client per token. A team without one cannot be answered (Unanswerable).
 */
export function slackTeamClients(deps: {
  db: Db;
  config: Config;
  keyRing: KeyRing;
  log: Logger;
}): (teamKey: string) => Promise<webApi.WebClient> {
  const slack = deps.config.integrations.slack;
  const store = createInstallationStore(deps);
  const options = { ...slackClientOptions(deps.config), logger: boltLogger(deps.log) };
  const clients = new Map<string, webApi.WebClient>();
  return async (teamKey) => {
    if (!slack.enabled) throw new Error(`Slack is off: ${slack.reason}`);
    const installation =
      slack.mode === 'oauth'
        ? await store.fetchByKey(teamKey).catch((err: unknown) => {
            throw err instanceof SlackInstallationMissingError ? new Unanswerable(err.message) : err;
          })
        : undefined;
    const token = installation ? installation.bot?.token : deps.config.SLACK_BOT_TOKEN;
    if (!token) throw new Unanswerable(`no Slack bot token for ${teamKey}`);
    let client = clients.get(token);
    if (!client) clients.set(token, (client = new webApi.WebClient(token, options)));
    return client;
  };
}
