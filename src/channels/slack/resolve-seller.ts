import type { webApi } from '@slack/bolt';
import type { Logger } from 'pino';
import { z } from 'zod';
import { type ChatAddress, ensureChatUser, findChatUser } from '../../chat/identity.ts';
import type { Db } from '../../db/client.ts';

/** Who wrote on Slack, as Slack verified it: the install key (team, or org for org-wide installs) and the user id. */
export interface SlackSender {
  teamKey: string;
  slackUserId: string;
}

export const slackAddress = (s: SlackSender): ChatAddress => ({
  channel: 'SLACK',
  teamId: s.teamKey,
  externalId: s.slackUserId,
});

/** The identity key of a request: an org-wide install keys by the enterprise id (user ids are unique across the org). */
export function teamKeyOf(context: {
  teamId?: string | undefined;
  enterpriseId?: string | undefined;
  isEnterpriseInstall?: boolean | undefined;
}): string | undefined {
  return context.isEnterpriseInstall ? context.enterpriseId : (context.teamId ?? context.enterpriseId);
}

const usersInfo = z.object({
  user: z.object({
    name: z.string().optional(),
    real_name: z.string().optional(),
    tz: z.string().optional(),
    profile: z.object({ display_name: z.string().optional(), real_name: z.string().optional() }).optional(),
  }),
});

const validZone = (tz: string | undefined) => {
  if (!tz) return undefined;
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return tz;
  } catch {
    return undefined;
  }
};

/** Name and time zone from users.info (one call, on first contact only); the user id when Slack will not say. */
async function slackProfile(
  client: webApi.WebClient,
  slackUserId: string,
  log: Logger,
): Promise<{ name: string; timeZone?: string }> {
  try {
    const parsed = usersInfo.safeParse(await client.users.info({ user: slackUserId }));
    if (!parsed.success) return { name: slackUserId };
    const u = parsed.data.user;
    const name = u.profile?.display_name || u.profile?.real_name || u.real_name || u.name || slackUserId;
    const timeZone = validZone(u.tz);
    return { name, ...(timeZone && { timeZone }) };
  } catch (err) {
    log.warn(
      { err: { code: (err as { code?: string }).code, message: (err as Error).message } },
      'users.info failed; naming the seller by user id',
    );
    return { name: slackUserId };
  }
}

/** The seller behind a Slack user; first contact creates one (named from the Slack profile). */
export async function resolveSeller(
  deps: { db: Db; log: Logger },
  client: webApi.WebClient,
  sender: SlackSender,
): Promise<{ userId: string; created: boolean; name: string }> {
  const address = slackAddress(sender);
  const known = await findChatUser(deps.db, address);
  if (known) return { userId: known, created: false, name: sender.slackUserId };
  const profile = await slackProfile(client, sender.slackUserId, deps.log);
  const { userId, created } = await ensureChatUser(deps.db, address, profile);
  return { userId, created, name: profile.name };
}
