import { App, ExpressReceiver } from '@slack/bolt';
import { Router } from 'express';
import type { CommandDeps } from '../../chat/commands/index.ts';
import { AppError, ErrorCode } from '../../errors.ts';
import type { InboxDispatcher } from '../inbox/dispatcher.ts';
import { boltLogger } from './bolt-logger.ts';
import { slackClientOptions } from './client-options.ts';
import { dedupeEvents } from './dedupe-events.ts';
import { slackInbound } from './inbound.ts';
import { createInstallationStore } from './installation-store.ts';
import { registerListeners } from './listeners/index.ts';
import { singleWorkspaceAuthorize } from './single-workspace-authorize.ts';

/** Bot scopes the app asks for at install (see README, "Slack"). */
export const SLACK_SCOPES = ['app_mentions:read', 'chat:write', 'commands', 'files:write', 'im:history', 'users:read'];
export const SLACK_EVENTS_PATH = '/slack/events';
export const SLACK_INSTALL_PATH = '/slack/install';
export const SLACK_REDIRECT_PATH = '/slack/oauth_redirect';

export interface SlackReceiver {
  /** POST /slack/events (events, commands, interactions); with OAuth also GET /slack/install and /slack/oauth_redirect */
  router: Router;
  app: App;
}

/**
 * Bolt on an ExpressReceiver whose routes live on our express app, behind the chat inbox's
 * handler (inbound.ts), which stores and acknowledges DMs, mentions and slash commands and hands
 * Bolt everything else with its raw body (Bolt checks the signature over it again).
 */
export function createSlackReceiver(deps: CommandDeps & { inbox: InboxDispatcher }): SlackReceiver {
  const { config } = deps;
  const slack = config.integrations.slack;
  if (!slack.enabled) throw new AppError(ErrorCode.CONFIG, `Slack is off: ${slack.reason}`);
  const logger = boltLogger(deps.log);
  const clientOptions = slackClientOptions(config);
  const router = Router();
  router.post(
    SLACK_EVENTS_PATH,
    ...slackInbound({ db: deps.db, log: deps.log, signingSecret: config.SLACK_SIGNING_SECRET!, inbox: deps.inbox }),
  );
  const store = slack.mode === 'oauth' ? createInstallationStore(deps) : undefined;
  const receiver = new ExpressReceiver({
    signingSecret: config.SLACK_SIGNING_SECRET!,
    logger,
    router,
    endpoints: SLACK_EVENTS_PATH,
    ...(store && {
      clientId: config.SLACK_CLIENT_ID!,
      clientSecret: config.SLACK_CLIENT_SECRET!,
      stateSecret: config.SLACK_STATE_SECRET!,
      scopes: SLACK_SCOPES,
      installationStore: store,
      redirectUri: `${config.publicBaseUrl}${SLACK_REDIRECT_PATH}`,
      installerOptions: { installPath: SLACK_INSTALL_PATH, redirectUriPath: SLACK_REDIRECT_PATH, clientOptions },
    }),
  });
  const app = new App({
    receiver,
    logger,
    clientOptions,
    convoStore: false,
    ...(slack.mode === 'single-workspace' && {
      authorize: singleWorkspaceAuthorize(config.SLACK_BOT_TOKEN!, { ...clientOptions, logger }),
    }),
  });
  app.use(dedupeEvents(deps));
  registerListeners(app, deps, store);
  app.error(async (error) => {
    deps.log.error({ err: error, code: error.code }, 'Slack listener failed');
  });
  return { router, app };
}
