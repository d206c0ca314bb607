import { TOOL_ARGS } from '../analytics/args.ts';
import type { TenantContext } from '../analytics/tenant.ts';
import { type ChartRequest, chartSpec, chartTable } from '../charts/chart-request.ts';
import { type RenderedChart, renderPng } from '../charts/render-png.ts';
import type { Db } from '../db/client.ts';
import { tenantDb } from '../db/tenant-db.ts';
import type { ChatChannel } from '../generated/prisma/enums.ts';
import { ensureFresh, type Freshness } from '../sync/ensure-fresh.ts';
import type { SyncDeps } from '../sync/sync-connection.ts';
import { readSyncProgress } from '../sync/sync-progress.ts';
import { type ConversationState, openConversation, recordTurn } from './conversation.ts';
import { describeAge } from './describe-age.ts';
import type { RoutedIntent, RouteResult, StoreRef } from './intent.ts';
import type { ChatTool, ToolContext, ToolOutput } from './llm/chat-tool.ts';
import { runToolLoop, type ToolCallRecord } from './llm/run-tool-loop.ts';
import { MARKETPLACE_LABELS } from './router/marketplaces.ts';
import { routeMessage } from './router/route-message.ts';
import { CHAT_TOOLS } from './tools/index.ts';

export interface Answer {
  text: string;
  /**
   * how it was answered: the intent router, the LLM's tool loop, or a reply without figures
   * ('help': the help list, a greeting's reply, a question back, an honest "can't" with nothing
   * to show) — those carry no "Data as of" line
   */
  via: 'router' | 'llm' | 'help';
  /** what the reply is: figures, an honest "can't" (with the nearest figures when there are some), a question back, small talk, or help */
  kind: 'answer' | 'unsupported' | 'clarify' | 'smalltalk' | 'help';
  intent?: RoutedIntent;
  calls: ToolCallRecord[];
  freshness: Freshness;
  chart?: RenderedChart & { kind: ChartRequest['kind']; table: string };
}

export const HELP = [
  'I can answer questions about your sales, orders, customers, returns, products and stock, for example:',
  '• what were my total sales last month?',
  '• which product sells best on Flipkart vs Shopify?',
  '• compare this month with last month',
  '• show my return rate by marketplace',
  '• who are my best customers?',
  '• latest orders on eBay',
].join('\n');

/** The seller's stores, whatever their status: "my eBay UK store" names one of them. */
export async function loadStores(db: Db, userId: string): Promise<StoreRef[]> {
  const rows = await db.marketplaceConnection.findMany({
    where: { userId },
    select: { id: true, marketplace: true, storeName: true, storeId: true, storeCurrency: true },
    orderBy: { createdAt: 'asc' },
  });
  return rows.map((r) => ({
    id: r.id,
    marketplace: r.marketplace,
    name: r.storeName,
    storeId: r.storeId,
    currency: r.storeCurrency?.trim() || null,
  }));
}

/** An answer before its freshness line and chart; `remember`: the intent a follow-up builds on when it is not `intent` */
type Draft = Omit<Answer, 'freshness' | 'chart'> & { output?: ToolOutput; remember?: RoutedIntent };

/**
 * The chat brain. `userId` comes from the channel's verified identity. The intent router reads
 * the question against the conversation's last intent and the seller's stores; it answers what
 * it can place, says plainly what the data can't tell (with the nearest figure), asks back what
 * it can't read; the LLM (when configured) takes what the router finds unclear, with the recent
 * turns. Data is refreshed first (bounded wait) when figures are shown, and every figure comes
 * with how fresh it is. `remember: false` answers without a conversation (nothing read, nothing
 * kept): `frame ask` without `--thread`.
 */
