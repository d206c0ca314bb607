import { describe, expect, it } from '@jest/globals';
import { answerMessage, replyMessage, sections } from '../../../src/channels/slack/blocks.ts';
import { stripMention } from '../../../src/channels/slack/mention-text.ts';
import { routeSlash } from '../../../src/channels/slack/route-slash.ts';

/** The pure pieces of the Slack adapter: layouts, the slash-command split, mention stripping. */
describe('Slack layouts and parsing', () => {
  it('splits long text into sections of at most 3000 characters, between lines, losing nothing', () => {
    const lines = Array.from({ length: 200 }, (_, i) => `• line ${i}: ${'x'.repeat(40)}`);
    const blocks = sections(lines.join('\n')) as { type: string; text: { text: string } }[];
    expect(blocks.length).toBeGreaterThan(1);
    for (const b of blocks) expect(b.text.text.length).toBeLessThanOrEqual(3000);
    expect(blocks.map((b) => b.text.text).join('\n')).toBe(lines.join('\n'));
  });

  it('puts the freshness line of an answer in a context block and escapes Slack control characters', () => {
    const m = answerMessage({ via: 'router', text: 'Sales <b> & returns: $5 > $4\nData as of 7 min ago.' });
    expect(m.blocks).toEqual([
      { type: 'section', text: { type: 'mrkdwn', text: 'Sales &lt;b&gt; &amp; returns: $5 &gt; $4' } },
      { type: 'context', elements: [{ type: 'mrkdwn', text: 'Data as of 7 min ago.' }] },
    ]);
    expect(m.text).toBe('Sales &lt;b&gt; &amp; returns: $5 &gt; $4\nData as of 7 min ago.');
    expect(answerMessage({ via: 'help', text: 'I can answer…\n• a\n• b' }).blocks.map((b) => b.type)).toEqual([
      'section',
    ]);
  });

  it('renders connect buttons as one actions block', () => {
    const m = replyMessage({ text: 'Connect one:', connectButtons: ['SHOPIFY', 'EBAY'] });
    expect(m.blocks[1]).toMatchObject({
      type: 'actions',
      elements: [
        { action_id: 'connect:SHOPIFY', value: 'SHOPIFY' },
        { action_id: 'connect:EBAY', value: 'EBAY' },
      ],
    });
  });

  it('routes slash-command text: ask, commands, bare questions, and an empty command to help', () => {
    expect(routeSlash('ask what were my sales?')).toEqual({ kind: 'ask', question: 'what were my sales?' });
    expect(routeSlash('status')).toEqual({ kind: 'command', command: { kind: 'status' } });
    expect(routeSlash('disconnect ebay purge')).toEqual({
      kind: 'command',
      command: { kind: 'disconnect', marketplace: 'EBAY', choice: 'purge' },
    });
    expect(routeSlash('digest daily 08:00')).toEqual({
      kind: 'command',
      command: { kind: 'digest', action: 'on', time: '08:00' },
    });
    expect(routeSlash('top products on etsy')).toEqual({ kind: 'ask', question: 'top products on etsy' });
    expect(routeSlash('')).toEqual({ kind: 'command', command: { kind: 'help' } });
    expect(routeSlash('ask')).toEqual({ kind: 'command', command: { kind: 'help' } });
  });

  it("strips the bot's own mention and keeps other people's", () => {
    expect(stripMention('<@UBOT> sales last month', 'UBOT')).toBe('sales last month');
    expect(stripMention('how did <@UBOT|frame> do vs <@UOTHER>?', 'UBOT')).toBe('how did do vs <@UOTHER>?');
  });
});
