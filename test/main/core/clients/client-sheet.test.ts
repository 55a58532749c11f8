/**
 * Reading a firm's own 客户清单: where the header is, which column is which
 * field, and every data row as a client input or the reasons it is not one.
 */
import { describe, expect, it } from 'vitest';
import { findHeaderRow, mapClientRows, normalizeCreditCode, suggestClientMapping } from '../../../../src/main/core/clients/client-sheet';
import type { ClientColumnMapping } from '../../../../src/shared/client-import';
import { creditCodeCheckChar } from '../../../../src/shared/credit-code';

const code = (first17: string) => `${first17}${creditCodeCheckChar(first17)}`;
const GOOD = code('91350100MA2Y00001');
/** A valid code with its check character changed. */
const BAD = `${GOOD.slice(0, 17)}${GOOD.endsWith('0') ? '1' : '0'}`;

describe('header detection', () => {
  it.each<[string, string[][], number]>([
    ['a header on the first row', [['客户名称', '税号'], ['甲公司', '']], 0],
    ['a title line above the header', [['福州某某会计师事务所客户清单'], ['', ''], ['序号', '企业名称', '统一社会信用代码', '联系人'], ['1', '甲公司', '', '']], 2],
    ['English headers', [['Client list 2024'], ['Company', 'Tax ID', 'Contact', 'Phone'], ['Acme', '', '', '']], 1],
    ['no header the rules know: the first row', [['甲', '乙'], ['丙', '丁']], 0],
    ['a note row that names a client is not a header', [['说明：客户名称以营业执照为准'], ['公司名称', '纳税人识别号', '纳税人类型'], ['甲公司', '', '']], 1],
  ])('%s', (_, rows, expected) => {
    expect(findHeaderRow(rows)).toBe(expected);
  });
});

describe('mapping suggested from the headers', () => {
  it.each<[string, string[], ClientColumnMapping]>([
    [
      'a typical Chinese list',
      ['序号', '客户名称', '统一社会信用代码', '纳税人类型', '联系人', '联系电话', '注册地址', '开户行', '银行账号', '负责会计', '服务期', '备注'],
      [null, 'name', 'creditCode', 'taxpayerType', 'contactPerson', 'phone', 'address', 'notes', 'bankAccount', 'notes', 'servicePeriod', 'notes'],
    ],
    ['税号 and 手机', ['公司名称', '税号', '手机'], ['name', 'creditCode', 'phone']],
    ['联系人电话 is a phone, not a contact', ['企业名称', '联系人', '联系人电话'], ['name', 'contactPerson', 'phone']],
    ['开户行 alone holds the account', ['客户名称', '开户行'], ['name', 'bankAccount']],
    ['start and end columns make a 服务期 column redundant', ['客户名称', '服务开始日期', '服务结束日期', '服务期'], ['name', 'serviceStart', 'serviceEnd', null]],
    ['English', ['Company', 'Tax ID', 'Contact', 'Phone', 'Address', 'Notes'], ['name', 'creditCode', 'contactPerson', 'phone', 'address', 'notes']],
    ['a second name column is ignored', ['客户名称', '公司名称', '密级'], ['name', null, 'label']],
  ])('%s', (_, header, expected) => {
    expect(suggestClientMapping(header)).toEqual(expected);
  });
});

