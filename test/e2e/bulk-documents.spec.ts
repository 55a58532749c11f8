/** 批量: select several documents, export them as one archive with one reason, change their period, trash and restore them. */
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { clientInputSchema, documentFieldsSchema } from '../../src/shared/contract';
import type { Label } from '../../src/shared/domain';
import { dialog, documentRow, openClient } from './document-flows';
import { expect, test } from './fixtures';
import { buttonName, chooseOption, createVaultAndEnter } from './flows';
import type { TestVault } from './harness/test-vault';

const CLIENT = '泉州刺桐机密会计服务有限公司';

/** A client with documents made straight in the vault, then its workspace opened in the UI. */
async function workspace(page: Page, vault: TestVault, label: Label, docs: { name: string; bytes: Buffer }[]): Promise<Map<string, string>> {
  await createVaultAndEnter(page);
  const session = vault.manager.session();
  const client = session.clients.create(clientInputSchema.parse({ name: CLIENT, label }));
  const ids = new Map<string, string>();
  for (const doc of docs) {
    const outcome = await session.documents.importBytes(client.id, doc.name, doc.bytes, documentFieldsSchema.parse({ category: '凭证', periodYear: 2025, periodMonth: 1 }));
    if (outcome.status !== 'imported') throw new Error(`could not import ${doc.name}`);
    ids.set(doc.name, outcome.documentId);
  }
  await page.reload();
  await openClient(page, CLIENT);
  return ids;
}

const checkbox = (page: Page, name: string) => documentRow(page, name).getByRole('checkbox', { name: `选择“${name}”` });

const READ_ZIP = `
import json, sys, zipfile, base64
with zipfile.ZipFile(sys.argv[1]) as z:
    assert z.testzip() is None
    print(json.dumps({i.filename: base64.b64encode(z.read(i)).decode() for i in z.infolist()}))
`;

test('select three documents of a 机密 client, export them as one archive with one reason; the audit has the reason per document', async ({ page, vault, saveScreen }) => {
  const docs = [
    { name: '2025年01月 银行对账单.pdf', bytes: Buffer.from('%PDF-1.4 对账单 ' + 'x'.repeat(5000)) },
    { name: '工资表.csv', bytes: Buffer.from('姓名,金额\n张三,8000\n', 'utf8') },
    { name: '社保缴费.txt', bytes: Buffer.from('社保 2025-01', 'utf8') },
    { name: '未选中的合同.txt', bytes: Buffer.from('not selected', 'utf8') },
  ];
  const ids = await workspace(page, vault, 'confidential', docs);
  const chosen = docs.slice(0, 3);

  // Sorted by name: click the first, shift-click the last of the three for the range.
  await page.getByTestId('document-table').getByRole('columnheader', { name: '名称' }).click();
  await checkbox(page, '2025年01月 银行对账单.pdf').check();
  await checkbox(page, '社保缴费.txt').click({ modifiers: ['Shift'] });
  const bar = page.getByTestId('bulk-bar-active');
  await expect(bar.getByTestId('bulk-count')).toHaveText('已选 3 个文件');
  await expect(checkbox(page, '工资表.csv')).toBeChecked();
  await expect(checkbox(page, '未选中的合同.txt')).not.toBeChecked();
  await saveScreen('bulk-selection');

  const out = await mkdtemp(join(tmpdir(), 'zhangdun-bulk-'));
  const target = join(out, '年度审计资料.zip');
  vault.dialogs.answerSave(target);
  await bar.getByRole('button', { name: buttonName('打包导出') }).click();
  const reasonModal = dialog(page, 'export-reason-modal');
  await expect(reasonModal).toContainText('所选的 3 个文件属于机密客户');
  // No dialog before the reason.
  expect(vault.dialogs.opened).toEqual([]);
  await reasonModal.getByLabel('导出原因').fill('年度审计');
  await reasonModal.getByRole('button', { name: buttonName('继续导出') }).click();
  await expect(page.getByText(`已将 3 个文件打包导出到：${target}`)).toBeVisible();
  expect(vault.dialogs.opened).toEqual([expect.stringMatching(/^save:泉州刺桐机密会计服务有限公司 资料 \d{4}-\d{2}-\d{2}\.zip$/)]);
  await expect(bar).toHaveCount(0);

  // The archive holds the three originals, byte for byte, and nothing else is left in the folder.
  expect(await readdir(out)).toEqual(['年度审计资料.zip']);
  const zip = JSON.parse(execFileSync('python3', ['-c', READ_ZIP, target], { encoding: 'utf8' })) as Record<string, string>;
  expect(Object.keys(zip).sort()).toEqual(chosen.map((d) => d.name).sort());
  for (const d of chosen) expect(Buffer.from(zip[d.name]!, 'base64').equals(d.bytes), d.name).toBe(true);

  // The audit log: one 导出资料 event per document, each with the one reason and the same batch.
  await page.getByTestId('nav-audit').click();
  const audit = page.getByTestId('audit-page');
  // The action list is long (and drawn virtually): search it.
  await audit.getByTestId('audit-filter-action').click();
  await page.keyboard.type('导出资料');
  await page.locator('.ant-select-dropdown:visible').getByTitle('导出资料', { exact: true }).click();
  await expect(audit.getByTestId('audit-row')).toHaveCount(3);
  for (const d of chosen) await expect(audit.getByTestId('audit-row').filter({ hasText: d.name })).toHaveCount(1);
  const csv = join(out, 'audit.csv');
  vault.dialogs.answerSave(csv);
  await audit.getByTestId('audit-export').click();
  await expect.poll(async () => (await readdir(out)).includes('audit.csv')).toBe(true);
  const lines = (await readFile(csv, 'utf8')).split(/\r?\n/);
  for (const d of chosen) expect(lines.find((l) => l.includes(d.name)), d.name).toContain('年度审计');
  const events = vault.manager.session().audit.listAll({ action: 'doc.export' });
  expect(events.map((e) => e.documentId).sort()).toEqual(chosen.map((d) => ids.get(d.name)).sort());
  expect(new Set(events.map((e) => `${e.detail.reason}/${e.detail.batch}`)).size).toBe(1);
  expect(events[0]!.detail.reason).toBe('年度审计');
  await saveScreen('bulk-export-audit');
});

