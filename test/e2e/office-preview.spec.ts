import type { Locator, Page } from '@playwright/test';
import { clientInputSchema } from '../../src/shared/contract';
import { XLSX_PREVIEW_LIMITS } from '../../src/main/core/preview/xlsx-model';
import { sampleDocx, sampleXlsx, sheetXml, xlsxWithSheets, type SheetCell } from '../helpers/office-samples';
import { closeImportResult, confirmImportFields, dialog, documentRow, dropFiles, openClient } from './document-flows';
import { expect, test } from './fixtures';
import { buttonName, createVaultAndEnter, OWNER } from './flows';
import type { TestVault } from './harness/test-vault';

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const CLIENT = '福州榕城启航财税咨询有限公司';

/** A fresh vault with one client, its workspace open, and `files` dropped in through the UI. */
async function dropIntoClient(page: Page, vault: TestVault, files: { name: string; bytes: Buffer; mime: string }[]): Promise<void> {
  await createVaultAndEnter(page);
  vault.manager.session().clients.create(clientInputSchema.parse({ name: CLIENT }));
  await page.reload();
  await openClient(page, CLIENT);
  await dropFiles(page, files);
  await confirmImportFields(page);
  await expect(dialog(page, 'import-result').getByTestId('import-result-imported')).toContainText(`已导入 ${files.length} 个文件`);
  await closeImportResult(page);
}

async function openPreview(page: Page, name: string): Promise<Locator> {
  await documentRow(page, name).getByRole('button', { name: buttonName('预览') }).click();
  const preview = dialog(page, 'preview-modal');
  await expect(preview.getByTestId('preview-title')).toHaveText(name);
  // The modal zooms in: boxes are measured once its animations (and its children's) have finished.
  // (An animation cancelled on the way, as a re-render may, counts as finished.)
  await page
    .locator('.ant-modal')
    .last()
    .evaluate((el) => Promise.all(el.getAnimations({ subtree: true }).map((a: { finished: Promise<unknown> }) => a.finished.catch(() => undefined))));
  return preview;
}

/** beforeprint/afterprint as the window fires them around window.print(). */
function firePrintEvent(type: string): void {
  const w = globalThis as unknown as { dispatchEvent(event: unknown): boolean; Event: new (type: string) => unknown };
  w.dispatchEvent(new w.Event(type));
}

/** The box of `inner` lies inside the box of `outer`. */
async function expectInside(inner: Locator, outer: Locator): Promise<void> {
  const a = await inner.boundingBox();
  const b = await outer.boundingBox();
  expect(a && b).toBeTruthy();
  if (!a || !b) return;
  expect(a.x).toBeGreaterThanOrEqual(b.x - 0.5);
  expect(a.y).toBeGreaterThanOrEqual(b.y - 0.5);
  expect(a.x + a.width).toBeLessThanOrEqual(b.x + b.width + 0.5);
  expect(a.y + a.height).toBeLessThanOrEqual(b.y + b.height + 0.5);
}

