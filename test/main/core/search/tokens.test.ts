import { describe, expect, it } from 'vitest';
import { indexTokens, matchExpression, normaliseText, queryTokens } from '../../../../src/main/core/search/tokens';

/** The property the index relies on: if a text contains the query, its tokens include every query token. */
function indexFinds(text: string, query: string): boolean {
  const tokens = new Set(indexTokens(text));
  const needed = queryTokens(query);
  return needed !== null && needed.every((t) => tokens.has(t));
}

describe('search tokens', () => {
  it('indexes Chinese as characters and neighbour pairs', () => {
    expect(indexTokens('福州闽江')).toEqual(['福', '州', '闽', '江', '福州', '州闽', '闽江']);
  });

  it('indexes letters and digits as the run and its trigrams, case-folded and width-folded, and every pair of neighbours spelt out', () => {
    expect(indexTokens('ＡＢ12x')).toEqual(['p61x62', 'p62x31', 'p31x32', 'p32x78', 'ab12x', 'ab1', 'b12', '12x']);
    expect(indexTokens('a1')).toEqual(['p61x31', 'a1']);
    // Pairs stop at spaces; two Chinese characters are a token already.
    expect(indexTokens('福州 3%')).toEqual(['p33x25', '福', '州', '福州', '3']);
  });

  it('gives a short query of digits or signs its pair, so a search for it need not read every row', () => {
    expect(queryTokens('17')).toEqual(['p31x37']);
    expect(queryTokens('3%')).toEqual(['p33x25']);
    expect(queryTokens('.5')).toEqual(['p2ex35']);
    expect(indexFinds('税率 3%', '3%')).toBe(true);
    expect(indexFinds('余额 79.08', '9.0')).toBe(true);
  });

  it.each([
    ['福州闽江财税咨询有限公司', '闽江'],
    ['福州闽江财税咨询有限公司', '闽'],
    ['福州闽江财税咨询有限公司', '司'],
    ['福州闽江财税咨询有限公司', '财税咨询'],
    ['2024年03月 银行对账单.pdf', '对账单'],
    ['2024年03月 银行对账单.pdf', '对账单.pdf'],
    ['91350100M000100Y43', '0100m0'],
    ['91350100M000100Y43', '91350100M000100Y43'],
    ['陈经理 13912345678', '陈经理'],
    ['Invoice_ACME-2024.PDF', 'acme'],
    ['2024年3月 银行对账单.pdf', '2024年3月'],
    ['A公司 2024-03 对账单', 'a公司 2024-03'],
  ])('finds %j by %j', (text, query) => {
    expect(normaliseText(text).includes(normaliseText(query))).toBe(true);
    expect(indexFinds(text, query)).toBe(true);
  });

  it('leaves out short letter/digit runs when other tokens remain (the exact check still requires them)', () => {
    // The pairs inside 2024 are implied by its trigrams; those across 年 and 月 are not.
    expect(queryTokens('2024年3月')).toEqual(['p34x5e74', 'p5e74x33', 'p33x6708', '202', '024', '年', '月']);
    expect(queryTokens('A公司')).toEqual(['p61x516c', '公司']);
  });

  it('falls back (null) when nothing in the query can use the index', () => {
    expect(queryTokens('a')).toBeNull();
    expect(queryTokens('  ')).toBeNull();
    expect(queryTokens('%')).toBeNull();
    expect(queryTokens('1 2')).toBeNull();
  });

  it('quotes tokens so no query syntax leaks into MATCH', () => {
    expect(matchExpression(['闽江', 'a"b', 'or'])).toBe('"闽江" AND "a""b" AND "or"');
  });

  it('holds the index property over random substrings of generated names', () => {
    const texts = ['上海泰山电子个人独资企业', '2025年11月 增值税纳税申报表-37.pdf', '91310000UFGEGQQDCQ', '季度末补充 已审核'];
    for (const text of texts) {
      const chars = Array.from(text);
      for (let i = 0; i < chars.length; i++) {
        for (let j = i + 1; j <= chars.length; j++) {
          const q = chars.slice(i, j).join('');
          const tokens = queryTokens(q);
          if (tokens) expect(indexFinds(text, q), `${text} / ${q}`).toBe(true);
        }
      }
    }
  });
});
