import type { Logger } from 'pino';
import type { Config } from '../../config.ts';
import type { KeyRing } from '../../crypto/tokens.ts';
import type { Db } from '../../db/client.ts';
import type { DirectSender } from '../../notify/notifier.ts';
import { directMessage } from './send-reply.ts';
import { slackTeamClients } from './team-client.ts';

/** DMs a Slack user outside a conversation (connect results, reconnect requests), with their team's bot token. */
export function slackDirectSender(deps: { db: Db; config: Config; keyRing: KeyRing; log: Logger }): DirectSender {
  const clientFor = slackTeamClients(deps);
  return async (to, text) => {
    await directMessage(await clientFor(to.teamId), to.externalId, text);
  };
}
