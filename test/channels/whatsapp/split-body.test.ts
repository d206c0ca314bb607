import { describe, expect, it } from '@jest/globals';
import { splitBody } from '../../../src/channels/whatsapp/split-body.ts';

describe('splitBody', () => {
  it('keeps a short body whole', () => {
    expect(splitBody('Sales last month: $5,108.33')).toEqual(['Sales last month: $5,108.33']);
  });

  it('cuts at the last line break that fits, in order, losing only the break', () => {
    const lines = Array.from({ length: 8 }, (_, i) => `line ${String.fromCharCode(97 + i)} ${'x'.repeat(20)}`);
    const parts = splitBody(lines.join('\n'), 60);
    expect(parts.every((p) => p.length <= 60)).toBe(true);
    expect(parts.join('\n')).toBe(lines.join('\n'));
    expect(parts.every((p) => p.startsWith('line '))).toBe(true);
  });

  it('cuts a line without breaks between words, never inside one', () => {
    const words = Array.from({ length: 40 }, (_, i) => `word${i}`);
    const parts = splitBody(words.join(' '), 50);
    expect(parts.every((p) => p.length <= 50)).toBe(true);
    expect(parts.join(' ')).toBe(words.join(' '));
    expect(parts.flatMap((p) => p.split(' '))).toEqual(words);
  });

  it('cuts mid-word only for a word longer than a whole message, and never between surrogate halves', () => {
    const word = '😀'.repeat(30); // 60 UTF-16 units
    const parts = splitBody(`${word} end`, 25);
    expect(parts.every((p) => p.length <= 25)).toBe(true);
    expect(parts.join('').replace(/ /g, '')).toBe(`${word}end`);
    for (const p of parts) expect(p).not.toMatch(/^[\uDC00-\uDFFF]|[\uD800-\uDBFF]$/);
  });
});
