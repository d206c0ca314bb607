import { describe, expect, it } from '@jest/globals';
import type { Agenda } from 'agenda';
import { syncConnectionJob } from '../../src/jobs/definitions/sync-connection.ts';
import { runAt, runNow } from '../../src/jobs/job.ts';

/** Jobs are queued through their definitions: a payload the job would refuse is never stored. */
describe('queueing a job through its definition', () => {
  const stored: unknown[][] = [];
  const agenda = {
    now: async (...args: unknown[]) => void stored.push(['now', ...args]),
    schedule: async (...args: unknown[]) => void stored.push(['schedule', ...args]),
  } as unknown as Agenda;

  it('stores a good payload as given, under the definition name', async () => {
    await runNow(agenda, syncConnectionJob, { connectionId: 'c1', trigger: 'WEBHOOK', streams: ['ORDERS'] });
    await runAt(agenda, 'in 30 seconds', syncConnectionJob, { connectionId: 'c1', attempt: 2 });
    expect(stored).toEqual([
      ['now', 'sync-connection', { connectionId: 'c1', trigger: 'WEBHOOK', streams: ['ORDERS'] }],
      ['schedule', 'in 30 seconds', 'sync-connection', { connectionId: 'c1', attempt: 2 }],
    ]);
  });

  it('refuses a bad payload before storing anything', async () => {
    stored.length = 0;
    await expect(runNow(agenda, syncConnectionJob, { connectionId: '' })).rejects.toThrow();
    await expect(
      runNow(agenda, syncConnectionJob, { connectionId: 'c1', trigger: 'NIGHTLY' as never }),
    ).rejects.toThrow();
    expect(stored).toEqual([]);
  });
});
