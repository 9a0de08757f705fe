/**
 * Quoting text from a config file in a one-line message.
 */

/** Control characters (C0, DEL, C1) and the Unicode line and paragraph separators. */
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;
const ESCAPES: Readonly<Record<string, string>> = { "\n": "\\n", "\r": "\\r", "\t": "\\t" };

/**
 * `text` with control characters and line separators written as escapes
 * (`\n`, `\u001b`): a key or value from a config file, quoted in a message,
 * can neither break a report line nor act on the terminal.
 */
export function printable(text: string): string {
  return text.replace(UNPRINTABLE, (c) => ESCAPES[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** `text` cut to `max` characters, its last three `...` when it was longer. */
export function clipped(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 3)}...` : text;
}

/** The longest value a message quotes in full: room for a provider error quoted whole. */
const QUOTED_MAX = 160;

/**
 * `message` with every double-quoted JSON string longer than 160 characters
 * cut to its first 157 and `...`: a 100,000-character name makes a line of
 * normal length, and the message still says which value it is about.
 */
export function shortenQuotedValues(message: string): string {
  return message.replace(/"(?:[^"\\]|\\.)*"/g, (literal) => {
    if (literal.length <= QUOTED_MAX + 2) return literal;
    let text: string;
    try {
      text = JSON.parse(literal) as string;
    } catch {
      return literal; // quotes that are not a JSON string: left as written
    }
    return text.length <= QUOTED_MAX ? literal : JSON.stringify(clipped(text, QUOTED_MAX));
  });
}
