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

function runs(text: string): string[] {
  return normaliseText(text).match(RUN) ?? [];
}

function isHan(run: string): boolean {
  return HAN.test(run);
}

function grams(chars: string[], n: number): string[] {
  const out: string[] = [];
  for (let i = 0; i + n <= chars.length; i++) out.push(chars.slice(i, i + n).join(''));
  return out;
}

/** The tokens stored for a piece of text (space-separated in the index). */
export function indexTokens(...texts: (string | null | undefined)[]): string[] {
  const out = new Set<string>();
  for (const text of texts) {
    if (!text) continue;
    for (const run of runs(text)) {
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
  for (const run of runs(query)) {
    const chars = Array.from(run);
    if (isHan(run)) {
      if (chars.length === 1) out.add(run);
      else for (const g of grams(chars, 2)) out.add(g);
    } else if (chars.length >= 3) {
      for (const g of grams(chars, 3)) out.add(g);
    }
  }
  return out.size > 0 ? [...out] : null;
}

/** An FTS5 MATCH expression: every token quoted, all required. */
export function matchExpression(tokens: string[]): string {
  return tokens.map((t) => `"${t.replace(/"/g, '""')}"`).join(' AND ');
}
