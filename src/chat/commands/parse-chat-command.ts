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

  const digest =
    /^(?:daily )?digests? (on|off|enable|disable|start|stop)(?: (?:at )?(\d{1,2})(?::00)? ?(am|pm|h)?)?$/.exec(line);
  if (digest) {
    const enabled = ['on', 'enable', 'start'].includes(digest[1]!);
    if (!enabled) return digest[2] === undefined ? { kind: 'digest', enabled } : null;
    if (digest[2] === undefined) return { kind: 'digest', enabled };
    return { kind: 'digest', enabled, hour: toHour(Number(digest[2]), digest[3]) };
  }

  return null;
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

/** "8" → 8, "8 pm" → 20, "12 am" → 0; an hour out of range is kept so the reply can say why it is refused. */
function toHour(n: number, suffix: string | undefined): number {
  if (suffix === 'am') return n === 12 ? 0 : n > 12 ? 24 + n : n;
  if (suffix === 'pm') return n === 12 ? 12 : n > 12 ? 24 + n : n + 12;
  return n;
}
