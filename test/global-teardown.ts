import { adminQuery, LOCAL_ADMIN_URL } from './helpers/db.ts';

export default async function globalTeardown(): Promise<void> {
  const name = process.env.FRAME_TEST_DROP_DATABASE;
  if (name) await adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`, LOCAL_ADMIN_URL);
}
