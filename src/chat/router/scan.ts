/** A phrase found in the message, with where it sits (to order periods and blank out what was read). */
export interface Found<T> {
  value: T;
  index: number;
  end: number;
}

/** One phrase rule: a global regex and what a match means (null: not this after all). */
export interface Rule<T> {
  re: RegExp;
  read: (match: RegExpExecArray, text: string) => T | null;
}

/** Blank out spans so later rules cannot read the same words twice; positions stay put. */
export function blank(text: string, spans: readonly { index: number; end: number }[]): string {
  let out = text;
  for (const { index, end } of spans) out = out.slice(0, index) + ' '.repeat(end - index) + out.slice(end);
  return out;
}

/** Rules run in priority order over what earlier rules left; results in reading order. */
export function scan<T>(text: string, rules: readonly Rule<T>[]): { found: Found<T>[]; rest: string } {
  let rest = text;
  const found: Found<T>[] = [];
  for (const rule of rules) {
    const here: Found<T>[] = [];
    for (const match of rest.matchAll(rule.re)) {
      const value = rule.read(match, rest);
      if (value !== null) here.push({ value, index: match.index, end: match.index + match[0].length });
    }
    rest = blank(rest, here);
    found.push(...here);
  }
  return { found: found.sort((a, b) => a.index - b.index), rest };
}

const NUMBER_WORDS: Readonly<Record<string, number>> = {
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  fifteen: 15,
  twenty: 20,
  thirty: 30,
  sixty: 60,
  ninety: 90,
  hundred: 100,
};
export const NUMBER = `(\\d{1,4}|${Object.keys(NUMBER_WORDS).join('|')})`;
export const toNumber = (word: string): number => NUMBER_WORDS[word] ?? Number(word);
