/**
 * Clients from a firm's own list, and the list out again: a generated .xlsx
 * and a GBK CSV read and checked (nothing written before the run), duplicates
 * of existing clients and within the file, a partial import with its per-row
 * report and audit records; the .xlsx export read back, refused to an
 * accountant, recorded with its reason.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import readXlsxFile from 'read-excel-file/node';
import writeXlsxFile from 'write-excel-file/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isVaultError } from '../../../../src/main/core/errors';
import { VaultManager } from '../../../../src/main/core/vault/vault-manager';
import type { VaultSession } from '../../../../src/main/core/vault/session';
import { clientInputSchema } from '../../../../src/shared/contract';
import { creditCodeCheckChar } from '../../../../src/shared/credit-code';
import { encodeGbk } from '../../../helpers/gbk';

const pw = (s: string) => Buffer.from(s, 'utf8');
const code = (first17: string) => `${first17}${creditCodeCheckChar(first17)}`;
const EXISTING_CODE = code('91350100MA2Y00001');
const NEW_A = code('91350200MA2Y00002');
const NEW_B = code('91350300MA2Y00003');
const BAD = `${NEW_B.slice(0, 17)}${NEW_B.endsWith('0') ? '1' : '0'}`;
const PASSWORDS: Record<string, string> = { 张所长: 'owner password 1', 李会计: 'accountant password 1' };

let root: string;
let m: VaultManager;
let existingId: string;

async function as(name: string): Promise<VaultSession> {
  await m.lock();
  await m.unlock(name, pw(PASSWORDS[name]!));
  return m.session();
}

async function refusal(fn: () => unknown): Promise<string> {
  try {
    await fn();
    return 'allowed';
  } catch (err) {
    return isVaultError(err) ? err.code : `unexpected ${String(err)}`;
  }
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'zd-client-import-'));
  m = new VaultManager({ vaultDir: join(root, 'vault') });
  await m.create('张所长', pw(PASSWORDS['张所长']!));
  const s = m.session();
  await s.staff.add('李会计', 'accountant', pw(PASSWORDS['李会计']!));
  existingId = s.clients.create(clientInputSchema.parse({ name: '福州闽江财税咨询有限公司', creditCode: EXISTING_CODE })).id;
  s.clients.create(clientInputSchema.parse({ name: '厦门鹭岛贸易有限公司', phone: '13905910001', bankAccount: '6222020402012345678' }));
}, 120_000);

afterAll(async () => {
  await m.close();
  rmSync(root, { recursive: true, force: true });
});

/** The firm's list as Excel would save it: a title line, the header, data with a blank row in between. */
async function firmList(): Promise<Buffer> {
  const rows = [
    ['2024年客户清单（福州某某财务咨询）', '', '', '', '', ''],
    ['序号', '企业名称', '统一社会信用代码', '纳税人类型', '联系电话', '负责会计'],
    ['1', '泉州刺桐食品有限公司', NEW_A, '小规模纳税人', '13800000001', '林晓燕'],
    ['2', '漳州芗城电子有限公司', BAD, '一般纳税人', '', ''],
    ['3', '闽江财税（重复税号）', EXISTING_CODE, '', '', ''],
    ['', '', '', '', '', ''],
    ['4', '厦门鹭岛贸易有限公司', '', '', '', ''],
    ['5', '', NEW_B, '', '', ''],
    ['6', '莆田湄洲湾物流有限公司', NEW_B, '一般纳税人', '', ''],
    ['7', '莆田湄洲湾物流有限公司（分公司）', NEW_B, '', '', ''],
    ['8', '泉州刺桐食品有限公司', '', '', '', ''],
  ];
  return writeXlsxFile(rows.map((r) => r.map((value) => ({ value, type: String }))), { sheet: '客户' }).toBuffer();
}

