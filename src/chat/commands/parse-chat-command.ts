import { findMarketplaces } from '../router/marketplaces.ts';
import { looksLikeLinkCode } from './link-code.ts';
import type { ChatCommand } from './types.ts';

/**
 * Reads a command out of a whole message, strictly: the message must be the command and nothing
 * else ("connect shopify", "digest on 8"), so a question that merely mentions a word ("how do I
 * connect shopify?", "status of my ebay orders") is left to answerQuestion. Adapters strip their
 * own prefixes ("/frame", a bot mention) first. Null: not a command.
 */
export function parseChatCommand(text: string): ChatCommand | null {
  const raw = text.replace(/[’‘]/g, "'").replace(/\s+/g, ' ').trim();
  const line = raw
    .toLowerCase()
    .replace(/^\//, '')
    .replace(/[.!]+$/, '')
    .trim();
  if (/^link( (my )?(whatsapp|phone|number|account)( number| account)?)?$/.test(line)) return { kind: 'link' };
  if (isLinkCode(raw)) return { kind: 'link', code: raw.replace(/^link\s+/i, '').toUpperCase() };

  if (/^(help|commands|\?|menu)( please)?$/.test(line)) return { kind: 'help' };
  if (/^(status|(my |show( my)? |list( my)? )?connections|connection status|(show )?(my )?status)$/.test(line))
    return { kind: 'status' };
  if (/^(re)?connect$/.test(line)) return { kind: 'help' };

  const connect = /^(?:re)?connect (?:to )?(?:my )?(.+)$/.exec(line) ?? /^add (?:my )?(.+)$/.exec(line);
  if (connect) {
    const marketplace = onlyMarketplace(connect[1]!);
    return marketplace ? { kind: 'connect', marketplace } : null;
  }

  const disconnect =
    /^(?:disconnect|unlink|remove) (?:from )?(?:my )?(.+?)(?: (?:and )?(purge|delete|erase|keep)(?: (?:the |my |its )?data| everything)?)?$/.exec(
      line,
    );
  if (disconnect) {
    const marketplace = onlyMarketplace(disconnect[1]!);
    if (!marketplace) return null;
    const word = disconnect[2];
    return word
      ? { kind: 'disconnect', marketplace, choice: word === 'keep' ? 'keep' : 'purge' }
      : { kind: 'disconnect', marketplace };
  }

  return parseDigest(line);
}

const DIGEST_ACTIONS: Record<string, 'off' | 'pause' | 'resume' | 'list'> = {
  off: 'off',
  disable: 'off',
  stop: 'off',
  unsubscribe: 'off',
  pause: 'pause',
  resume: 'resume',
  unpause: 'resume',
  list: 'list',
  status: 'list',
};
const ZONE = /^(utc|gmt|[a-z_]+(?:\/[a-z0-9_+-]+)+)$/;
const TIME = /^(\d{1,2}(?:[:.h]\d{2})? ?(?:am|pm|h)?|noon|midday|midnight)$/;

/**
 * "digest on [time] [zone]", "digest daily 09:00 Asia/Kolkata", "digest at 8:30", "digest pause",
 * "digest resume", "digest off", "digest list" (and "my digests"). The time and zone are kept as
 * typed: the command checks them and says what is wrong.
 */
function parseDigest(line: string): ChatCommand | null {
  if (/^(?:(?:list|show)(?: my)?|my) (?:daily )?digests?$/.test(line)) return { kind: 'digest', action: 'list' };
  const m =
    /^(?:daily )?digests? (on|enable|start|subscribe|daily|every day|at|off|disable|stop|unsubscribe|pause|resume|unpause|list|status)(?: (.+))?$/.exec(
      line,
    );
  if (!m) return null;
  const word = m[1]!;
  const rest = m[2]?.replace(/^(?:daily |every day )?(?:at )?/, '').trim() ?? '';
  const action = DIGEST_ACTIONS[word];
  if (action) return rest === '' ? { kind: 'digest', action } : null;
  if (rest === '') return word === 'at' ? null : { kind: 'digest', action: 'on' };
  // the rest must read as a time (checked later, so "25" is refused with a reason) and/or a zone: else it is a question
  const words = rest.split(' ');
  const zone = ZONE.test(words.at(-1)!) ? words.pop() : undefined;
  const time = words.join(' ');
  if (time === '') return zone && word !== 'at' ? { kind: 'digest', action: 'on', timeZone: zone } : null;
  if (!TIME.test(time)) return null;
  return { kind: 'digest', action: 'on', time, ...(zone && { timeZone: zone }) };
}

/**
 * A link code: after "link", anything of the code's shape; alone, only when it cannot be an
 * ordinary word ("payments" has the shape too): hyphenated, with a digit, or typed in capitals.
 */
function isLinkCode(raw: string): boolean {
  if (!looksLikeLinkCode(raw)) return false;
  return /^link\s/i.test(raw) || raw.includes('-') || /\d/.test(raw) || raw === raw.toUpperCase();
}

/** The one marketplace a phrase names, allowing "account", "store", "shop" around it; null otherwise. */
function onlyMarketplace(phrase: string) {
  const { found, all, rest } = findMarketplaces(phrase);
  if (all || found.length !== 1) return null;
  const left = rest.replace(/\b(account|store|shop|seller account|please|now)\b/g, ' ').trim();
  return left === '' ? found[0]!.value : null;
}
