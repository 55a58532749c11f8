import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../../src/renderer/src/preview/csv';

describe('parseCsv', () => {
  it('splits rows on LF, CRLF and lone CR, and fields on commas', () => {
    expect(parseCsv('a,b\n1,2\r\n3,4\r5,6')).toEqual({
      rows: [
        ['a', 'b'],
        ['1', '2'],
        ['3', '4'],
        ['5', '6'],
      ],
      truncated: false,
    });
  });

  it('reads quoted fields with commas, "" escapes and line breaks', () => {
    const text = '名称,备注\n"甲公司, 北京","他说""你好"""\n"多\r\n行",x\n';
    expect(parseCsv(text).rows).toEqual([
      ['名称', '备注'],
      ['甲公司, 北京', '他说"你好"'],
      ['多\r\n行', 'x'],
    ]);
  });

  it('keeps empty fields, including a trailing one', () => {
    expect(parseCsv('a,,c\n,\nx,').rows).toEqual([['a', '', 'c'], ['', ''], ['x', '']]);
  });

  it('skips blank lines and does not count a final line break as a row', () => {
    expect(parseCsv('a\n\n\nb\n').rows).toEqual([['a'], ['b']]);
    expect(parseCsv('')).toEqual({ rows: [], truncated: false });
    expect(parseCsv('\n\r\n')).toEqual({ rows: [], truncated: false });
  });

  it('treats a quote inside an unquoted field as text', () => {
    expect(parseCsv('5" disk,ok').rows).toEqual([['5" disk', 'ok']]);
  });

  it('reads an unterminated quote to the end rather than failing', () => {
    expect(parseCsv('"open,ended\nrest').rows).toEqual([['open,ended\nrest']]);
  });

  it('stops after maxRows and says so', () => {
    expect(parseCsv('1\n2\n3\n4\n', 2)).toEqual({ rows: [['1'], ['2']], truncated: true });
    expect(parseCsv('1\n2\n3', 2)).toEqual({ rows: [['1'], ['2']], truncated: true });
  });

  it('is not truncated with exactly maxRows rows', () => {
    expect(parseCsv('1\n2\n', 2)).toEqual({ rows: [['1'], ['2']], truncated: false });
    expect(parseCsv('1\n2', 2)).toEqual({ rows: [['1'], ['2']], truncated: false });
  });

  it('stops reading a huge file early', () => {
    const huge = 'x,y\n'.repeat(200_000);
    const table = parseCsv(huge);
    expect(table.rows).toHaveLength(1000);
    expect(table.truncated).toBe(true);
  });
});