test('a Word letter and an Excel workbook preview in the app: text, table, picture, sheets, cached formula values, watermark, print', async ({ page, vault, saveScreen }) => {
  test.slow();
  await dropIntoClient(page, vault, [
    { name: '代理记账服务协议.docx', bytes: sampleDocx(), mime: DOCX },
    { name: '2024年3月 科目余额表.xlsx', bytes: sampleXlsx(), mime: XLSX },
  ]);

  // Word: headings, formatted runs, numbered lists, a table with merged cells, the seal picture.
  let preview = await openPreview(page, '代理记账服务协议.docx');
  const doc = preview.getByTestId('docx-preview');
  await expect(doc.locator('h1')).toHaveText('代理记账服务协议');
  await expect(doc.locator('h2')).toHaveText(['一、服务内容', '二、服务费用']);
  await expect(doc.getByText('福州榕城启航财税咨询有限公司')).toHaveCSS('font-weight', '700');
  await expect(doc.getByText('有效期一年')).toHaveCSS('text-decoration-line', 'underline');
  await expect(doc.locator('.docx-list-item')).toHaveText(['（一）建账与记账', '1.审核原始凭证', '2.编制记账凭证', '（二）纳税申报', '•每月15日前完成申报']);
  const table = doc.locator('table.docx-table');
  await expect(table.locator('td[rowspan="2"]')).toHaveText('按季支付');
  await expect(table.locator('td[colspan="3"]')).toHaveText('合计：1,000.00 元');
  const seal = doc.getByRole('img', { name: '公司印章' });
  await expect(seal).toHaveJSProperty('complete', true);
  expect(await seal.evaluate((el) => (el as unknown as { naturalWidth: number }).naturalWidth)).toBe(48);
  expect(await seal.getAttribute('src')).toMatch(/^data:image\/png;base64,/);
  // Markup in the document is text on the page, never elements.
  await expect(doc.getByText('<script>alert(1)</script>')).toBeVisible();
  expect(await doc.locator('script').count()).toBe(0);
  // Under the watermark naming the viewer.
  await expect(preview.getByTestId('preview-watermark')).toBeVisible();
  await expect(preview.getByTestId('preview-watermark')).toHaveAttribute('data-text', new RegExp(`^${OWNER.name} \\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}$`));
  await saveScreen('preview-docx');

  // 打印 is recorded first, then prints the page with its watermark (print CSS shows only the preview).
  await page.evaluate(() => {
    (globalThis as unknown as { print: () => void }).print = () => undefined;
  });
  await preview.getByRole('button', { name: buttonName('打印') }).click();
  await expect.poll(() => vault.manager.session().audit.listAll({ action: 'doc.print' }).length).toBe(1);
  await page.emulateMedia({ media: 'print' });
  await expect(page.locator('#root')).toBeHidden();
  // (The dialog itself is print-hidden chrome, so these are found from the page, not through its role.)
  await expect(page.getByTestId('docx-preview').locator('h1')).toBeVisible();
  await expect(page.getByTestId('preview-watermark')).toHaveCSS('position', 'fixed');
  await page.emulateMedia({ media: 'screen' });
  await preview.getByRole('button', { name: buttonName('关闭') }).click();
  await expect(preview).toBeHidden();

  // Excel: the first sheet, formulas shown with the values Excel stored, money and percentages formatted.
  preview = await openPreview(page, '2024年3月 科目余额表.xlsx');
  const book = preview.getByTestId('xlsx-preview');
  const cell = (ref: string) => book.locator(`[data-cell="${ref}"]`);
  await expect(cell('A1')).toHaveText('2024年3月 科目余额表');
  await expect(cell('A1')).toHaveClass(/sheet-merged/);
  await expect(cell('B5')).toHaveText('129,650.00');
  await expect(cell('D5')).toHaveText('¥152,299.96');
  await expect(cell('B6')).toHaveText('17.47%');
  await expect(cell('D6')).toHaveText('盈余');
  // Sheet tabs: the hidden sheet has none.
  const tabs = book.getByRole('tab');
  await expect(tabs).toHaveText(['科目余额表', '银行流水']);
  await expect(book.getByRole('tab', { name: '科目余额表' })).toHaveAttribute('aria-selected', 'true');
  await expect(preview.getByTestId('preview-watermark')).toBeVisible();
  await saveScreen('preview-xlsx');

  await book.getByRole('tab', { name: '银行流水' }).click();
  await expect(cell('A2')).toHaveText('2024年3月1日');
  await expect(cell('B3')).toHaveText('支付房租');
  await expect(cell('C3')).toHaveText('-6,500.00');
  await expect(cell('B4')).toHaveText('<b>不是标签</b>');
  await expect(cell('D5')).toHaveCount(0);

  // Printing swaps the scrolled grid for the whole sheet as a table.
  await page.evaluate(firePrintEvent, 'beforeprint');
  await expect(book.getByTestId('sheet-print')).toContainText('收到货款');
  await page.evaluate(firePrintEvent, 'afterprint');
  await expect(book.getByTestId('sheet-grid')).toBeVisible();
});

