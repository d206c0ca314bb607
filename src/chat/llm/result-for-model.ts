import type { ToolOutput } from './chat-tool.ts';

/** The most of one tool result sent to the model, in characters of JSON. */
export const MODEL_RESULT_CHARS = 16_000;
const KEEP_AT_ENDS = 5;

/** Long lists cut to their first and last few items, with how many were left out. */
function shorten(value: unknown): unknown {
  if (Array.isArray(value)) {
    if (value.length <= KEEP_AT_ENDS * 2 + 2) return value.map(shorten);
    return {
      first: value.slice(0, KEEP_AT_ENDS).map(shorten),
      last: value.slice(-KEEP_AT_ENDS).map(shorten),
      omitted: value.length - KEEP_AT_ENDS * 2,
    };
  }
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, shorten(v)]));
  return value;
}

/**
 * A tool's result as the model gets it: the data as it is when short; past MODEL_RESULT_CHARS
 * (a long trend's every point) the tool's own summary with the data's long lists cut to their
 * ends, or the summary alone. What the model is sent stays small whatever the question.
 */
export function resultForModel(output: ToolOutput): string {
  const full = JSON.stringify(output.data);
  if (full.length <= MODEL_RESULT_CHARS) return full;
  const summary = output.summaryForModel ?? output.summary;
  const cut = JSON.stringify({
    summary,
    note: 'long lists were cut to their first and last items',
    data: shorten(output.data),
  });
  return cut.length <= MODEL_RESULT_CHARS
    ? cut
    : JSON.stringify({ summary, note: 'the data was too long to send; the summary has its figures' });
}