export async function answerQuestion(
  deps: SyncDeps,
  who: { userId: string; channel: ChatChannel; threadKey: string },
  question: string,
  opts: { chart?: boolean; waitMs?: number; remember?: boolean } = {},
): Promise<Answer> {
  const now = deps.now?.() ?? new Date();
  const user = await deps.db.user.findUniqueOrThrow({ where: { id: who.userId } });
  const tenant: TenantContext = {
    userId: user.id,
    timeZone: user.timeZone,
    preferredCurrency: user.preferredCurrency,
    now,
  };
  const remember = opts.remember !== false;
  const [conversation, stores] = await Promise.all([
    remember ? openConversation(deps.db, user.id, who.channel, who.threadKey) : Promise.resolve(undefined),
    loadStores(deps.db, user.id),
  ]);
  const route = routeMessage(question, {
    ...(conversation?.lastIntent ? { lastIntent: conversation.lastIntent as RoutedIntent } : {}),
    stores,
    now,
    timeZone: tenant.timeZone,
  });
  const llmTakes =
    deps.config.integrations.openai.enabled &&
    (route.kind === 'unknown'
      ? route.reason !== 'help request' && route.reason !== 'empty message'
      : route.kind === 'clarify' && route.reason === 'unclear');
  const showsFigures =
    route.kind === 'tool' || (route.kind === 'unsupported' && route.nearest !== undefined) || llmTakes;
  // a reply without figures does not wait for a sync (it still starts one, for the next question)
  const freshness = await ensureFresh(
    deps,
    user.id,
    showsFigures ? (opts.waitMs === undefined ? {} : { waitMs: opts.waitMs }) : { waitMs: 0 },
  );
  const ctx: ToolContext = { db: tenantDb(deps.db, user.id), tenant };

  let answer: Draft;
  if (llmTakes) answer = await askLlm(deps, ctx, question, conversation, stores);
  else answer = await fromRoute(route, ctx);

  const text =
    answer.via === 'help'
      ? answer.text
      : `${answer.text}\n${describeAge(freshness, now, await historyRead(deps, freshness))}`;
  const request = answer.output?.chart;
  const chart =
    request && opts.chart !== false
      ? { ...(await renderPng(chartSpec(request))), kind: request.kind, table: chartTable(request) }
      : undefined;
  // a question back remembers what it understood so far, for the reply (a marketplace's name) to complete it
  const remembered = answer.intent ?? answer.remember ?? (route.kind === 'clarify' ? route.pending : undefined);
  // the conversation keeps the answer as the LLM may read it in a later turn: no customer names
  const kept = answer.calls.reduce(
    (t, c) => (c.output?.summaryForModel ? t.replace(c.output.summary, c.output.summaryForModel) : t),
    text,
  );
  if (conversation)
    await recordTurn(deps.db, conversation.id, { question, answer: kept, ...(remembered && { intent: remembered }) });
  return {
    text,
    via: answer.via,
    kind: answer.kind,
    calls: answer.calls,
    freshness,
    ...(answer.intent && { intent: answer.intent }),
    ...(chart && { chart }),
  };
}

async function runIntent(
  intent: RoutedIntent,
  ctx: ToolContext,
): Promise<{ record: ToolCallRecord; output?: ToolOutput }> {
  const tool = (CHAT_TOOLS as Partial<Record<string, ChatTool>>)[intent.tool];
  if (!tool)
    return { record: { tool: intent.tool, args: intent.args, ok: false, error: `no tool named ${intent.tool}` } };
  const output = await tool.execute(ctx, intent.args as never);
  return { record: { tool: intent.tool, args: intent.args, ok: true, output }, output };
}

const bullets = (lines: readonly string[]): string => lines.map((l) => `• ${l}`).join('\n');

