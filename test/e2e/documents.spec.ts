import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, test } from './fixtures';
import { buttonName, createVaultAndEnter, lock, OWNER } from './flows';
import {
  closeImportResult,
  confirmImportFields,
  importFileRow,
  darkPixels,
  dialog,
  documentRow,
  dropFiles,
  fillCategory,
  OBJECT_URL_TRACKER,
  objectUrls,
  openClient,
  seedClients,
  writeSampleFiles,
} from './document-flows';

const CLIENT = { name: '福州榕城启航财税咨询有限公司', phone: '13905911234', bankAccount: '6217001830012345678' };

test('walkthrough: add a client, import by dialog and by drop, preview a Chinese PDF, search, export, trash and restore', async ({
  page,
  vault,
  ipcLog,
  saveScreen,
}) => {
  test.setTimeout(180_000);
  const files = await writeSampleFiles();
  await page.addInitScript({ content: OBJECT_URL_TRACKER });
  await createVaultAndEnter(page);

  // A realistic list around the new client.
  seedClients(vault, files.plan, 14);
  await page.reload();
  const creditCode = files.plan.clients[14]?.creditCode ?? '';

  // Add a client through the form.
  await page.getByRole('button', { name: '新建客户' }).click();
  const drawer = page.getByTestId('client-form');
  await drawer.getByLabel('客户名称').fill(CLIENT.name);
  await drawer.getByLabel('统一社会信用代码').fill(creditCode);
  await drawer.getByLabel('联系人').fill('郑晓梅');
  await drawer.getByLabel('联系电话').fill(CLIENT.phone);
  await drawer.getByLabel('银行账号').fill(CLIENT.bankAccount);
  await drawer.getByRole('button', { name: buttonName('保存') }).click();
  await expect(page.getByText(`已创建客户：${CLIENT.name}`)).toBeVisible();
  await expect(page.getByTestId('client-count')).toHaveText('共 15 家');
  await expect(page.getByText(`已创建客户：${CLIENT.name}`)).toBeHidden();
  await saveScreen('documents-client-list');

  const detail = await openClient(page, CLIENT.name);

  // 导入文件 through the dialog stand-in: three real files, one a PDF with a Chinese name.
  vault.dialogs.answerFiles([files.pdf.path, files.csv.path, files.png.path]);
  await detail.getByRole('button', { name: buttonName('导入文件') }).click();
  // Picked first: each file's category is proposed from its name (the scan's own, not the batch's).
  await expect(importFileRow(page, files.png.name).getByTestId('file-category')).toContainText(files.png.category);
  await confirmImportFields(page, { category: '银行对账单', period: files.period });
  const result = dialog(page, 'import-result');
  await expect(result.getByTestId('import-result-imported')).toContainText('已导入 3 个文件');
  await closeImportResult(page);
  await expect(page.getByTestId('document-row')).toHaveCount(3);
  await expect(documentRow(page, files.png.name)).toContainText(files.png.category);

  // One more by drag and drop: bytes read in the page, one docImportBytes call.
  await dropFiles(page, [{ name: files.taxPdf.name, bytes: files.taxPdf.bytes, mime: 'application/pdf' }]);
  await confirmImportFields(page, { category: files.taxPdf.category, period: files.taxPdf.period });
  await expect(result.getByTestId('import-result-imported')).toContainText('已导入 1 个文件');
  await closeImportResult(page);
  await expect(page.getByTestId('document-row')).toHaveCount(4);
  await expect(documentRow(page, files.taxPdf.name)).toContainText('纳税申报表');

  // 编辑: the scan goes under another category, with a tag.
  await documentRow(page, files.png.name).getByRole('button', { name: buttonName('编辑') }).click();
  const edit = dialog(page, 'document-edit-modal');
  await fillCategory(edit, '其他');
  await edit.getByTestId('fields-tags').locator('input').fill('原件已归档');
  await edit.getByTestId('fields-tags').locator('input').press('Enter');
  await edit.getByText('编辑资料').click(); // closes the tag list
  await edit.getByRole('button', { name: buttonName('保存') }).click();
  await expect(edit).toBeHidden();
  await expect(documentRow(page, files.png.name)).toContainText('其他');
  await expect(documentRow(page, files.png.name)).toContainText('原件已归档');
  await expect(page.getByText('已保存')).toBeHidden();
  await saveScreen('documents-client-detail');

  // 显示: the masked phone comes back in full from main (an audited reveal); 隐藏 masks it again.
  const phone = detail.getByTestId('client-phone');
  await expect(phone).toHaveText('139****1234');
  await phone.locator('..').getByRole('button', { name: buttonName('显示') }).click();
  await expect(phone).toHaveText(CLIENT.phone);
  expect(vault.manager.session().vault.repos.audit.find({ action: 'client.reveal' }).total).toBe(1);
  await phone.locator('..').getByRole('button', { name: buttonName('隐藏') }).click();
  await expect(phone).toHaveText('139****1234');

  // Preview the Chinese PDF: drawn on a canvas, with Chinese glyphs in the title, under the watermark.
  await documentRow(page, files.pdf.name).getByRole('button', { name: buttonName('预览') }).click();
  const preview = dialog(page, 'preview-modal');
  await expect(preview.getByTestId('preview-title')).toHaveText(files.pdf.name);
  await expect(preview.getByTestId('pdf-preview')).toHaveAttribute('data-phase', 'ready', { timeout: 30_000 });
  const whole = await darkPixels(page);
  expect(whole.dark).toBeGreaterThan(2000);
  // The 20 pt title 银行对账单 at (60, 780) in PDF space: about 62–90 pt from the top.
  const title = await darkPixels(page, { x: 55, y: 58, width: 130, height: 30 });
  expect(title.dark).toBeGreaterThan(300);
  const watermark = preview.getByTestId('preview-watermark');
  await expect(watermark).toHaveAttribute('data-text', new RegExp(`^${OWNER.name} \\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}$`));
  const marksInView = await watermark.evaluate((el) => {
    const box = (el as unknown as { getBoundingClientRect(): { left: number; right: number; top: number; bottom: number } }).getBoundingClientRect();
    const spans = (el as unknown as { querySelectorAll(s: string): ArrayLike<{ textContent: string; getBoundingClientRect(): { left: number; right: number; top: number; bottom: number } }> }).querySelectorAll('span');
    return Array.from(spans).filter((s) => {
      const r = s.getBoundingClientRect();
      const cx = (r.left + r.right) / 2;
      const cy = (r.top + r.bottom) / 2;
      return cx > box.left && cx < box.right && cy > box.top && cy < box.bottom && s.textContent.includes('王会计');
    }).length;
  });
  expect(marksInView).toBeGreaterThanOrEqual(4);
  await saveScreen('documents-pdf-preview');
  await preview.getByRole('button', { name: buttonName('关闭') }).click();
  await expect(preview).toBeHidden();

  // The image preview goes through a blob: URL, revoked on close.
  await documentRow(page, files.png.name).getByTestId('document-open').click();
  await expect(preview.getByTestId('image-preview').locator('img')).toHaveJSProperty('complete', true);
  expect((await objectUrls(page)).live.length).toBe(1);
  await preview.getByRole('button', { name: buttonName('关闭') }).click();
  await expect(preview).toBeHidden();
  expect((await objectUrls(page)).live).toEqual([]);

  // 全局搜索 by a Chinese fragment: grouped results; choosing a document opens its preview.
  const search = page.getByTestId('global-search').locator('input');
  await search.pressSequentially('对账单', { delay: 30 });
  const hit = page.getByTestId('search-document').filter({ hasText: files.pdf.name });
  await expect(hit).toBeVisible();
  await expect(page.locator('.search-group').filter({ hasText: '资料' })).toBeVisible();
  await saveScreen('documents-search');
  await hit.click();
  await expect(preview.getByTestId('preview-title')).toHaveText(files.pdf.name);
  await expect(preview.getByTestId('pdf-preview')).toHaveAttribute('data-phase', 'ready', { timeout: 30_000 });
  await preview.getByRole('button', { name: buttonName('关闭') }).click();

  // 导出 (an internal client: no reason asked): the saved file is the original, byte for byte.
  const target = join(files.dir, 'exported.pdf');
  vault.dialogs.answerSave(target);
  await documentRow(page, files.pdf.name).getByRole('button', { name: buttonName('导出') }).click();
  await expect(page.getByText(`已导出到：${target}`)).toBeVisible();
  expect((await readFile(target)).equals(files.pdf.bytes)).toBe(true);
  expect(vault.dialogs.opened).toContain(`save:${files.pdf.name}`);

  // 移到回收站, then 恢复 from the 回收站 tab.
  await documentRow(page, files.pdf.name).getByRole('button', { name: buttonName('移到回收站') }).click();
  await expect(documentRow(page, files.pdf.name)).toHaveCount(0);
  await page.getByTestId('trash-tab').click();
  const trashRow = page.getByTestId('trash-row').filter({ hasText: files.pdf.name });
  await expect(trashRow).toBeVisible();
  await trashRow.getByRole('button', { name: buttonName('恢复') }).click();
  await expect(page.getByTestId('trash-row')).toHaveCount(0);
  await page.getByRole('tab', { name: /资料/ }).click();
  await expect(documentRow(page, files.pdf.name)).toBeVisible();

  // The same workspace in English: every label comes from the catalogue.
  await page.getByTestId('language-switch').getByText('English').click();
  await expect(page.getByRole('tab', { name: 'Documents (4)' })).toBeVisible();
  await expect(documentRow(page, files.pdf.name).getByRole('button', { name: 'Preview' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Import folder' })).toBeVisible();
  await saveScreen('documents-client-detail-en');
  await page.getByTestId('language-switch').getByText('中文').click();

  // Only docPreview answers carried document bytes, one per preview opened (PDF, image, PDF again).
  const withBytes = ipcLog.filter((r) => r.responseArrays > 0);
  expect(withBytes.map((r) => r.channel)).toEqual(['docPreview', 'docPreview', 'docPreview']);
  expect(ipcLog.filter((r) => r.channel === 'docPreview')).toHaveLength(3);

  // Locking clears the workspace: no document name stays on screen.
  await lock(page);
  await expect(page.locator('body')).not.toContainText(files.pdf.name);
  await expect(page.locator('body')).not.toContainText(CLIENT.name);
});
