import type { TenantContext } from '../analytics/tenant.ts';
import { chartSpec, chartTable, type ChartRequest } from '../charts/chart-request.ts';
import { renderPng, type RenderedChart } from '../charts/render-png.ts';
import type { ChatChannel } from '../generated/prisma/enums.ts';
import { ensureFresh, type Freshness } from '../sync/ensure-fresh.ts';
import type { SyncDeps } from '../sync/sync-connection.ts';
import { openConversation, recordTurn } from './conversation.ts';
import { describeAge } from './describe-age.ts';
import type { RoutedIntent } from './intent.ts';
import type { ToolOutput } from './llm/chat-tool.ts';
import { runToolLoop, type ToolCallRecord } from './llm/run-tool-loop.ts';
import { routeMessage } from './router/route-message.ts';
import { CHAT_TOOLS } from './tools/index.ts';

export interface Answer {
  text: string;
  /** how it was answered: the intent router, the LLM's tool loop, or the help reply */
  via: 'router' | 'llm' | 'help';
  intent?: RoutedIntent;
  calls: ToolCallRecord[];
  freshness: Freshness;
  chart?: RenderedChart & { kind: ChartRequest['kind']; table: string };
}

export const HELP = [
  'I can answer questions about your sales, orders, returns, products and stock, for example:',
  '• what were my total sales last month?',
  '• which product sells best on Flipkart vs Shopify?',
  '• show my return rate by marketplace',
  '• sales trend this quarter',
].join('\n');

/**
 * The chat brain. `userId` comes from the channel's verified identity. Data is refreshed first
 * (bounded wait); the intent router answers what it can place, the LLM (when configured) what
 * it cannot, a help reply otherwise. Every answer states how fresh its data is.
 */
export async function answerQuestion(
  deps: SyncDeps,
  who: { userId: string; channel: ChatChannel; threadKey: string },
  question: string,
  opts: { chart?: boolean; waitMs?: number } = {},
): Promise<Answer> {
  const now = deps.now?.() ?? new Date();
  const user = await deps.db.user.findUniqueOrThrow({ where: { id: who.userId } });
  const tenant: TenantContext = { userId: user.id, timeZone: user.timeZone, preferredCurrency: user.preferredCurrency, now };
  const conversation = await openConversation(deps.db, user.id, who.channel, who.threadKey);
  const route = routeMessage(question, { lastIntent: conversation.lastIntent as RoutedIntent | undefined, now, timeZone: tenant.timeZone });
  const freshness = await ensureFresh(deps, user.id, opts.waitMs === undefined ? {} : { waitMs: opts.waitMs });

  let answer: Omit<Answer, 'freshness' | 'chart'> & { output?: ToolOutput };
  if (route.kind === 'tool') {
    const tool = CHAT_TOOLS[route.tool];
    const output = await tool.execute({ db: deps.db, tenant }, route.args as never);
    answer = { text: output.summary, via: 'router', intent: route.intent, calls: [{ tool: route.tool, args: route.args, ok: true, output }], output };
  } else if (deps.config.integrations.openai.enabled) {
    const llm = { apiKey: deps.config.OPENAI_API_KEY!, baseURL: deps.config.OPENAI_BASE_URL, model: deps.config.OPENAI_MODEL };
    const result = await runToolLoop(llm, Object.values(CHAT_TOOLS), { db: deps.db, tenant }, question, deps.log);
    const last = [...result.calls].reverse().find((c) => c.ok);
    answer = { text: result.text, via: 'llm', calls: result.calls, ...(last?.output && { output: last.output }) };
  } else {
    answer = { text: HELP, via: 'help', calls: [] };
  }

  const text = answer.via === 'help' ? answer.text : `${answer.text}\n${describeAge(freshness, now)}`;
  const request = answer.output?.chart;
  const chart = request && opts.chart !== false ? { ...(await renderPng(chartSpec(request))), kind: request.kind, table: chartTable(request) } : undefined;
  await recordTurn(deps.db, conversation.id, { question, answer: text, ...(answer.intent && { intent: answer.intent }) });
  return { text, via: answer.via, calls: answer.calls, freshness, ...(answer.intent && { intent: answer.intent }), ...(chart && { chart }) };
}
