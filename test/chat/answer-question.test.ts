import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import sharp from 'sharp';
import { answerQuestion } from '../../src/chat/answer-question.ts';
import type { Runtime } from '../../src/runtime.ts';
import type { ScratchDatabase } from '../helpers/db.ts';
import { startFakeOpenAi, type FakeOpenAi } from '../helpers/fake-openai.ts';
import { syncRuntime } from '../helpers/sync.ts';
import { A, B, NOW, ORDERS, seed } from '../analytics/seed.ts';

/** The chat brain end to end on seeded data: router, tools, freshness, memory, LLM, tenancy. */
describe('answerQuestion', () => {
  let rt: Runtime;
  let db: ScratchDatabase;
  let fake: FakeOpenAi;

  beforeAll(async () => {
    fake = await startFakeOpenAi((i, body) => {
      const tools = body.messages.filter((m) => m.role === 'tool');
      if (tools.length === 0) return { tool_calls: [{ id: 'c1', name: 'get_sales_summary', arguments: '{"period":{"kind":"last","unit":"month"},"groupBy":"marketplace"}' }] };
      return { content: 'Here is what I found for last month.' };
    });
    ({ rt, db } = await syncRuntime({ OPENAI_API_KEY: 'test-key', OPENAI_BASE_URL: fake.baseURL, OPENAI_MODEL: 'test-model', SYNC_STALE_HOURS: '168' }));
    await seed(rt.db);
  });
  afterAll(async () => {
    await fake?.close();
    await rt?.close();
    await db?.drop();
  });

  const deps = () => ({ ...rt, now: () => NOW });
  const ask = (userId: string, q: string, thread = 'test') => answerQuestion(deps(), { userId, channel: 'CONSOLE', threadKey: `${userId}:${thread}` }, q);

  it('answers through the router, with the freshness of the data', async () => {
    const answer = await ask(A, 'what were my total sales last month?');
    expect(answer.via).toBe('router');
    expect(answer.intent).toMatchObject({ tool: 'get_sales_summary', args: { period: { kind: 'last', unit: 'month' } } });
    expect(answer.text).toMatch(/last month \(1 Oct – 31 Oct 2026\)/);
    expect(answer.text).toMatch(/Data as of \d+ (min|h|days) ago\.|Data as of just now\./);
    expect(answer.text).not.toMatch(/@buyer\.example/);
  });

  it('remembers the conversation for follow-ups', async () => {
    await ask(A, 'show my return rate by marketplace', 'memory');
    const follow = await ask(A, 'what about last week?', 'memory');
    expect(follow.intent).toMatchObject({ tool: 'get_return_rates', args: { period: { kind: 'last', unit: 'week' } } });
  });

  it('draws a chart where a picture helps, not for a single number', async () => {
    const trend = await ask(A, 'sales trend last month by marketplace');
    expect(trend.chart).toBeDefined();
    const meta = await sharp(trend.chart!.png).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['png', trend.chart!.width, trend.chart!.height]);
    const single = await ask(A, 'how many orders did I get on Flipkart last month?');
    expect(single.chart).toBeUndefined();
  });

  it('hands what the router cannot place to the LLM, whose tools are scoped by code', async () => {
    const answer = await ask(B, 'gimme the lowdown on how my shops did, per channel');
    expect(answer.via).toBe('llm');
    expect(answer.calls.map((c) => [c.tool, c.ok])).toEqual([['get_sales_summary', true]]);
    // the figures come from seller B's rows only
    const data = JSON.stringify(answer.calls[0]!.output!.data);
    const bOrders = ORDERS.filter((o) => o.userId === B);
    const aOnly = ORDERS.filter((o) => o.userId === A && !bOrders.some((b) => b.totalAmount === o.totalAmount));
    for (const o of aOnly) expect(data).not.toContain(`"${o.totalAmount}"`);
    const sent = JSON.stringify(fake.requests);
    expect(sent).not.toMatch(/@buyer\.example|seller-b|seller-a/);
  });

  it("never shows one seller another seller's order", async () => {
    const foreign = ORDERS.find((o) => o.userId === B)!;
    const answer = await ask(A, `where is order ${foreign.orderNumber}?`);
    expect(answer.intent?.tool).toBe('lookup_order');
    expect(answer.text).not.toContain(foreign.totalAmount);
    expect(answer.text.toLowerCase()).toMatch(/no order|couldn't find|could not find|not find/);
  });
});
