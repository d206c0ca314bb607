import { issueLinkCode, redeemLinkCode } from './link-code.ts';
import type { CommandDeps, CommandReply, CommandWho } from './types.ts';

/** "link": a one-time code to attach another chat address (a WhatsApp number) to this seller. */
export async function runIssueLink(deps: CommandDeps, who: CommandWho): Promise<CommandReply> {
  const now = deps.now?.() ?? new Date();
  const { code, expiresAt } = await issueLinkCode(deps.db, who.userId, now);
  const minutes = Math.round((expiresAt.getTime() - now.getTime()) / 60_000);
  return {
    text: 'I sent you a link code privately.',
    direct: `Your link code: ${code}\nSend it to this bot from WhatsApp within ${minutes} minutes to link that number to your account. It works once.`,
  };
}

/** "link ABCD-EFGH" (or the bare code): attaches the sender's address to the code's seller. */
export async function runRedeemLink(deps: CommandDeps, who: CommandWho, code: string): Promise<CommandReply> {
  const redeemed = await redeemLinkCode(deps.db, code, who.address, deps.now?.() ?? new Date());
  if (!redeemed) {
    return {
      text: 'That link code did not work: it is mistyped, already used, or older than 15 minutes. Nothing was changed. Send "link" where you already use the bot to get a new one.',
    };
  }
  const seller = await deps.db.user.findUniqueOrThrow({ where: { id: redeemed.userId }, select: { name: true } });
  const what =
    who.address.channel === 'WHATSAPP'
      ? 'This number'
      : who.address.channel === 'SLACK'
        ? 'This Slack account'
        : 'This login';
  return {
    text: `${what} is now linked to ${seller.name}. Ask away, for example "what were my total sales last month?"`,
  };
}
