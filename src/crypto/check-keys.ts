import type { Db } from '../db/client.ts';
import { AppError, ErrorCode } from '../errors.ts';
import { decryptToken, type KeyRing } from './tokens.ts';

/**
 * The key check on startup: one stored ciphertext of each key id the database holds (OAuth
 * tokens, Slack installations) must decrypt with this process's keys. A wrong or missing
 * TOKEN_ENCRYPTION_KEY then stops the process with a clear message, where it would otherwise
 * fail every sync and ask every seller to reconnect. With nothing stored yet there is nothing to check.
 */
export async function checkKeys(db: Db, ring: KeyRing): Promise<void> {
  const samples = await db.$queryRaw<{ kid: string; token: string; holder: string }[]>`
    SELECT DISTINCT ON (split_part(t.token, '.', 2)) split_part(t.token, '.', 2) AS kid, t.token, t.holder
    FROM (
      SELECT c."accessTokenEnc" AS token, 'a marketplace connection' AS holder FROM "MarketplaceConnection" c WHERE c."accessTokenEnc" IS NOT NULL
      UNION ALL SELECT c."refreshTokenEnc", 'a marketplace connection' FROM "MarketplaceConnection" c WHERE c."refreshTokenEnc" IS NOT NULL
      UNION ALL SELECT s."installationEnc", 'a Slack installation' FROM "SlackInstallation" s
    ) t
    ORDER BY split_part(t.token, '.', 2)`;
  for (const { kid, token, holder } of samples) {
    try {
      decryptToken(token, ring);
    } catch (err) {
      throw new AppError(
        ErrorCode.CONFIG,
        `TOKEN_ENCRYPTION_KEY cannot read the tokens in the database (${holder}, key id ${kid}): ${(err as Error).message}. ` +
          'Set the key they were encrypted with; to rotate, put the new key first and keep the old one after a comma.',
        { cause: err },
      );
    }
  }
}
