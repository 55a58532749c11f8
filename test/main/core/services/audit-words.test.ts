/**
 * The audit log in words, end to end on a real vault: an export's reason in
 * the 详情 column, the CSV and the access report (JSON and PDF); the name
 * tried at a failed unlock instead of "—"; staff named in a detail by name.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VaultManager } from '../../../../src/main/core/vault/vault-manager';
import type { VaultSession } from '../../../../src/main/core/vault/session';
import { AUDIT_WORDS, auditActor, auditDetails } from '../../../../src/shared/audit-details';
import type { AuditEntry } from '../../../../src/shared/access';
import { clientInputSchema } from '../../../../src/shared/contract';
import { readDelimited } from '../../../../src/shared/delimited-text';

const pw = (s: string) => Buffer.from(s, 'utf8');
const ZH = AUDIT_WORDS['zh-CN'];

let root: string;
let m: VaultManager;
let s: VaultSession;
let clientId: string;
let accountantId: string;

/** A clock an hour further on at every reading: no unlock attempt waits. */
function hourlyClock(): () => number {
  let t = Date.now();
  return () => (t += 3600_000);
}

function one(entries: AuditEntry[], action: string): AuditEntry {
  const found = entries.filter((e) => e.action === action);
  expect(found, action).toHaveLength(1);
  return found[0]!;
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'zd-audit-words-'));
  m = new VaultManager({ vaultDir: join(root, 'vault'), stateDir: join(root, 'state'), now: hourlyClock() });
  await m.create('王所长', pw('owner password 1'));
  s = m.session();
  accountantId = (await s.staff.add('李会计', 'accountant', pw('accountant pw 1'))).id;
  clientId = s.clients.create(clientInputSchema.parse({ name: '华信商贸有限公司', label: 'confidential' })).id;
  await s.access.grant(clientId, accountantId);
  const file = join(root, '2024年度报表.txt');
  writeFileSync(file, '资产负债表');
  const [imported] = await s.documents.importFiles(clientId, [file]);
  if (imported?.status !== 'imported') throw new Error('import failed');
  await s.documents.exportWithPolicy(imported.documentId, '年度审计', async () => join(root, 'exported.txt'));
  s.clients.update(clientId, clientInputSchema.parse({ name: '华信商贸有限公司', label: 'confidential', phone: '13800001111', address: '厦门市思明区' }));
  await m.lock();
  await expect(m.unlock('李会计', pw('wrong password'))).rejects.toThrow();
  await expect(m.unlock('hunter2 typed here', pw('wrong password'))).rejects.toThrow();
  await m.unlock('王所长', pw('owner password 1'));
  s = m.session();
});

afterAll(async () => {
  await m.close();
  rmSync(root, { recursive: true, force: true });
});

describe('the audit log in words', () => {
  it('shows the export reason and file in the 详情 column, the changed fields by name, the grantee by name', () => {
    const entries = s.audit.listAll({});
    expect(auditDetails(one(entries, 'doc.export'), ZH)).toBe('导出原因：年度审计；文件：2024年度报表.txt');
    expect(auditDetails(one(entries, 'client.update'), ZH)).toBe('修改字段：电话、地址');
    expect(auditDetails(one(entries, 'grant'), ZH)).toBe('授权给：李会计');
    expect(auditDetails(one(entries, 'doc.export'), AUDIT_WORDS.en)).toBe('Reason: 年度审计; File: 2024年度报表.txt');
  });

  it('names who tried a failed unlock: a staff name as tried, anything else as not a staff name, never its text', () => {
    const failed = s.audit.listAll({ action: 'unlock.failed' });
    expect(failed.map((e) => auditActor(e, ZH))).toEqual(['李会计（尝试）', '非员工名']);
    expect(failed.map((e) => auditDetails(e, ZH))).toEqual(['尝试的员工名：李会计', '输入的不是员工名（18 个字，未记录内容）']);
    expect(JSON.stringify(failed)).not.toContain('hunter2');
  });

  it('writes the 详情 column of the CSV in words, not JSON, and the tried name in its 员工 column', async () => {
    const target = join(root, 'audit.csv');
    const saved = await s.audit.exportCsv({}, async () => target);
    expect(saved.cancelled).toBe(false);
    const rows = readDelimited(readFileSync(target, 'utf8').replace(/^\ufeff/, ''), ',', { rows: 10_000, columns: 20, cells: 200_000 }).rows.filter((r) => r.length > 1);
    const header = rows[0]!;
    const col = (name: string) => header.indexOf(name);
    expect(col('详情')).toBeGreaterThan(0);
    const byCode = (code: string) => rows.filter((r) => r[col('操作代码')] === code);
    expect(byCode('doc.export')[0]![col('详情')]).toBe('导出原因：年度审计；文件：2024年度报表.txt');
    expect(byCode('client.update')[0]![col('详情')]).toBe('修改字段：电话、地址');
    expect(byCode('unlock.failed').map((r) => r[col('员工')])).toEqual(['李会计（尝试）', '非员工名']);
    expect(byCode('unlock')[0]![col('详情')]).toContain('方式：密码');
    for (const row of rows.slice(1)) expect(row[col('详情')]).not.toMatch(/^\{|"\w+":/);
  });

  it('puts the reason in the access report, as data and in the PDF', async () => {
    const report = s.reports.accessReport(clientId);
    const exported = report.entries.find((e) => e.action === 'doc.export')!;
    expect(exported.reason).toBe('年度审计');
    expect(exported.details).toBe('导出原因：年度审计；文件：2024年度报表.txt');
    expect(report.entries.filter((e) => e.action !== 'doc.export').every((e) => e.reason === null)).toBe(true);

    const target = join(root, 'report.pdf');
    await s.reports.saveAccessReport(clientId, {}, async () => target);
    const text = execFileSync('pdftotext', ['-layout', target, '-'], { encoding: 'utf8' });
    expect(text).toContain('导出原因：年度审计');
    expect(text).toContain('修改字段：电话、地址');
  });
});
