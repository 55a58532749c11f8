import { describe, expect, it } from 'vitest';
import { isVaultError } from '../../../../src/main/core/errors';
import { numberText, readSheet } from '../../../../src/main/core/sheets/read-sheet';
import { SHEET_LIMITS } from '../../../../src/main/core/sheets/zip-guard';
import { seededRandom } from '../../../helpers/seeded-random';
import { buildXlsx, writeZip, type XlsxCell } from '../../../helpers/zip-writer';

async function reasonOf(bytes: Buffer, fileName: string): Promise<unknown> {
  try {
    await readSheet(bytes, fileName);
  } catch (err) {
    if (isVaultError(err, 'INVALID_INPUT')) return err.values;
    throw err;
  }
  return 'accepted';
}
const refused = (reason: string) => ({ what: 'sheet', reason });

// GBK, as Chinese Excel saves "CSV (逗号分隔)": 客户 北京 公司 账号 密码 电子税务局.
const GBK = {
  客户: 'bfcdbba7',
  北京: 'b1b1bea9',
  公司: 'b9abcbbe',
  账号: 'd5cbbac5',
  密码: 'c3dcc2eb',
  电子税务局: 'b5e7d7d3cbb0cef1bed6',
};
const gbk = (parts: (keyof typeof GBK | string)[]) =>
  Buffer.concat(parts.map((p) => (p in GBK ? Buffer.from(GBK[p as keyof typeof GBK], 'hex') : Buffer.from(p, 'latin1'))));

describe('readSheet: text files', () => {
  it('reads a GBK CSV', async () => {
    const bytes = gbk(['客户', ',', '账号', ',', '密码', '\r\n', '北京', '公司', ',', 'zhang01', ',', 'x1', '\r\n', '电子税务局', ',,\r\n']);
    expect(await readSheet(bytes, '凭据.csv')).toEqual({
      sheets: [{ name: '凭据', rows: [['客户', '账号', '密码'], ['北京公司', 'zhang01', 'x1'], ['电子税务局', '', '']] }],
    });
  });

  it('reads UTF-8 with and without a BOM', async () => {
    const text = '客户,账号\n北京甲公司,9111\n';
    const expected = [['客户', '账号'], ['北京甲公司', '9111']];
    expect((await readSheet(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]), 'a.csv')).sheets[0]?.rows).toEqual(expected);
    expect((await readSheet(Buffer.from(text), 'a.csv')).sheets[0]?.rows).toEqual(expected);
  });

  it('reads UTF-16LE and UTF-16BE (Excel’s “Unicode text”, tab-separated)', async () => {
    const text = '客户\t账号\r\n北京甲公司\tzhang\r\n';
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    const be = Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, 'utf16le').swap16()]);
    for (const bytes of [le, be]) {
      expect((await readSheet(bytes, 'a.txt')).sheets[0]?.rows).toEqual([['客户', '账号'], ['北京甲公司', 'zhang']]);
    }
  });

  it('follows RFC 4180 quoting: commas, quotes and line breaks inside fields', async () => {
    const csv = 'title,notes,login\r\n"Bank, Ltd","line 1\r\nline 2 ""quoted""",  spaced  \n"",x,\r"last"';
    expect((await readSheet(Buffer.from(csv), 'q.csv')).sheets[0]?.rows).toEqual([
      ['title', 'notes', 'login'],
      ['Bank, Ltd', 'line 1\r\nline 2 "quoted"', 'spaced'],
      ['', 'x', ''],
      ['last', '', ''],
    ]);
  });

  it('detects tabs, keeps commas inside tab-separated cells', async () => {
    const tsv = 'a\tb\tc\n1,5\t2\t"x\ty"\n';
    expect((await readSheet(Buffer.from(tsv), 't.tsv')).sheets[0]?.rows).toEqual([
      ['a', 'b', 'c'],
      ['1,5', '2', 'x\ty'],
    ]);
  });

  it('keeps blank rows in place (row numbers match the file) but drops trailing ones, and pads rows', async () => {
    const rows = (await readSheet(Buffer.from('h1,h2,h3\n\na\n,,\n\n\n'), 'b.csv')).sheets[0]?.rows;
    expect(rows).toEqual([['h1', 'h2', 'h3'], ['', '', ''], ['a', '', '']]);
  });

  it('keeps long digit strings and codes exactly', async () => {
    const rows = (await readSheet(Buffer.from('code,card\n91110000MA01ABCD1X,6222021234567890123\n'), 'c.csv')).sheets[0]?.rows;
    expect(rows?.[1]).toEqual(['91110000MA01ABCD1X', '6222021234567890123']);
  });

  it.each<[string, Buffer, string, string]>([
    ['an unclosed quote', Buffer.from('a,b\n"open,x\n'), 'x.csv', 'damaged'],
    ['an empty file', Buffer.alloc(0), 'x.csv', 'empty'],
    ['only blank lines', Buffer.from('\r\n\r\n ,  \n'), 'x.csv', 'empty'],
    ['a zip named .csv', writeZip([{ name: 'a.xml', data: '<a/>' }]), 'x.csv', 'unsupported'],
    ['an old .xls', Buffer.from('d0cf11e0a1b11ae1' + '00'.repeat(100), 'hex'), 'x.xls', 'unsupported'],
    ['an old .xls named .xlsx', Buffer.from('d0cf11e0a1b11ae1' + '00'.repeat(100), 'hex'), 'x.xlsx', 'unsupported'],
    ['a PDF', Buffer.from('%PDF-1.7'), 'x.pdf', 'unsupported'],
    ['no extension', Buffer.from('a,b'), 'README', 'unsupported'],
    ['binary named .txt', Buffer.from([0x61, 0, 0x62, 0]), 'x.txt', 'unsupported'],
    ['too many rows', Buffer.from('a\n'.repeat(SHEET_LIMITS.rowsPerSheet + 1)), 'x.csv', 'too-large'],
    ['too many columns', Buffer.from('a,'.repeat(SHEET_LIMITS.columns + 1)), 'x.csv', 'too-large'],
  ])('refuses %s', async (_name, bytes, fileName, reason) => {
    expect(await reasonOf(bytes, fileName)).toEqual(refused(reason));
  });
});

