import type { Db } from '../db/client.ts';
import type { ChatChannel } from '../generated/prisma/enums.ts';

/** Turns kept per conversation: enough for follow-ups, small enough to stay cheap. */
const KEEP_TURNS = 20;
/** Messages that go to the LLM with a question (three question–answer turns). */
const RECENT_MESSAGES = 6;

export interface ConversationState {
  id: string;
  /** the last understood intent, for follow-ups ("and on eBay?") */
  lastIntent: unknown;
  /** the last few messages, oldest first */
  recent: { role: 'user' | 'assistant'; content: string }[];
}

export async function openConversation(
  db: Db,
  userId: string,
  channel: ChatChannel,
  threadKey: string,
): Promise<ConversationState> {
  const c = await db.conversation.upsert({
    where: { userId_channel_threadKey: { userId, channel, threadKey } },
    create: { userId, channel, threadKey },
    update: {},
  });
  const messages = await db.conversationMessage.findMany({
    where: { conversationId: c.id },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: RECENT_MESSAGES,
    select: { role: true, content: true },
  });
  const recent = messages
    .reverse()
    .filter((m): m is { role: 'user' | 'assistant'; content: string } => m.role === 'user' || m.role === 'assistant');
  return { id: c.id, lastIntent: c.lastIntent, recent };
}

/**
 * Records a question and its answer, and the intent a follow-up would build on (if any). The
 * answer is stamped a millisecond after the question so the two read back in order.
 */
export async function recordTurn(
  db: Db,
  conversationId: string,
  turn: { question: string; answer: string; intent?: unknown; at?: Date },
): Promise<void> {
  const at = turn.at ?? new Date();
  await db.$transaction([
    db.conversationMessage.createMany({
      data: [
        { conversationId, role: 'user', content: turn.question, createdAt: at },
        { conversationId, role: 'assistant', content: turn.answer, createdAt: new Date(at.getTime() + 1) },
      ],
    }),
    ...(turn.intent !== undefined
      ? [db.conversation.update({ where: { id: conversationId }, data: { lastIntent: turn.intent as object } })]
      : []),
  ]);
  const old = await db.conversationMessage.findMany({
    where: { conversationId },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    skip: KEEP_TURNS * 2,
    select: { id: true },
  });
  if (old.length) await db.conversationMessage.deleteMany({ where: { id: { in: old.map((m) => m.id) } } });
}
