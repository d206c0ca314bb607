/** Twilio refuses a WhatsApp body longer than 1,600 characters. */
export const MAX_BODY_CHARS = 1600;

/**
 * Splits a reply into bodies of at most `limit` characters, in order: at the last line break
 * that fits, else at the last space, and only mid-word for a word longer than a whole body.
 * Nothing is lost but the whitespace at a cut.
 */
export function splitBody(text: string, limit = MAX_BODY_CHARS): string[] {
  const parts: string[] = [];
  let rest = text.trim();
  while (rest.length > limit) {
    const window = rest.slice(0, limit + 1);
    let cut = window.lastIndexOf('\n');
    if (cut <= 0) cut = window.lastIndexOf(' ');
    // a surrogate pair is one character to the reader: never cut between its halves
    if (cut <= 0) cut = /[\uD800-\uDBFF]/.test(rest[limit - 1]!) ? limit - 1 : limit;
    parts.push(rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).trimStart();
  }
  if (rest.length > 0 || parts.length === 0) parts.push(rest);
  return parts;
}
