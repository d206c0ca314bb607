import type { CommandDeps, CommandReply, CommandWho } from './types.ts';

const DEFAULT_HOUR = 9;
const pad = (h: number) => `${String(h).padStart(2, '0')}:00`;

/** "digest on [hour]" / "digest off": the daily summary, sent to where the command was written. */
export async function runDigest(
  deps: CommandDeps,
  who: CommandWho,
  enabled: boolean,
  hour?: number,
): Promise<CommandReply> {
  if (hour !== undefined && !(Number.isInteger(hour) && hour >= 0 && hour <= 23)) {
    return { text: 'The digest hour must be a whole hour from 0 to 23, for example "digest on 8" for 08:00.' };
  }
  const key = {
    userId: who.userId,
    channel: who.address.channel,
    teamId: who.address.teamId ?? '',
    destination: who.destination,
  };
  if (!enabled) {
    const off = await deps.db.digestSubscription.updateMany({
      where: { ...key, enabled: true },
      data: { enabled: false },
    });
    return {
      text:
        off.count > 0
          ? 'Daily digest turned off here. Send "digest on" to turn it back on.'
          : 'No daily digest was on here. Send "digest on" to get one.',
    };
  }
  const sub = await deps.db.digestSubscription.upsert({
    where: { userId_channel_teamId_destination: key },
    create: { ...key, enabled: true, sendHour: hour ?? DEFAULT_HOUR },
    update: { enabled: true, ...(hour !== undefined && { sendHour: hour }) },
  });
  const user = await deps.db.user.findUniqueOrThrow({ where: { id: who.userId }, select: { timeZone: true } });
  return {
    text: `Daily digest on: yesterday's sales, every day at ${pad(sub.sendHour)} (${user.timeZone}), sent here. "digest on <hour>" changes the time, "digest off" stops it.`,
  };
}
