import { z } from 'zod';
import { answerQuestion } from '../../chat/answer-question.ts';
import {
  type CommandDeps,
  type CommandReply,
  type CommandWho,
  greeting,
  parseChatCommand,
  runChatCommand,
} from '../../chat/commands/index.ts';
import { redeemLinkCode } from '../../chat/commands/link-code.ts';
import { type ChatAddress, ensureChatUser, findChatUser } from '../../chat/identity.ts';
import type { Db } from '../../db/client.ts';
import type { InboxHandler } from '../inbox/dispatcher.ts';
import { MediaTooLargeError, mediaUrl, saveMedia } from '../media-store.ts';
import { type InboundMessage, inboundMessage } from './inbound-message.ts';
import { sendWhatsApp } from './send-whatsapp.ts';
import type { TwilioClient } from './twilio-client.ts';

export type WhatsAppDeps = CommandDeps & { twilio: TwilioClient };

const outgoing = z.array(z.object({ body: z.string(), mediaUrl: z.string().optional() }));
type Outgoing = z.infer<typeof outgoing>[number];

export const APOLOGY = 'Sorry, something went wrong while answering that. Please try again in a minute.';
const LINK_HINT =
  'Already using Frame in Slack or the terminal? Send "link" there and type the code it gives you here: this number then shares that account.';
const LINK_FAILED =
  'That link code did not work: it is mistyped, already used, or older than 15 minutes. Send "link" in Slack or the terminal to get a new one.';
const TEXT_ONLY =
  'I can only read text for now. Type your question, for example "what were my total sales last month?"';

/**
 * Answers stored WhatsApp messages (the chat inbox): who wrote (the verified number), then a link
 * code, a command or a question, and the replies through Twilio. The replies sent so far are
 * recorded, so a try after a crash sends only the rest; after the last failed try the sender
 * gets a short apology.
 */
export function whatsappInboxHandler(deps: WhatsAppDeps): InboxHandler {
  const sendTo = (message: InboundMessage, out: Outgoing) => sendWhatsApp(deps.twilio, deps.config, message.From, out);
  return {
    async answer(payload, ctx) {
      const message = inboundMessage.parse(payload);
      // the replies are worked out once (a link code is redeemed once): a later try sends the rest of the same replies
      const earlier = outgoing.safeParse(ctx.progress?.replies);
      const replies = earlier.success ? earlier.data : await replyTo(deps, message);
      if (!earlier.success) {
        await noteInbound(deps.db, message);
        await ctx.saveProgress({
          replies: replies.map((r) => ({ body: r.body, ...(r.mediaUrl && { mediaUrl: r.mediaUrl }) })),
          sent: 0,
        });
      }
      const sent = typeof ctx.progress?.sent === 'number' ? ctx.progress.sent : 0;
      for (const [i, out] of replies.entries()) {
        if (i < sent) continue;
        await sendTo(message, out);
        await ctx.saveProgress({ sent: i + 1 });
      }
    },
    async apologize(payload) {
      await sendTo(inboundMessage.parse(payload), { body: APOLOGY });
    },
  };
}

/**
 * Records when the number last wrote (the message's arrival, as the inbox stored it): WhatsApp
 * lets the bot write freely for 24 hours after it, and a digest outside that goes as a template.
 */
async function noteInbound(db: Db, message: InboundMessage): Promise<void> {
  await db.$executeRaw`
    UPDATE "ChatIdentity" i SET "lastInboundAt" = m."receivedAt"
    FROM "ChatInboxMessage" m
    WHERE m.channel = 'WHATSAPP' AND m."externalId" = ${message.MessageSid}
      AND i.channel = 'WHATSAPP' AND i."teamId" = '' AND i."externalId" = ${message.From}
      AND (i."lastInboundAt" IS NULL OR i."lastInboundAt" < m."receivedAt")`;
}

async function replyTo(deps: WhatsAppDeps, message: InboundMessage): Promise<Outgoing[]> {
  const number = message.From;
  const address: ChatAddress = { channel: 'WHATSAPP', externalId: number };
  const text = message.Body.trim();
  if (text === '' && message.NumMedia > 0) return [{ body: TEXT_ONLY }];

  const command = text === '' ? { kind: 'help' as const } : parseChatCommand(text);
  const known = await findChatUser(deps.db, address);
  if (!known && command?.kind === 'link' && command.code) {
    // a number nobody knows yet joins the code's seller directly, without a seller of its own first
    const linked = await redeemLinkCode(deps.db, command.code, address, deps.now?.() ?? new Date());
    if (!linked) return [{ body: LINK_FAILED }];
    const seller = await deps.db.user.findUniqueOrThrow({ where: { id: linked.userId }, select: { name: true } });
    deps.log.info({ userId: linked.userId, messageSid: message.MessageSid }, 'WhatsApp number linked');
    return [
      {
        body: `This number is now linked to ${seller.name}. Ask away, for example "what were my total sales last month?"`,
      },
    ];
  }

  const profileName = message.ProfileName?.trim();
  const { userId, created } = known
    ? { userId: known, created: false }
    : await ensureChatUser(deps.db, address, { name: profileName || number });
  const who: CommandWho = { userId, address, destination: number };
  if (created) {
    deps.log.info({ userId, messageSid: message.MessageSid }, 'new seller from WhatsApp');
    const welcome = fromCommandReply(greeting(profileName || 'there'), LINK_HINT);
    if (!command || command.kind === 'help') return welcome;
    return [...welcome, ...fromCommandReply(await runChatCommand(deps, who, command))];
  }
  if (command) return fromCommandReply(await runChatCommand(deps, who, command));

  const answer = await answerQuestion(deps, { userId, channel: 'WHATSAPP', threadKey: number }, text);
  if (!answer.chart) return [{ body: answer.text }];
  try {
    // media expiry runs on the wall clock: Twilio fetches the image now, whatever clock the answer uses
    const media = await saveMedia(deps.db, { userId, contentType: 'image/png', bytes: answer.chart.png });
    return [{ body: answer.text, mediaUrl: mediaUrl(deps.config, media.id) }];
  } catch (err) {
    if (!(err instanceof MediaTooLargeError)) throw err;
    deps.log.warn(
      { bytes: err.size, messageSid: message.MessageSid },
      'chart too large for WhatsApp; sending its table',
    );
    return [{ body: `${answer.text}\n\n\`\`\`\n${answer.chart.table}\n\`\`\`` }];
  }
}

/** A command's reply as WhatsApp messages: buttons become "reply 'connect …'" lines, the private part a second message. */
function fromCommandReply(reply: CommandReply, footer?: string): Outgoing[] {
  const lines = [reply.text];
  if (reply.connectButtons?.length)
    lines.push('', ...reply.connectButtons.map((m) => `reply "connect ${m.toLowerCase()}"`));
  if (footer) lines.push('', footer);
  const out: Outgoing[] = [{ body: lines.join('\n') }];
  if (reply.direct) out.push({ body: reply.direct });
  return out;
}