async function fromRoute(route: RouteResult, ctx: ToolContext): Promise<Draft> {
  switch (route.kind) {
    case 'tool': {
      const { record, output } = await runIntent(route.intent, ctx);
      if (!output) return { text: "Sorry — I can't answer that one yet.", via: 'help', kind: 'help', calls: [record] };
      const notes = route.notes?.length ? `${route.notes.join(' ')}\n` : '';
      return {
        text: `${notes}${output.summary}`,
        via: 'router',
        kind: 'answer',
        intent: route.intent,
        calls: [record],
        output,
      };
    }
    case 'unsupported': {
      if (!route.nearest) {
        const instead = bullets(
          ['sales this month', 'top products this week', 'compare this week with last week'].map((s) => `"${s}"`),
        );
        return {
          text: `${route.why}\nYou could ask instead:\n${instead}`,
          via: 'help',
          kind: 'unsupported',
          calls: [],
        };
      }
      const { record, output } = await runIntent(route.nearest, ctx);
      if (!output) return { text: route.why, via: 'help', kind: 'unsupported', calls: [record] };
      return {
        text: `${route.why}${route.offer ? ` ${route.offer}` : ''}\n${output.summary}`,
        via: 'router',
        kind: 'unsupported',
        intent: route.nearest,
        calls: [record],
        output,
      };
    }
    case 'clarify': {
      const list =
        route.reason === 'typo' ? [] : route.suggestions.map((s) => (route.reason === 'unclear' ? `"${s}"` : s));
      return {
        text: list.length > 0 ? `${route.question}\n${bullets(list)}` : route.question,
        via: 'help',
        kind: 'clarify',
        calls: [],
      };
    }
    case 'smalltalk':
      return { text: route.reply, via: 'help', kind: 'smalltalk', calls: [] };
    case 'unknown':
      return { text: HELP, via: 'help', kind: 'help', calls: [] };
  }
}

/** The seller's stores as the model may pass them in `stores` (ids of connections, no tokens, no tenant). */
function storeLines(stores: readonly StoreRef[]): string[] {
  if (stores.length === 0) return [];
  return [
    "The seller's stores (pass ids in `stores` to ask about one store of a marketplace that has several):",
    ...stores.map(
      (s) =>
        `- ${s.id}: ${MARKETPLACE_LABELS[s.marketplace]}${s.name ? ` "${s.name}"` : ''}${s.currency ? `, ${s.currency}` : ''}`,
    ),
  ];
}

async function askLlm(
  deps: SyncDeps,
  ctx: ToolContext,
  question: string,
  conversation: ConversationState | undefined,
  stores: readonly StoreRef[],
): Promise<Draft> {
  const llm = {
    apiKey: deps.config.OPENAI_API_KEY!,
    baseURL: deps.config.OPENAI_BASE_URL,
    model: deps.config.OPENAI_MODEL,
  };
  const tools = Object.values(CHAT_TOOLS as Partial<Record<string, ChatTool>>).filter(
    (t): t is ChatTool => t !== undefined,
  );
  const result = await runToolLoop(
    llm,
    tools,
    ctx,
    { question, history: conversation?.recent ?? [], context: storeLines(stores) },
    deps.log,
  );
  const last = [...result.calls].reverse().find((c) => c.ok);
  // the model's last good call (its args passed the tool's schema) is what a follow-up to the router builds on
  const remember = last && last.tool in TOOL_ARGS ? ({ tool: last.tool, args: last.args } as RoutedIntent) : undefined;
  return {
    text: result.text,
    via: 'llm',
    kind: 'answer',
    calls: result.calls,
    ...(last?.output && { output: last.output }),
    ...(remember && { remember }),
  };
}

/** While a backfill runs past the answer's wait: how much of the history the stores have read (their checkpoints), else null. */
async function historyRead(deps: SyncDeps, freshness: Freshness): Promise<number | null> {
  if (freshness.completed || !freshness.syncing?.length) return null;
  try {
    const stores = await readSyncProgress(deps.db, freshness.syncing);
    if (!stores.some((p) => p.fraction !== null)) return null;
    // stores synced one after another: one done counts whole, one not started yet counts nothing
    const each = stores.map((p) => p.fraction ?? (p.orders === null && p.synced ? 1 : 0));
    return each.reduce((a, b) => a + b, 0) / each.length;
  } catch {
    return null;
  }
}
