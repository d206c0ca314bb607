/**
 * Chat load benchmark (prints figures; not a test).
 *
 *   npx tsx scripts/bench/chat-load.ts [--events 2000] [--concurrency 20] [--rate 0] [--sellers 20] [--orders-per-seller 20000]
 *     [--database frame_bench_chat] [--keep] [--chat-concurrency 4] [--heavy 4]
 *
 * A real web process (node src/server.ts) on a scratch database seeded like the analytics
 * benchmark, Slack's Web API stood in by the tests' local stand-in (driven through the real
 * WebClient). Signed Slack DM events are posted to it, `--concurrency` at a time, unpaced or at
 * `--rate` per second; each asks one of a few common questions of one of the sellers. Printed:
 * acknowledgements per second; time from posting a message to its answer (chat.update of its
 * placeholder) p50 / p95 / p99; answered, lost (acknowledged, never answered), duplicated
 * (answered twice), apologies; the web process's peak RSS. Then, on a fresh web process, the
 * heavy question ("daily sales trend since 2000-01-01"), four at once, while /healthz is polled:
 * its time to answer, the peak RSS, and /healthz's slowest answer.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { startFakeSlack } from '../../test/helpers/fake-slack.ts';
import {
  dmEnvelope,
  liveProcesses,
  postDm,
  SLACK_BOT_USER,
  SLACK_TEAM,
  SLACK_TOKEN,
} from '../../test/helpers/live-processes.ts';
import { benchDatabase } from './bench-database.ts';
import { seedAnalytics } from './seed-analytics.ts';

const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '2000' },
    concurrency: { type: 'string', default: '20' },
    rate: { type: 'string', default: '0' },
    sellers: { type: 'string', default: '20' },
    'orders-per-seller': { type: 'string', default: '20000' },
    database: { type: 'string', default: 'frame_bench_chat' },
    keep: { type: 'boolean', default: false },
    'chat-concurrency': { type: 'string', default: '4' },
    heavy: { type: 'string', default: '4' },
  },
});
const EVENTS = Number(values.events);
const CONCURRENCY = Number(values.concurrency);
const RATE = Number(values.rate);
const SELLERS = Number(values.sellers);
const QUESTIONS = [
  'what were my total sales last month?',
  'show my return rate by marketplace',
  'top products this month',
  'compare this month to last month',
  'how many orders did I get yesterday?',
];

const url = await benchDatabase(values.database, values.keep, (dbUrl) =>
  seedAnalytics(dbUrl, { sellers: SELLERS, ordersPerSeller: Number(values['orders-per-seller']) }),
);
const c = new pg.Client({ connectionString: url });
await c.connect();
// fresh data (no answer waits for an on-demand sync), one Slack user per seller, and a clean inbox
await c.query(`UPDATE "MarketplaceConnection" SET "lastSyncAt" = now()`);
await c.query(`DELETE FROM "ChatInboxMessage"`);
await c.query(
  `INSERT INTO "ChatIdentity" (id, channel, "teamId", "externalId", "userId") SELECT 'bench-id-' || s, 'SLACK', $1, 'UBENCH' || s, 'bench-seller-' || s
  FROM generate_series(1, $2) s ON CONFLICT DO NOTHING`,
  [SLACK_TEAM, SELLERS],
);
await c.end();

const fake = await startFakeSlack();
fake.addBot(SLACK_TOKEN, { teamId: SLACK_TEAM, botUserId: SLACK_BOT_USER, botId: 'BLIVEBOT' });
const live = liveProcesses(url, fake.apiUrl, { CHAT_CONCURRENCY: values['chat-concurrency'], LOG_LEVEL: 'info' });
let web = await live.startWeb();
const rss = () => {
  try {
    return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${web.child.pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
  } catch {
    return 0;
  }
};
let peak = rss();
const rssAtStart = peak;
const sampler = setInterval(() => (peak = Math.max(peak, rss())), 50);

const pct = (xs: number[], p: number) =>
  xs.length === 0 ? NaN : [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;
const ms = (x: number) => `${x.toFixed(0)} ms`;

// the burst
const sentAt = new Map<string, number>();
let acked = 0;
let refused = 0;
let next = 0;
const t0 = performance.now();
const wall0 = Date.now();
await Promise.all(
  Array.from({ length: CONCURRENCY }, async () => {
    while (next < EVENTS) {
      const i = next++;
      if (RATE > 0) {
        const due = wall0 + (i / RATE) * 1000;
        if (due > Date.now()) await new Promise((r) => setTimeout(r, due - Date.now()));
      }
      const channel = `DLOAD${i}`;
      const ts = `${Math.floor(Date.now() / 1000)}.${String(i % 1_000_000).padStart(6, '0')}`;
      const body = dmEnvelope(
        `Ev-load-${i}`,
        channel,
        `UBENCH${1 + (i % SELLERS)}`,
        QUESTIONS[i % QUESTIONS.length]!,
        ts,
      );
      sentAt.set(channel, Date.now());
      const status = await postDm(web.url, body).catch(() => 0);
      if (status === 200) acked++;
      else refused++;
    }
  }),
);
const sendSeconds = (performance.now() - t0) / 1000;
const updatesIn = (prefix: string) =>
  fake.callsTo('chat.update').filter((u) => String(u.args.channel).startsWith(prefix));
const deadline = Date.now() + 300_000;
while (new Set(updatesIn('DLOAD').map((u) => u.args.channel)).size < acked && Date.now() < deadline)
  await new Promise((r) => setTimeout(r, 200));
await new Promise((r) => setTimeout(r, 2_000));
const updates = updatesIn('DLOAD');
const byChannel = new Map<string, typeof updates>();
for (const u of updates) byChannel.set(String(u.args.channel), [...(byChannel.get(String(u.args.channel)) ?? []), u]);
const latencies = [...byChannel].map(([ch, us]) => us[0]!.at! - sentAt.get(ch)!);
const apologies = [...fake.callsTo('chat.update'), ...fake.callsTo('chat.postMessage')].filter(
  (x) => String(x.args.channel).startsWith('DLOAD') && /Sorry/.test(JSON.stringify(x.args)),
).length;
const burstPeak = peak;

console.log(
  `web process ${web.url}, CHAT_CONCURRENCY ${values['chat-concurrency']}; ${SELLERS} sellers, ${values['orders-per-seller']} orders each`,
);
console.log(`burst: ${EVENTS} Slack DMs, concurrency ${CONCURRENCY}, ${RATE > 0 ? `${RATE}/s` : 'unpaced'}`);
console.log(`  acknowledged ${acked} (${(acked / sendSeconds).toFixed(0)}/s), refused or failed ${refused}`);
console.log(
  `  answered ${byChannel.size}, lost ${acked - byChannel.size}, duplicated ${[...byChannel.values()].filter((us) => us.length > 1).length}, apologies ${apologies}`,
);
console.log(
  `  time to answer p50 ${ms(pct(latencies, 50))}, p95 ${ms(pct(latencies, 95))}, p99 ${ms(pct(latencies, 99))}, max ${ms(Math.max(...latencies))}`,
);
console.log(`  web RSS ${rssAtStart.toFixed(0)} MB at start, peak ${burstPeak.toFixed(0)} MB`);

// the heavy question, four at once, on a fresh web process, with /healthz polled
web.child.kill('SIGKILL');
web = await live.startWeb();
peak = rss();
const heavyStart = peak;
const heavyAt = Date.now();
const health: number[] = [];
let polling = true;
const poller = (async () => {
  while (polling) {
    const h0 = performance.now();
    await fetch(`${web.url}/healthz`)
      .then((r) => r.text())
      .catch(() => '');
    health.push(performance.now() - h0);
    await new Promise((r) => setTimeout(r, 50));
  }
})();
const HEAVY = Number(values.heavy);
for (let k = 0; k < HEAVY; k++) {
  const channel = `DHEAVY${k}`;
  await postDm(
    web.url,
    dmEnvelope(
      `Ev-heavy-${k}-${Date.now()}`,
      channel,
      `UBENCH${1 + k}`,
      'daily sales trend since 2000-01-01',
      `${Math.floor(Date.now() / 1000)}.${String(k).padStart(6, '0')}`,
    ),
  );
}
while (updatesIn('DHEAVY').length < HEAVY && Date.now() < heavyAt + 120_000)
  await new Promise((r) => setTimeout(r, 100));
polling = false;
await poller;
const heavy = updatesIn('DHEAVY');
console.log(
  `heavy: "daily sales trend since 2000-01-01" x${HEAVY} at once: answered ${heavy.length} in ${ms(Math.max(...heavy.map((u) => u.at!)) - heavyAt)}; ` +
    `web RSS ${heavyStart.toFixed(0)} MB before, peak ${peak.toFixed(0)} MB; /healthz slowest ${ms(Math.max(...health))} (p95 ${ms(pct(health, 95))}, ${health.length} polls)`,
);
console.log(`  the answer: ${JSON.stringify(heavy[0]?.args.text ?? '').slice(0, 240)}`);

clearInterval(sampler);
live.killAll();
await fake.close();
process.exit(0);
