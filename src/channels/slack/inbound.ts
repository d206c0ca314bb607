import { verifySlackRequest } from '@slack/bolt';
import express, { type RequestHandler } from 'express';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { Db } from '../../db/client.ts';
import { cleanText } from '../clean-text.ts';
import type { InboxDispatcher } from '../inbox/dispatcher.ts';
import { type InboundItem, receive } from '../inbox/inbox-store.ts';
import { PLACEHOLDER } from './blocks.ts';
import { unescapeSlack } from './handle-text.ts';
import { stripMention } from './mention-text.ts';
import { routeSlash } from './route-slash.ts';

/** Bolt refuses requests older than this; we also refuse those dated this far ahead (a replay window either way). */
export const SLACK_MAX_SKEW_SECONDS = 5 * 60;

/** A person's own message in the app's DM: no subtype (edits, joins, files), no bot. */
const directMessage = z.object({
  type: z.literal('message'),
  channel_type: z.literal('im'),
  channel: z.string().min(1),
  user: z.string().min(1),
  text: z.string().default(''),
  ts: z.string(),
  thread_ts: z.string().optional(),
  subtype: z.undefined().optional(),
  bot_id: z.undefined().optional(),
});

const mention = z.object({
  type: z.literal('app_mention'),
  channel: z.string().min(1),
  user: z.string().min(1),
  text: z.string(),
  ts: z.string(),
  thread_ts: z.string().optional(),
  bot_id: z.undefined().optional(),
});

const authorization = z.object({
  team_id: z.string().nullish(),
  enterprise_id: z.string().nullish(),
  user_id: z.string().optional(),
  is_enterprise_install: z.boolean().optional(),
});

const envelope = z.object({
  type: z.literal('event_callback'),
  event_id: z.string().min(1),
  team_id: z.string().nullish(),
  enterprise_id: z.string().nullish(),
  is_enterprise_install: z.boolean().optional(),
  authorizations: z.array(authorization).optional(),
  event: z.unknown(),
});

const slashForm = z.object({
  command: z.string().min(1),
  text: z.string().default(''),
  user_id: z.string().min(1),
  channel_id: z.string().min(1),
  team_id: z.string().optional(),
  enterprise_id: z.string().optional(),
  is_enterprise_install: z.string().optional(),
  trigger_id: z.string().min(1),
  response_url: z.string().url(),
});

/** What the inbox handlers (inbox-handlers.ts) receive. */
export const slackTextPayload = z.object({
  teamKey: z.string(),
  user: z.string(),
  channel: z.string(),
  threadTs: z.string().optional(),
  threadKey: z.string(),
  text: z.string(),
});
export type SlackTextPayload = z.infer<typeof slackTextPayload>;

export const slackCommandPayload = z.object({
  teamKey: z.string(),
  user: z.string(),
  channel: z.string(),
  text: z.string(),
  responseUrl: z.string(),
});
export type SlackCommandPayload = z.infer<typeof slackCommandPayload>;

/** A Slack message ts ("1733558400.000100": seconds and microseconds, unique in its channel), when it looks like one. */
const sentAt = (ts: string): string | undefined => (/^\d{9,11}(\.\d{1,6})?$/.test(ts) ? ts : undefined);

const teamKey = (t: { teamId?: string | null; enterpriseId?: string | null; isEnterpriseInstall?: boolean }) =>
  (t.isEnterpriseInstall ? t.enterpriseId : (t.teamId ?? t.enterpriseId)) ?? undefined;

/** A DM or a mention of the bot, as the inbox stores it; undefined for every other request (Bolt's). */
export function slackEventItem(body: unknown): InboundItem | undefined {
  const env = envelope.safeParse(body);
  if (!env.success) return undefined;
  const auth = env.data.authorizations?.[0];
  // the installation the event was delivered for comes first, as Bolt reads it: in a Slack Connect
  // channel the envelope's team can be another workspace, one that never installed the app
  const key = teamKey({
    teamId: auth?.team_id ?? env.data.team_id,
    enterpriseId: auth?.enterprise_id ?? env.data.enterprise_id,
    isEnterpriseInstall: auth?.is_enterprise_install ?? env.data.is_enterprise_install ?? false,
  });
  if (!key) return undefined;
  const dm = directMessage.safeParse(env.data.event);
  if (dm.success) {
    const { channel, user, thread_ts } = dm.data;
    const payload: SlackTextPayload = {
      teamKey: key,
      user,
      channel,
      ...(thread_ts && { threadTs: thread_ts }),
      threadKey: thread_ts ? `${channel}:${thread_ts}` : channel,
      text: cleanText(unescapeSlack(dm.data.text)),
    };
    return {
      channel: 'SLACK',
      externalId: env.data.event_id,
      kind: 'slack-message',
      conversationKey: `slack:${key}:${channel}`,
      senderKey: `slack:${key}:${user}`,
      payload,
      sentAt: sentAt(dm.data.ts),
    };
  }
  const m = mention.safeParse(env.data.event);
  if (m.success) {
    const { channel, user, ts, thread_ts } = m.data;
    const threadTs = thread_ts ?? ts;
    const payload: SlackTextPayload = {
      teamKey: key,
      user,
      channel,
      threadTs,
      threadKey: `${channel}:${threadTs}`,
      text: cleanText(unescapeSlack(stripMention(m.data.text, auth?.user_id))),
    };
    return {
      channel: 'SLACK',
      externalId: env.data.event_id,
      kind: 'slack-mention',
      conversationKey: `slack:${key}:${channel}:${threadTs}`,
      senderKey: `slack:${key}:${user}`,
      payload,
      sentAt: sentAt(ts),
    };
  }
  return undefined;
}

