import { describe, expect, it } from 'vitest';
import { proposePeriod, wantsContent, withContent } from '../../../src/renderer/src/documents/file-periods';

describe('proposePeriod', () => {
  it.each([
    ['银行对账单-2024-03.pdf', { year: 2024, month: 3, evidence: '2024-03' }],
    ['增值税申报表2024年3月.pdf', { year: 2024, month: 3, evidence: '2024年3月' }],
    ['流水202411.xlsx', { year: 2024, month: 11, evidence: '202411' }],
    // A quarter or a whole year: the year, with the month empty.
    ['利润表2024Q1.xlsx', { year: 2024, month: null, evidence: '2024Q1' }],
    ['2023年度审计报告.pdf', { year: 2023, month: null, evidence: '2023年度' }],
  ])('%s', (name, expected) => {
    expect(proposePeriod(name)).toMatchObject({ ...expected, source: 'name' });
  });

  it('leaves a name without a period empty (未识别), never a default', () => {
    expect(proposePeriod('营业执照.png')).toMatchObject({ year: null, month: null, evidence: null, source: null });
    expect(proposePeriod('发票 12.jpg')).toMatchObject({ year: null, month: null, evidence: null, source: null });
  });
});

describe('import proposals per dropped file', () => {
  it('takes period and category from the name, and then wants nothing from the content', () => {
    const p = proposePeriod('银行对账单-2024-03.pdf');
    expect(p).toMatchObject({ year: 2024, month: 3, source: 'name', category: '银行对账单', categorySource: 'name' });
    expect(wantsContent(p)).toBe(false);
  });

  it('leaves 未识别 empty (never a default) and asks the content', () => {
    const p = proposePeriod('scan0001.pdf');
    expect(p).toMatchObject({ year: null, month: null, source: null, category: null });
    expect(wantsContent(p)).toBe(true);
  });

  it('fills only what the name left empty', () => {
    const named = proposePeriod('合同-2024年度.pdf');
    const merged = withContent({ ...named, category: null, categoryEvidence: null, categorySource: null }, {
      period: { year: 2023, month: 5, quarter: null, source: 'content', evidence: '开票日期：2023年05月02日' },
      category: { category: '凭证', source: 'content', evidence: '开票日期' },
    });
    expect(merged).toMatchObject({ year: 2024, month: null, source: 'name', category: '凭证', categorySource: 'content' });
  });

  it('keeps a quarter or a whole year as the year with the month empty', () => {
    expect(proposePeriod('申报表2024Q1.pdf')).toMatchObject({ year: 2024, month: null, evidence: '2024Q1' });
  });
});
