import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import sharp from 'sharp';
import { answerQuestion, HELP } from '../../src/chat/answer-question.ts';
import type { Runtime } from '../../src/runtime.ts';
import { A, B, CONNECTIONS, NOW, ORDERS, seed } from '../analytics/seed.ts';
import type { ScratchDatabase } from '../helpers/db.ts';
import { type FakeOpenAi, startFakeOpenAi } from '../helpers/fake-openai.ts';
import { syncRuntime } from '../helpers/sync.ts';

/** The chat brain end to end on seeded data: router, tools, freshness, memory, LLM, tenancy. */
describe('answerQuestion', () => {
  let rt: Runtime;
  let db: ScratchDatabase;
  let fake: FakeOpenAi;

  beforeAll(async () => {
    fake = await startFakeOpenAi((_i, body) => {
      const tools = body.messages.filter((m) => m.role === 'tool');
      if (tools.length === 0)
        return {
          tool_calls: [
            {
              id: 'c1',
              name: 'get_sales_summary',
              arguments: '{"period":{"kind":"last","unit":"month"},"groupBy":"marketplace"}',
            },
          ],
        };
      return { content: 'Here is what I found for last month.' };
    });
    ({ rt, db } = await syncRuntime({
      OPENAI_API_KEY: 'test-key',
      OPENAI_BASE_URL: fake.baseURL,
      OPENAI_MODEL: 'test-model',
      SYNC_STALE_HOURS: '168',
    }));
    await seed(rt.db);
    // a second eBay store of seller A, in the UK (no orders: it changes no figure, only what "my eBay UK store" means)
    await rt.db.marketplaceConnection.create({
      data: {
        id: 'conn-a-eb-uk',
        userId: A,
        marketplace: 'EBAY',
        storeId: 'a-ebay-uk',
        storeName: 'A UK',
        storeCurrency: 'GBP',
        status: 'DISCONNECTED',
      },
    });
  });
  afterAll(async () => {
    await fake?.close();
    await rt?.close();
    await db?.drop();
  });

  const deps = () => ({ ...rt, now: () => NOW });
  const ask = (userId: string, q: string, thread = 'test', opts: { remember?: boolean } = {}) =>
    answerQuestion(deps(), { userId, channel: 'CONSOLE', threadKey: `${userId}:${thread}` }, q, opts);

  it('answers through the router, with the freshness of the data', async () => {
    const answer = await ask(A, 'what were my total sales last month?');
    expect(answer.via).toBe('router');
    expect(answer.intent).toMatchObject({
      tool: 'get_sales_summary',
      args: { period: { kind: 'last', unit: 'month' } },
    });
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

  it('answers a complete question on its own after an unrelated one, and a follow-up from context', async () => {
    await ask(A, 'top products last month', 'complete');
    const compared = await ask(A, 'compare this month to last month', 'complete');
    expect(compared.intent).toMatchObject({
      tool: 'compare_periods',
      args: { period: { kind: 'this', unit: 'month' }, comparePeriod: { kind: 'last', unit: 'month' } },
    });
    await ask(A, 'show my return rate by marketplace', 'complete-2');
    const again = await ask(A, 'compare this month to last month', 'complete-2');
    expect([again.via, again.intent?.tool]).toEqual(['router', 'compare_periods']);
    const follow = await ask(A, 'and on flipkart?', 'complete-2');
    expect(follow.intent).toMatchObject({ tool: 'compare_periods', args: { marketplaces: ['FLIPKART'] } });
  });

  it('greets and thanks like a person, without the help list or a data line', async () => {
    for (const q of ['hi', 'thanks!', 'good morning']) {
      const answer = await ask(A, q, 'smalltalk');
      expect([answer.kind, answer.via]).toEqual(['smalltalk', 'help']);
      expect(answer.text).not.toContain(HELP);
      expect(answer.text).not.toMatch(/Data as of/);
      expect(answer.calls).toEqual([]);
    }
  });

  it('says what it cannot compute and why, then gives the nearest figure', async () => {
    const profit = await ask(A, "what's my profit last month?", 'limits');
    expect([profit.kind, profit.via]).toEqual(['unsupported', 'router']);
    expect(profit.text).toMatch(/product costs/);
    expect(profit.text).toMatch(/net sales/);
    expect(profit.intent).toEqual({
      tool: 'get_sales_summary',
      args: { period: { kind: 'last', unit: 'month' }, metric: 'net_sales' },
    });
    expect(profit.calls.map((c) => [c.tool, c.ok])).toEqual([['get_sales_summary', true]]);
    expect(profit.text).toMatch(/Data as of/);
    // the nearest answer is remembered: a follow-up builds on it
    const follow = await ask(A, 'and on shopify?', 'limits');
    expect(follow.intent).toEqual({
      tool: 'get_sales_summary',
      args: { period: { kind: 'last', unit: 'month' }, marketplaces: ['SHOPIFY'], metric: 'net_sales' },
    });

    const amazon = await ask(A, 'amazon sales last month', 'limits-2');
    expect([amazon.kind, amazon.via, amazon.calls]).toEqual(['unsupported', 'help', []]);
    expect(amazon.text).toMatch(/Amazon isn't one of the marketplaces/);
    expect(amazon.text).toMatch(/Your connected stores are on Shopify, eBay and Flipkart\./);
  });

  it('asks back a misspelling it cannot place, and the reply completes the question', async () => {
    const typo = await ask(A, 'sales on shpfy last month', 'typo');
    expect([typo.kind, typo.via, typo.calls]).toEqual(['clarify', 'help', []]);
    expect(typo.text).toMatch(/did you mean Shopify\?/);
    const reply = await ask(A, 'shopify', 'typo');
    expect(reply.intent).toEqual({
      tool: 'get_sales_summary',
      args: { period: { kind: 'last', unit: 'month' }, marketplaces: ['SHOPIFY'] },
    });
  });

  it("reads one store of a marketplace from the seller's stores, whatever their status", async () => {
    const uk = await ask(A, 'sales on my ebay uk store last month', 'stores');
    expect(uk.intent).toEqual({
      tool: 'get_sales_summary',
      args: { period: { kind: 'last', unit: 'month' }, marketplaces: ['EBAY'], stores: ['conn-a-eb-uk'] },
    });
    const none = await ask(A, 'sales on my ebay germany store', 'stores');
    expect(none.kind).toBe('clarify');
    expect(none.text).toMatch(/eBay: A UK \(GBP\)/);
    expect(none.text).toMatch(/eBay: a-ebay/);
    // another seller's store names mean nothing here
    const foreign = await ask(B, 'sales on my ebay uk store last month', 'stores');
    expect(foreign.kind).toBe('clarify');
  });

  it('sends the recent turns with a question the router leaves to the LLM, and remembers what it answered', async () => {
    const first = await ask(B, 'sales on shopify last month', 'llm-turns');
    expect(first.via).toBe('router');
    const before = fake.requests.length;
    const answer = await ask(B, 'gimme the lowdown on how my shops did, per channel', 'llm-turns');
    expect(answer.via).toBe('llm');
    const sent = fake.requests[before]!.messages;
    expect(sent.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'user']);
    expect(sent[1]!.content).toBe('sales on shopify last month');
    expect(sent[2]!.content).toBe(first.text);
    expect(sent[3]!.content).toBe('gimme the lowdown on how my shops did, per channel');
    // the stores go as ids the model may pass in `stores`, and nothing names the tenant
    expect(sent[0]!.content).toContain('conn-b-sh');
    expect(JSON.stringify(sent)).not.toMatch(/seller-b|b\.myshopify\.com/);
    // the model's call is what a follow-up to the router builds on
    const follow = await ask(B, 'and on flipkart?', 'llm-turns');
    // (its split by marketplace narrowed to one marketplace is that marketplace's total)
    expect(follow.intent).toEqual({
      tool: 'get_sales_summary',
      args: { period: { kind: 'last', unit: 'month' }, marketplaces: ['FLIPKART'] },
    });
  });

  it("names customers to the seller only: the conversation and the LLM's turns hold no name", async () => {
    const best = await ask(A, 'who are my best customers last month', 'names');
    expect(best.intent?.tool).toBe('get_top_customers');
    expect(best.text).toMatch(/1\. Buyer A\d+ — /);
    const kept = await rt.db.conversationMessage.findMany({
      where: { conversation: { userId: A, threadKey: `${A}:names` } },
    });
    expect(kept.map((m) => m.content).join('\n')).toMatch(/1\. a customer — /);
    expect(kept.map((m) => m.content).join('\n')).not.toMatch(/Buyer A|buyer\.example/);
    const before = fake.requests.length;
    expect((await ask(A, 'gimme the lowdown on how my shops did, per channel', 'names')).via).toBe('llm');
    expect(JSON.stringify(fake.requests[before]!.messages)).not.toMatch(/Buyer A|buyer\.example/);
  });

  it('without memory, a follow-up has nothing to build on and nothing is kept', async () => {
    await ask(A, 'sales on ebay last month', 'fresh', { remember: false });
    const second = await ask(A, 'and on flipkart?', 'fresh', { remember: false });
    expect(second.intent).toEqual({
      tool: 'get_sales_summary',
      args: { period: { kind: 'this', unit: 'month' }, marketplaces: ['FLIPKART'] },
    });
    expect(await rt.db.conversation.count({ where: { userId: A, threadKey: `${A}:fresh` } })).toBe(0);
  });

  it('routes the new answers end to end: an order list for a filter, and what sells where on every marketplace the seller has', async () => {
    const cancelled = await ask(A, 'cancelled orders last month', 'new-answers');
    expect(cancelled.intent).toEqual({
      tool: 'get_latest_orders',
      args: { period: { kind: 'last', unit: 'month' }, statuses: ['CANCELLED'], limit: 10 },
    });
    expect(cancelled.calls.map((c) => c.ok)).toEqual([true]);
    // independently: A's orders cancelled in October (Kolkata), by their numbers
    const expected = ORDERS.filter(
      (o) =>
        o.userId === A &&
        o.status === 'CANCELLED' &&
        o.orderedAt >= new Date('2026-09-30T18:30:00Z') &&
        o.orderedAt < new Date('2026-10-31T18:30:00Z'),
    )
      .map((o) => o.orderNumber.replace(/^#/, ''))
      .sort();
    expect(expected).toEqual(['A5', 'A6']);
    const listed = (cancelled.calls[0]!.output!.data as { orders: { orderNumber: string }[] }).orders
      .map((o) => o.orderNumber.replace(/^#/, ''))
      .sort();
    expect(listed).toEqual(expected);
    expect(JSON.stringify(cancelled.calls[0]!.output!.data)).not.toMatch(/@buyer\.example|Buyer A/);

    const where = await ask(A, 'which products sell on which marketplace last month', 'new-answers');
    const mine = [...new Set(CONNECTIONS.filter((c) => c.userId === A).map((c) => c.marketplace))];
    expect(where.intent?.tool).toBe('get_top_products');
    expect([...(where.intent!.args as { marketplaces: string[] }).marketplaces].sort()).toEqual(mine.sort());
  });
});
