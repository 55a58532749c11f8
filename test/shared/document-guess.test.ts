import { describe, expect, it } from 'vitest';
import { guessCategory } from '../../src/shared/document-guess';

describe('guessCategory', () => {
  it.each([
    ['银行对账单-2024-03.pdf', null, '银行对账单', 'name'],
    ['2024年3月增值税纳税申报表.pdf', null, '纳税申报表', 'name'],
    ['营业执照扫描件.png', null, '营业执照', 'name'],
    ['代理记账服务合同.docx', null, '合同', 'name'],
    ['2024年资产负债表.xlsx', null, '财务报表', 'name'],
    ['进项发票0315.pdf', null, '凭证', 'name'],
    ['scan0001.pdf', '中国建设银行 单位账户对账单\n对账期间：2024年03月01日至2024年03月31日', '银行对账单', 'content'],
    ['scan0002.pdf', '增值税及附加税费申报表\n税款所属期：2024-01-01 至 2024-03-31', '纳税申报表', 'content'],
    ['doc.pdf', '发票号码：08812345 开票日期：2024年03月15日', '凭证', 'content'],
    // A return names invoices; the stronger rule wins.
    ['x.pdf', '纳税申报表 本期开具发票金额', '纳税申报表', 'content'],
  ] as const)('%s → %s', (name, text, category, source) => {
    expect(guessCategory(name, text)).toMatchObject({ category, source });
  });

  it('proposes nothing where neither name nor content says anything', () => {
    expect(guessCategory('scan0003.pdf', '第一页')).toBeNull();
    expect(guessCategory('scan0003.pdf', null)).toBeNull();
  });

  it('prefers the name a person chose to the content', () => {
    expect(guessCategory('服务合同.pdf', '发票号码：1')).toMatchObject({ category: '合同', source: 'name', evidence: '合同' });
  });

  it('reads only the start of the content (a word deep in an appendix names no category)', () => {
    expect(guessCategory('a.pdf', `${'正文'.repeat(1500)}对账单`)).toBeNull();
  });
});
