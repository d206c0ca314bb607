import { migrate } from '../src/db/migrate.ts';
import { createScratchDatabase, LOCAL_ADMIN_URL } from './helpers/db.ts';

/** One migrated database for the run: TEST_DATABASE_URL if given (.ci/run), else a fresh one. */
export default async function globalSetup(): Promise<void> {
  if (!process.env.TEST_DATABASE_URL) {
    const db = await createScratchDatabase(LOCAL_ADMIN_URL, 'frame_test');
    process.env.TEST_DATABASE_URL = db.url;
    process.env.FRAME_TEST_DROP_DATABASE = db.name;
  }
  await migrate(process.env.TEST_DATABASE_URL!);
}
