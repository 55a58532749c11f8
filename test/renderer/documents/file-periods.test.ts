import { describe, expect, it } from 'vitest';
import { proposePeriod } from '../../../src/renderer/src/documents/file-periods';

describe('proposePeriod', () => {
  it.each([
    ['银行对账单-2024-03.pdf', { year: 2024, month: 3, evidence: '2024-03' }],
    ['增值税申报表2024年3月.pdf', { year: 2024, month: 3, evidence: '2024年3月' }],
    ['流水202411.xlsx', { year: 2024, month: 11, evidence: '202411' }],
    // A quarter or a whole year: the year, with the month empty.
    ['利润表2024Q1.xlsx', { year: 2024, month: null, evidence: '2024Q1' }],
    ['2023年度审计报告.pdf', { year: 2023, month: null, evidence: '2023年度' }],
  ])('%s', (name, expected) => {
    expect(proposePeriod(name)).toEqual(expected);
  });

  it('leaves a name without a period empty (未识别), never a default', () => {
    expect(proposePeriod('营业执照.png')).toEqual({ year: null, month: null, evidence: null });
    expect(proposePeriod('发票 12.jpg')).toEqual({ year: null, month: null, evidence: null });
  });
});
