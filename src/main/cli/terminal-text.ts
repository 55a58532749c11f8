/**
 * Text that came from a file, a vault or the command line is printed through
 * these, never raw: a client or file name holding ESC [ … could otherwise
 * recolour, retitle or rewrite the user's terminal, and a right-to-left
 * override (U+202E) can make `invoice<U+202E>fdp.exe` read as `invoiceexe.pdf`.
 */

// C0 controls and DEL, C1 controls, and the invisible format characters that reorder or separate text:
// ALM, LRM/RLM, LRE…RLO, LRI…PDI, and the line/paragraph separators.
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
// The same without C0, which JSON.stringify escapes inside strings itself (a raw newline in its output is layout).
const UNSAFE_IN_JSON = /[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

function escapeChar(ch: string): string {
  const code = ch.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** One line of text safe for a terminal: every control or bidi character shown as \xHH or \uHHHH. */
export function printable(text: string): string {
  return text.replace(UNSAFE, escapeChar);
}

/**
 * JSON for a terminal or a pipe. JSON.stringify already escapes C0 controls;
 * this also writes DEL, C1 and bidi characters as \u escapes, which parse
 * back to the very same strings.
 */
export function printableJson(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(UNSAFE_IN_JSON, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Escapes every string value before it is put into a message template. */
export function printableValues(values: Record<string, string | number | boolean> = {}): Record<string, string | number | boolean> {
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [k, typeof v === 'string' ? printable(v) : v]));
}
