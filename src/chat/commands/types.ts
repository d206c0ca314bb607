import type { CoreDeps } from '../../deps.ts';
import type { MarketplaceType } from '../../generated/prisma/enums.ts';
import { MARKETPLACE_KEYS } from '../../marketplaces/registry.ts';
import type { Notifier } from '../../notify/notifier.ts';
import type { EnqueueSync } from '../../sync/sync-request.ts';
import type { ChatAddress } from '../identity.ts';

/** What a seller can ask the bot to do (as opposed to a question about their data). */
export type ChatCommand =
  | { kind: 'connect'; marketplace: MarketplaceType }
  | { kind: 'status' }
  | { kind: 'disconnect'; marketplace: MarketplaceType; choice?: 'keep' | 'purge' }
  | DigestCommand
  | { kind: 'link'; code?: string }
  | { kind: 'help' };

/**
 * The daily digest where the command was written: on (with a time of day and a zone, as typed,
 * checked by the command so it can say what is wrong), or off, pause, resume; list shows all of
 * the seller's digests.
 */
export type DigestCommand =
  | { kind: 'digest'; action: 'on'; time?: string; timeZone?: string }
  | { kind: 'digest'; action: 'off' | 'pause' | 'resume' | 'list' };

/** Who sent the command, as the channel verified it. */
export interface CommandWho {
  userId: string;
  address: ChatAddress;
  /** where a digest would go: the Slack channel id or WhatsApp number; the console login for the terminal */
  destination: string;
  /** where the reply is read, when not at `destination` (a channel's digest set up from App Home is confirmed by DM) */
  repliedIn?: string;
}

export interface CommandReply {
  /** said where the command was written */
  text: string;
  /** a private follow-up for the seller alone (a connect link, a link code): sent as a DM */
  direct?: string;
  /** marketplaces to offer a "Connect" button for (Slack buttons, a numbered list elsewhere) */
  connectButtons?: MarketplaceType[];
}

export interface CommandDeps extends CoreDeps {
  notifier?: Notifier;
  enqueueSync?: EnqueueSync;
}

export const ALL_MARKETPLACES: readonly MarketplaceType[] = MARKETPLACE_KEYS;