test('change the period of every document on the page at once; one changed meanwhile is reported, not overwritten', async ({ page, vault, saveScreen }) => {
  const docs = ['一月凭证.pdf', '二月凭证.pdf', '三月凭证.pdf'].map((name) => ({ name, bytes: Buffer.from(name) }));
  const ids = await workspace(page, vault, 'internal', docs);

  await page.getByTestId('document-table').locator('thead').getByRole('checkbox').check();
  const bar = page.getByTestId('bulk-bar-active');
  await expect(bar.getByTestId('bulk-count')).toHaveText('已选 3 个文件');
  await bar.getByRole('button', { name: buttonName('批量修改') }).click();
  const modal = dialog(page, 'bulk-edit-modal');
  await expect(modal).toContainText('批量修改 3 个文件');

  // Meanwhile the third document is renamed elsewhere (after the page listed it).
  vault.manager.session().documents.rename(ids.get('三月凭证.pdf')!, '三月凭证-已改.pdf');

  await modal.getByTestId('bulk-set-period').check();
  await chooseOption(page, modal.getByTestId('bulk-year'), '2024 年');
  await chooseOption(page, modal.getByTestId('bulk-month'), '6 月');
  await modal.getByRole('button', { name: buttonName('修改') }).click();
  await expect(modal).toBeHidden();

  await expect(page.getByText('已修改 2 个文件')).toBeVisible();
  const report = dialog(page, 'bulk-report');
  await expect(report).toContainText('有 1 个文件没有处理');
  await expect(report.getByTestId('bulk-report-row')).toHaveCount(1);
  await expect(report.getByTestId('bulk-report-row')).toContainText('三月凭证-已改.pdf');
  await expect(report.getByTestId('bulk-report-row')).toContainText('此文件在您查看之后已被修改');
  await saveScreen('bulk-report');
  await report.getByRole('button', { name: buttonName('知道了') }).click();

  await expect(documentRow(page, '一月凭证.pdf')).toContainText('2024年06月');
  await expect(documentRow(page, '二月凭证.pdf')).toContainText('2024年06月');
  await expect(documentRow(page, '三月凭证-已改.pdf')).toContainText('2025年01月');
  // The one not done stays selected, to look at and retry.
  await expect(bar.getByTestId('bulk-count')).toHaveText('已选 1 个文件');
  const updates = vault.manager.session().audit.listAll({ action: 'doc.update' }).filter((e) => e.detail.batch);
  expect(updates.map((e) => e.documentId).sort()).toEqual([ids.get('一月凭证.pdf'), ids.get('二月凭证.pdf')].sort());
});

test('trash several documents at once and restore them from the trash together', async ({ page, vault }) => {
  const docs = ['甲.txt', '乙.txt', '丙.txt'].map((name) => ({ name, bytes: Buffer.from(name) }));
  await workspace(page, vault, 'internal', docs);

  await checkbox(page, '甲.txt').check();
  await checkbox(page, '丙.txt').check();
  const bar = page.getByTestId('bulk-bar-active');
  await bar.getByRole('button', { name: buttonName('移到回收站') }).click();
  await expect(page.getByText('已将 2 个文件移到回收站')).toBeVisible();
  await expect(page.getByTestId('document-row')).toHaveCount(1);
  await expect(documentRow(page, '乙.txt')).toBeVisible();
  await expect(bar).toHaveCount(0);

  await page.getByTestId('trash-tab').click();
  const trash = page.getByTestId('trash-table');
  await expect(trash.getByTestId('trash-row')).toHaveCount(2);
  await trash.locator('thead').getByRole('checkbox').check();
  const trashBar = page.getByTestId('bulk-bar-trash');
  await expect(trashBar.getByTestId('bulk-count')).toHaveText('已选 2 个文件');
  await trashBar.getByRole('button', { name: buttonName('恢复') }).click();
  await expect(page.getByText('已恢复 2 个文件')).toBeVisible();
  await expect(trash.getByTestId('trash-row')).toHaveCount(0);
  await page.getByRole('tab', { name: /资料/ }).click();
  await expect(page.getByTestId('document-row')).toHaveCount(3);

  const session = vault.manager.session();
  expect(session.audit.listAll({ action: 'doc.trash' })).toHaveLength(2);
  expect(session.audit.listAll({ action: 'doc.restore' })).toHaveLength(2);
});