/** A slash command, as the inbox stores it. */
export function slackCommandItem(form: Record<string, string>): InboundItem | undefined {
  const c = slashForm.safeParse(form);
  if (!c.success) return undefined;
  const key = teamKey({
    teamId: c.data.team_id,
    enterpriseId: c.data.enterprise_id,
    isEnterpriseInstall: c.data.is_enterprise_install === 'true',
  });
  if (!key) return undefined;
  const payload: SlackCommandPayload = {
    teamKey: key,
    user: c.data.user_id,
    channel: c.data.channel_id,
    text: cleanText(unescapeSlack(c.data.text.trim())),
    responseUrl: c.data.response_url,
  };
  return {
    channel: 'SLACK',
    externalId: c.data.trigger_id,
    kind: 'slack-command',
    conversationKey: `slack:${key}:${c.data.channel_id}:${c.data.user_id}`,
    senderKey: `slack:${key}:${c.data.user_id}`,
    payload,
  };
}

/**
 * In front of Bolt on POST /slack/events: checks the signature and the timestamp (five minutes
 * either way), stores DMs, mentions and slash commands in the chat inbox and only then
 * acknowledges them (a slash question with the placeholder); the inbox answers them. Every
 * other request (buttons, App Home, uninstalls, URL verification) goes on to Bolt with its raw
 * body, which Bolt reads from `req.rawBody`.
 */
export function slackInbound(deps: {
  db: Db;
  log: Logger;
  signingSecret: string;
  inbox: InboxDispatcher;
  now?: () => number;
}): RequestHandler[] {
  const now = deps.now ?? Date.now;
  const handler: RequestHandler = async (req, res, next) => {
    const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    (req as unknown as { rawBody: Buffer }).rawBody = raw;
    const body = raw.toString('utf8');
    const stamp = Number(req.get('x-slack-request-timestamp'));
    try {
      verifySlackRequest({
        signingSecret: deps.signingSecret,
        body,
        headers: { 'x-slack-signature': req.get('x-slack-signature') ?? '', 'x-slack-request-timestamp': stamp },
        nowMilliseconds: now(),
      });
      if (stamp > now() / 1000 + SLACK_MAX_SKEW_SECONDS)
        throw new Error('x-slack-request-timestamp is more than five minutes ahead');
    } catch (err) {
      deps.log.warn({ path: req.path, reason: (err as Error).message }, 'Slack request refused');
      res
        .status(401)
        .json({ error: { code: 'BAD_SIGNATURE', message: 'the Slack signature or timestamp does not check out' } });
      return;
    }
    let item: InboundItem | undefined;
    let slashAck: Record<string, unknown> | undefined;
    if ((req.get('content-type') ?? '').startsWith('application/x-www-form-urlencoded')) {
      const form = Object.fromEntries(new URLSearchParams(body));
      item = slackCommandItem(form);
      if (item)
        slashAck =
          routeSlash((item.payload as SlackCommandPayload).text).kind === 'ask'
            ? { response_type: 'ephemeral', text: PLACEHOLDER }
            : undefined;
    } else {
      try {
        item = slackEventItem(JSON.parse(body));
      } catch {
        item = undefined;
      }
    }
    if (!item) return next();
    try {
      const receipt = await receive(deps.db, item);
      if (slashAck) res.json(slashAck);
      else res.status(200).end();
      if (receipt === 'done')
        deps.log.info(
          { eventId: item.externalId, kind: item.kind, retryNum: req.get('x-slack-retry-num') },
          'Slack delivery already answered; redelivery dropped',
        );
      else deps.inbox.kick();
    } catch (err) {
      // not stored: no acknowledgement, so Slack delivers it again
      next(err);
    }
  };
  return [express.raw({ type: () => true, limit: '1mb' }), handler];
}
