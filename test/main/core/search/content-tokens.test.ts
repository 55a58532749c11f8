import Database from 'better-sqlite3-multiple-ciphers';
import { describe, expect, it } from 'vitest';
import { contentIndexTokens, contentQueryTokens, CONTENT_TOKEN_CHARS, matchExpression, normaliseText } from '../../../../src/main/core/search/tokens';
import { planSampleData } from '../../../../src/main/core/demo/generator';
import { documentText } from '../../../../bench/content-text';

/** If a text holds the query (after normalising), its content tokens include every token of the query. */
function indexFinds(text: string, query: string): boolean {
  const tokens = new Set(contentIndexTokens(text));
  return (contentQueryTokens(query) ?? []).every((t) => tokens.has(t));
}

describe('content search tokens', () => {
  it('reads amounts, dates and numbers with their separators as one run, with trigrams and 4-grams', () => {
    const tokens = contentIndexTokens('余额 1265.17 于 2024-03-15');
    expect(tokens).toEqual(expect.arrayContaining(['1265.17', '265.', '65.1', '5.17', '1265', '2024-03-15', '4-03', '-03-', '03-1']));
    // A query of an amount's tail looks up its 4-grams, not the digit trigrams every statement holds.
    expect(contentQueryTokens('265.17')).toEqual(['265.', '65.1', '5.17']);
    expect(contentQueryTokens('265')).toEqual(['265']);
    expect(contentQueryTokens('17')).toBeNull();
  });

  it('pairs the characters where Chinese meets digits or letters', () => {
    expect(contentIndexTokens('第12条')).toEqual(expect.arrayContaining(['第', '条', '12', '第1', '2条']));
    expect(contentQueryTokens('第12条')).toEqual(['第', '条', '第1', '2条']);
    // Not across a space or punctuation.
    expect(contentIndexTokens('第 12')).not.toContain('第1');
  });

  it('folds full-width digits and separators before reading runs', () => {
    expect(contentIndexTokens('金额：１２６５．１７')).toContain('1265.17');
    expect(indexFinds('金额：１２６５．１７', '265.17')).toBe(true);
  });

  it('never misses: every substring of generated statements, contracts and invoices is found by its tokens', () => {
    const plan = planSampleData({ clients: 20, documents: 12, seed: 3 });
    for (let i = 0; i < plan.documents.length; i++) {
      const text = documentText(plan, i);
      const chars = Array.from(text);
      const normal = normaliseText(text);
      const tokens = new Set(contentIndexTokens(text));
      // Every substring of up to 10 characters starting on each of 300 positions spread over the text.
      for (let n = 0; n < 300; n++) {
        const from = Math.floor((n * chars.length) / 300);
        for (let len = 1; len <= 10 && from + len <= chars.length; len++) {
          const q = chars.slice(from, from + len).join('');
          if (!normal.includes(normaliseText(q))) continue;
          const missing = (contentQueryTokens(q) ?? []).filter((t) => !tokens.has(t));
          expect(missing, `${i} / ${JSON.stringify(q)}`).toEqual([]);
        }
      }
    }
  });

  it('the index tokenizer keeps the separators inside tokens, so MATCH finds an amount and not its look-alikes', () => {
    const db = new Database(':memory:');
    db.exec(`CREATE VIRTUAL TABLE t USING fts5(tokens, detail = none, tokenize = "unicode61 tokenchars '${CONTENT_TOKEN_CHARS}'")`);
    const texts = ['货款 1265.17 余额 88.00', '货款 2651.7 余额 126517', '利息 265.170 与 5.17'];
    const put = db.prepare('INSERT INTO t (rowid, tokens) VALUES (?, ?)');
    texts.forEach((text, i) => put.run(i + 1, contentIndexTokens(text).join(' ')));
    const match = (q: string) =>
      (db.prepare('SELECT rowid AS r FROM t WHERE t MATCH ? ORDER BY rowid').all(matchExpression(contentQueryTokens(q)!)) as { r: number }[]).map((r) => r.r);
    expect(match('265.17')).toEqual([1, 3]);
    expect(match('2651.7')).toEqual([2]);
    expect(match('03-15')).toEqual([]);
    db.close();
  });
});
