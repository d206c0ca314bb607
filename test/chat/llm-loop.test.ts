import { afterEach, describe, expect, it } from '@jest/globals';
import { z } from 'zod';
import { defineTool, type ToolContext } from '../../src/chat/llm/chat-tool.ts';
import { inventedLinks } from '../../src/chat/llm/links.ts';
import { inventedNumbers } from '../../src/chat/llm/numbers.ts';
import { runToolLoop } from '../../src/chat/llm/run-tool-loop.ts';
import { type FakeOpenAi, startFakeOpenAi } from '../helpers/fake-openai.ts';

const ctx = {
  db: {} as ToolContext['db'],
  tenant: {
    userId: 'seller-a',
    timeZone: 'Asia/Kolkata',
    preferredCurrency: 'USD',
    now: new Date('2026-11-25T10:00:00Z'),
  },
};
const seen: { tenant: string; args: unknown }[] = [];
const totalSales = defineTool({
  name: 'get_total_sales',
  description: 'Total sales in a period',
  input: z.object({ period: z.enum(['last_month', 'this_month']).describe('the period') }),
  async execute(c, args) {
    seen.push({ tenant: c.tenant.userId, args });
    return {
      data: {
        period: args.period,
        totalUSD: '45230.00',
        byMarketplace: { SHOPIFY: '32100.00', FLIPKART: '850000 INR' },
      },
      summary: 'Your total sales last month were $45,230.',
    };
  },
});
const settings = (fake: FakeOpenAi) => ({ apiKey: 'test-key', baseURL: fake.baseURL, model: 'test-model' });

let fake: FakeOpenAi | undefined;
afterEach(async () => {
  await fake?.close();
  seen.length = 0;
});