test('a huge sheet scrolls virtualised and says it shows only the first rows', async ({ page, vault }) => {
  test.slow();
  const rows: SheetCell[][] = Array.from({ length: XLSX_PREVIEW_LIMITS.rows + 500 }, (_, i) => [{ n: String(i + 1) }, { inline: `凭证 ${i + 1}` }, { n: String((i + 1) * 100), style: 1 }]);
  await dropIntoClient(page, vault, [{ name: '明细账.xlsx', bytes: xlsxWithSheets([{ name: '明细账', xml: sheetXml(rows) }], []), mime: XLSX }]);
  const preview = await openPreview(page, '明细账.xlsx');
  const book = preview.getByTestId('xlsx-preview');
  await expect(book.getByTestId('sheet-truncated')).toHaveText(`仅显示前 ${XLSX_PREVIEW_LIMITS.rows} 行，完整内容请导出查看。`);
  // Only the rows on screen are in the page.
  await expect(book.locator('[data-cell="B1"]')).toHaveText('凭证 1');
  expect(await book.locator('[role="gridcell"]').count()).toBeLessThan(300);
  await book.getByTestId('sheet-grid').evaluate((el) => {
    (el as unknown as { scrollTop: number }).scrollTop = 1e9;
  });
  const last = XLSX_PREVIEW_LIMITS.rows;
  await expect(book.locator(`[data-cell="B${last}"]`)).toHaveText(`凭证 ${last}`);
  await expect(book.locator(`[data-cell="C${last}"]`)).toHaveText((last * 100).toLocaleString('en-US', { minimumFractionDigits: 2 }));
  await expect(book.locator(`[data-cell="B${last + 1}"]`)).toHaveCount(0);
});

test('a type the app does not draw names itself in words, and its buttons hold their icons', async ({ page, vault }) => {
  await dropIntoClient(page, vault, [
    { name: '季度经营分析.pptx', bytes: Buffer.from('PK\u0003\u0004 a presentation'), mime: '' },
    { name: '凭证扫描件.rar', bytes: Buffer.from('Rar!\u001a\u0007\u0000'), mime: '' },
  ]);
  for (const [name, type] of [
    ['季度经营分析.pptx', 'PowerPoint 演示文稿'],
    ['凭证扫描件.rar', '压缩包'],
  ] as const) {
    const preview = await openPreview(page, name);
    const card = preview.getByTestId('other-preview');
    await expect(card).toContainText(`${type}不能在账盾内预览`);
    await expect(card.getByTestId('other-preview-type')).toHaveText(type);
    // No raw MIME string on the card.
    await expect(card).not.toContainText('application/');
    // Every button's icon and label lie inside the button (the icon used to be blown up to 56px).
    for (const button of await preview.getByRole('button').all()) {
      for (const icon of await button.locator('.anticon').all()) await expectInside(icon, button);
    }
    const exportButton = card.getByTestId('other-preview-export');
    expect((await exportButton.locator('.anticon').boundingBox())?.height ?? 99).toBeLessThanOrEqual(20);
    await expect(preview.getByTestId('preview-watermark')).toBeVisible();
    await preview.getByRole('button', { name: buttonName('关闭') }).click();
    await expect(preview).toBeHidden();
  }
});

test('a password-protected or damaged Word file gets the cannot-display card with the reason', async ({ page, vault }) => {
  const ole = Buffer.concat([Buffer.from('d0cf11e0a1b11ae1', 'hex'), Buffer.alloc(1024)]);
  ole.write('EncryptedPackage', 600, 'utf16le');
  await dropIntoClient(page, vault, [
    { name: '加密合同.docx', bytes: ole, mime: DOCX },
    { name: '损坏的表格.xlsx', bytes: Buffer.from('PK\u0003\u0004 cut short'), mime: XLSX },
  ]);
  let preview = await openPreview(page, '加密合同.docx');
  await expect(preview.getByTestId('preview-cannot-display')).toContainText('文件设有打开密码');
  await preview.getByRole('button', { name: buttonName('关闭') }).click();
  preview = await openPreview(page, '损坏的表格.xlsx');
  await expect(preview.getByTestId('preview-cannot-display')).toContainText('文件可能已损坏');
});
