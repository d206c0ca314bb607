import express, { type ErrorRequestHandler, type Express } from 'express';
import { createInboxDispatcher, type InboxDispatcher, type InboxHandler } from '../channels/inbox/dispatcher.ts';
import { createSlackReceiver } from '../channels/slack/create-slack-receiver.ts';
import { slackInboxHandlers } from '../channels/slack/inbox-handlers.ts';
import { slackTeamClients } from '../channels/slack/team-client.ts';
import { whatsappInboxHandler } from '../channels/whatsapp/handle-message.ts';
import { createTwilioClient, type TwilioClient } from '../channels/whatsapp/twilio-client.ts';
import type { CoreDeps } from '../deps.ts';
import { AppError } from '../errors.ts';
import type { Notifier } from '../notify/notifier.ts';
import type { EnqueueSync } from '../sync/sync-request.ts';
import { cronRouter } from './routes/cron.ts';
import { healthRouter } from './routes/health.ts';
import { mediaRouter } from './routes/media.ts';
import { oauthRouter } from './routes/oauth.ts';
import { twilioRouter } from './routes/twilio.ts';
import { webhooksRouter } from './routes/webhooks.ts';

export interface AppDeps extends CoreDeps {
  embedded: boolean;
  /** queues a webhook's targeted sync; without it the marketplace webhook routes are not mounted */
  enqueueSync?: EnqueueSync;
  /** DMs sellers (connect results, reconnect requests) on the channels this process can send on */
  notifier?: Notifier;
  /** Twilio REST client for WhatsApp replies; made from the config when absent (tests pass one on a fake) */
  twilioClient?: TwilioClient;
  /** inbox settings for tests (fast retries, short leases) */
  inboxOptions?: { leaseMs?: number; pollMs?: number; retryDelayMs?: (attempt: number) => number };
}

const INBOX = Symbol('chat inbox');

/** The chat inbox that answers the app's Slack and WhatsApp messages (none when both are off): close it before the database. */
export const appInbox = (app: Express): InboxDispatcher | undefined =>
  (app as unknown as Record<symbol, InboxDispatcher | undefined>)[INBOX];

/**
 * The web process's express app. No global body parser: Slack's Bolt receiver and the webhook
 * routes read raw bodies to check signatures, so each router parses its own.
 */
export function createApp(deps: AppDeps): Express {
  const app = express();
  const { slack, twilio } = deps.config.integrations;
  const handlers: Record<string, InboxHandler> = {
    ...(twilio.enabled && {
      whatsapp: whatsappInboxHandler({ ...deps, twilio: deps.twilioClient ?? createTwilioClient(deps.config) }),
    }),
    ...(slack.enabled && slackInboxHandlers(deps, slackTeamClients(deps))),
  };
  const inbox =
    twilio.enabled || slack.enabled
      ? createInboxDispatcher({
          db: deps.db,
          log: deps.log,
          handlers,
          concurrency: deps.config.CHAT_CONCURRENCY,
          leaseMs: deps.config.CHAT_LEASE_SECONDS * 1000,
          ...deps.inboxOptions,
        })
      : undefined;
  (app as unknown as Record<symbol, InboxDispatcher | undefined>)[INBOX] = inbox;
  app.disable('x-powered-by');
  app.set('trust proxy', true);
  app.use(healthRouter(deps));
  app.use(cronRouter(deps));
  if (deps.enqueueSync) app.use(webhooksRouter({ ...deps, enqueue: deps.enqueueSync }));
  app.use(mediaRouter(deps));
  app.use(oauthRouter(deps));
  if (inbox && twilio.enabled) app.use(twilioRouter({ ...deps, inbox }));
  if (inbox && slack.enabled) app.use(createSlackReceiver({ ...deps, inbox }).router);

  app.use((req, res) => {
    res.status(404).json({ error: { code: 'NOT_FOUND', message: `No route for ${req.method} ${req.path}` } });
  });
  const onError: ErrorRequestHandler = (err: unknown, req, res, _next) => {
    const status = typeof (err as { status?: unknown }).status === 'number' ? (err as { status: number }).status : 500;
    if (status >= 500) deps.log.error({ err, path: req.path }, 'request failed');
    const code = err instanceof AppError ? err.code : status >= 500 ? 'INTERNAL' : 'BAD_REQUEST';
    const message = status >= 500 ? 'Internal error' : (err as Error).message;
    res.status(status).json({ error: { code, message } });
  };
  app.use(onError);
  return app;
}
