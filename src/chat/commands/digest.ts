import { addDays, assertTimeZone, localDay, nextLocalTime, startOfLocalDay } from '../../analytics/local-calendar.ts';
import type { DigestSubscription } from '../../generated/prisma/client.ts';
import { shortDay } from '../tools/format.ts';
import type { CommandDeps, CommandReply, CommandWho, DigestCommand } from './types.ts';

export const DEFAULT_SEND_MINUTE = 9 * 60;
const WHAT =
  "yesterday's sales by marketplace against the day before and a week earlier, top products, returns, stock and anything unusual, with a 7-day chart";
const HOW =
  '"digest at 8:30" changes the time, "digest pause" / "digest resume", "digest off" stops it, "digest list" shows all of yours.';

/** "09:00", "9", "9am", "9:30 pm", "21:30", "noon" → minutes after midnight; null when it is no time of day. */
export function parseTimeOfDay(text: string): number | null {
  const t = text.trim().toLowerCase().replace(/\s+/g, '');
  if (t === 'noon' || t === 'midday') return 12 * 60;
  if (t === 'midnight') return 0;
  const m = /^(\d{1,2})(?:[:.h](\d{2}))?(am|pm|h)?$/.exec(t);
  if (!m) return null;
  let hour = Number(m[1]);
  const minute = m[2] === undefined ? 0 : Number(m[2]);
  if (minute > 59) return null;
  if (m[3] === 'am' || m[3] === 'pm') {
    if (hour < 1 || hour > 12) return null;
    hour = (hour % 12) + (m[3] === 'pm' ? 12 : 0);
  }
  return hour > 23 ? null : hour * 60 + minute;
}

