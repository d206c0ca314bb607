/**
 * Runs the real API responses in the real-payloads folder through each connector's schemas and
 * mapper and compares the result with what a careful reader of the response expects.
 *
 *   npx tsx scripts/check-real-payloads.ts [folder]     (default ../shared/real-payloads)
 *
 * Exit 1 when a response is rejected or a value differs. The responses are not part of this
 * repository; the tests pin the same shapes with fixtures of our own (test/fixtures/<marketplace>).
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import type { PayloadCheck } from './real-payloads/expectation.ts';

const CHECKS: Record<string, () => Promise<{ check: PayloadCheck }>> = {
  shopify: () => import('./real-payloads/shopify.ts'),
  bigcommerce: () => import('./real-payloads/bigcommerce.ts'),
  square: () => import('./real-payloads/square.ts'),
  flipkart: () => import('./real-payloads/flipkart.ts'),
};

const root = resolve(process.argv[2] ?? new URL('../../shared/real-payloads', import.meta.url).pathname);
if (!existsSync(root)) {
  console.error(`no real-payloads folder at ${root}`);
  process.exit(2);
}
let failed = 0;
for (const [marketplace, load] of Object.entries(CHECKS)) {
  const dir = join(root, marketplace);
  if (!existsSync(dir)) {
    console.log(`${marketplace}: no folder, nothing to check`);
    continue;
  }
  try {
    const results = await (await load()).check(dir);
    for (const r of results) {
      const ok = isDeepStrictEqual(r.expected, r.actual);
      if (!ok) failed++;
      const shown = ok
        ? JSON.stringify(r.actual)
        : `expected ${JSON.stringify(r.expected)}, got ${JSON.stringify(r.actual)}`;
      console.log(`${ok ? 'ok  ' : 'FAIL'} ${marketplace}/${r.file}: ${r.what}: ${shown}`);
    }
  } catch (err) {
    failed++;
    console.log(`FAIL ${marketplace}: ${(err as Error).message}`);
  }
}
console.log(failed === 0 ? 'every real payload accepted and mapped as expected' : `${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
