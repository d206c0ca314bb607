import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { AppError, ErrorCode } from '../errors.ts';

interface LockRecord {
  pid: number;
  startedAt: string;
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it runs, as someone else
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/**
 * One demo per data directory: a second one would join the first's embedded database, point
 * the demo seller's stores at its own sandboxes and, when it stops, leave the first syncing
 * against nothing. A lock file holds the demo's pid; one left by a demo that died is taken over.
 */
export function acquireDemoLock(dataDir: string): { release(): void } {
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, 'demo.lock');
  const record = JSON.stringify({ pid: process.pid, startedAt: new Date().toISOString() } satisfies LockRecord);
  for (let tries = 0; ; tries++) {
    try {
      // created only when absent: two demos starting at once cannot both take it
      writeFileSync(file, record, { flag: 'wx' });
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || tries > 0) throw err;
    }
    let held: LockRecord | null = null;
    try {
      held = JSON.parse(readFileSync(file, 'utf8')) as LockRecord;
    } catch {
      // unreadable: a demo that died while writing it
    }
    if (held && Number.isInteger(held.pid) && held.pid > 0 && held.pid !== process.pid && alive(held.pid))
      throw new AppError(
        ErrorCode.INVALID_INPUT,
        `another demo (pid ${held.pid}, started ${held.startedAt}) is running on ${resolve(dataDir)}: stop it first, or run this one on a directory of its own (and a database of its own when DATABASE_URL is set), e.g. DATA_DIR=.data-2 npm run demo`,
      );
    rmSync(file, { force: true });
  }
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    try {
      const held = JSON.parse(readFileSync(file, 'utf8')) as LockRecord;
      if (held.pid === process.pid) rmSync(file, { force: true });
    } catch {
      // already gone
    }
  };
  process.once('exit', release);
  return { release };
}
