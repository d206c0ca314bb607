import type { Config } from '../config.ts';
import { SANDBOX_APP_CREDENTIALS } from '../sandbox/generator/index.ts';
import type { SandboxMarketplace } from '../sandbox/types.ts';

/**
 * What an operator types into the BigCommerce and eBay developer portals: where each sends the
 * browser back after consent (BigCommerce's auth callback, eBay's RuName accept URL). The
 * demo's sandboxes learn it through their control routes.
 */
export async function registerSandboxApps(
  urls: Record<SandboxMarketplace, string>,
  config: Pick<Config, 'publicBaseUrl'>,
): Promise<void> {
  const control = async (m: SandboxMarketplace, path: string, body: object) => {
    const res = await fetch(`${urls[m]}/_sandbox${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`sandbox ${m} refused ${path}: ${res.status} ${await res.text()}`);
  };
  await control('bigcommerce', '/oauth/app', { authCallbackUrl: `${config.publicBaseUrl}/oauth/bigcommerce/callback` });
  await control('ebay', '/oauth/runame', {
    ruName: SANDBOX_APP_CREDENTIALS.EBAY_RU_NAME,
    acceptUrl: `${config.publicBaseUrl}/oauth/ebay/callback`,
  });
}
