import { describe, expect, it } from 'vitest';
import { formatNumberCell } from '../../../../src/main/core/preview/cell-format';
import { buildOfficeModel } from '../../../../src/main/core/preview/office-model';
import { XLSX_PREVIEW_LIMITS } from '../../../../src/main/core/preview/xlsx-model';
import type { XlsxModel } from '../../../../src/shared/office-preview';
import { sampleXlsx, sheetXml, xlsxWithSheets, type SheetCell } from '../../../helpers/office-samples';
import { buildXlsx } from '../../../helpers/zip-writer';

function xlsx(bytes: Buffer): XlsxModel {
  const model = buildOfficeModel(bytes, 'xlsx');
  if (model.kind !== 'xlsx') throw new Error(`not an xlsx model: ${JSON.stringify(model)}`);
  return model;
}

describe('xlsx preview model', () => {
  it('shows each visible sheet as Excel displays it: formats, cached formula results, merges, widths', () => {
    const model = xlsx(sampleXlsx());
    // The hidden sheet stays hidden.
    expect(model.sheets.map((s) => s.name)).toEqual(['科目余额表', '银行流水']);
    const [ledger, bank] = model.sheets;
    expect(ledger?.rows).toEqual([
      ['2024年3月 科目余额表', '', '', ''],
      ['科目', '期初余额', '本期发生', '期末余额'],
      ['库存现金', '1,200.00', '-350.50', '849.50'],
      ['银行存款', '128,450.00', '23,000.46', '151,450.46'],
      // SUM formulas show the values Excel stored with them; nothing is recalculated.
      ['合计', '129,650.00', '22,649.96', '¥152,299.96'],
      ['增长率', '17.47%', '', '盈余'],
    ]);
    expect(ledger?.merges).toEqual([{ row: 0, col: 0, rows: 1, cols: 4 }]);
    expect(ledger?.widths).toEqual([117, 103, 103, 103]);
    expect(ledger).toMatchObject({ columns: 4, truncatedRows: false, truncatedColumns: false });
    expect(bank?.rows).toEqual([
      ['日期', '摘要', '金额'],
      ['2024年3月1日', '收到货款', '23,000.00'],
      ['2024-03-15', '支付房租', '-6,500.00'],
      ['', '<b>不是标签</b>', ''],
    ]);
  });

  it('reads what the import helper writes too (General numbers keep their digits, built-in dates)', () => {
    const model = xlsx(buildXlsx([{ name: '客户', rows: [['名称', '税号', '金额', '日期', '已开票'], ['星辰商贸', '91110105MA01ABCD2X', 1234.5, { date: 45366 }, true], [null, { raw: '6217001830012345678' }, 0.1 + 0.2, null, false]] }]));
    expect(model.sheets[0]?.rows).toEqual([
      ['名称', '税号', '金额', '日期', '已开票'],
      ['星辰商贸', '91110105MA01ABCD2X', '1234.5', '2024-03-15', 'TRUE'],
      ['', '6217001830012345678', '0.3', '', 'FALSE'],
    ]);
  });

  it('caps a huge sheet at the row limit and says so', () => {
    const rows: SheetCell[][] = Array.from({ length: XLSX_PREVIEW_LIMITS.rows + 25 }, (_, i) => [{ n: String(i + 1) }, { inline: `凭证 ${i + 1}` }]);
    const model = xlsx(xlsxWithSheets([{ name: '明细账', xml: sheetXml(rows) }], []));
    const sheet = model.sheets[0];
    expect(sheet?.rows).toHaveLength(XLSX_PREVIEW_LIMITS.rows);
    expect(sheet?.rows.at(-1)).toEqual([String(XLSX_PREVIEW_LIMITS.rows), `凭证 ${XLSX_PREVIEW_LIMITS.rows}`]);
    expect(sheet?.truncatedRows).toBe(true);
    expect(model.maxRows).toBe(XLSX_PREVIEW_LIMITS.rows);
  });

  it('caps columns, and a far-away cell costs no rows it does not have', () => {
    const far = `<?xml version="1.0"?><worksheet xmlns="s"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>左上</t></is></c><c r="XFD1"><v>1</v></c></row><row r="1048576"><c r="B1048576"><v>2</v></c></row></sheetData></worksheet>`;
    const sheet = xlsx(xlsxWithSheets([{ name: 'far', xml: far }], [])).sheets[0];
    expect(sheet).toMatchObject({ rows: [['左上']], columns: 1, truncatedRows: true, truncatedColumns: true });
  });

  it('refuses a zip bomb and a damaged workbook', () => {
    const bomb = xlsxWithSheets([{ name: 'a', xml: `<worksheet xmlns="s"><sheetData>${' '.repeat(45 * 1024 * 1024)}</sheetData></worksheet>` }], []);
    expect(buildOfficeModel(bomb, 'xlsx')).toEqual({ kind: 'failed', reason: 'zip-bomb' });
    const cut = sampleXlsx().subarray(0, 400);
    expect(buildOfficeModel(cut, 'xlsx')).toEqual({ kind: 'failed', reason: 'damaged' });
  });
});

describe('number formats', () => {
  it.each([
    ['1234.5', '#,##0.00', '1,234.50'],
    ['-1234.5', '#,##0.00;[Red]\\-#,##0.00', '-1,234.50'],
    ['-1234.5', '#,##0.00;(#,##0.00)', '(1,234.50)'],
    ['1.005', '0.00', '1.01'],
    ['0', '_ * #,##0.00_ ;_ * -#,##0.00_ ;_ * "-"??_ ;_ @_ ', '-'],
    ['0.25', '0%', '25%'],
    ['1234567', '#,##0,"千"', '1,235千'],
    ['12345.678', '"¥"#,##0.00', '¥12,345.68'],
    ['500', '0"元"', '500元'],
    ['123456789', '0.00E+00', '1.23E+08'],
    ['45366', 'yyyy"年"m"月"d"日"', '2024年3月15日'],
    ['45366.5', 'yyyy-mm-dd hh:mm:ss', '2024-03-15 12:00:00'],
    ['45366.75', 'h:mm AM/PM', '6:00 PM'],
    ['45366', 'mmm d, yyyy', 'Mar 15, 2024'],
    ['1.5', '[h]:mm', '36:00'],
    ['0.123456789012345678', 'General', '0.123456789012346'],
    ['12345678901234567890', 'General', '12345678901234567890'],
  ])('%s under %s is %s', (raw, code, shown) => {
    expect(formatNumberCell(raw, code, false)).toBe(shown);
  });

  it('counts Mac workbooks from 1904', () => {
    expect(formatNumberCell('0', 'yyyy-mm-dd', true)).toBe('1904-01-01');
  });
});
