import type { PeriodSpec } from '../../analytics/period.ts';
import type { RouteContext, RoutedIntent, RouteResult } from '../intent.ts';
import {
  applyMessage,
  carryOver,
  type Draft,
  type DraftFamily,
  draftOf,
  newDraft,
  TAKES_CURRENCY,
  toIntent,
} from './draft.ts';
import { localToday } from './local-date.ts';
import { MARKETPLACE_LABELS, MARKETPLACE_ORDER, type Marketplace } from './marketplaces.ts';
import { MAX_LIMIT } from './metrics.ts';
import { hasSlots, type ParsedMessage, parseMessage } from './parse-message.ts';
import { smalltalkReply, stripOpener } from './smalltalk.ts';
import { resolveStores } from './stores.ts';
import { statusesIn, type Topic } from './topics.ts';
import { readTypo, type TypoReading } from './typos.ts';

/**
 * The deterministic intent router: one message (plus the last intent, for follow-ups, and the
 * seller's stores) → one tool call, or an honest "can't", a question back, or a friendly reply.
 * Pure: no I/O; "now" and the stores come in.
 *
 * - An order id ("order #1234") → lookup_order, whatever else is said.
 * - What the order data cannot answer (profit, fees, ad spend, traffic, inventory value,
 *   forecasts, other marketplaces) → `unsupported`, with why and the nearest answer.
 * - A topic picks the tool (src/chat/router/topics.ts); slots fill its arguments: period,
 *   marketplaces, one store by name or country, currency, metric, comparison, breakdown, count.
 * - Conversation: a follow-up fills only what it lacks from the last intent. A follow-up opens
 *   like one ("and on eBay?", "what about last week", "same for Etsy"), is made of slots alone
 *   ("by marketplace?", "in euros?"), or is a bare topic ("net sales?", "returns?"). A complete
 *   question stands alone, including a comparison that names its periods ("compare this month
 *   to last month") after any other question.
 * - Misspellings: a word nobody read that is one edit from a marketplace or a metric is read as
 *   it; one that can't be placed is asked back, never dropped.
 * - Greetings and thanks get a short reply; a help request or an empty message stays `unknown`.
 * - Tenant and user never appear in args: the caller's context supplies them.
 */
