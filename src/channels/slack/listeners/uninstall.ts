import type { App, InstallationQuery, InstallationStore } from '@slack/bolt';
import { z } from 'zod';

const tokensRevoked = z.object({ tokens: z.object({ bot: z.array(z.string()).optional() }) });

/** OAuth installs: app_uninstalled, or the bot token revoked, removes the workspace's installation. */
export function registerUninstall(app: App, store: InstallationStore): void {
  const remove = async (context: { teamId?: string; enterpriseId?: string; isEnterpriseInstall?: boolean }) => {
    const query: InstallationQuery<boolean> = {
      teamId: context.teamId,
      enterpriseId: context.enterpriseId,
      isEnterpriseInstall: context.isEnterpriseInstall === true,
    };
    await store.deleteInstallation?.(query);
  };
  app.event('app_uninstalled', async ({ context }) => remove(context));
  app.event('tokens_revoked', async ({ event, context }) => {
    if ((tokensRevoked.parse(event).tokens.bot ?? []).length > 0) await remove(context);
  });
}
