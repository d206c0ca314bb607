import OpenAI from 'openai';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { ChatTool, ToolContext, ToolOutput } from './chat-tool.ts';
import { inventedLinks } from './links.ts';
import { inventedNumbers } from './numbers.ts';
import { resultForModel } from './result-for-model.ts';

export interface LlmSettings {
  apiKey: string;
  baseURL?: string | undefined;
  model: string;
  /** tool-calling rounds before the loop gives up and answers from what it has */
  maxSteps?: number;
  timeoutMs?: number;
}

export interface ToolCallRecord {
  tool: string;
  args: unknown;
  ok: boolean;
  error?: string;
  output?: ToolOutput;
}

export interface LoopResult {
  text: string;
  /** "model": the model's answer; "tool-summary": replaced because it held a figure or a link no tool gave */
  source: 'model' | 'tool-summary' | 'no-answer';
  calls: ToolCallRecord[];
  /** figures of the model's answer that no tool gave */
  invented: string[];
  /** links of the model's answer that no tool gave */
  inventedLinks: string[];
}

/** One earlier message of the conversation, oldest first. */
export interface Turn {
  role: 'user' | 'assistant';
  content: string;
}

/** What the loop is asked: the question, the conversation's recent turns, and facts code vouches for. */
export interface LoopInput {
  question: string;
  /** the last few messages of this conversation, oldest first: the model reads follow-ups ("and on eBay?") against them */
  history?: readonly Turn[];
  /** extra system lines written by code (e.g. the seller's stores and their ids for the `stores` argument) */
  context?: readonly string[];
}

const SYSTEM = [
  "You answer a marketplace seller's questions about their own sales, orders, customers, returns, products and inventory.",
  'Use the tools for every figure. Never invent or estimate a number; quote amounts exactly as the tools give them, with their currency.',
  'Periods are resolved by the tools: pass what the seller said (e.g. {"kind":"last","unit":"month"}).',
  'A follow-up ("and on eBay?", "what about last week?") changes only what it says: keep the rest of the previous question from the conversation. A complete question stands on its own.',
  'Say plainly what the data cannot tell: profit and margin need product costs, which no marketplace sends (offer net sales instead); marketplace fees, payouts and ad spend are not in the order data (offer sales); traffic, visits and conversion rate are not in order data (offer orders); inventory value needs costs (offer stock levels); you do not forecast (offer the trend).',
  'Never include a link or URL unless a tool result contains it. Never name or quote a customer: tool data has no names.',
  'Answer in one to three short sentences, and say which period the figures cover.',
].join(' ');

/**
 * The LLM half of the chat brain: chat completions with tools (the openai SDK, any compatible
 * server). Tools get the tenant from code; bad arguments and tool errors go back to the model
 * as the tool's result; the loop is capped; the conversation's recent turns go with the question;
 * an answer carrying a figure or a link that no tool result (nor the seller, nor an earlier
 * answer) contains is replaced by the tools' own summary.
 */
export async function runToolLoop(
  settings: LlmSettings,
  tools: ChatTool[],
  ctx: ToolContext,
  input: string | LoopInput,
  log?: Logger,
): Promise<LoopResult> {
  const { question, history = [], context = [] } = typeof input === 'string' ? { question: input } : input;
  const client = new OpenAI({
    apiKey: settings.apiKey,
    baseURL: settings.baseURL,
    timeout: settings.timeoutMs ?? 20_000,
    maxRetries: 1,
  });
  const byName = new Map(tools.map((t) => [t.name, t]));
  const toolSpecs = tools.map((t) => ({
    type: 'function' as const,
    function: {
      name: t.name,
      description: t.description,
      parameters: z.toJSONSchema(t.input, { io: 'input' }) as Record<string, unknown>,
    },
  }));
  const messages: OpenAI.Chat.Completions.ChatCompletionMessageParam[] = [
    {
      role: 'system',
      content: [
        `${SYSTEM} Today is ${ctx.tenant.now.toISOString().slice(0, 10)} (${ctx.tenant.timeZone}).`,
        ...context,
      ].join('\n'),
    },
    ...history.map((t) => ({ role: t.role, content: t.content })),
    { role: 'user', content: question },
  ];
  const calls: ToolCallRecord[] = [];
  const results: string[] = [];
  // what an answer may repeat besides this turn's tool results: the seller's words and earlier answers (checked when given)
  const said = [question, ...history.map((t) => t.content)];

  for (let step = 0; step < (settings.maxSteps ?? 4); step++) {
    const completion = await client.chat.completions.create({
      model: settings.model,
      messages,
      tools: toolSpecs,
      tool_choice: 'auto',
    });
    const message = completion.choices[0]?.message;
    if (!message) break;
    const toolCalls = (message.tool_calls ?? []).filter((c) => c.type === 'function');
    if (toolCalls.length === 0) {
      const text = message.content?.trim() ?? '';
      const invented = inventedNumbers(text, [...results, ...said]);
      const links = inventedLinks(text, [...results, ...said]);
      if (invented.length > 0 || links.length > 0 || !text) {
        log?.warn(
          { invented, links },
          "the model answered with figures or links no tool gave: using the tools' summary",
        );
        return {
          text: toolSummary(calls),
          source: calls.some((c) => c.ok) ? 'tool-summary' : 'no-answer',
          calls,
          invented,
          inventedLinks: links,
        };
      }
      return { text, source: 'model', calls, invented, inventedLinks: [] };
    }
    messages.push({ role: 'assistant', content: message.content ?? null, tool_calls: toolCalls });
    for (const call of toolCalls) {
      const record = await runCall(byName.get(call.function.name), call.function.name, call.function.arguments, ctx);
      calls.push(record);
      const content = record.ok ? resultForModel(record.output!) : JSON.stringify({ error: record.error });
      // an answer's figures are checked against all the tool gave, not only what the model was sent
      if (record.ok) results.push(JSON.stringify(record.output!.data), record.output!.summary);
      messages.push({ role: 'tool', tool_call_id: call.id, content });
    }
  }
  return {
    text: toolSummary(calls),
    source: calls.some((c) => c.ok) ? 'tool-summary' : 'no-answer',
    calls,
    invented: [],
    inventedLinks: [],
  };
}

async function runCall(
  tool: ChatTool | undefined,
  name: string,
  rawArgs: string,
  ctx: ToolContext,
): Promise<ToolCallRecord> {
  let args: unknown;
  try {
    args = JSON.parse(rawArgs || '{}');
  } catch {
    return { tool: name, args: rawArgs, ok: false, error: 'arguments are not valid JSON' };
  }
  if (!tool) return { tool: name, args, ok: false, error: `no tool named ${name}` };
  const parsed = tool.input.safeParse(args);
  if (!parsed.success)
    return {
      tool: name,
      args,
      ok: false,
      error: `bad arguments: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    };
  try {
    return { tool: name, args: parsed.data, ok: true, output: await tool.execute(ctx, parsed.data) };
  } catch (err) {
    return { tool: name, args: parsed.data, ok: false, error: (err as Error).message };
  }
}

function toolSummary(calls: ToolCallRecord[]): string {
  const summaries = calls.filter((c) => c.ok).map((c) => c.output!.summary);
  return summaries.length
    ? summaries.join('\n')
    : 'Sorry — I could not get an answer to that. Try "sales last month" or "top products this week".';
}
