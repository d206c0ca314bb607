import type { types, webApi } from '@slack/bolt';
import { describeDigest } from '../../chat/commands/digest.ts';
import { ALL_MARKETPLACES, type CommandDeps } from '../../chat/commands/index.ts';
import { describeAge } from '../../chat/describe-age.ts';
import { marketplaceName } from '../../chat/tools/format.ts';
import type { DigestSubscription } from '../../generated/prisma/client.ts';
import type { ConnectionStatus } from '../../generated/prisma/enums.ts';
import { type Block, connectActions, connectButton, escapeText } from './blocks.ts';

const STATUS: Record<ConnectionStatus, string> = {
  CONNECTED: 'Connected',
  DISCONNECTED: 'Disconnected',
  NEEDS_REAUTH: 'Needs you to reconnect',
  ERROR: 'Failing',
};

const mrkdwn = (text: string): Block => ({ type: 'section', text: { type: 'mrkdwn', text } });

export interface HomeData {
  now: Date;
  timeZone: string;
  connections: {
    marketplace: (typeof ALL_MARKETPLACES)[number];
    storeId: string;
    storeName: string | null;
    status: ConnectionStatus;
    lastSyncAt: Date | null;
    lastError: string | null;
  }[];
  digests: Pick<
    DigestSubscription,
    'destination' | 'sendMinute' | 'timeZone' | 'pausedAt' | 'pauseReason' | 'activeFrom' | 'channel'
  >[];
  /** the app's DM channel with this user, where a digest turned on from Home goes */
  dmChannelId: string;
}

/** The App Home tab: connections with status and freshness, connect buttons for the rest, the daily digest. */
export function homeView(data: HomeData): types.HomeView {
  const blocks: Block[] = [
    { type: 'header', text: { type: 'plain_text', text: 'Your marketplaces' } },
    {
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: 'Ask me about your sales in a DM, by mentioning me in a channel, or with `/frame ask <question>`.',
        },
      ],
    },
  ];
  if (data.connections.length === 0) blocks.push(mrkdwn('No marketplace is connected yet.'));
  for (const c of data.connections) {
    const age = c.lastSyncAt
      ? describeAge(
          {
            asOf: c.lastSyncAt,
            ageMs: data.now.getTime() - c.lastSyncAt.getTime(),
            refreshed: false,
            completed: true,
            reports: [],
          },
          data.now,
        )
      : 'Not synced yet.';
    const needsHelp = c.status === 'NEEDS_REAUTH' || c.status === 'ERROR';
    const error = needsHelp && c.lastError ? ` · Last error: ${escapeText(c.lastError)}` : '';
    const line = `*${marketplaceName(c.marketplace)}* · ${escapeText(c.storeName ?? c.storeId)}\n${STATUS[c.status]} · ${escapeText(age)}${error}`;
    blocks.push(
      needsHelp
        ? {
            type: 'section',
            text: { type: 'mrkdwn', text: line },
            accessory: connectButton(c.marketplace, 'Reconnect'),
          }
        : mrkdwn(line),
    );
  }
  // a marketplace with a Reconnect button above gets no second button here
  const missing = ALL_MARKETPLACES.filter((m) => !data.connections.some((c) => c.marketplace === m));
  if (missing.length > 0) blocks.push(connectActions(missing));

  blocks.push({ type: 'divider' }, { type: 'header', text: { type: 'plain_text', text: 'Daily digest' } });
  for (const d of data.digests) {
    const place = d.destination === data.dmChannelId ? 'In your DM with me' : `In <#${d.destination}>`;
    const said = describeDigest(d, data.timeZone, data.now).replace(/^[^:]*? at /, ' at ');
    blocks.push(
      { type: 'section', text: { type: 'mrkdwn', text: `${place}${escapeText(said)}` } },
      {
        type: 'actions',
        elements: [
          digestButton(d.pausedAt ? 'resume' : 'pause', d.pausedAt ? 'Resume' : 'Pause', d.destination),
          digestButton('off', 'Turn off', d.destination),
        ],
      },
    );
  }
  if (!data.digests.some((d) => d.destination === data.dmChannelId)) {
    blocks.push({
      type: 'section',
      text: { type: 'mrkdwn', text: data.digests.length === 0 ? 'Off.' : 'Off in your DM with me.' },
      accessory: digestButton('on', 'Send me a daily digest', data.dmChannelId),
    });
  }
  blocks.push({
    type: 'section',
    text: { type: 'mrkdwn', text: 'Post a daily digest in a channel (09:00 your time; invite me there first):' },
    accessory: {
      type: 'conversations_select',
      action_id: 'digest:channel',
      placeholder: { type: 'plain_text', text: 'Pick a channel' },
      filter: { include: ['public', 'private'], exclude_bot_users: true },
    },
  });
  // private_metadata: the DM channel, for the digest buttons to republish this view
  return { type: 'home', blocks, private_metadata: data.dmChannelId };
}

const digestButton = (action: string, text: string, destination: string): types.Button => ({
  type: 'button',
  action_id: `digest:${action}`,
  text: { type: 'plain_text', text },
  value: destination,
});

/** Reads the seller's connections and digests and publishes their Home tab. */
export async function publishHome(
  deps: CommandDeps,
  client: webApi.WebClient,
  who: { userId: string; slackUserId: string; teamKey: string; dmChannelId: string },
): Promise<void> {
  const [user, connections, digests] = await Promise.all([
    deps.db.user.findUniqueOrThrow({ where: { id: who.userId }, select: { timeZone: true } }),
    deps.db.marketplaceConnection.findMany({
      where: { userId: who.userId, status: { not: 'DISCONNECTED' } },
      orderBy: [{ marketplace: 'asc' }, { storeId: 'asc' }],
      select: { marketplace: true, storeId: true, storeName: true, status: true, lastSyncAt: true, lastError: true },
    }),
    deps.db.digestSubscription.findMany({
      where: { userId: who.userId, channel: 'SLACK', teamId: who.teamKey },
      orderBy: { createdAt: 'asc' },
    }),
  ]);
  const view = homeView({
    now: deps.now?.() ?? new Date(),
    timeZone: user.timeZone,
    connections,
    digests,
    dmChannelId: who.dmChannelId,
  });
  await client.views.publish({ user_id: who.slackUserId, view });
}
