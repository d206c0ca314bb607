/**
 * Text as people send it, without the control characters nothing displays (NUL, which PostgreSQL
 * cannot store in text or JSON, among them): tabs and line breaks stay.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are the characters it removes
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;

export const cleanText = (text: string): string => text.replace(CONTROL, '');
