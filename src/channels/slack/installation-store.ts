import type { Installation, InstallationQuery, InstallationStore } from '@slack/bolt';
import { decryptToken, encryptToken, type KeyRing } from '../../crypto/tokens.ts';
import type { Db } from '../../db/client.ts';

/**
 * Bolt's installation store on the SlackInstallation table: one row per workspace (per Enterprise
 * Grid org for an org-wide install), the whole Installation JSON encrypted like OAuth tokens.
 */

/** The row key: the enterprise id for an org-wide install, else the team id. Seller identities use it as their teamId too. */
export function installKeyOf(q: {
  teamId?: string | undefined;
  enterpriseId?: string | undefined;
  isEnterpriseInstall?: boolean | undefined;
}): string {
  const key = q.isEnterpriseInstall ? q.enterpriseId : q.teamId;
  if (!key)
    throw new Error(`Slack installation query without ${q.isEnterpriseInstall ? 'an enterprise' : 'a team'} id`);
  return key;
}

export class SlackInstallationMissingError extends Error {
  constructor(readonly installKey: string) {
    super(`no Slack installation for ${installKey}`);
    this.name = 'SlackInstallationMissingError';
  }
}

export function createInstallationStore(deps: {
  db: Db;
  keyRing: KeyRing;
}): InstallationStore & { fetchByKey(installKey: string): Promise<Installation> } {
  const fetchByKey = async (installKey: string): Promise<Installation> => {
    const row = await deps.db.slackInstallation.findUnique({ where: { installKey } });
    if (!row) throw new SlackInstallationMissingError(installKey);
    return JSON.parse(decryptToken(row.installationEnc, deps.keyRing)) as Installation;
  };

  return {
    fetchByKey,

    async storeInstallation(installation) {
      const isEnterpriseInstall = installation.isEnterpriseInstall === true;
      const installKey = installKeyOf({
        teamId: installation.team?.id,
        enterpriseId: installation.enterprise?.id,
        isEnterpriseInstall,
      });
      const existing = await deps.db.slackInstallation.findUnique({ where: { installKey } });
      // A later grant without a bot (a user-token-only authorization) must not drop the bot token.
      const previous = existing
        ? (JSON.parse(decryptToken(existing.installationEnc, deps.keyRing)) as Installation)
        : undefined;
      const merged: Installation =
        installation.bot || !previous?.bot ? installation : { ...installation, bot: previous.bot };
      const data = {
        teamId: installation.team?.id ?? null,
        enterpriseId: installation.enterprise?.id ?? null,
        isEnterpriseInstall,
        botUserId: merged.bot?.userId ?? null,
        installationEnc: encryptToken(JSON.stringify(merged), deps.keyRing),
      };
      await deps.db.slackInstallation.upsert({ where: { installKey }, create: { installKey, ...data }, update: data });
    },

    async fetchInstallation(query: InstallationQuery<boolean>) {
      return fetchByKey(installKeyOf(query));
    },

    async deleteInstallation(query: InstallationQuery<boolean>) {
      await deps.db.slackInstallation.deleteMany({ where: { installKey: installKeyOf(query) } });
    },
  };
}