describe('client import', () => {
  it('previews a generated .xlsx: header under a title line, mapping, per-row checks and duplicates; nothing written', async () => {
    const s = await as('张所长');
    const before = s.vault.view.clients.all().length;
    const preview = await s.clientTransfer.preview(await firmList(), '客户清单.xlsx');
    expect(s.vault.view.clients.all()).toHaveLength(before);
    expect(preview.sheets[0]).toMatchObject({ name: '客户', headerRow: 2, rows: 9 });
    expect(preview.mapping).toEqual([null, 'name', 'creditCode', 'taxpayerType', 'phone', 'notes']);
    const byRow = new Map(preview.rows.map((r) => [r.row, r]));
    expect(byRow.get(3)).toMatchObject({ status: 'ready', name: '泉州刺桐食品有限公司', creditCode: NEW_A, duplicate: null });
    expect(byRow.get(4)).toMatchObject({ status: 'invalid', problems: [{ field: 'creditCode', problem: 'credit-code' }] });
    expect(byRow.get(5)).toMatchObject({ status: 'duplicate', duplicate: { kind: 'existing', by: 'creditCode', clientId: existingId, name: '福州闽江财税咨询有限公司' } });
    expect(byRow.get(6)).toMatchObject({ status: 'empty' });
    expect(byRow.get(7)).toMatchObject({ status: 'duplicate', duplicate: { kind: 'existing', by: 'name' } });
    expect(byRow.get(8)).toMatchObject({ status: 'invalid', problems: [{ field: 'name', problem: 'required' }] });
    expect(byRow.get(9)).toMatchObject({ status: 'ready' });
    expect(byRow.get(10)).toMatchObject({ status: 'duplicate', duplicate: { kind: 'file', by: 'creditCode', row: 9 } });
    expect(byRow.get(11)).toMatchObject({ status: 'duplicate', duplicate: { kind: 'file', by: 'name', row: 3 } });

    // A changed mapping is checked again: with the code column ignored, row 4 is fine.
    const mapping = [...preview.mapping];
    mapping[2] = null;
    const again = s.clientTransfer.check(preview.token, 0, mapping);
    expect(again.rows.find((r) => r.row === 4)).toMatchObject({ status: 'ready', creditCode: null });
    // An empty mapping (another sheet chosen) gets the suggested one back.
    expect(s.clientTransfer.check(preview.token, 0, []).mapping).toEqual(preview.mapping);
    expect(s.vault.view.clients.all()).toHaveLength(before);
  });

  it('imports the good rows, keeps skipped rows skipped, fails bad ones with reasons, and records it all', async () => {
    const s = await as('张所长');
    const before = s.vault.view.clients.all().length;
    const seq = s.vault.repos.audit.last()!.seq;
    const preview = await s.clientTransfer.preview(await firmList(), '客户清单.xlsx');
    // The person unticks the duplicates by name (rows 7 and 11) and keeps the rest, the code duplicates included.
    const report = s.clientTransfer.run(preview.token, 0, preview.mapping, [7, 11]);
    const byRow = new Map(report.rows.map((r) => [r.row, r]));
    expect(byRow.get(3)).toMatchObject({ status: 'imported', name: '泉州刺桐食品有限公司' });
    expect(byRow.get(4)).toMatchObject({ status: 'failed', reason: 'invalid', problems: [{ field: 'creditCode', problem: 'credit-code' }] });
    expect(byRow.get(5)).toMatchObject({ status: 'failed', reason: 'duplicate', duplicate: { kind: 'existing', clientId: existingId } });
    expect(byRow.get(6)).toMatchObject({ status: 'skipped', reason: 'empty' });
    expect(byRow.get(7)).toMatchObject({ status: 'skipped', reason: 'duplicate', duplicate: { kind: 'existing', by: 'name' } });
    expect(byRow.get(8)).toMatchObject({ status: 'failed', reason: 'invalid' });
    expect(byRow.get(9)).toMatchObject({ status: 'imported' });
    expect(byRow.get(10)).toMatchObject({ status: 'failed', reason: 'duplicate', duplicate: { kind: 'file', row: 9 } });
    expect(byRow.get(11)).toMatchObject({ status: 'skipped', reason: 'duplicate' });
    expect(report).toMatchObject({ fileName: '客户清单.xlsx', imported: 2, skipped: 3, failed: 4 });

    const all = s.vault.view.clients.all();
    expect(all).toHaveLength(before + 2);
    const food = all.find((c) => c.creditCode === NEW_A)!;
    expect(food).toMatchObject({ name: '泉州刺桐食品有限公司', taxpayerType: 'small', phone: '13800000001', notes: '林晓燕' });
    const imported = report.rows.filter((r) => r.status === 'imported');
    expect(imported.map((r) => r.status === 'imported' && r.clientId).sort()).toEqual(all.filter((c) => c.creditCode === NEW_A || c.creditCode === NEW_B).map((c) => c.id).sort());

    const events = [...s.vault.repos.audit.iterate()].filter((e) => e.seq > seq);
    expect(events.filter((e) => e.action === 'client.create')).toHaveLength(2);
    const summary = events.find((e) => e.action === 'client.import')!;
    expect(JSON.parse(summary.detail)).toEqual({ imported: 2, skipped: 3, failed: 4 });

    // The preview is used up; running it again finds nothing to run.
    expect(await refusal(() => s.clientTransfer.run(preview.token, 0, preview.mapping, []))).toBe('NOT_FOUND');
  });

  it('a name duplicate the person keeps ticked is imported (names are not unique)', async () => {
    const s = await as('张所长');
    const csv = Buffer.from('客户名称,联系人\r\n厦门鹭岛贸易有限公司,陈经理\r\n', 'utf8');
    const preview = await s.clientTransfer.preview(csv, 'list.csv');
    expect(preview.rows[0]).toMatchObject({ status: 'duplicate', duplicate: { by: 'name' } });
    const report = s.clientTransfer.run(preview.token, 0, preview.mapping, []);
    expect(report.rows[0]).toMatchObject({ row: 2, status: 'imported' });
    expect(s.vault.view.clients.byName('厦门鹭岛贸易有限公司')).toHaveLength(2);
  });

  it('reads a GBK CSV as Chinese Excel saves it', async () => {
    const s = await as('张所长');
    const text = ['客户名称,税号,纳税人类型,地址', '三明沙县小吃连锁有限公司,,一般纳税人,三明市沙县区府西路1号', ''].join('\r\n');
    const preview = await s.clientTransfer.preview(encodeGbk(text), '客户.csv');
    expect(preview.sheets[0]!.header).toEqual(['客户名称', '税号', '纳税人类型', '地址']);
    expect(preview.rows).toEqual([
      { row: 2, status: 'ready', name: '三明沙县小吃连锁有限公司', creditCode: null, contactPerson: null, problems: [], duplicate: null },
    ]);
    const report = s.clientTransfer.run(preview.token, 0, preview.mapping, []);
    expect(report.imported).toBe(1);
    expect(s.vault.view.clients.byName('三明沙县小吃连锁有限公司')[0]).toMatchObject({ taxpayerType: 'general', address: '三明市沙县区府西路1号' });
  });

  it('refuses an accountant (no preview, no run) and records the refusal', async () => {
    const s = await as('李会计');
    expect(await refusal(() => s.clientTransfer.preview(Buffer.from('客户名称\r\n甲\r\n'), 'a.csv'))).toBe('PERMISSION_DENIED');
    expect(await refusal(() => s.clientTransfer.exportXlsx('审计需要'))).toBe('PERMISSION_DENIED');
    expect(s.vault.repos.audit.last()).toMatchObject({ action: 'client.export', outcome: 'denied' });
  });
});

