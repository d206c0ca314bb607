import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { addDays, localDay } from '../../analytics/local-calendar.ts';
import { channelSenders } from '../../channels/senders.ts';
import { getConfig } from '../../config.ts';
import { buildDigestMessage } from '../../digest/deliver-digests.ts';
import { openRuntime } from '../../runtime.ts';
import { type Command, printJson, UsageError } from '../command.ts';
import { findSeller } from '../find-seller.ts';

export const digest: Command = {
  name: 'digest',
  usage: 'digest --user U [--date D] [--dry-run] [--chart-out F] [--json]',
  summary: "print (or send) a seller's daily digest",
  options: [
    '--user U        the seller: a console login (such as demo) or a user id',
    "--date D        the day reported, YYYY-MM-DD (default: yesterday in the seller's zone)",
    "--dry-run       print it only, nothing synced or sent; without it stale stores are synced first and it is posted now to each of the seller's Slack and WhatsApp digests (besides the scheduled ones)",
    "--chart-out F   write the chart's PNG to F",
    '--json          the text, the template variables and where it went, as JSON',
  ],
  async run(args) {
    const { values } = parseArgs({
      args,
      options: {
        user: { type: 'string' },
        date: { type: 'string' },
        'dry-run': { type: 'boolean', default: false },
        'chart-out': { type: 'string' },
        json: { type: 'boolean', default: false },
      },
    });
    if (!values.user) throw new UsageError('give --user <id> (a user id, or a console login such as demo)');
    const real = (d: string) => {
      const t = Date.parse(`${d}T00:00:00Z`);
      return /^\d{4}-\d{2}-\d{2}$/.test(d) && !Number.isNaN(t) && new Date(t).toISOString().startsWith(d);
    };
    if (values.date !== undefined && !real(values.date))
      throw new UsageError(`--date wants a day as YYYY-MM-DD, not "${values.date}"`);
    const dryRun = values['dry-run'];
    const rt = await openRuntime(getConfig());
    try {
      const user = await findSeller(rt.db, values.user);
      const now = new Date();
      const day = values.date ?? addDays(localDay(now, user.timeZone), -1);
      if (day >= localDay(now, user.timeZone))
        throw new UsageError(`${day} is not over yet in ${user.timeZone}: a digest reports a whole day`);
      const who = { userId: user.id, timeZone: user.timeZone, preferredCurrency: user.preferredCurrency };
      // the sync is waited for: the process closes the database when it is done
      const message = await buildDigestMessage(rt, who, day, now, { sync: !dryRun, waitMs: 600_000 });
      const chartPath = message.chart && values['chart-out'];
      if (chartPath) writeFileSync(chartPath, message.chart!.png);

      const sent: { channel: string; destination: string; ok: boolean; error?: string }[] = [];
      if (!dryRun) {
        const { posters } = channelSenders(rt);
        // a terminal's digests print in its own session (the demo's worker), not here
        const subscriptions = await rt.db.digestSubscription.findMany({
          where: { userId: user.id, pausedAt: null, channel: { not: 'CONSOLE' } },
        });
        for (const sub of subscriptions) {
          const post = posters[sub.channel];
          const to = { channel: sub.channel, destination: sub.destination };
          if (!post) {
            sent.push({ ...to, ok: false, error: `${sub.channel} is not configured in this process` });
            continue;
          }
          const progress = { done: {}, save: async () => {} };
          await post(
            { subscriptionId: sub.id, userId: user.id, teamId: sub.teamId, destination: sub.destination },
            message,
            progress,
          )
            .then(() => sent.push({ ...to, ok: true }))
            .catch((err: unknown) => sent.push({ ...to, ok: false, error: (err as Error).message }));
        }
      }

      if (values.json) {
        printJson({
          day,
          text: message.digest.text,
          templateVariables: message.digest.templateVariables,
          chart: message.chart
            ? { width: message.chart.width, height: message.chart.height, path: chartPath ?? null }
            : null,
          sent: dryRun ? null : sent,
        });
      } else {
        process.stdout.write(`${message.digest.text}\n`);
        if (message.chart) process.stdout.write(chartPath ? `(chart: ${chartPath})\n` : `${message.chart.table}\n`);
        if (!dryRun) {
          if (sent.length === 0) process.stdout.write('(no digest subscription to send it to)\n');
          for (const s of sent)
            process.stdout.write(
              `${s.ok ? 'sent' : 'not sent'}: ${s.channel} ${s.destination}${s.error ? ` (${s.error})` : ''}\n`,
            );
        }
      }
      return sent.every((s) => s.ok) ? 0 : 1;
    } finally {
      await rt.close();
    }
  },
};
