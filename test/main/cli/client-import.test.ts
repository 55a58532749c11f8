/**
 * `zhangdun client import FILE` prints one line per row (imported, skipped,
 * failed with the reason in words) and exits 2 when a row failed;
 * `client export` writes a real .xlsx with a reason; an accountant is refused both.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import readXlsxFile from 'read-excel-file/node';
import writeXlsxFile from 'write-excel-file/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { creditCodeCheckChar } from '../../../src/shared/credit-code';
import { expectExit, explain, runMain, useCliTimeouts, type CliResult } from '../../helpers/cli';

useCliTimeouts();

const OWNER = '张所长';
const PASSWORDS: Record<string, string> = { [OWNER]: 'owner password 1', 李会计: 'accountant pw 1' };
const code = (first17: string) => `${first17}${creditCodeCheckChar(first17)}`;
const EXISTING = code('91350100MA2Y00001');
const NEW = code('91350200MA2Y00002');

let dir: string;
let vault: string;
let existingId = '';

const as = (staff: string, args: string[], env: Record<string, string> = {}) =>
  runMain([...args, '--vault', vault, '--staff', staff], { password: PASSWORDS[staff]!, env });
const owner = (args: string[], env?: Record<string, string>) => as(OWNER, args, env);

async function ok(run: Promise<CliResult>): Promise<CliResult> {
  const res = await run;
  expectExit(res, 0);
  return res;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'zd-cli-client-import-'));
  vault = join(dir, 'vault');
  await ok(runMain(['init', '--vault', vault, '--staff', OWNER, '--recovery-key-out', join(dir, 'rk.txt')], { password: PASSWORDS[OWNER]! }));
  existingId = (await ok(owner(['client', 'add', '--name', '福州闽江财税咨询有限公司', '--credit-code', EXISTING]))).stdout.trim();
  await ok(owner(['staff', 'add', '--name', '李会计', '--role', 'accountant'], { ZHANGDUN_NEW_PASSWORD: PASSWORDS['李会计']! }));
  const rows = [
    ['客户名称', '统一社会信用代码', '联系人'],
    ['泉州刺桐食品有限公司', NEW, '陈经理'],
    ['漳州芗城电子有限公司', `${NEW.slice(0, 17)}${NEW.endsWith('0') ? '1' : '0'}`, ''],
    ['闽江（同一税号）', EXISTING, ''],
    ['', '', '王会计'],
  ];
  writeFileSync(join(dir, '客户清单.xlsx'), await writeXlsxFile(rows.map((r) => r.map((value) => ({ value, type: String })))).toBuffer());
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('zhangdun client import / export', () => {
  it('prints the per-row report and exits 2 because rows failed', async () => {
    const res = await owner(['client', 'import', join(dir, '客户清单.xlsx')]);
    expectExit(res, 2);
    const lines = res.stdout.trim().split('\n').map((l) => l.split('\t'));
    expect(lines[0]!.slice(0, 3), explain(res)).toEqual(['第 2 行', '已导入', '泉州刺桐食品有限公司']);
    expect(lines[0]![3]).toMatch(/^[0-9a-f]{32}$/);
    expect(lines[1]).toEqual(['第 3 行', '失败', '漳州芗城电子有限公司', '统一社会信用代码无效（18 位，含校验位）']);
    expect(lines[2]).toEqual(['第 4 行', '已跳过', '闽江（同一税号）', `重复，已跳过：与已有客户「福州闽江财税咨询有限公司」（${existingId}）统一社会信用代码相同`]);
    expect(lines[3]).toEqual(['第 5 行', '失败', '', '客户名称不能为空']);
    expect(res.stderr).toContain('客户清单.xlsx：导入 1 家，跳过 1 行，失败 2 行。');
    const list = await ok(owner(['client', 'list']));
    expect(list.stdout).toContain('泉州刺桐食品有限公司');
  });

  it('--json prints the report as data, in English words when asked', async () => {
    const res = await owner(['client', 'import', join(dir, '客户清单.xlsx'), '--json', '--lang', 'en']);
    expectExit(res, 2);
    const report = JSON.parse(res.stdout) as { imported: number; rows: { row: number; status: string }[] };
    // Everything is in the vault already now: the first row is a duplicate too.
    expect(report.imported).toBe(0);
    expect(report.rows.map((r) => [r.row, r.status])).toEqual([[2, 'skipped'], [3, 'failed'], [4, 'skipped'], [5, 'failed']]);
  });

  it('exports the list as .xlsx with a reason; an accountant is refused', async () => {
    expectExit(await owner(['client', 'export', '--out', join(dir, 'out.xlsx')]), 2);
    const out = join(dir, '导出.xlsx');
    const res = await ok(owner(['client', 'export', '--out', out, '--reason', '年度盘点']));
    expect(res.stderr).toContain('已导出 2 家客户到');
    const [sheet] = await readXlsxFile(out);
    expect(sheet!.data.slice(1).map((r) => r[0]).sort()).toEqual(['泉州刺桐食品有限公司', '福州闽江财税咨询有限公司'].sort());
    const audit = await ok(owner(['audit', 'list', '--action', 'client.export', '--json']));
    expect(audit.stdout).toContain('年度盘点');

    expectExit(await as('李会计', ['client', 'export', '--out', join(dir, 'acc.xlsx'), '--reason', '想看']), 5);
    expectExit(await as('李会计', ['client', 'import', join(dir, '客户清单.xlsx')]), 5);
  });
});
