/**
 * Tokens for the full-text index. SQLite's tokenizers do not split Chinese into
 * words, and a substring search must find "闽江" inside "福州闽江财税咨询有限公司",
 * so the index stores n-grams: every Chinese character and every pair of
 * neighbours; for runs of letters and digits (credit codes, file names) every
 * trigram and the run itself. A query becomes the same n-grams joined with AND;
 * candidates are then checked for the exact substring.
 */
const HAN = /\p{Script=Han}/u;
const RUN = /\p{Script=Han}+|(?:(?!\p{Script=Han})[\p{L}\p{N}])+/gu;

export function normaliseText(text: string): string {
  return text.normalize('NFKC').toLowerCase();
}

/** Runs of an already normalised text. */
function runs(normal: string): string[] {
  return normal.match(RUN) ?? [];
}

function isHan(run: string): boolean {
  return HAN.test(run);
}

function grams(chars: string[], n: number): string[] {
  const out: string[] = [];
  for (let i = 0; i + n <= chars.length; i++) out.push(chars.slice(i, i + n).join(''));
  return out;
}

/**
 * A short query of digits or signs ("17", "3%", ".5", "-0") has no n-gram above, and without one a search
 * that finds nothing reads every row to say so. So names and fields also store each pair of neighbouring
 * characters (within a stretch without spaces; two Chinese characters are a token already), spelt in
 * letters and digits so the tokenizer keeps each whole. A spelling that happens to equal a word elsewhere
 * only adds a candidate, which the exact check then drops.
 */
function pairs(normal: string, add: (token: string) => void): void {
  for (const segment of normal.split(/\s+/u)) {
    const chars = Array.from(segment);
    for (let i = 0; i + 1 < chars.length; i++) {
      const [a, b] = [chars[i]!, chars[i + 1]!];
      if (HAN.test(a) && HAN.test(b)) continue;
      add(pairToken(a, b));
    }
  }
}

function pairToken(a: string, b: string): string {
  return `p${a.codePointAt(0)!.toString(16)}x${b.codePointAt(0)!.toString(16)}`;
}

/** The tokens stored for a piece of text (space-separated in the index). */
export function indexTokens(...texts: (string | null | undefined)[]): string[] {
  const out = new Set<string>();
  for (const text of texts) {
    if (!text) continue;
    const normal = normaliseText(text);
    pairs(normal, (t) => out.add(t));
    for (const run of runs(normal)) {
      const chars = Array.from(run);
      if (isHan(run)) {
        for (const c of chars) out.add(c);
        for (const g of grams(chars, 2)) out.add(g);
      } else {
        out.add(run);
        if (chars.length > 3) for (const g of grams(chars, 3)) out.add(g);
      }
    }
  }
  return [...out];
}

/**
 * Tokens every match must contain, or null when the query cannot use the
 * index. A run of one or two letters or digits has no trigram and adds none
 * ("2024年3月" needs 202, 024, 年 and 月): the exact check after the index
 * still requires it.
 */
export function queryTokens(query: string): string[] | null {
  const out = new Set<string>();
  const normal = normaliseText(query);
  pairs(normal, (t) => out.add(t));
  for (const run of runs(normal)) {
    const chars = Array.from(run);
    if (isHan(run)) {
      if (chars.length === 1) out.add(run);
      else for (const g of grams(chars, 2)) out.add(g);
    } else if (chars.length >= 3) {
      for (const g of grams(chars, 3)) out.add(g);
      // Any text holding a trigram holds its two pairs: looked up as well they only add the work of merging
      // some of the index's longest lists (a digit pair is in most names).
      for (let i = 0; i + 1 < chars.length; i++) out.delete(pairToken(chars[i]!, chars[i + 1]!));
    }
  }
  return out.size > 0 ? [...out] : null;
}

/** An FTS5 MATCH expression: every token quoted, all required. */
export function matchExpression(tokens: string[]): string {
  return tokens.map((t) => `"${t.replace(/"/g, '""')}"`).join(' AND ');
}

/**
 * What is inside documents is searched for amounts, dates and numbers ("265.17", "2024-03-15", "HT-202403")
 * as much as for words, and digit trigrams are in nearly every statement: alone they let a rare amount
 * stand among thousands of candidates. So the content index (content_search, whose tokenizer keeps
 * . - / : inside tokens) reads letters and digits joined by single separators as one run, stores its
 * 4-grams beside its trigrams, and pairs the characters where Chinese meets a digit or letter ("第1",
 * "2条"). Every token of a query is a token of any text holding the query, so nothing is missed; the
 * exact check after the index still decides.
 */
const CONTENT_RUN = /\p{Script=Han}+|(?:(?!\p{Script=Han})[\p{L}\p{N}])+(?:[.\-/:](?:(?!\p{Script=Han})[\p{L}\p{N}])+)*/gu;

/** Characters the content index's tokenizer keeps inside a token (view-db.ts). */
export const CONTENT_TOKEN_CHARS = '.-/:';

interface Run {
  chars: string[];
  han: boolean;
  start: number;
  end: number;
}

function contentRuns(text: string): Run[] {
  const out: Run[] = [];
  for (const m of normaliseText(text).matchAll(CONTENT_RUN)) {
    out.push({ chars: Array.from(m[0]), han: isHan(m[0]), start: m.index, end: m.index + m[0].length });
  }
  return out;
}

/** Where a Chinese run and a run of letters or digits touch: the two characters either side. */
function seams(runs: Run[], add: (token: string) => void): void {
  for (let i = 0; i + 1 < runs.length; i++) {
    const [a, b] = [runs[i]!, runs[i + 1]!];
    if (a.end === b.start && a.han !== b.han) add(`${a.chars.at(-1)}${b.chars[0]}`);
  }
}

/** The tokens stored for a document's text in the content index. */
export function contentIndexTokens(text: string): string[] {
  const out = new Set<string>();
  const runs = contentRuns(text);
  for (const { chars, han } of runs) {
    if (han) {
      for (const c of chars) out.add(c);
      for (const g of grams(chars, 2)) out.add(g);
    } else {
      out.add(chars.join(''));
      if (chars.length > 3) for (const g of grams(chars, 3)) out.add(g);
      if (chars.length > 4) for (const g of grams(chars, 4)) out.add(g);
    }
  }
  seams(runs, (t) => out.add(t));
  return [...out];
}

/** Tokens every document holding `query` has in the content index, or null when there are none to look up. */
export function contentQueryTokens(query: string): string[] | null {
  const out = new Set<string>();
  const runs = contentRuns(query);
  for (const { chars, han } of runs) {
    if (han) {
      if (chars.length === 1) out.add(chars[0]!);
      else for (const g of grams(chars, 2)) out.add(g);
    } else if (chars.length >= 4) {
      for (const g of grams(chars, 4)) out.add(g);
    } else if (chars.length === 3) {
      out.add(chars.join(''));
    }
  }
  seams(runs, (t) => out.add(t));
  return out.size > 0 ? [...out] : null;
}