describe('LLM tool loop through the openai SDK', () => {
  it('calls a tool, returns its result to the model, and answers', async () => {
    fake = await startFakeOpenAi((i) =>
      i === 0
        ? { tool_calls: [{ id: 'call_1', name: 'get_total_sales', arguments: '{"period":"last_month"}' }] }
        : { content: 'Your total sales last month were $45,230 — Shopify: $32,100, Flipkart: ₹8,50,000.' },
    );
    const result = await runToolLoop(settings(fake), [totalSales], ctx, 'what were my total sales last month?');
    expect(result).toMatchObject({ source: 'model', invented: [] });
    expect(result.text).toContain('$45,230');
    expect(seen).toEqual([{ tenant: 'seller-a', args: { period: 'last_month' } }]);
    const [first, second] = fake.requests;
    expect(first!.tools).toEqual([
      expect.objectContaining({
        type: 'function',
        function: expect.objectContaining({
          name: 'get_total_sales',
          parameters: expect.objectContaining({ type: 'object' }),
        }),
      }),
    ]);
    expect(JSON.stringify(first!.tools)).not.toMatch(/userId|tenant/);
    expect(second!.messages.at(-1)).toMatchObject({ role: 'tool', tool_call_id: 'call_1' });
    expect(second!.messages.at(-1)!.content).toContain('45230.00');
  });

  it("replaces an answer with a figure no tool gave by the tools' own summary", async () => {
    fake = await startFakeOpenAi((i) =>
      i === 0
        ? { tool_calls: [{ id: 'c', name: 'get_total_sales', arguments: '{"period":"last_month"}' }] }
        : { content: 'Sales were $51,900 last month, up 14%.' },
    );
    const result = await runToolLoop(settings(fake), [totalSales], ctx, 'sales last month?');
    expect(result.source).toBe('tool-summary');
    expect(result.invented).toEqual(['51900', '14']);
    expect(result.text).toBe('Your total sales last month were $45,230.');
  });

  it("sends the model a long result cut to its ends with the tool's summary, and still accepts figures from the whole", async () => {
    const longTrend = defineTool({
      name: 'get_sales_trend',
      description: 'A trend',
      input: z.object({}),
      async execute() {
        const points = Array.from({ length: 2_000 }, (_, i) => ({ start: `day ${i}`, value: `${1000 + i}.00` }));
        return { data: { total: '2999000.00', points }, summary: 'Your sales: $2,999,000 over 2,000 days.' };
      },
    });
    fake = await startFakeOpenAi((i) =>
      i === 0
        ? { tool_calls: [{ id: 'call_t', name: 'get_sales_trend', arguments: '{}' }] }
        : { content: 'Sales were $2,999,000; day 1500 had $2,500.' },
    );
    const result = await runToolLoop(settings(fake), [longTrend], ctx, 'sales trend since 2000');
    const sent = String(fake.requests[1]!.messages.at(-1)!.content);
    expect(sent.length).toBeLessThanOrEqual(16_000);
    expect(JSON.parse(sent)).toMatchObject({
      summary: 'Your sales: $2,999,000 over 2,000 days.',
      data: { total: '2999000.00', points: { omitted: 1_990 } },
    });
    // day 1500's figure was not sent, but the tool gave it: the answer stands
    expect(result).toMatchObject({ source: 'model', invented: [] });
  });

  it('returns bad arguments and unknown tools to the model as the tool result', async () => {
    fake = await startFakeOpenAi((i) =>
      i === 0
        ? {
            tool_calls: [
              { id: 'a', name: 'get_total_sales', arguments: '{"period":"someday"}' },
              { id: 'b', name: 'drop_tables', arguments: '{}' },
            ],
          }
        : i === 1
          ? { tool_calls: [{ id: 'c', name: 'get_total_sales', arguments: '{"period":"this_month"}' }] }
          : { content: 'This month so far: $45,230.' },
    );
    const result = await runToolLoop(settings(fake), [totalSales], ctx, 'sales?');
    expect(result.calls.map((c) => [c.tool, c.ok])).toEqual([
      ['get_total_sales', false],
      ['drop_tables', false],
      ['get_total_sales', true],
    ]);
    const toolMessages = fake.requests[1]!.messages.filter((m) => m.role === 'tool');
    expect(toolMessages.map((m) => m.content)).toEqual([
      expect.stringContaining('bad arguments: period'),
      expect.stringContaining('no tool named drop_tables'),
    ]);
    expect(result.source).toBe('model');
  });

  it('stops after a few steps when the model keeps calling tools', async () => {
    fake = await startFakeOpenAi((i) => ({
      tool_calls: [{ id: `c${i}`, name: 'get_total_sales', arguments: '{"period":"last_month"}' }],
    }));
    const result = await runToolLoop({ ...settings(fake), maxSteps: 3 }, [totalSales], ctx, 'loop forever');
    expect(fake.requests).toHaveLength(3);
    expect(result.source).toBe('tool-summary');
  });

  it('normalizes figures before comparing them', () => {
    expect(
      inventedNumbers('₹8,50,000 and $45,230.00 (7.3%) in 2026, 3 stores', [
        '{"a":"850000","b":"45230","rate":"7.34"}',
      ]),
    ).toEqual([]);
    expect(inventedNumbers('$45,231', ['{"b":"45230"}'])).toEqual(['45231']);
  });

  it('sends the recent turns with the question, and lets the answer repeat their figures', async () => {
    fake = await startFakeOpenAi((i) =>
      i === 0
        ? { tool_calls: [{ id: 'c', name: 'get_total_sales', arguments: '{"period":"this_month"}' }] }
        : { content: 'This month: $45,230, against $39,000 last month.' },
    );
    const history = [
      { role: 'user' as const, content: 'sales last month?' },
      { role: 'assistant' as const, content: 'Your sales last month were $39,000.' },
    ];
    const result = await runToolLoop(settings(fake), [totalSales], ctx, {
      question: 'and this month?',
      history,
      context: ['The seller has one store: conn-1 (Shopify).'],
    });
    expect(result).toMatchObject({ source: 'model', invented: [], inventedLinks: [] });
    const sent = fake.requests[0]!.messages;
    expect(sent.map((m) => [m.role, m.content])).toEqual([
      ['system', expect.stringContaining('conn-1 (Shopify)')],
      ['user', 'sales last month?'],
      ['assistant', 'Your sales last month were $39,000.'],
      ['user', 'and this month?'],
    ]);
    expect(sent[0]!.content).toMatch(/profit and margin need product costs/i);
  });

  it("replaces an answer carrying a link no tool gave by the tools' own summary", async () => {
    fake = await startFakeOpenAi((i) =>
      i === 0
        ? { tool_calls: [{ id: 'c', name: 'get_total_sales', arguments: '{"period":"last_month"}' }] }
        : {
            content:
              'Your total sales last month were $45,230. See the full report at https://reports.example.com/sales?m=10.',
          },
    );
    const result = await runToolLoop(settings(fake), [totalSales], ctx, 'sales last month?');
    expect(result.source).toBe('tool-summary');
    expect(result.inventedLinks).toEqual(['reports.example.com/sales?m=10']);
    expect(result.text).toBe('Your total sales last month were $45,230.');
  });

  it('keeps an answer whose link a tool gave', async () => {
    const withLink = defineTool({
      name: 'get_connect_link',
      description: 'A link to connect a store',
      input: z.object({}),
      async execute() {
        return {
          data: { url: 'https://frame.example/connect/shopify?n=abc' },
          summary: 'Connect Shopify here: https://frame.example/connect/shopify?n=abc',
        };
      },
    });
    fake = await startFakeOpenAi((i) =>
      i === 0
        ? { tool_calls: [{ id: 'c', name: 'get_connect_link', arguments: '{}' }] }
        : { content: 'Use this link: https://frame.example/connect/shopify?n=abc.' },
    );
    const result = await runToolLoop(settings(fake), [withLink], ctx, 'how do I connect shopify?');
    expect(result).toMatchObject({ source: 'model', inventedLinks: [] });
  });

  it('finds links with or without a scheme, and not in figures or sentences', () => {
    expect(inventedLinks('Check www.shopify.com/admin or sellercentral.example.in for fees.', [])).toEqual([
      'shopify.com/admin',
      'sellercentral.example.in',
    ]);
    expect(inventedLinks('Sales were $1,234.50 (up 3.5%). Etc. e.g. fine.', [])).toEqual([]);
    expect(inventedLinks('See https://a.example.com/x', ['{"url":"https://a.example.com/x"}'])).toEqual([]);
  });
});
