/**
 * Greetings, thanks and the like, answered as a person would: short, friendly, with one thing to
 * ask next, never the help list. A greeting in front of a question ("hi, sales today?") is taken
 * off and the question answered.
 */
const OPENERS =
  /^(?:(?:hi+|hello+|hey+|hiya|howdy|yo|namaste|hola|greetings|good (?:morning|afternoon|evening|day)|morning|evening)(?: there| frame| bot| team| buddy| all)?|(?:ok(?:ay)?|great|cool|nice|perfect|awesome|brilliant|got it)?[ ,]*(?:thanks?(?: you)?|thank u|thx|ty|tysm|cheers)(?: so much| a lot| a ton| again)?)(?:[ ,.!:;-]+|$)/;

interface Reply {
  re: RegExp;
  reply: string;
}

/** Whole messages (after the opener is gone, punctuation and emoji ignored). */
const REPLIES: readonly Reply[] = [
  {
    re: /^(?:hi+|hello+|hey+|hiya|howdy|yo|namaste|hola|greetings)\b/,
    reply: 'Hi! Ask me anything about your stores — for example, "how did sales go yesterday?"',
  },
  {
    re: /^(?:good )?morning\b/,
    reply: 'Good morning! Want to start with yesterday\'s sales? Just ask "sales yesterday".',
  },
  { re: /^good afternoon\b/, reply: 'Good afternoon! Ask me how today is going — "sales today" works.' },
  { re: /^(?:good )?evening\b/, reply: 'Good evening! "How did today go?" gets you today\'s sales.' },
  { re: /^good day\b/, reply: 'Good day to you too! Try "top products this week" for a start.' },
  {
    re: /^(?:(?:ok(?:ay)?|great|cool|nice|perfect|awesome|brilliant|got it)[ ,]*)?(?:thanks?|thank u|thx|ty|tysm|cheers)\b/,
    reply: 'You\'re welcome! If you want more, try "compare this week with last week".',
  },
  {
    re: /^(?:bye|goodbye|good ?night|see (?:you|ya)|cya|later|ttyl|take care)\b/,
    reply: 'Bye for now! Whenever you\'re back, "sales today" is a good place to start.',
  },
  {
    re: /^(?:how are you|how are you doing|how's it going|how is it going|how are things|what'?s up|sup|wassup)$/,
    reply: 'All good here, thanks for asking! Shall I check how today is going? Ask "sales today".',
  },
  {
    re: /^(?:(?:ok(?:ay)?|k|cool|great|nice|perfect|awesome|brilliant|got it|noted|sounds good|sure|alright|all right|fine|wow|lol|haha|ha|hmm+|yes|yeah|yep|no|nope|nah|good|thanks?)(?: |$))+$/,
    reply: 'Glad that helps. Anything else? For example, "which products sell best on each marketplace?"',
  },
  {
    re: /\b(?:jokes?|funny)\b/,
    reply:
      'I\'m better with numbers than jokes, I\'m afraid. Try "what sold best this month?" — that one usually makes sellers smile.',
  },
  {
    re: /^(?:i love you|you(?:'re| are) (?:great|awesome|the best|amazing|helpful)|good (?:bot|job)|well done)$/,
    reply: 'That\'s kind of you! Want to see this week\'s best sellers? Ask "top products this week".',
  },
];

const tidy = (text: string): string =>
  text
    .toLowerCase()
    .replace(/[’‘]/g, "'")
    .replace(/[^a-z0-9' ]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

/** The message without a greeting or thanks in front, and whether there was one. */
export function stripOpener(text: string): { rest: string; opener: boolean } {
  const lower = text.toLowerCase().trim();
  const m = OPENERS.exec(lower);
  if (!m || m[0].length === 0) return { rest: text, opener: false };
  return { rest: text.trim().slice(m[0].length).trim(), opener: true };
}

/** A reply when the whole message is small talk; undefined otherwise. */
export function smalltalkReply(text: string): string | undefined {
  const t = tidy(text);
  if (!t) return undefined;
  return REPLIES.find((r) => r.re.test(t))?.reply;
}
