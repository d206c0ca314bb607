/**
 * Every link in a model's answer must come from a tool result (or from what the seller or an
 * earlier checked answer said): a model that "helpfully" adds a dashboard URL or a made-up help
 * page sends the seller somewhere no code vouched for. Links are compared without their scheme,
 * "www." and trailing punctuation; bare domains ("sellercentral.example.com/fees") count too.
 */

const URL =
  /\b(?:https?:\/\/|www\.)[^\s<>()"'`\]|]+|\b(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+(?:com|net|org|io|in|co|uk|de|app|shop|store|dev|ai|me|info|biz|us|ca|au|eu|site|online|link|ly|gl|to)\b(?:\/[^\s<>()"'`\]|]*)?/gi;

const normalize = (link: string): string =>
  link
    .toLowerCase()
    .replace(/^https?:\/\//, '')
    .replace(/^www\./, '')
    .replace(/[.,;:!?)\]]+$/, '')
    .replace(/\/$/, '');

export function linksIn(text: string): string[] {
  return (text.match(URL) ?? []).map(normalize).filter((l) => l.length > 0);
}

/** The links of `answer` that no source contains. */
export function inventedLinks(answer: string, sources: readonly string[]): string[] {
  const known = new Set(sources.flatMap(linksIn));
  const joined = sources.join('\n').toLowerCase();
  return linksIn(answer).filter((l) => !known.has(l) && !joined.includes(l));
}