export function routeMessage(text: string, context: RouteContext): RouteResult {
  const today = localToday(context.now, context.timeZone);
  const stores = context.stores ?? [];
  const sellerMarketplaces = context.stores
    ? MARKETPLACE_ORDER.filter((m) => stores.some((s) => s.marketplace === m))
    : MARKETPLACE_ORDER;
  const { rest: body } = stripOpener(text);
  if (!body.trim()) {
    const reply = smalltalkReply(text);
    return reply ? { kind: 'smalltalk', reply } : { kind: 'unknown', reason: 'empty message' };
  }

  let parsed = parseMessage(body, today, stores);
  if (parsed.orderId) return routed({ tool: 'lookup_order', args: { orderId: parsed.orderId } });
  const readings = parsed.unknown
    .map((w) => readTypo(w, parsed.inMarketplaceSlot.includes(w)))
    .filter((r): r is TypoReading => r !== null);
  const fixes = readings.filter((r) => r.kind === 'fix');
  if (fixes.length > 0) parsed = parseMessage(fixTypos(body, fixes), today, stores);
  const ask = readings.find((r) => r.kind === 'ask');

  if (parsed.otherMarketplace) {
    const names = sellerMarketplaces.map((m) => MARKETPLACE_LABELS[m]);
    return {
      kind: 'unsupported',
      topic: parsed.otherMarketplace,
      why: `${parsed.otherMarketplace} isn't one of the marketplaces I connect to: I read ${listJoin(
        MARKETPLACE_ORDER.map((m) => MARKETPLACE_LABELS[m]),
        'and',
      )}.${context.stores && names.length > 0 ? ` Your connected stores are on ${listJoin(names, 'and')}.` : ''}`,
    };
  }

  const limit = parsed.limit;
  const topic: (Topic & { trend?: boolean }) | undefined = limit ? limit.nearest : parsed.topic;
  if (limit && !topic) return { kind: 'unsupported', topic: limit.topic, why: limit.why };

  const start = startDraft(parsed, context.lastIntent, topic);
  if (start === 'sync') return routed({ tool: 'get_sync_status', args: {} });
  if (start === 'unclear' || start === 'nothing-to-vary') {
    if (ask) return typoQuestion(ask);
    return unplaced(parsed, start);
  }
  const draft = start;
  applyMessage(draft, parsed, today);
  if (topic?.trend) draft.trend = true;

  if (parsed.store) {
    const said = parsed.marketplaces.map((f) => f.value);
    const resolved = resolveStores(parsed.store, said.length > 0 ? said : undefined, stores);
    if ('clarify' in resolved) {
      const pending = toIntent({ ...draft, stores: undefined }, today, sellerMarketplaces);
      return { kind: 'clarify', reason: 'store', ...resolved.clarify, ...('tool' in pending && { pending }) };
    }
    draft.stores = resolved.stores;
    draft.marketplaces = resolved.marketplaces;
  }

  const intent = toIntent(draft, today, sellerMarketplaces);
  if (!('tool' in intent)) {
    return {
      kind: 'unsupported',
      topic: 'a return-rate comparison',
      why: 'I show return rates for one period at a time, not two side by side.',
      offer: 'Here is the first period; ask for the other one next:',
      nearest: intent.nearest,
    };
  }
  if (ask) return { ...typoQuestion(ask), pending: intent };
  const slotWords = parsed.inMarketplaceSlot.filter((w) => !readings.some((r) => r.word === w));
  if (slotWords.length > 0 && !parsed.marketplaces.length && !parsed.store)
    return unknownMarketplace(slotWords[0]!, sellerMarketplaces, intent);
  if (limit)
    return {
      kind: 'unsupported',
      topic: limit.topic,
      why: limit.why,
      ...(limit.offer && { offer: limit.offer }),
      nearest: intent,
    };
  return routed(intent, [...notesFor(parsed, draft), ...defaultPeriodNote(draft, intent)]);
}

/** Said when the question named no period and the answer took its default: the defaults differ by question. */
function defaultPeriodNote(draft: Draft, intent: RoutedIntent): string[] {
  const period = (intent.args as { period?: PeriodSpec }).period;
  if (draft.period || !period) return [];
  const words =
    period.kind === 'this' && period.unit === 'month'
      ? 'this month so far'
      : period.kind === 'last_n_days'
        ? `the last ${period.days} days`
        : null;
  return words ? [`No period named, so this is ${words} (say "last week", "in October" or dates for another).`] : [];
}

const routed = (intent: RoutedIntent, notes: string[] = []): RouteResult => ({
  kind: 'tool',
  ...intent,
  intent,
  ...(notes.length > 0 && { notes }),
});

type Start = Draft | 'sync' | 'unclear' | 'nothing-to-vary';

function startDraft(parsed: ParsedMessage, last: RoutedIntent | undefined, topic: Topic | undefined): Start {
  const base = last ? draftOf(last) : undefined;
  const followUp = parsed.followUp || parsed.bare;
  if (topic) {
    if (topic.family === 'sync') return 'sync';
    const family = topic as Topic & { family: DraftFamily };
    // "only cancelled ones" after a list of orders filters the list rather than asking for the cancellation rate
    const statuses = statusesIn(parsed.text);
    if (base?.family === 'latest_orders' && statuses && followUp) return { ...base, statuses };
    // "top 10?" after any ranking or list sets its length
    if (topic.generic && base && base.limit !== undefined && followUp) return base;
    // "by units?" after a ranking re-ranks it rather than asking for units sold
    if (
      base?.family === 'top_products' &&
      parsed.rankBy &&
      family.family === 'sales' &&
      (!family.metric || family.metric === 'units') &&
      followUp
    )
      return base;
    return base && followUp ? carryOver(base, family) : newDraft(family);
  }
  const compares = parsed.cues.filter((f) => f.value.kind === 'compare');
  const complete =
    compares.length > 0 &&
    (parsed.periods.length >= 2 ||
      compares.some((f) => f.value.kind === 'compare' && f.value.verb) ||
      parsed.relative.length > 0);
  if (complete && !parsed.followUp) return newDraft({ family: 'sales' });
  if (!hasSlots(parsed) || parsed.unknown.length > 0) return 'unclear';
  if (!last) return newDraft({ family: 'sales' });
  return base ?? 'nothing-to-vary';
}

