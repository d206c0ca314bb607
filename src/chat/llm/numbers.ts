/**
 * Every figure in a model's answer must come from a tool result. Numbers are compared in a
 * normal form ("₹8,50,000" → "850000", "45.20" → "45.2", "12%" → "12") so formatting differences
 * do not count as inventions; years, list ordinals and small counts in prose do not count as figures.
 */

const NUMBER = /(?<![\w.])[-+]?\d[\d,]*(?:\.\d+)?/g;

export function normalizeNumber(raw: string): string {
  const plain = raw.replace(/,/g, '').replace(/^\+/, '');
  if (!plain.includes('.')) return String(BigInt(plain));
  const [int, frac] = plain.split('.') as [string, string];
  const trimmed = frac.replace(/0+$/, '');
  return trimmed ? `${BigInt(int)}.${trimmed}` : String(BigInt(int));
}

export function numbersIn(text: string): string[] {
  return (text.match(NUMBER) ?? []).map(normalizeNumber);
}

/** Numbers that may appear in any answer without a source: small counts and years. */
function harmless(n: string): boolean {
  const v = Number(n);
  return Number.isInteger(v) && ((v >= 0 && v <= 12) || (v >= 1990 && v <= 2100));
}

/** The figures of `answer` that no tool result contains (also accepting their rounding to 0–2 decimals). */
export function inventedNumbers(answer: string, toolResults: readonly string[]): string[] {
  const known = new Set<string>();
  for (const r of toolResults) {
    for (const n of numbersIn(r)) {
      known.add(n);
      const v = Number(n);
      for (const digits of [0, 1, 2]) known.add(normalizeNumber(v.toFixed(digits)));
    }
  }
  return numbersIn(answer).filter((n) => !known.has(n) && !harmless(n));
}
