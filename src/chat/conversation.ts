import type { Db } from '../db/client.ts';
import type { ChatChannel } from '../generated/prisma/enums.ts';

/** Turns kept per conversation: enough for follow-ups, small enough to stay cheap. */
const KEEP_TURNS = 20;

export interface ConversationState {
  id: string;
  /** the last understood intent, for follow-ups ("and on eBay?") */
  lastIntent: unknown;
}

export async function openConversation(db: Db, userId: string, channel: ChatChannel, threadKey: string): Promise<ConversationState> {
  const c = await db.conversation.upsert({
    where: { userId_channel_threadKey: { userId, channel, threadKey } },
    create: { userId, channel, threadKey },
    update: {},
  });
  return { id: c.id, lastIntent: c.lastIntent };
}

/** Records a question and its answer, and the intent a follow-up would build on (if any). */
export async function recordTurn(db: Db, conversationId: string, turn: { question: string; answer: string; intent?: unknown }): Promise<void> {
  await db.$transaction([
    db.conversationMessage.createMany({
      data: [
        { conversationId, role: 'user', content: turn.question },
        { conversationId, role: 'assistant', content: turn.answer },
      ],
    }),
    ...(turn.intent !== undefined ? [db.conversation.update({ where: { id: conversationId }, data: { lastIntent: turn.intent as object } })] : []),
  ]);
  const old = await db.conversationMessage.findMany({ where: { conversationId }, orderBy: { createdAt: 'desc' }, skip: KEEP_TURNS * 2, select: { id: true } });
  if (old.length) await db.conversationMessage.deleteMany({ where: { id: { in: old.map((m) => m.id) } } });
}