describe('readSheet: .xlsx', () => {
  it('reads every sheet: text, numbers without float noise, dates, booleans', async () => {
    const bytes = buildXlsx([
      {
        name: '凭据',
        rows: [
          ['客户', '账号', '到期日', '金额', '长数', '是否'],
          [' 北京甲公司 ', '91110000MA01ABCD1X', { date: 45717 }, 0.30000000000000004, { raw: '9.1110000123456794E+17' }, true],
          [],
          [null, { inline: 'a<b & c' }, { date: 45717.5 }, 12, { raw: '6222021234567890123' }, false],
        ],
      },
      { name: 'Sheet2', rows: [['only'], [1.5]] },
    ]);
    expect(await readSheet(bytes, 'book.XLSX')).toEqual({
      sheets: [
        {
          name: '凭据',
          rows: [
            ['客户', '账号', '到期日', '金额', '长数', '是否'],
            ['北京甲公司', '91110000MA01ABCD1X', '2025-03-01', '0.3', '911100001234568000', 'TRUE'],
            ['', '', '', '', '', ''],
            ['', 'a<b & c', '2025-03-01 12:00', '12', '6222021234567890123', 'FALSE'],
          ],
        },
        { name: 'Sheet2', rows: [['only'], ['1.5']] },
      ],
    });
  });

  it('reads a larger workbook (past the size at which fflate would inflate in a worker)', async () => {
    const rng = seededRandom(7);
    const rows: XlsxCell[][] = [['i', 'text']];
    for (let i = 0; i < 12_000; i++) rows.push([i, rng.hex(32)]);
    const bytes = buildXlsx([{ name: 'big', rows }]);
    expect(bytes.length).toBeGreaterThan(512 * 1024);
    const book = await readSheet(bytes, 'big.xlsx');
    expect(book.sheets[0]?.rows).toHaveLength(12_001);
    expect(book.sheets[0]?.rows[12_000]).toEqual(['11999', rows[12_000]?.[1]]);
  });

  it('turns stored numbers into what Excel shows', () => {
    expect(numberText('0.30000000000000004')).toBe('0.3');
    expect(numberText('1.0000000000000002')).toBe('1');
    expect(numberText('45717')).toBe('45717');
    expect(numberText('12345678901234567890')).toBe('12345678901234567890');
    expect(numberText('1E+21')).toBe('1000000000000000000000');
    expect(numberText('1E-7')).toBe('0.0000001');
    expect(numberText('-2.5')).toBe('-2.5');
  });

  it('refuses an empty workbook', async () => {
    expect(await reasonOf(buildXlsx([{ name: 'a', rows: [] }]), 'e.xlsx')).toEqual(refused('empty'));
  });

  it.each<[string, () => Buffer, string]>([
    ['a truncated file', () => buildXlsx([{ name: 'a', rows: [['x']] }]).subarray(0, 300), 'damaged'],
    ['random bytes after a zip signature', () => Buffer.concat([Buffer.from('PK\x03\x04', 'latin1'), Buffer.alloc(500, 7)]), 'damaged'],
    ['a zip without a workbook', () => writeZip([{ name: 'hello.txt', data: 'hi' }, { name: 'a.xml', data: '<a/>' }]), 'damaged'],
    [
      'an entry that is not deflate data',
      () => {
        const zip = buildXlsx([{ name: 'a', rows: [['x']] }]);
        // Overwrite the first entry's packed bytes with garbage.
        zip.fill(0xff, 30 + '[Content_Types].xml'.length, 30 + '[Content_Types].xml'.length + 40);
        return zip;
      },
      'damaged',
    ],
    // A shared-string index past the table.
    ['a broken cell', () => withSheet('<worksheet><sheetData><row r="1"><c r="A1" t="s"><v>99</v></c></row></sheetData></worksheet>'), 'damaged'],
    ['cells out of order', () => withSheet('<worksheet><sheetData><row r="2"><c r="A2"><v>1</v></c></row><row r="1"><c r="A1"><v>1</v></c></row></sheetData></worksheet>'), 'damaged'],
    ['an unknown compression method', () => withMethod(buildXlsx([{ name: 'a', rows: [['x']] }]), 14), 'unsupported'],
  ])('refuses %s', async (_name, make, reason) => {
    expect(await reasonOf(make(), 'd.xlsx')).toEqual(refused(reason));
  });

  it('refuses a zip bomb: declared sizes past the limit', async () => {
    // 101 MiB of zeros deflates to ~100 KB.
    const bomb = buildXlsx([{ name: 'a', rows: [['x']] }], [{ name: 'xl/bomb.xml', data: Buffer.alloc(101 * 1024 * 1024) }]);
    expect(bomb.length).toBeLessThan(1024 * 1024);
    expect(await reasonOf(bomb, 'bomb.xlsx')).toEqual(refused('too-large'));
  });

  it('refuses an entry that inflates past the size it declares', async () => {
    const liar = buildXlsx([{ name: 'a', rows: [['x']] }], [{ name: 'xl/liar.xml', data: Buffer.alloc(10 * 1024 * 1024), declaredSize: 1000 }]);
    expect(await reasonOf(liar, 'liar.xlsx')).toEqual(refused('damaged'));
  });

  it('refuses a sheet whose cell addresses would make the parser fill millions of cells', async () => {
    const sheet = `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1"><v>1</v></c></row><row r="19000"><c r="ALL19000"><v>1</v></c></row></sheetData></worksheet>`;
    expect(await reasonOf(withSheet(sheet), 'far.xlsx')).toEqual(refused('too-large'));
    const beyond = `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="99999999"/></sheetData></worksheet>`;
    expect(await reasonOf(withSheet(beyond), 'beyond.xlsx')).toEqual(refused('damaged'));
    const tooMany = `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="${SHEET_LIMITS.rowsPerSheet + 1}"><c r="A${SHEET_LIMITS.rowsPerSheet + 1}"><v>1</v></c></row></sheetData></worksheet>`;
    expect(await reasonOf(withSheet(tooMany), 'rows.xlsx')).toEqual(refused('too-large'));
  });

  it('ignores styled empty cells far out (Excel writes those for formatted columns)', async () => {
    const sheet = `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>h</t></is></c><c r="XFD1" s="0"/></row><row r="500000" s="0" customFormat="1"/></sheetData></worksheet>`;
    const book = await readSheet(withSheet(sheet), 's.xlsx');
    expect(book.sheets[0]?.rows).toEqual([['h']]);
  });
});

/** A one-sheet workbook whose sheet XML is `xml`. */
function withSheet(xml: string): Buffer {
  return buildXlsx([{ name: 'a', rows: [] }], [], xml);
}

/** Sets every entry's compression method (local and central headers). */
function withMethod(zip: Buffer, method: number): Buffer {
  const out = Buffer.from(zip);
  for (let at = 0; at + 4 <= out.length; at++) {
    const sig = out.readUInt32LE(at);
    if (sig === 0x04034b50) out.writeUInt16LE(method, at + 8);
    else if (sig === 0x02014b50) out.writeUInt16LE(method, at + 10);
  }
  return out;
}
