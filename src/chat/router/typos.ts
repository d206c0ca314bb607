import { MARKETPLACE_LABELS } from './marketplaces.ts';

/**
 * Misspelled marketplaces and metrics ("shopfy", "flipcart", "revnue", "retrns"). Only words no
 * other reader took are looked at, so a word the router understands is never "corrected":
 * - within the edit distance allowed for its length of exactly one known word → replaced by it;
 * - as close to two or more known words ("refurns": returns or refunds?) → asked back;
 * - one step further than allowed from a marketplace ("shpfy") → asked back ("Did you mean
 *   Shopify?"), never dropped: summing every marketplace instead would answer another question.
 * Distances are optimal string alignment (Damerau–Levenshtein with adjacent swaps: "ebya").
 */

export type TypoClass = 'marketplace' | 'word';

/** Forms of one word: a typo between them needs no question ("ordes": order or orders, either reads the same). */
const SAME: Readonly<Record<string, string>> = {
  order: 'orders',
  refund: 'refunds',
  refunded: 'refunds',
  return: 'returns',
  returned: 'returns',
  product: 'products',
  customer: 'customers',
  cancelled: 'cancellations',
  cancellation: 'cancellations',
  marketplace: 'marketplaces',
  trending: 'trend',
  selling: 'sales',
  sellers: 'sales',
};

/** Words sellers misspell, as the readers know them; the label is how a question back names them. */
const VOCABULARY: readonly { word: string; label: string; cls: TypoClass }[] = [
  ...Object.values(MARKETPLACE_LABELS).map((label) => ({
    word: label.toLowerCase(),
    label,
    cls: 'marketplace' as const,
  })),
  ...[
    'sales',
    'revenue',
    'orders',
    'returns',
    'returned',
    'refunds',
    'refunded',
    'inventory',
    'stock',
    'products',
    'customers',
    'buyers',
    'discounts',
    'shipping',
    'taxes',
    'cancelled',
    'cancellations',
    'cancellation',
    'average',
    'units',
    'profit',
    'margin',
    'trend',
    'trending',
    'compare',
    'yesterday',
    'today',
    'weekly',
    'monthly',
    'daily',
    'quarter',
    'month',
    'week',
    'marketplace',
    'marketplaces',
    'latest',
    'recent',
    'sellers',
    'selling',
    'forecast',
    'traffic',
    'conversion',
    'delivered',
    'gross',
    'turnover',
    'summary',
    'breakdown',
    'items',
    'order',
    'refund',
    'return',
    'product',
    'customer',
  ].map((word) => ({ word, label: SAME[word] ?? word, cls: 'word' as const })),
];

/**
 * Ordinary words within reach of a vocabulary word that a seller writes on purpose: never read
 * as typos ("easy" is one step from "etsy", "shopping" from "shipping", "weak" from "week").
 */
const ORDINARY = new Set(
  `easy tend takes taxis dairy decent resent telling spelling shopping weak seek peek meek mouth moth stick stack stuck stork tales males sakes
  unity unite toady weakly latent lately lasts least east test tests best rest ordered older odors order sale sell sold units unit month week
  product items item value values summer sumary gross growth grows trends stocks stores store shops shop squared squares
  later latter daily sorry please thank thanks great cool nice okay hello there their these those then than them other others share cross
  spending ending sending lending tending conversation conversations stare squad list lost past fast cast just vast`.split(
    /\s+/,
  ),
);

/** Edits allowed for a word of this length: none under 4 letters ("bc", "sq" are aliases, not typos). */
const allowed = (length: number): number => (length >= 8 ? 2 : length >= 4 ? 1 : 0);

export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  }
  return d[a.length]![b.length]!;
}

export type TypoReading =
  | { kind: 'fix'; word: string; to: string }
  | { kind: 'ask'; word: string; candidates: string[]; cls: TypoClass };

/**
 * How one unread word may be a typo; null when it is not close to anything (or an ordinary word).
 * `marketplaceSlot`: the word stands where a marketplace would ("on shpfy", "shpfy sales").
 */
export function readTypo(word: string, marketplaceSlot = false): TypoReading | null {
  if (ORDINARY.has(word) || word.length < 4 || /\d/.test(word)) return null;
  if (VOCABULARY.some((v) => v.word === word)) return null;
  const scored = VOCABULARY.map((v) => ({ ...v, d: editDistance(word, v.word) }));
  const best = Math.min(...scored.map((s) => s.d));
  const at = scored.filter((s) => s.d === best);
  const labels = [...new Set(at.map((s) => s.label))];
  const k = allowed(word.length);
  if (best <= k) {
    if (labels.length === 1) return { kind: 'fix', word, to: at[0]!.word };
    return {
      kind: 'ask',
      word,
      candidates: labels,
      cls: at.some((s) => s.cls === 'marketplace') ? 'marketplace' : 'word',
    };
  }
  // one step too far, but plainly an attempt at a marketplace's name: ask rather than drop it
  const near = scored.filter((s) => s.cls === 'marketplace' && s.d === k + 1 && word.length >= 5);
  if (marketplaceSlot && near.length > 0 && best === k + 1)
    return { kind: 'ask', word, candidates: [...new Set(near.map((s) => s.label))], cls: 'marketplace' };
  return null;
}
