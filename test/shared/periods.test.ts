import { describe, expect, it } from 'vitest';
import { guessPeriod, periodFromName, periodFromText, periodLabel } from '../../src/shared/periods';

describe('periods from file names', () => {
  it.each([
    ['银行对账单-2024-03.pdf', 2024, 3, null],
    ['银行对账单_2024_03.pdf', 2024, 3, null],
    ['2024.3 工资表.xlsx', 2024, 3, null],
    ['增值税申报表2024年3月.pdf', 2024, 3, null],
    ['增值税申报表 2024年03月.pdf', 2024, 3, null],
    ['凭证202403.pdf', 2024, 3, null],
    ['利润表2024Q1.xlsx', 2024, null, 1],
    ['利润表 2024-q2.xlsx', 2024, null, 2],
    ['企业所得税2024年第一季度.pdf', 2024, null, 1],
    ['所得税2024年4季度.pdf', 2024, null, 4],
    ['年度财务报告2024年度.pdf', 2024, null, null],
    ['回单 2024-03-15.pdf', 2024, 3, null],
  ])('%s → %s/%s/Q%s', (name, year, month, quarter) => {
    expect(periodFromName(name)).toMatchObject({ year, month, quarter, source: 'name' });
  });

  it.each(['营业执照.jpg', '合同-HT0315.docx', '91350100MA2XYZ001K.pdf', '发票13.jpg', '2024-13.pdf', '202415.pdf', 'scan_1234567.pdf', '1850年.txt'])(
    '%s → not recognised',
    (name) => {
      expect(periodFromName(name)).toBeNull();
    },
  );
});

describe('periods from content', () => {
  it('reads a statement period, a tax period, a quarter and an invoice date', () => {
    expect(periodFromText('中国工商银行 对账单\n账号 6222…\n对账期间：2024年03月01日至2024年03月31日\n余额')).toMatchObject({ year: 2024, month: 3, quarter: null, source: 'content' });
    expect(periodFromText('增值税及附加税费申报表\n税款所属期：2024-01-01 至 2024-03-31 填表日期')).toMatchObject({ year: 2024, month: null, quarter: 1 });
    expect(periodFromText('电子发票（增值税专用发票）\n发票号码 2435…\n开票日期：2024年05月20日')).toMatchObject({ year: 2024, month: 5 });
    expect(periodFromText('资产负债表 会计期间 2024-01-01至2024-12-31')).toMatchObject({ year: 2024, month: null, quarter: null });
  });

  it('finds nothing where no period is stated, and ignores ranges that are not one period', () => {
    expect(periodFromText('营业执照 统一社会信用代码 91350100MA2XYZ001K 成立日期 2015年06月01日')).toBeNull();
    expect(periodFromText('所属期 2024-02-01 至 2024-05-31')).toBeNull();
    expect(periodFromText('')).toBeNull();
  });

  it('prefers the name, then the content; labels them as the dialog shows them', () => {
    expect(guessPeriod('对账单-2024-03.pdf', '对账期间 2023年01月01日至2023年01月31日')).toMatchObject({ year: 2024, month: 3, source: 'name' });
    expect(guessPeriod('对账单.pdf', '对账期间 2023年01月01日至2023年01月31日')).toMatchObject({ year: 2023, month: 1, source: 'content' });
    expect(guessPeriod('合同.docx', null)).toBeNull();
    expect(periodLabel({ year: 2024, month: 3, quarter: null })).toBe('2024年03月');
    expect(periodLabel({ year: 2024, month: null, quarter: 1 })).toBe('2024年第1季度');
    expect(periodLabel({ year: 2024, month: null, quarter: null })).toBe('2024年度');
  });
});