describe('row checks', () => {
  const header = ['客户名称', '统一社会信用代码', '纳税人类型', '联系人', '电话', '服务期', '密级', '负责会计', '备注'];
  const mapping = suggestClientMapping(header);
  const one = (cells: string[]) => mapClientRows([cells], header, mapping, 5)[0]!;

  it('maps a good row to a client input (row number as in Excel, notes from two columns)', () => {
    const row = one(['  福州闽江财税咨询有限公司 ', ` ${GOOD.toLowerCase()} `, '一般纳税人', '王会计', '0591-87654321', '2024.1-2024.12', '机密', '林晓燕', '每月10号前报税']);
    expect(row).toEqual({
      row: 5,
      kind: 'client',
      input: {
        name: '福州闽江财税咨询有限公司',
        creditCode: GOOD,
        taxpayerType: 'general',
        contactPerson: '王会计',
        phone: '0591-87654321',
        address: null,
        bankAccount: null,
        serviceStart: '2024-01-01',
        serviceEnd: '2024-12-31',
        notes: '负责会计：林晓燕\n备注：每月10号前报税',
        label: 'confidential',
      },
    });
  });

  it.each<[string, string[], { field: string; problem: string }[]]>([
    ['bad credit code (check character)', ['甲公司', BAD], [{ field: 'creditCode', problem: 'credit-code' }]],
    ['credit code too short', ['甲公司', '9135010'], [{ field: 'creditCode', problem: 'credit-code' }]],
    ['credit code with letters outside the alphabet', ['甲公司', 'I1350100MA2Y00001O'], [{ field: 'creditCode', problem: 'credit-code' }]],
    ['missing name', ['', GOOD], [{ field: 'name', problem: 'required' }]],
    ['unknown taxpayer type', ['甲公司', '', '个体户'], [{ field: 'taxpayerType', problem: 'taxpayer-type' }]],
    ['a period that is not one', ['甲公司', '', '', '', '', '全年'], [{ field: 'servicePeriod', problem: 'date' }]],
    ['a period that ends before it starts', ['甲公司', '', '', '', '', '2024-12-01至2024-01-31'], [{ field: 'servicePeriod', problem: 'period' }]],
    ['an unknown label', ['甲公司', '', '', '', '', '', '很机密'], [{ field: 'label', problem: 'label' }]],
    ['a phone too long', ['甲公司', '', '', '', '1'.repeat(41)], [{ field: 'phone', problem: 'too-long' }]],
    ['several problems at once', ['', BAD, '大规模'], [{ field: 'name', problem: 'required' }, { field: 'creditCode', problem: 'credit-code' }, { field: 'taxpayerType', problem: 'taxpayer-type' }]],
  ])('%s', (_, cells, problems) => {
    const row = one([...cells, ...Array<string>(header.length - cells.length).fill('')]);
    expect(row.kind).toBe('invalid');
    expect(row.kind === 'invalid' && row.problems).toEqual(problems);
  });

  it('a blank row is empty, not a failure', () => {
    expect(one(['', '  ', '', '', '', '', '', '', ''])).toEqual({ row: 5, kind: 'empty' });
  });

  it.each<[string, { serviceStart: string | null; serviceEnd: string | null }]>([
    ['2024-01-01至2024-12-31', { serviceStart: '2024-01-01', serviceEnd: '2024-12-31' }],
    ['2024/3/1 ~ 2025/2/28', { serviceStart: '2024-03-01', serviceEnd: '2025-02-28' }],
    ['2024年3月至2025年2月', { serviceStart: '2024-03-01', serviceEnd: '2025-02-28' }],
    ['2024.01-2024.06', { serviceStart: '2024-01-01', serviceEnd: '2024-06-30' }],
  ])('service period %s', (text, dates) => {
    const row = one(['甲公司', '', '小规模', '', '', text, '', '', '']);
    expect(row.kind === 'client' && row.input).toMatchObject({ ...dates, taxpayerType: 'small' });
  });

  it('normalizes a credit code as people type it', () => {
    expect(normalizeCreditCode(' 9135 0100-ma2y0000１x ')).toBe('91350100MA2Y00001X');
  });

  it('ignores columns mapped to nothing and uses only what is mapped', () => {
    const ignored = mapClientRows([['甲公司', BAD]], ['客户名称', '税号'], ['name', null], 2)[0]!;
    expect(ignored).toMatchObject({ kind: 'client', input: { name: '甲公司', creditCode: null } });
  });
});
