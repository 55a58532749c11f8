import { describe, expect, it } from 'vitest';
import {
  DOCUMENT_CATEGORIES,
} from '../../src/shared/domain';
import {
  RETENTION_RULES,
  defaultRetentionPeriods,
  keepUntil,
  missingApprovals,
  periodProblem,
  retentionEnded,
  retentionOf,
  ruleFor,
  type RetentionYears,
} from '../../src/shared/retention';

const periods = defaultRetentionPeriods();
const doc = (category: string, periodYear: number | null, periodMonth: number | null = null, createdAt = '2026-05-04T02:00:00.000Z') => ({ category, periodYear, periodMonth, createdAt });

describe('retention dates (会计档案管理办法 附表一; 第十四条: from the day after the fiscal year ends)', () => {
  // category, 所属期, the rule, its years, the last day it is kept
  const table: [string, number | null, number | null, string, RetentionYears, string | null][] = [
    ['凭证', 2015, 6, 'voucher', 30, '2045-12-31'],
    ['记账凭证', 2015, null, 'voucher', 30, '2045-12-31'],
    ['原始凭证', 2015, 12, 'voucher', 30, '2045-12-31'],
    ['会计账簿', 2010, null, 'ledger', 30, '2040-12-31'],
    ['总账', 2010, null, 'ledger', 30, '2040-12-31'],
    ['明细账', 2010, 3, 'ledger', 30, '2040-12-31'],
    ['日记账', 2010, 3, 'ledger', 30, '2040-12-31'],
    ['财务报表', 2016, 3, 'report-periodic', 10, '2026-12-31'],
    ['财务会计报告', 2016, 12, 'report-periodic', 10, '2026-12-31'],
    // A report without a month is the year's (quarters are filed as the year alone: kept longer, never shorter).
    ['财务报表', 2016, null, 'report-annual', 'permanent', null],
    ['银行存款余额调节表', 2016, 1, 'bank-reconciliation', 10, '2026-12-31'],
    ['银行对账单', 2016, 1, 'bank-statement', 10, '2026-12-31'],
    ['纳税申报表', 2016, 4, 'tax-return', 10, '2026-12-31'],
    ['会计档案移交清册', 2016, null, 'handover-list', 30, '2046-12-31'],
    ['会计档案保管清册', 2016, null, 'custody-list', 'permanent', null],
    ['会计档案销毁清册', 2016, null, 'destruction-list', 'permanent', null],
    ['会计档案鉴定意见书', 2016, null, 'appraisal', 'permanent', null],
    // The firm's choices (no legal period).
    ['合同', 2016, 5, 'contract', 10, '2026-12-31'],
    ['营业执照', 2016, null, 'license', 10, '2026-12-31'],
    ['其他', 2016, null, 'other', 30, '2046-12-31'],
    ['', 2016, null, 'other', 30, '2046-12-31'],
    ['凭证/2024', 2016, null, 'other', 30, '2046-12-31'],
    // No 所属期: counted from the year it was filed.
    ['银行对账单', null, null, 'bank-statement', 10, '2036-12-31'],
  ];
  for (const [category, year, month, rule, years, until] of table) {
    it(`${category || '（无类别）'} ${year ?? '无所属期'}${month ? `-${month}` : ''} → ${until ?? '永久'}`, () => {
      const info = retentionOf(doc(category, year, month), periods, false);
      expect(info).toMatchObject({ rule, years, keepUntil: until, fromFiled: year === null });
    });
  }

  it('every category the app suggests falls under a rule of its own (none is left to 其他 by accident, but 其他 itself)', () => {
    for (const category of DOCUMENT_CATEGORIES) {
      const rule = ruleFor(category, 1);
      expect(rule.categories).toContain(category);
    }
  });

  it('the legal defaults are the table’s: 30 years for vouchers and books, 10 for periodic reports, statements and returns, permanent for annual reports', () => {
    const legal = Object.fromEntries(RETENTION_RULES.filter((r) => r.legal).map((r) => [r.id, r.legal!.years]));
    expect(legal).toEqual({
      voucher: 30,
      ledger: 30,
      'report-periodic': 10,
      'report-annual': 'permanent',
      'bank-reconciliation': 10,
      'bank-statement': 10,
      'tax-return': 10,
      'handover-list': 30,
      'custody-list': 'permanent',
      'destruction-list': 'permanent',
      appraisal: 'permanent',
    });
    for (const r of RETENTION_RULES) if (r.legal) expect(r.defaultYears).toBe(r.legal.years);
  });

  it('ends the day after the last day kept, never on it', () => {
    const info = { keepUntil: keepUntil(2016, 10) };
    expect(retentionEnded(info, '2026-12-31')).toBe(false);
    expect(retentionEnded(info, '2027-01-01')).toBe(true);
    expect(retentionEnded({ keepUntil: null }, '9999-12-31')).toBe(false);
  });

  it('refuses a period below the legal minimum (第十五条) and allows any for the firm’s own categories', () => {
    expect(periodProblem('voucher', 29)).toBe('below-legal');
    expect(periodProblem('report-annual', 100)).toBe('below-legal');
    expect(periodProblem('voucher', 31)).toBeNull();
    expect(periodProblem('bank-statement', 'permanent')).toBeNull();
    expect(periodProblem('contract', 3)).toBeNull();
    expect(periodProblem('contract', 0)).toBe('out-of-range');
    expect(periodProblem('contract', 2.5)).toBe('out-of-range');
  });

  it('needs the owner, and an admin where the firm has one', () => {
    const owner = { staffId: 'o', name: '王', role: 'owner', at: '' };
    const admin = { staffId: 'a', name: '李', role: 'admin', at: '' };
    expect(missingApprovals({ needs: ['owner'], approvals: [] })).toEqual(['owner']);
    expect(missingApprovals({ needs: ['owner', 'admin'], approvals: [owner] })).toEqual(['admin']);
    expect(missingApprovals({ needs: ['owner', 'admin'], approvals: [admin, owner] })).toEqual([]);
  });
});
