import { existsSync, readdirSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { clientInputSchema, documentFieldsSchema, MAX_DROPPED_BYTES } from '../../src/shared/contract';
import { DROP_IMPORT_MAX_BYTES, type Label } from '../../src/shared/domain';
import { expect, test } from './fixtures';
import { buttonName, chooseOption, createVaultAndEnter } from './flows';
import { buildDocx } from '../helpers/docx-writer';
import { toUnicodePdf } from '../helpers/pdf-builder';
import type { TestVault } from './harness/test-vault';
import { backdate } from '../helpers/retention';
import type { Page } from '@playwright/test';
import {
  closeImportResult,
  confirmImportFields,
  dialog,
  documentRow,
  dropFiles,
  importFileRow,
  OBJECT_URL_TRACKER,
  objectUrls,
  openClient,
  writeSampleFiles,
} from './document-flows';

/** A client with documents made straight in the vault, then its workspace opened in the UI. */
async function workspace(page: Page, vault: TestVault, label: Label, docs: { name: string; bytes: Buffer | string }[]): Promise<{ clientId: string; ids: Map<string, string> }> {
  await createVaultAndEnter(page);
  const session = vault.manager.session();
  const client = session.clients.create(clientInputSchema.parse({ name: '泉州刺桐会计服务有限公司', label, phone: '13600001111' }));
  const ids = new Map<string, string>();
  for (const doc of docs) {
    const outcome = await session.documents.importBytes(client.id, doc.name, Buffer.from(doc.bytes), documentFieldsSchema.parse({ category: '凭证' }));
    if (outcome.status !== 'imported') throw new Error(`could not import ${doc.name}`);
    ids.set(doc.name, outcome.documentId);
  }
  await page.reload();
  await openClient(page, client.name);
  return { clientId: client.id, ids };
}

/** The audit events of one action as the owner's session reads them (details about a client are sealed under its key in vault.db). */
function auditEvents(vault: TestVault, action: string) {
  return vault.manager.session().audit.listAll({ action });
}

test('the renderer receives document bytes only in answers to docPreview, and only when a preview is opened', async ({ page, vault, ipcLog }) => {
  const files = await writeSampleFiles();
  await workspace(page, vault, 'internal', [
    { name: files.pdf.name, bytes: files.pdf.bytes },
    { name: '2025年 工资表.pptx', bytes: 'PK\u0003\u0004 not really a presentation' },
  ]);
  const preview = dialog(page, 'preview-modal');

  // Everything but previewing: list, search, edit, trash, restore, an export cancelled in the dialog.
  await page.getByTestId('global-search').locator('input').pressSequentially('工资', { delay: 30 });
  await expect(page.getByTestId('search-document')).toHaveCount(1);
  await page.getByTestId('global-search').locator('input').fill('');
  await documentRow(page, '工资表').getByRole('button', { name: buttonName('导出') }).click();
  await expect.poll(() => vault.dialogs.opened.length).toBe(1);
  await documentRow(page, '工资表').getByRole('button', { name: buttonName('移到回收站') }).click();
  await page.getByTestId('trash-tab').click();
  await page.getByTestId('trash-row').getByRole('button', { name: buttonName('恢复') }).click();
  await page.getByRole('tab', { name: /资料/ }).click();

  // A type the app does not draw is described from the list's metadata: its bytes are not asked for.
  await documentRow(page, '工资表').getByRole('button', { name: buttonName('预览') }).click();
  await expect(preview.getByTestId('other-preview')).toContainText('PowerPoint 演示文稿不能在账盾内预览');
  await expect(preview.getByTestId('other-preview-type')).toHaveText('PowerPoint 演示文稿');
  await preview.getByRole('button', { name: buttonName('关闭') }).click();
  expect(ipcLog.filter((r) => r.responseArrays > 0)).toEqual([]);

  await documentRow(page, files.pdf.name).getByRole('button', { name: buttonName('预览') }).click();
  await expect(preview.getByTestId('pdf-preview')).toHaveAttribute('data-phase', 'ready', { timeout: 30_000 });
  const carrying = ipcLog.filter((r) => r.responseArrays > 0);
  expect(carrying).toEqual([{ channel: 'docPreview', ok: true, requestBytes: 0, responseArrays: 1, responseBytes: files.pdf.bytes.length }]);
  expect(ipcLog.filter((r) => r.channel === 'docPreview')).toHaveLength(1);
  // And the page sent no bytes either, outside the drop import (none here).
  expect(ipcLog.filter((r) => r.requestBytes > 0)).toEqual([]);
});

test('leaving a preview revokes its object URL and destroys the PDF; nothing is left behind', async ({ page, vault }) => {
  const files = await writeSampleFiles();
  await page.addInitScript({ content: OBJECT_URL_TRACKER });
  await workspace(page, vault, 'internal', [
    { name: files.png.name, bytes: files.png.bytes },
    { name: files.pdf.name, bytes: files.pdf.bytes },
  ]);
  const preview = dialog(page, 'preview-modal');

  await documentRow(page, files.png.name).getByTestId('document-open').click();
  const img = preview.getByTestId('image-preview').locator('img');
  await expect(img).toHaveJSProperty('complete', true);
  expect(await img.evaluate((el) => (el as unknown as { naturalWidth: number }).naturalWidth)).toBeGreaterThan(0);
  expect(await img.getAttribute('src')).toMatch(/^blob:/);
  expect((await objectUrls(page)).live).toHaveLength(1);
  // Escape closes the viewer like 关闭 does.
  await page.keyboard.press('Escape');
  await expect(preview).toBeHidden();
  expect((await objectUrls(page)).live).toEqual([]);

  // PDF, then straight back to the client list.
  await documentRow(page, files.pdf.name).getByTestId('document-open').click();
  await expect(preview.getByTestId('pdf-preview')).toHaveAttribute('data-phase', 'ready', { timeout: 30_000 });
  await preview.getByRole('button', { name: buttonName('关闭') }).click();
  await page.getByRole('button', { name: '返回客户列表' }).click();
  await expect(page.getByTestId('client-list-page')).toBeVisible();
  const urls = await objectUrls(page);
  expect(urls.live).toEqual([]);
  expect(urls.created).toBeGreaterThanOrEqual(1);
  // No canvas with pixels stays in the page.
  expect(await page.locator('canvas').count()).toBe(0);
});

test('a corrupt PDF (and a corrupt image) shows 无法显示此文件 with an export action, not a blank pane', async ({ page, vault }) => {
  await workspace(page, vault, 'internal', [
    { name: '损坏的报表.pdf', bytes: '%PDF-1.7\n1 0 obj << /Type /Catalog >> garbage\n%%EOF' },
    { name: '损坏的扫描件.png', bytes: Buffer.from('89504e470d0a1a0a0000000d49484452deadbeef', 'hex') },
  ]);
  const preview = dialog(page, 'preview-modal');
  await documentRow(page, '损坏的报表.pdf').getByTestId('document-open').click();
  const cannot = preview.getByTestId('preview-cannot-display');
  await expect(cannot).toContainText('无法显示此文件');
  await expect(cannot.getByRole('button', { name: buttonName('导出') })).toBeVisible();
  await expect(preview.getByTestId('preview-watermark')).toBeAttached();
  await preview.getByRole('button', { name: buttonName('关闭') }).click();

  await documentRow(page, '损坏的扫描件.png').getByTestId('document-open').click();
  await expect(preview.getByTestId('preview-cannot-display')).toContainText('无法显示此文件');
});

test('text previews: CSV as a table (quotes, BOM, CRLF), GBK text decoded', async ({ page, vault, saveScreen }) => {
  const csv = '\ufeff日期,摘要,收入,支出\r\n2025-10-01,"房租,十月",,"12,000.00"\r\n2025-10-03,"客户""甲""回款",8800.00,\r\n';
  await workspace(page, vault, 'internal', [
    { name: '2025年10月 银行流水.csv', bytes: Buffer.from(csv, 'utf8') },
    // GBK, as older tax software writes it: 纳税人识别号 and a line break.
    { name: '申报说明.txt', bytes: Buffer.from('c4c9cbb0c8cbcab6b1f0bac50a', 'hex') },
  ]);
  const preview = dialog(page, 'preview-modal');
  await documentRow(page, '银行流水.csv').getByTestId('document-open').click();
  const table = preview.getByTestId('csv-preview').locator('table');
  await expect(table.locator('thead th')).toHaveText(['#', '日期', '摘要', '收入', '支出']);
  await expect(table.locator('tbody tr')).toHaveCount(2);
  await expect(table.locator('tbody tr').first().locator('td')).toHaveText(['1', '2025-10-01', '房租,十月', '', '12,000.00']);
  await expect(table.locator('tbody tr').nth(1).locator('td').nth(2)).toHaveText('客户"甲"回款');
  await saveScreen('documents-csv-preview');
  await preview.getByRole('button', { name: buttonName('关闭') }).click();

  await documentRow(page, '申报说明.txt').getByTestId('document-open').click();
  await expect(preview.getByTestId('text-preview')).toHaveText('纳税人识别号');
});

/** A file that even root cannot open for reading: a write-only sysfs attribute (EACCES from the kernel). */
function unreadableForRoot(): string | null {
  const candidates = ['/sys/class/zram-control/hot_remove', '/sys/bus/pci/rescan'];
  try {
    for (const dev of readdirSync('/sys/bus/pci/devices')) candidates.push(`/sys/bus/pci/devices/${dev}/rescan`);
  } catch {
    // no PCI bus in view
  }
  return candidates.find((path) => existsSync(path)) ?? null;
}

test('an import batch reports each bad file (0 bytes, vanished, no permission, duplicate) and imports the rest', async ({ page, vault, saveScreen }) => {
  const files = await writeSampleFiles();
  await workspace(page, vault, 'internal', [{ name: 'already.pdf', bytes: files.pdf.bytes }]);
  const dir = await mkdtemp(join(tmpdir(), 'zhangdun-e2e-batch-'));
  const empty = join(dir, '空白说明.txt');
  const vanished = join(dir, '已被移走的发票.pdf');
  await writeFile(empty, '');
  await writeFile(vanished, 'gone before the import');
  // Tests run as root, and chmod 000 does not stop root; the kernel refuses reads of write-only sysfs files to everyone.
  // Picked as it is (to stat, a regular file): an import does not follow a symbolic link to it.
  const denied = unreadableForRoot();

  vault.dialogs.answerFiles([files.csv.path, empty, vanished, ...(denied ? [denied] : []), files.pdf.path, files.png.path]);
  await page.getByRole('button', { name: buttonName('导入文件') }).click();
  // Picked, then moved away by the person while the import dialog is open.
  await expect(importFileRow(page, '已被移走的发票.pdf')).toBeVisible();
  await rm(vanished);
  await confirmImportFields(page);

  const result = dialog(page, 'import-result');
  // The CSV, the empty note and the PNG; the PDF is already stored.
  await expect(result.getByTestId('import-result-imported')).toContainText('已导入 3 个文件');
  const duplicates = result.getByTestId('import-result-duplicates');
  await expect(duplicates).toContainText('1 个文件已存在，未重复保存');
  await expect(duplicates).toContainText(files.pdf.name);
  const failures = result.getByTestId('import-failure');
  await expect(failures.filter({ hasText: '已被移走的发票.pdf' })).toContainText('文件不存在，可能已被移动或删除');
  if (denied) await expect(failures.filter({ hasText: basename(denied) })).toContainText('没有读取此文件的权限');
  await expect(failures).toHaveCount(denied ? 2 : 1);
  await saveScreen('documents-import-result');

  // The link opens the stored copy.
  await duplicates.getByRole('button', { name: '查看已有资料' }).click();
  const preview = dialog(page, 'preview-modal');
  await expect(preview.getByTestId('preview-title')).toHaveText('already.pdf');
  await preview.getByRole('button', { name: buttonName('关闭') }).click();
  await closeImportResult(page);
  await expect(page.getByTestId('document-row')).toHaveCount(4);
  await expect(documentRow(page, '空白说明.txt')).toContainText('0 B');
});

test('导入文件夹: a file’s proposed category first, else its sub-folder’s name; top-level files the form’s category', async ({ page, vault }) => {
  const files = await writeSampleFiles();
  await workspace(page, vault, 'internal', []);
  const root = await mkdtemp(join(tmpdir(), 'zhangdun-e2e-folder-'));
  await mkdir(join(root, '银行对账单'));
  await mkdir(join(root, '营业执照'));
  await writeFile(join(root, '银行对账单', files.pdf.name), files.pdf.bytes);
  // A scan's name says nothing, and images are not read for proposals: its sub-folder files it.
  await writeFile(join(root, '营业执照', 'IMG_0001.png'), files.png.bytes);
  // Its name says 银行流水: proposed as 银行对账单 though it sits at the top.
  await writeFile(join(root, files.csv.name), files.csv.bytes);
  await writeFile(join(root, '说明.txt'), '本文件夹为客户提供的资料。');
  vault.dialogs.answerFolder(root);
  await page.getByRole('button', { name: buttonName('导入文件夹') }).click();
  // The picked folder's files, each shown with its sub-folder.
  await expect(importFileRow(page, `银行对账单/${files.pdf.name}`)).toBeVisible();
  await expect(importFileRow(page, '营业执照/IMG_0001.png').getByTestId('file-period')).toHaveText('未识别');
  await expect(importFileRow(page, files.csv.name).getByTestId('file-category')).toContainText('银行对账单');
  await confirmImportFields(page, { category: '其他' });
  await expect(dialog(page, 'import-result').getByTestId('import-result-imported')).toContainText('已导入 4 个文件');
  await closeImportResult(page);
  await expect(documentRow(page, files.pdf.name)).toContainText('银行对账单');
  await expect(documentRow(page, 'IMG_0001.png')).toContainText('营业执照');
  await expect(documentRow(page, files.csv.name)).toContainText('银行对账单');
  await expect(documentRow(page, '说明.txt')).toContainText('其他');
  // The category chips filter the table.
  await page.getByTestId('category-filter').getByText('营业执照').click();
  await expect(page.getByTestId('document-row')).toHaveCount(1);
  await expect(page.getByTestId('document-row')).toContainText('IMG_0001.png');
  expect(vault.dialogs.opened).toEqual(['folder']);
});

test('导入文件: picked first, then each file’s 所属期 proposed (or 未识别), one changed by hand, and the documents carry them', async ({ page, vault, ipcLog }) => {
  const { clientId } = await workspace(page, vault, 'internal', []);
  const dir = await mkdtemp(join(tmpdir(), 'zhangdun-e2e-pick-'));
  const statement = join(dir, '银行对账单-2024-03.pdf');
  const contract = join(dir, '合同.docx');
  await writeFile(statement, toUnicodePdf(['中国工商银行 对账单', '户名：福州闽江商贸有限公司']));
  await writeFile(contract, buildDocx({ paragraphs: ['代理记账服务约定', '甲方：福州闽江商贸有限公司'] }));
  vault.dialogs.answerFiles([statement, contract]);
  await page.getByRole('button', { name: buttonName('导入文件') }).click();
  // The dialog opened first; nothing is imported until the person has seen the proposals.
  expect(vault.dialogs.opened).toEqual(['files']);
  await expect(importFileRow(page, '银行对账单-2024-03.pdf').getByTestId('file-period')).toHaveText('2024年03月');
  await expect(importFileRow(page, '银行对账单-2024-03.pdf').getByTestId('file-period')).toHaveAttribute('data-source', 'name');
  // Nothing in its name or its words: 未识别, once main has read it where it lies (only it: the statement's name said all).
  await expect.poll(() => ipcLog.filter((r) => r.channel === 'docPickPropose' && r.ok).length, { timeout: 120_000 }).toBe(1);
  await expect(importFileRow(page, '合同.docx').getByTestId('file-period')).toHaveText('未识别');
  await expect(importFileRow(page, '合同.docx').getByTestId('file-category')).toContainText('合同');
  expect(ipcLog.filter((r) => r.channel.startsWith('docPick')).every((r) => r.responseArrays === 0)).toBe(true);
  expect(vault.manager.session().documents.list(clientId)).toHaveLength(0);
  // By hand: the contract belongs to 2023年06月.
  const row = importFileRow(page, '合同.docx');
  await chooseOption(page, row.getByTestId('file-period-year'), '2023 年');
  await chooseOption(page, row.getByTestId('file-period-month'), '6 月');
  await expect(row.getByTestId('file-period')).toHaveText('2023年06月');
  await confirmImportFields(page);
  await expect(dialog(page, 'import-result').getByTestId('import-result-imported')).toContainText('已导入 2 个文件');
  await closeImportResult(page);
  await expect(documentRow(page, '银行对账单-2024-03.pdf')).toContainText('2024年03月');
  await expect(documentRow(page, '银行对账单-2024-03.pdf')).toContainText('银行对账单');
  await expect(documentRow(page, '合同.docx')).toContainText('2023年06月');
  await expect(documentRow(page, '合同.docx')).toContainText('合同');
});

test('dropped files: one too large for a drop gets its own message, and 取消 stops the batch between files', async ({ page, vault, ipcHooks, saveScreen }) => {
  // The renderer checks the same limit the contract enforces.
  expect(DROP_IMPORT_MAX_BYTES).toBe(MAX_DROPPED_BYTES);
  await workspace(page, vault, 'internal', []);
  await dropFiles(page, [
    { name: '第一份.txt', bytes: Buffer.from('一') },
    { name: '扫描全本.pdf', size: MAX_DROPPED_BYTES + 1 },
    { name: '第二份.txt', bytes: Buffer.from('二') },
  ]);
  await confirmImportFields(page);
  const result = dialog(page, 'import-result');
  await expect(result.getByTestId('import-result-imported')).toContainText('已导入 2 个文件');
  await expect(result.getByTestId('import-failure')).toHaveCount(1);
  await expect(result.getByTestId('import-failure')).toContainText('扫描全本.pdf');
  await expect(result.getByTestId('import-failure')).toContainText('文件过大（64 MB），拖放导入最大 64 MB，请使用“导入文件”');
  await closeImportResult(page);

  // Hold the first file at the transport, cancel, then let it finish: the other two are not sent.
  let release: () => void = () => undefined;
  const held = new Promise<void>((resolve) => (release = resolve));
  let imports = 0;
  ipcHooks.beforeDispatch = async (channel) => {
    if (channel === 'docImportBytes' && imports++ === 0) await held;
  };
  await dropFiles(page, ['甲', '乙', '丙'].map((n) => ({ name: `${n}.txt`, bytes: Buffer.from(`${n}方凭证`) })));
  await confirmImportFields(page);
  const progress = page.getByTestId('import-progress');
  await expect(progress).toContainText('正在导入 0/3：甲.txt');
  await expect(progress.locator('.ant-progress')).toBeVisible();
  await saveScreen('documents-drop-progress');
  await progress.getByRole('button', { name: buttonName('取消') }).click();
  await expect(progress).toContainText('正在取消');
  release();
  await expect(result).toBeVisible();
  await expect(result.getByRole('heading').or(result.locator('.ant-modal-title'))).toContainText('导入已取消');
  await expect(result.getByTestId('import-result-imported')).toContainText('已导入 1 个文件');
  await expect(result.getByTestId('import-result-skipped')).toContainText('2 个文件未导入（已取消）');
  expect(imports).toBe(1);
});

test('exporting a secret client’s document asks for a reason first; the reason is recorded', async ({ page, vault, ipcLog, saveScreen }) => {
  const files = await writeSampleFiles();
  await workspace(page, vault, 'secret', [{ name: files.pdf.name, bytes: files.pdf.bytes }]);
  const reasonModal = dialog(page, 'export-reason-modal');
  const exports = () => ipcLog.filter((r) => r.channel === 'docExport');

  await documentRow(page, files.pdf.name).getByRole('button', { name: buttonName('导出') }).click();
  await expect(reasonModal).toContainText('属于绝密客户');
  await reasonModal.getByRole('button', { name: buttonName('继续导出') }).click();
  await expect(reasonModal).toContainText('请填写导出原因');
  await reasonModal.getByRole('button', { name: buttonName('取消') }).click();
  await expect(reasonModal).toBeHidden();
  expect(exports()).toEqual([]);

  // From the preview as well; with a reason, main opens the save dialog.
  await documentRow(page, files.pdf.name).getByTestId('document-open').click();
  const preview = dialog(page, 'preview-modal');
  await preview.getByRole('button', { name: buttonName('导出') }).click();
  await expect(reasonModal).toBeVisible();
  const target = join(files.dir, '导出-对账单.pdf');
  vault.dialogs.answerSave(target);
  await reasonModal.getByLabel('导出原因').fill('报送税务局稽查');
  await saveScreen('documents-export-reason');
  await reasonModal.getByRole('button', { name: buttonName('继续导出') }).click();
  await expect(page.getByText(`已导出到：${target}`)).toBeVisible();
  expect((await readFile(target)).equals(files.pdf.bytes)).toBe(true);
  const [event] = auditEvents(vault, 'doc.export');
  expect(event?.detail).toMatchObject({ reason: '报送税务局稽查' });
});

test('打印 records the audit event first, then prints only the preview and its watermark', async ({ page, vault, saveScreen }) => {
  const files = await writeSampleFiles();
  await page.addInitScript({ content: 'window.print = () => { globalThis.__printed = (globalThis.__printed || 0) + 1; };' });
  await workspace(page, vault, 'internal', [{ name: files.pdf.name, bytes: files.pdf.bytes }]);
  await documentRow(page, files.pdf.name).getByTestId('document-open').click();
  const preview = dialog(page, 'preview-modal');
  await expect(preview.getByTestId('pdf-preview')).toHaveAttribute('data-phase', 'ready', { timeout: 30_000 });
  expect(auditEvents(vault, 'doc.print')).toHaveLength(0);
  await preview.getByRole('button', { name: buttonName('打印') }).click();
  await expect.poll(() => page.evaluate(() => (globalThis as unknown as { __printed?: number }).__printed ?? 0)).toBe(1);
  expect(auditEvents(vault, 'doc.print')).toHaveLength(1);

  // In print media the dialog chrome is hidden (so no role queries): look the parts up by test id.
  await page.emulateMedia({ media: 'print' });
  await expect(page.locator('.app-header')).toBeHidden();
  await expect(page.getByTestId('preview-title')).toBeHidden();
  await expect(page.getByTestId('pdf-preview').locator('canvas').first()).toBeVisible();
  const watermark = page.getByTestId('preview-watermark');
  await expect(watermark).toBeVisible();
  expect(await watermark.evaluate((el) => (globalThis as unknown as { getComputedStyle(e: unknown): { position: string } }).getComputedStyle(el).position)).toBe(
    'fixed',
  );
  await saveScreen('documents-print-media');
  await page.emulateMedia({ media: 'screen' });
});

test('the workspace edits the client (masked fields filled by audited reveals) and archives it', async ({ page, vault }) => {
  await workspace(page, vault, 'internal', []);
  const detail = page.getByTestId('client-detail-page');
  await detail.getByRole('button', { name: buttonName('编辑') }).click();
  const drawer = page.getByTestId('client-form');
  await expect(drawer.getByText('编辑客户')).toBeVisible();
  await expect(drawer.getByLabel('联系电话')).toHaveValue('13600001111');
  await drawer.getByLabel('联系人').fill('黄会计');
  await drawer.getByRole('button', { name: buttonName('保存') }).click();
  await expect(page.getByText('已保存客户：泉州刺桐会计服务有限公司')).toBeVisible();
  await expect(detail).toContainText('黄会计');
  // The phone was sent back unchanged, not erased.
  await expect(detail.getByTestId('client-phone')).toHaveText('136****1111');
  expect(auditEvents(vault, 'client.reveal').length).toBeGreaterThanOrEqual(1);

  await detail.getByRole('button', { name: buttonName('归档') }).click();
  await page.getByRole('tooltip').getByRole('button', { name: buttonName('归档') }).click();
  await expect(detail.getByTestId('client-status')).toHaveText('已归档');
  await detail.getByRole('button', { name: buttonName('恢复服务') }).click();
  await page.getByRole('tooltip').getByRole('button', { name: buttonName('恢复服务') }).click();
  await expect(detail.getByTestId('client-status')).toHaveText('服务中');
});

test('永久删除 asks first, then removes the document from the vault', async ({ page, vault }) => {
  const { clientId, ids } = await workspace(page, vault, 'internal', [{ name: '作废的收据.txt', bytes: '作废' }]);
  // Filed under a 所属期 long past: its retention has ended, so the delete is allowed (retention.spec shows a refusal).
  backdate(vault.manager.session().documents, ids.get('作废的收据.txt')!);
  await documentRow(page, '作废的收据.txt').getByRole('button', { name: buttonName('移到回收站') }).click();
  await page.getByTestId('trash-tab').click();
  await page.getByTestId('trash-row').getByRole('button', { name: buttonName('永久删除') }).click();
  const confirm = page.locator('.ant-modal-confirm');
  await expect(confirm).toContainText('永久删除“作废的收据.txt”？');
  await confirm.getByRole('button', { name: buttonName('取消') }).click();
  await expect(page.getByTestId('trash-row')).toHaveCount(1);
  await page.getByTestId('trash-row').getByRole('button', { name: buttonName('永久删除') }).click();
  await confirm.getByRole('button', { name: buttonName('永久删除') }).click();
  await expect(page.getByTestId('trash-row')).toHaveCount(0);
  expect(vault.manager.session().documents.list(clientId, 'trashed')).toEqual([]);
  expect(auditEvents(vault, 'doc.delete')).toHaveLength(1);
});
