import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type CommandWho, greeting, parseChatCommand, runChatCommand } from '../../../src/chat/commands/index.ts';
import { type ChatAddress, findChatUser } from '../../../src/chat/identity.ts';
import { redeemConnectLink } from '../../../src/connections/connect-link.ts';
import type { Runtime } from '../../../src/runtime.ts';
import { A, B, NOW, seed } from '../../analytics/seed.ts';
import type { ScratchDatabase } from '../../helpers/db.ts';
import { syncRuntime } from '../../helpers/sync.ts';

const SEVEN = ['SHOPIFY', 'EBAY', 'ETSY', 'FLIPKART', 'BIGCOMMERCE', 'SQUARE', 'SNAPDEAL'];

/** Each command against a seeded database, for the seller the channel names. */
describe('runChatCommand', () => {
  let rt: Runtime;
  let db: ScratchDatabase;

  beforeAll(async () => {
    ({ rt, db } = await syncRuntime({ PUBLIC_BASE_URL: 'https://bot.example.com' }));
    await seed(rt.db);
  });
  afterAll(async () => {
    await rt?.close();
    await db?.drop();
  });

  const deps = () => ({ ...rt, now: () => NOW });
  const term = (userId: string, login = userId): CommandWho => ({
    userId,
    address: { channel: 'CONSOLE', externalId: login },
    destination: login,
  });
  const run = (who: CommandWho, text: string) => {
    const command = parseChatCommand(text);
    if (!command) throw new Error(`not a command: ${text}`);
    return runChatCommand(deps(), who, command);
  };

  it('connect: a single-use link for this seller, sent privately', async () => {
    const reply = await run(term(B), 'connect etsy');
    expect(reply.text).toMatch(/private link to connect Etsy/);
    expect(reply.text).not.toContain('https://');
    const match =
      /^Connect Etsy: (https:\/\/bot\.example\.com\/oauth\/etsy\/start\?link=(\S+)) \(works once, expires in 30 minutes\)$/.exec(
        reply.direct ?? '',
      );
    expect(match).not.toBeNull();
    const rows = await rt.db.connectLink.findMany({ where: { userId: B, marketplace: 'ETSY' } });
    expect(rows).toHaveLength(1);
    await expect(redeemConnectLink(rt, match![2]!, 'ETSY', NOW)).resolves.toEqual({ userId: B });
    await expect(redeemConnectLink(rt, match![2]!, 'ETSY', NOW)).rejects.toMatchObject({ problem: 'used' });
  });

  it('connect: an already connected marketplace says so and still offers a reconnect link', async () => {
    const reply = await run(term(B), 'connect shopify');
    expect(reply.text).toMatch(/Shopify is already connected \(B Shop\)/);
    expect(reply.direct).toMatch(/^Connect Shopify: https:\/\/bot\.example\.com\/oauth\/shopify\/start\?link=/);
  });

  it('connect: a marketplace whose app is not configured is refused, with no link made', async () => {
    const bare = {
      ...deps(),
      config: {
        ...rt.config,
        marketplaces: { ...rt.config.marketplaces, SQUARE: { ...rt.config.marketplaces.SQUARE, enabled: false } },
      },
    };
    const before = await rt.db.connectLink.count();
    const reply = await runChatCommand(bare, term(B), { kind: 'connect', marketplace: 'SQUARE' });
    expect(reply.text).toMatch(/Square cannot be connected on this server yet/);
    expect(reply.direct).toBeUndefined();
    expect(await rt.db.connectLink.count()).toBe(before);
  });

  it("status: only this seller's connections, their data age, and what is wrong", async () => {
    const reply = await run(term(A), 'status');
    expect(reply.text).toMatch(/Shopify — A Shop: connected\. Data as of 30 min ago\./);
    expect(reply.text).toMatch(/Flipkart — A on Flipkart: connected\. Data as of 60 min ago\./);
    expect(reply.text).toContain(
      '• eBay — a-ebay: failing (token revoked). Data as of 15 days ago. Send "connect ebay" to reconnect.',
    );
    expect(reply.text).not.toContain('B Shop');
    expect(reply.connectButtons).toEqual(['ETSY', 'BIGCOMMERCE', 'SQUARE', 'SNAPDEAL']);
  });

  it('status: a store whose syncs fail says since when, why in a sentence, and what to do', async () => {
    const seller = await rt.db.user.create({ data: { name: 'Failing Seller' } });
    const connection = await rt.db.marketplaceConnection.create({
      data: {
        userId: seller.id,
        marketplace: 'SHOPIFY',
        storeId: 'fail.myshopify.com',
        storeName: 'Fail Shop',
        status: 'CONNECTED',
        lastSyncAt: new Date(NOW.getTime() - 50 * 60_000),
        lastError: 'fetch failed: connect ECONNREFUSED 127.0.0.1:43123',
        lastErrorAt: new Date(NOW.getTime() - 5 * 60_000),
        apiBaseUrl: 'http://127.0.0.1:43123',
      },
    });
    const failed = (minutesAgo: number) => ({
      connectionId: connection.id,
      stream: 'ORDERS' as const,
      trigger: 'CRON' as const,
      status: 'FAILED' as const,
      startedAt: new Date(NOW.getTime() - minutesAgo * 60_000),
      error: 'fetch failed: connect ECONNREFUSED 127.0.0.1:43123',
    });
    // the last good sync 50 min ago; failing since the sync 35 min ago
    await rt.db.unifiedSyncLog.createMany({
      data: [failed(65), { ...failed(50), status: 'SUCCESS', error: null }, failed(35), failed(20), failed(5)],
    });
    const reply = await run(term(seller.id, 'failing-login'), 'status');
    expect(reply.text).toContain(
      '• Shopify — Fail Shop: syncs failing for 35 min (the store\'s server refused the connection). Data as of 50 min ago. The demo connected it to a sandbox that is no longer running: start "npm run demo" again.',
    );
    await rt.db.marketplaceConnection.update({
      where: { id: connection.id },
      data: { apiBaseUrl: null, lastError: 'Shopify answered 503 Service Unavailable' },
    });
    expect((await run(term(seller.id, 'failing-login'), 'status')).text).toContain(
      'syncs failing for 35 min (the marketplace answered HTTP 503, a server error). Data as of 50 min ago. It is tried again every 15 minutes; if it keeps failing, send "connect shopify" to reconnect.',
    );
  });

  it('status: a store whose first sync is still reading its history says from when it is complete', async () => {
    await rt.db.marketplaceConnection.update({
      where: { id: 'conn-a-sh' },
      data: { historyFrom: new Date('2026-11-07T18:30:00Z') },
    });
    try {
      expect((await run(term(A), 'status')).text).toContain(
        '• Shopify — A Shop: connected. Data as of 30 min ago. History still loading, newest first: complete from 8 Nov 2026 on.',
      );
    } finally {
      await rt.db.marketplaceConnection.update({ where: { id: 'conn-a-sh' }, data: { historyFrom: null } });
    }
  });

  it('status: a seller with nothing connected gets a connect button for all seven', async () => {
    const fresh = await rt.db.user.create({ data: { name: 'New Seller' } });
    const reply = await run(term(fresh.id), 'status');
    expect(reply.text).toMatch(/No marketplace is connected yet/);
    expect(reply.connectButtons).toEqual(SEVEN);
  });

  it('digest: on, a new time and zone, pause, resume, list, off — one subscription per destination', async () => {
    const who: CommandWho = {
      userId: A,
      address: { channel: 'SLACK', teamId: 'T1', externalId: 'U1' },
      destination: 'C42',
    };
    const where = { userId: A, channel: 'SLACK' as const, teamId: 'T1', destination: 'C42' };
    const on = await run(who, 'digest on');
    // NOW is 17:30 on 15 Nov in Kolkata: the first digest goes the next morning
    expect(on.text).toMatch(/^Daily digest on: here at 09:00 \(Asia\/Kolkata\): on, next 16 Nov\./);
    expect(await rt.db.digestSubscription.findMany({ where })).toEqual([
      expect.objectContaining({
        sendMinute: 540,
        timeZone: null,
        pausedAt: null,
        createdBy: 'SLACK:T1:U1',
        activeFrom: NOW,
      }),
    ]);
    const later = await run(who, 'digest daily 21:15 europe/london');
    expect(later.text).toMatch(/^Daily digest updated: here at 21:15 \(Europe\/London\): on, next 15 Nov\./);
    expect(await rt.db.digestSubscription.findMany({ where })).toEqual([
      expect.objectContaining({ sendMinute: 21 * 60 + 15, timeZone: 'Europe/London' }),
    ]);

    expect((await run(who, 'digest on 25')).text).toMatch(/could not read "25" as a time of day/);
    expect((await run(who, 'digest daily 9 Mars/Olympus')).text).toMatch(/"mars\/olympus" is not a time zone/);
    expect(await rt.db.digestSubscription.findMany({ where })).toEqual([
      expect.objectContaining({ sendMinute: 21 * 60 + 15, timeZone: 'Europe/London' }),
    ]);

    expect((await run(who, 'digest pause')).text).toMatch(/paused here/);
    expect((await run(who, 'digest list')).text).toMatch(/here at 21:15 \(Europe\/London\): paused \(paused by you\)/);
    expect((await run(who, 'digest resume')).text).toMatch(/back on: here at 21:15/);
    const elsewhere = await run({ ...who, destination: 'C99' }, 'digest at 7am');
    expect(elsewhere.text).toMatch(/here at 07:00 \(Asia\/Kolkata\)/);
    const list = await run(who, 'digest list');
    expect(list.text.split('\n')).toEqual([
      'Your daily digests:',
      '• here at 21:15 (Europe/London): on, next 15 Nov.',
      '• in Slack channel C99 at 07:00 (Asia/Kolkata): on, next 16 Nov.',
    ]);
    expect((await run(who, 'status')).text).toContain('• in Slack channel C99 at 07:00 (Asia/Kolkata): on');

    expect((await run(who, 'digest off')).text).toMatch(/Daily digest off here/);
    expect((await run(who, 'digest off')).text).toMatch(/No daily digest is set up here/);
    expect(await rt.db.digestSubscription.count({ where })).toBe(0);
    await run(who, 'digest on');
    expect(await rt.db.digestSubscription.findMany({ where })).toEqual([expect.objectContaining({ sendMinute: 540 })]);
    expect(await rt.db.digestSubscription.count({ where: { userId: A } })).toBe(2);
  });

  it('link: a code sent privately, redeemable once from another channel', async () => {
    const issued = await run(term(A, 'a-login'), 'link');
    expect(issued.text).toMatch(/link code privately/);
    const code = /Your link code: ([2-9A-Z]{4}-[2-9A-Z]{4})/.exec(issued.direct ?? '')?.[1];
    expect(code).toBeDefined();
    expect(issued.direct).toMatch(/within 15 minutes/);

    const phone: ChatAddress = { channel: 'WHATSAPP', externalId: '+15550001111' };
    const newcomer = await rt.db.user.create({
      data: {
        name: 'whatsapp:+15550001111',
        identities: { create: { channel: 'WHATSAPP', externalId: phone.externalId } },
      },
    });
    const redeemed = await run(
      { userId: newcomer.id, address: phone, destination: phone.externalId },
      code!.toLowerCase(),
    );
    expect(redeemed.text).toMatch(/^This number is now linked to A\./);
    expect(await findChatUser(rt.db, phone)).toBe(A);

    const again = await run(
      { userId: A, address: { channel: 'WHATSAPP', externalId: '+15550002222' }, destination: '+15550002222' },
      `link ${code}`,
    );
    expect(again.text).toMatch(/did not work/);
    expect(await findChatUser(rt.db, { channel: 'WHATSAPP', externalId: '+15550002222' })).toBeNull();
  });

  it('link with a wrong code changes nothing', async () => {
    const phone: ChatAddress = { channel: 'WHATSAPP', externalId: '+15550003333' };
    const seller = await rt.db.user.create({
      data: { name: 'Someone', identities: { create: { channel: 'WHATSAPP', externalId: phone.externalId } } },
    });
    const identities = await rt.db.chatIdentity.count();
    const reply = await run({ userId: seller.id, address: phone, destination: phone.externalId }, 'link ZZZZ-ZZZZ');
    expect(reply.text).toMatch(/did not work.*Nothing was changed/);
    expect(await findChatUser(rt.db, phone)).toBe(seller.id);
    expect(await rt.db.chatIdentity.count()).toBe(identities);
  });

  it('disconnect without a choice explains keep and purge and changes nothing', async () => {
    const reply = await run(term(A), 'disconnect shopify');
    expect(reply.text).toMatch(/Disconnect Shopify \(A Shop\)\?/);
    expect(reply.text).toContain('"disconnect shopify keep"');
    expect(reply.text).toContain('"disconnect shopify purge"');
    expect(await rt.db.marketplaceConnection.findUniqueOrThrow({ where: { id: 'conn-a-sh' } })).toMatchObject({
      status: 'CONNECTED',
    });
    expect((await run(term(A), 'disconnect square')).text).toMatch(/Square is not connected/);
  });

  it('disconnect keep leaves the data; purge deletes it; only this seller is touched', async () => {
    const ordersOf = (connectionId: string) => rt.db.unifiedOrder.count({ where: { connectionId } });
    const kept = await ordersOf('conn-a-fk');
    expect(kept).toBeGreaterThan(0);
    const keep = await run(term(A), 'disconnect flipkart keep');
    expect(keep.text).toMatch(/Flipkart disconnected \(A on Flipkart\)\. Its orders and products were kept/);
    expect(await rt.db.marketplaceConnection.findUniqueOrThrow({ where: { id: 'conn-a-fk' } })).toMatchObject({
      status: 'DISCONNECTED',
      accessTokenEnc: null,
    });
    expect(await ordersOf('conn-a-fk')).toBe(kept);

    const shopifyOrders = await ordersOf('conn-a-sh');
    const purge = await run(term(A), 'disconnect shopify purge');
    expect(purge.text).toContain(`Deleted ${shopifyOrders} orders`);
    expect(await ordersOf('conn-a-sh')).toBe(0);
    expect(await rt.db.marketplaceConnection.findUniqueOrThrow({ where: { id: 'conn-b-sh' } })).toMatchObject({
      status: 'CONNECTED',
    });
    expect(await ordersOf('conn-b-sh')).toBeGreaterThan(0);
  });

  it('help lists the commands and example questions; the greeting offers all seven', async () => {
    const help = await run(term(A), 'help');
    expect(help.text).toContain('what were my total sales last month?');
    expect(help.text).toMatch(/connect <marketplace>/);
    expect(help.text).toMatch(/digest daily \[time\] \[zone\]/);
    const hello = greeting('Priya');
    expect(hello.text).toMatch(/^Hi Priya!/);
    expect(hello.text).toContain('which product sells best on Flipkart vs Shopify?');
    expect(hello.connectButtons).toEqual(SEVEN);
  });
});
