import { describe, expect, it } from '@jest/globals';
import { type ChatCommand, parseChatCommand } from '../../../src/chat/commands/index.ts';

/** Commands must be the whole message; anything else is a question for the chat brain. */
const TABLE: [string, ChatCommand | null][] = [
  ['connect shopify', { kind: 'connect', marketplace: 'SHOPIFY' }],
  ['Connect Shopify', { kind: 'connect', marketplace: 'SHOPIFY' }],
  ['connect to ebay', { kind: 'connect', marketplace: 'EBAY' }],
  ['connect e-bay', { kind: 'connect', marketplace: 'EBAY' }],
  ['connect my etsy store', { kind: 'connect', marketplace: 'ETSY' }],
  ['connect etsey', { kind: 'connect', marketplace: 'ETSY' }],
  ['connect flip kart', { kind: 'connect', marketplace: 'FLIPKART' }],
  ['connect flipkar', { kind: 'connect', marketplace: 'FLIPKART' }],
  ['connect big commerce', { kind: 'connect', marketplace: 'BIGCOMMERCE' }],
  ['connect squareup', { kind: 'connect', marketplace: 'SQUARE' }],
  ['connect snapdeel', { kind: 'connect', marketplace: 'SNAPDEAL' }],
  ['reconnect square', { kind: 'connect', marketplace: 'SQUARE' }],
  ['add my shopfy account', { kind: 'connect', marketplace: 'SHOPIFY' }],
  ['/connect ebay', { kind: 'connect', marketplace: 'EBAY' }],
  ['connect ebay please', { kind: 'connect', marketplace: 'EBAY' }],
  ['connect', { kind: 'help' }],
  ['status', { kind: 'status' }],
  ['Status.', { kind: 'status' }],
  ['my connections', { kind: 'status' }],
  ['disconnect square', { kind: 'disconnect', marketplace: 'SQUARE' }],
  ['disconnect square purge', { kind: 'disconnect', marketplace: 'SQUARE', choice: 'purge' }],
  ['disconnect square keep', { kind: 'disconnect', marketplace: 'SQUARE', choice: 'keep' }],
  ['disconnect my ebay and delete the data', { kind: 'disconnect', marketplace: 'EBAY', choice: 'purge' }],
  ['remove etsy keep data', { kind: 'disconnect', marketplace: 'ETSY', choice: 'keep' }],
  ['digest on', { kind: 'digest', action: 'on' }],
  ['digest on 8', { kind: 'digest', action: 'on', time: '8' }],
  ['digest on at 18', { kind: 'digest', action: 'on', time: '18' }],
  ['digest on 7pm', { kind: 'digest', action: 'on', time: '7pm' }],
  ['digest daily 09:00', { kind: 'digest', action: 'on', time: '09:00' }],
  ['digest daily 9:30 Asia/Kolkata', { kind: 'digest', action: 'on', time: '9:30', timeZone: 'asia/kolkata' }],
  ['Daily digest every day at 7 pm UTC', { kind: 'digest', action: 'on', time: '7 pm', timeZone: 'utc' }],
  ['digest at 08:30', { kind: 'digest', action: 'on', time: '08:30' }],
  ['Daily digest off', { kind: 'digest', action: 'off' }],
  ['digest off', { kind: 'digest', action: 'off' }],
  ['digest pause', { kind: 'digest', action: 'pause' }],
  ['digest resume', { kind: 'digest', action: 'resume' }],
  ['digest list', { kind: 'digest', action: 'list' }],
  ['my digests', { kind: 'digest', action: 'list' }],
  ['digest on 25', { kind: 'digest', action: 'on', time: '25' }], // refused with a reason by the command
  ['link', { kind: 'link' }],
  ['link my whatsapp', { kind: 'link' }],
  ['link ABCD-EFGH', { kind: 'link', code: 'ABCD-EFGH' }],
  ['link abcdefgh', { kind: 'link', code: 'ABCDEFGH' }],
  ['abcd-efgh', { kind: 'link', code: 'ABCD-EFGH' }],
  ['K7MN-P2QR', { kind: 'link', code: 'K7MN-P2QR' }],
  ['help', { kind: 'help' }],
  ['HELP!', { kind: 'help' }],
  ['/help', { kind: 'help' }],
  // questions stay questions
  ['what were my total sales last month?', null],
  ['sales on ebay vs shopify', null],
  ['status of my shopify orders', null],
  ['how do I connect shopify?', null],
  ['connect shopify sales last month', null],
  ['connect amazon', null],
  ['connect shopify and ebay', null],
  ['connect all my stores', null],
  ['disconnect', null],
  ['disconnect my life', null],
  ['digest', null],
  ['digest of last week', null],
  ['digest off tomorrow', null],
  ['digest daily sales last week', null],
  ['digest on shopify', null],
  ['daily digest on ebay?', null],
  ['digest at noon', { kind: 'digest', action: 'on', time: 'noon' }],
  ['digest on europe/london', { kind: 'digest', action: 'on', timeZone: 'europe/london' }],
  ['digest at', null],
  ['link sales to returns', null],
  ['payments', null], // the shape of a code, but a word
  ['shopify', null],
  ['top products on etsy', null],
  ['help me with sales on etsy', null],
  ['show my return rate by marketplace', null],
  ['', null],
];

describe('parseChatCommand', () => {
  it.each(TABLE)('%j', (text, expected) => {
    expect(parseChatCommand(text)).toEqual(expected);
  });

  it('covers enough phrasings', () => {
    expect(TABLE.length).toBeGreaterThanOrEqual(40);
  });
});