/** Lays the typo fixes over the message, word for word. */
function fixTypos(text: string, fixes: readonly TypoReading[]): string {
  let out = text;
  for (const f of fixes)
    if (f.kind === 'fix') out = out.replace(new RegExp(`(?<![a-z0-9])${f.word}(?:'s)?(?![a-z0-9])`, 'gi'), f.to);
  return out;
}

function typoQuestion(ask: TypoReading): Extract<RouteResult, { kind: 'clarify' }> {
  const candidates = ask.kind === 'ask' ? ask.candidates : [];
  return {
    kind: 'clarify',
    reason: 'typo',
    about: ask.word,
    question: `I don't know "${ask.word}" — did you mean ${listJoin(candidates, 'or')}?`,
    suggestions: candidates,
  };
}

function unknownMarketplace(
  word: string,
  sellerMarketplaces: readonly Marketplace[],
  pending: RoutedIntent,
): RouteResult {
  const names = (sellerMarketplaces.length > 0 ? sellerMarketplaces : MARKETPLACE_ORDER).map(
    (m) => MARKETPLACE_LABELS[m],
  );
  return {
    kind: 'clarify',
    reason: 'marketplace',
    about: word,
    question: `I don't know "${word}": I read your marketplaces (${listJoin(names, 'and')}), your stores' names and periods. Which marketplace did you mean?`,
    suggestions: names,
    pending,
  };
}

/** Words the router could not read: ask, with two or three questions it can answer built from what it did read. */
function unplaced(parsed: ParsedMessage, why: 'unclear' | 'nothing-to-vary'): RouteResult {
  if (parsed.help) return { kind: 'unknown', reason: 'help request' };
  if (!hasSlots(parsed) && !parsed.topic) {
    const reply = smalltalkReply(parsed.text);
    if (reply) return { kind: 'smalltalk', reply };
    if (parsed.unknown.length === 0) return { kind: 'unknown', reason: 'empty message' };
  }
  const names = parsed.marketplaces.map((f) => MARKETPLACE_LABELS[f.value]);
  const where = names.length > 0 ? ` on ${listJoin(names, 'and')}` : '';
  const first = parsed.periods[0];
  const when = first ? ` ${parsed.text.slice(first.index, first.end).trim()}` : '';
  const suggestions = [
    `sales${where}${when || ' this month'}`,
    `top products${where}${when || ' this week'}`,
    where ? `latest orders${where}` : `compare this week with last week`,
  ];
  const words = parsed.unknown.slice(0, 3).join(' ');
  const question =
    why === 'nothing-to-vary'
      ? `What would you like to see${where}${when}? For example:`
      : words
        ? `I'm not sure what you mean by "${words}". You could ask:`
        : "I'm not sure what you're asking. You could ask:";
  return { kind: 'clarify', reason: 'unclear', about: words || parsed.text, question, suggestions };
}

function notesFor(parsed: ParsedMessage, draft: Draft): string[] {
  const notes: string[] = [];
  if (parsed.count && parsed.count.asked > MAX_LIMIT)
    notes.push(`I list at most ${MAX_LIMIT}, so here are the first ${MAX_LIMIT}.`);
  if (parsed.currency && !TAKES_CURRENCY.has(draft.family))
    notes.push(`This answer can't be converted to ${parsed.currency}: amounts stay in their usual currency.`);
  return notes;
}

function listJoin(items: readonly string[], last: string): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} ${last} ${items.at(-1)}`;
}