describe('client list export', () => {
  it('writes a real .xlsx of every client, read back equal, recorded with the reason', async () => {
    const s = await as('张所长');
    expect(await refusal(() => s.clientTransfer.exportXlsx('  '))).toBe('REASON_REQUIRED');
    const { bytes, clients } = await s.clientTransfer.exportXlsx('年度客户盘点');
    const all = s.vault.view.clients.all();
    expect(clients).toBe(all.length);
    const [sheet] = await readXlsxFile(bytes);
    expect(sheet!.sheet).toBe('客户清单');
    const [header, ...rows] = sheet!.data as (string | null)[][];
    expect(header).toEqual(['客户名称', '统一社会信用代码', '纳税人类型', '联系人', '联系电话', '地址', '银行账号', '服务开始日期', '服务结束日期', '密级', '状态', '备注']);
    expect(rows.map((r) => r[0])).toEqual(all.map((c) => c.name));
    const ludao = rows.find((r) => r[0] === '厦门鹭岛贸易有限公司' && r[4] !== null)!;
    // Numbers stay text, digit for digit.
    expect(ludao[4]).toBe('13905910001');
    expect(ludao[6]).toBe('6222020402012345678');
    expect(rows.find((r) => r[1] === NEW_A)).toEqual(['泉州刺桐食品有限公司', NEW_A, '小规模纳税人', null, '13800000001', null, null, null, null, '内部', '服务中', '林晓燕']);
    const last = s.vault.repos.audit.last()!;
    expect(last).toMatchObject({ action: 'client.export', outcome: 'success' });
    expect(JSON.parse(last.detail)).toEqual({ reason: '年度客户盘点', clients: all.length });
  });

  it('an exported list reads back in with every column mapped and every client a duplicate', async () => {
    const s = await as('张所长');
    const { bytes } = await s.clientTransfer.exportXlsx('核对');
    const preview = await s.clientTransfer.preview(bytes, '客户清单.xlsx');
    expect(preview.mapping).toEqual(['name', 'creditCode', 'taxpayerType', 'contactPerson', 'phone', 'address', 'bankAccount', 'serviceStart', 'serviceEnd', 'label', null, 'notes']);
    expect(preview.rows.every((r) => r.status === 'duplicate')).toBe(true);
  });
});