/** 540 → "09:00". */
export const formatTimeOfDay = (minute: number): string =>
  `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;

/** The zone's canonical name ("asia/kolkata" → "Asia/Kolkata"); null for an unknown zone. */
function canonicalZone(zone: string): string | null {
  try {
    assertTimeZone(zone);
    return new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}

/** Where a digest goes, as its seller reads it. */
function placeName(sub: Pick<DigestSubscription, 'channel' | 'destination'>, who?: CommandWho): string {
  if (who && sub.channel === who.address.channel && sub.destination === (who.repliedIn ?? who.destination))
    return 'here';
  switch (sub.channel) {
    case 'SLACK':
      return sub.destination.startsWith('D') ? 'in a Slack DM' : `in Slack channel ${sub.destination}`;
    case 'WHATSAPP':
      return `on WhatsApp (${sub.destination})`;
    default:
      return `in the terminal (${sub.destination})`;
  }
}

/** One digest as "list" and "status" show it: where, when, and whether it is on. */
export function describeDigest(
  sub: Pick<
    DigestSubscription,
    'channel' | 'destination' | 'sendMinute' | 'timeZone' | 'pausedAt' | 'pauseReason' | 'activeFrom'
  >,
  sellerZone: string,
  now: Date,
  who?: CommandWho,
): string {
  const zone = sub.timeZone ?? sellerZone;
  const at = `${formatTimeOfDay(sub.sendMinute)} (${zone})`;
  if (sub.pausedAt) {
    const why = sub.pauseReason === 'CHANNEL_GONE' ? 'I was removed from the channel' : 'paused by you';
    return `${placeName(sub, who)} at ${at}: paused (${why}). "digest resume" there turns it back on.`;
  }
  const next = nextLocalTime(sub.sendMinute, zone, now < sub.activeFrom ? new Date(sub.activeFrom.getTime() - 1) : now);
  return `${placeName(sub, who)} at ${at}: on, next ${shortDay(localDay(next, zone))}.`;
}

/** The digest commands, for the place the command was written in (`who.destination`). */
export async function runDigest(deps: CommandDeps, who: CommandWho, command: DigestCommand): Promise<CommandReply> {
  const now = deps.now?.() ?? new Date();
  const key = {
    userId: who.userId,
    channel: who.address.channel,
    teamId: who.address.teamId ?? '',
    destination: who.destination,
  };
  const where = { userId_channel_teamId_destination: key };
  const user = await deps.db.user.findUniqueOrThrow({ where: { id: who.userId }, select: { timeZone: true } });
  const existing = await deps.db.digestSubscription.findUnique({ where });
  const none = { text: 'No daily digest is set up here. "digest on" (or "digest daily 09:00") starts one.' };

  switch (command.action) {
    case 'list': {
      const all = await deps.db.digestSubscription.findMany({
        where: { userId: who.userId },
        orderBy: { createdAt: 'asc' },
      });
      if (all.length === 0) return { text: 'You have no daily digest. "digest on" here starts one.' };
      return {
        text: `Your daily digests:\n${all.map((s) => `• ${describeDigest(s, user.timeZone, now, who)}`).join('\n')}`,
      };
    }
    case 'off': {
      if (!existing) return none;
      await deps.db.digestSubscription.delete({ where });
      return { text: 'Daily digest off here. "digest on" starts it again.' };
    }
    case 'pause': {
      if (!existing) return none;
      if (existing.pausedAt)
        return { text: 'The daily digest here is already paused. "digest resume" turns it back on.' };
      await deps.db.digestSubscription.update({ where, data: { pausedAt: now, pauseReason: 'BY_USER' } });
      return { text: 'Daily digest paused here. "digest resume" turns it back on.' };
    }
    case 'resume': {
      if (!existing) return none;
      const sub = await deps.db.digestSubscription.update({
        where,
        data: {
          pausedAt: null,
          pauseReason: null,
          activeFrom: await startsFrom(deps, existing, existing.timeZone ?? user.timeZone, now),
        },
      });
      return { text: `Daily digest back on: ${describeDigest(sub, user.timeZone, now, who)}` };
    }
    case 'on': {
      const minute = command.time === undefined ? undefined : parseTimeOfDay(command.time);
      if (minute === null)
        return {
          text: `I could not read "${command.time}" as a time of day. Try "digest daily 09:00", "digest at 7pm" or "digest at 18:30 Asia/Kolkata".`,
        };
      const zone = command.timeZone === undefined ? undefined : canonicalZone(command.timeZone);
      if (zone === null)
        return {
          text: `"${command.timeZone}" is not a time zone I know. Use an IANA name such as Asia/Kolkata, Europe/London or America/New_York.`,
        };
      const sub = await deps.db.digestSubscription.upsert({
        where,
        create: {
          ...key,
          sendMinute: minute ?? DEFAULT_SEND_MINUTE,
          ...(zone && { timeZone: zone }),
          createdBy: `${who.address.channel}:${who.address.teamId ?? ''}:${who.address.externalId}`,
          activeFrom: now,
        },
        update: {
          ...(minute !== undefined && { sendMinute: minute }),
          ...(zone && { timeZone: zone }),
          pausedAt: null,
          pauseReason: null,
          ...(existing && {
            activeFrom: await startsFrom(deps, existing, zone ?? existing.timeZone ?? user.timeZone, now),
          }),
        },
      });
      return {
        text: `Daily digest ${existing ? 'updated' : 'on'}: ${describeDigest(sub, user.timeZone, now, who)}\nIt holds ${WHAT}. ${HOW}`,
      };
    }
  }
}

/** From when a changed or resumed digest is due: now, or tomorrow when today's has gone out already. */
async function startsFrom(
  deps: CommandDeps,
  sub: Pick<DigestSubscription, 'id'>,
  zone: string,
  now: Date,
): Promise<Date> {
  const today = localDay(now, zone);
  const sent = await deps.db.digestDelivery.count({
    where: { subscriptionId: sub.id, localDate: new Date(`${today}T00:00:00Z`), status: 'SENT' },
  });
  return sent > 0 ? startOfLocalDay(addDays(today, 1), zone) : now;
}
