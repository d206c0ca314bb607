import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { answerQuestion } from '../../chat/answer-question.ts';
import { getConfig } from '../../config.ts';
import { openRuntime } from '../../runtime.ts';
import { type Command, printJson, UsageError } from '../command.ts';
import { findSeller } from '../find-seller.ts';

export const ask: Command = {
  name: 'ask',
  usage: 'ask --user U "question" [--thread KEY] [--json] [--chart-out file.png]',
  summary: "answer a seller's question as the chat would",
  options: [
    '--user U        the seller: a console login (such as demo) or a user id',
    '--thread KEY    continue the conversation KEY (a follow-up reads the earlier questions); without it each ask stands alone',
    '--json          the intent, tool calls, results and chart as JSON',
    "--chart-out F   write the chart's PNG to F",
  ],
  async run(args) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        user: { type: 'string' },
        thread: { type: 'string' },
        json: { type: 'boolean', default: false },
        'chart-out': { type: 'string' },
      },
    });
    const question = positionals.join(' ').trim();
    if (!values.user || !question) throw new UsageError('give --user <id> and a question');
    const thread = values.thread?.trim();
    if (thread === '') throw new UsageError('give --thread a key (any name for the conversation to continue)');
    const rt = await openRuntime(getConfig());
    try {
      const userId = (await findSeller(rt.db, values.user)).id;
      // a fresh conversation each time (no follow-up reads an earlier ask), unless --thread names one to continue
      const answer = await answerQuestion(
        rt,
        { userId, channel: 'CONSOLE', threadKey: `cli:${values.user}:${thread ?? ''}` },
        question,
        { remember: thread !== undefined },
      );
      const chartPath = answer.chart && values['chart-out'];
      if (chartPath) writeFileSync(chartPath, answer.chart!.png);
      if (values.json) {
        printJson({
          text: answer.text,
          via: answer.via,
          kind: answer.kind,
          intent: answer.intent ?? null,
          calls: answer.calls.map((c) => ({
            tool: c.tool,
            args: c.args,
            ok: c.ok,
            error: c.error,
            result: c.output?.data,
          })),
          freshness: answer.freshness,
          chart: answer.chart
            ? {
                kind: answer.chart.kind,
                width: answer.chart.width,
                height: answer.chart.height,
                path: chartPath ?? null,
              }
            : null,
        });
      } else {
        process.stdout.write(`${answer.text}\n`);
        if (answer.chart) process.stdout.write(chartPath ? `(chart: ${chartPath})\n` : `${answer.chart.table}\n`);
      }
      return 0;
    } finally {
      await rt.close();
    }
  },
};
