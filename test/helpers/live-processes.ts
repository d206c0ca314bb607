import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { childEnv, ROOT, startUntil } from './spawn.ts';

/**
 * Real web and worker processes (node src/server.ts, src/worker.ts) on a scratch database with
 * Slack pointed at a local stand-in, and signed Slack DMs to send them.
 */

export const SLACK_SECRET = 'live-processes-signing-secret-0123';
export const SLACK_TOKEN = 'xoxb-1-frame-live-processes';
export const SLACK_TEAM = 'T0LIVE001';
export const SLACK_BOT_USER = 'ULIVEBOT';

export function slackSigned(body: string, at = Math.floor(Date.now() / 1000)): Record<string, string> {
  return {
    'x-slack-request-timestamp': String(at),
    'x-slack-signature': `v0=${createHmac('sha256', SLACK_SECRET).update(`v0:${at}:${body}`).digest('hex')}`,
  };
}

/** An Events API delivery of a DM to the bot. */
export function dmEnvelope(eventId: string, channel: string, user: string, text: string, ts: string): string {
  return JSON.stringify({
    team_id: SLACK_TEAM,
    api_app_id: 'AFAKEAPP',
    type: 'event_callback',
    event_id: eventId,
    event_time: Math.floor(Date.now() / 1000),
    event: { type: 'message', channel_type: 'im', channel, user, text, ts, event_ts: ts },
    authorizations: [
      { enterprise_id: null, team_id: SLACK_TEAM, user_id: SLACK_BOT_USER, is_bot: true, is_enterprise_install: false },
    ],
  });
}

export async function postDm(url: string, body: string, headers: Record<string, string> = {}): Promise<number> {
  const res = await fetch(`${url}/slack/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...slackSigned(body), ...headers },
    body,
    signal: AbortSignal.timeout(10_000),
  });
  return res.status;
}

export interface LiveProcesses {
  startWeb(): Promise<{ child: ChildProcessWithoutNullStreams; url: string; output: () => string }>;
  startWorker(): Promise<{ child: ChildProcessWithoutNullStreams; output: () => string }>;
  killAll(): void;
}

export function liveProcesses(
  databaseUrl: string,
  slackApiUrl: string,
  env: Record<string, string> = {},
): LiveProcesses {
  const children: ChildProcessWithoutNullStreams[] = [];
  const dataDir = mkdtempSync(join(tmpdir(), 'frame-live-'));
  const vars = () =>
    childEnv({
      DATABASE_URL: databaseUrl,
      DATA_DIR: dataDir,
      TOKEN_ENCRYPTION_KEY: `k1:${Buffer.alloc(32, 7).toString('base64')}`,
      SLACK_SIGNING_SECRET: SLACK_SECRET,
      SLACK_BOT_TOKEN: SLACK_TOKEN,
      SLACK_API_URL: slackApiUrl,
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      SYNC_ON_DEMAND_WAIT_MS: '0',
      ...env,
    });
  return {
    async startWeb() {
      const web = await startUntil(
        ['--import', 'tsx', join(ROOT, 'src/server.ts')],
        vars(),
        /"url":"(http:\/\/[^"]+)"[^\n]*web process listening/,
        90_000,
      );
      children.push(web.child);
      return { child: web.child, url: web.match[1]!, output: web.output };
    },
    async startWorker() {
      const worker = await startUntil(
        ['--import', 'tsx', join(ROOT, 'src/worker.ts')],
        vars(),
        /worker started/,
        90_000,
      );
      children.push(worker.child);
      return { child: worker.child, output: worker.output };
    },
    killAll() {
      for (const c of children) c.kill('SIGKILL');
    },
  };
}
