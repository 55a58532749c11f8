/**
 * Finding documents by what is inside them, through the UI: a statement PDF with a Chinese
 * text layer and a scanned licence (OCR) are dropped, the import dialog proposes each file's
 * 所属期 and category from its name or (a scanner's file name) from its text layer, the background reading finishes, and the header search shows the
 * words around a phrase printed inside each.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { clientInputSchema } from '../../src/shared/contract';
import { LICENCE } from '../fixtures/ocr/documents';
import { toUnicodePdf } from '../helpers/pdf-builder';
import { buttonName, createVaultAndEnter, globalSearch } from './flows';
import { closeImportResult, dialog, documentRow, dropFiles, openClient } from './document-flows';
import { expect, test } from './fixtures';

const CLIENT = '福州闽江商贸有限公司';
const STATEMENT = '银行对账单-2024-03.pdf';
const SCAN = '营业执照扫描件.png';
const BRANCH = '泉州丰泽支行';
/** Named by a scanner: its period and category come from the words inside it. */
const UNNAMED = 'scan0001.pdf';

/** OCR of a page takes seconds, more on a loaded machine: the only wait given this long. */
const READ_TIMEOUT_MS = 240_000;

test('a statement PDF and a scanned licence are found by phrases inside them, with the snippet; the dialog proposes 2024年03月 and 未识别', async ({ page, vault }) => {
  test.setTimeout(READ_TIMEOUT_MS + 120_000);
  const statement = toUnicodePdf([
    '中国建设银行 单位账户对账单',
    `户名：${CLIENT}`,
    `开户行：中国建设银行${BRANCH}`,
    '对账期间：2024年03月01日至2024年03月31日',
    '2024-03-05 转账收入 货款 12,800.00',
  ]);
  const scan = await readFile(join(__dirname, '../fixtures/ocr/licence-clean.png'));
  const unnamed = toUnicodePdf(['招商银行 账户对账单', `户名：${CLIENT}`, '对账期间：2024年02月01日至2024年02月29日']);

  await createVaultAndEnter(page);
  vault.manager.session().clients.create(clientInputSchema.parse({ name: CLIENT, label: 'internal', phone: '13600001111' }));
  await page.reload();
  await openClient(page, CLIENT);

  await dropFiles(page, [
    { name: STATEMENT, mime: 'application/pdf', bytes: statement },
    { name: SCAN, mime: 'image/png', bytes: scan },
    { name: UNNAMED, mime: 'application/pdf', bytes: unnamed },
  ]);
  const modal = dialog(page, 'import-fields-modal');
  await expect(modal).toBeVisible();
  const row = (name: string) => modal.getByTestId('file-period-row').filter({ hasText: name });
  await expect(row(STATEMENT).getByTestId('file-period')).toHaveText('2024年03月');
  await expect(row(SCAN).getByTestId('file-period')).toHaveText('未识别');
  // The scanner's file name says nothing; its text layer is read for the proposal (period and category).
  await expect(row(UNNAMED).getByTestId('file-period')).toHaveText('2024年02月', { timeout: READ_TIMEOUT_MS });
  await expect(row(UNNAMED).getByTestId('file-period')).toHaveAttribute('data-source', 'content');
  await expect(row(UNNAMED).getByTestId('file-category')).toContainText('银行对账单');
  await expect(row(SCAN).getByTestId('file-category')).toContainText('营业执照');
  await modal.getByRole('button', { name: buttonName('开始导入') }).click();
  await expect(modal).toBeHidden();
  await closeImportResult(page);

  // Each file keeps its own period: the statement's from its name, the scan's left empty.
  await expect(documentRow(page, STATEMENT)).toContainText('2024年03月');
  await expect(documentRow(page, SCAN)).toBeVisible();
  await expect(documentRow(page, SCAN)).not.toContainText('2024年');
  await expect(documentRow(page, UNNAMED)).toContainText('2024年02月');
  await expect(documentRow(page, UNNAMED)).toContainText('银行对账单');

  // Both read: no row carries 正在读取 / 待识别 / 未能提取文字 any more (the list refreshes as the reading advances).
  await expect
    .poll(async () => page.getByTestId('document-row').locator('[data-testid^="doc-status-"]').count(), { timeout: READ_TIMEOUT_MS, intervals: [1000] })
    .toBe(0);
  await expect(page.getByTestId('index-indicator')).toBeHidden({ timeout: READ_TIMEOUT_MS });

  // A phrase from the statement's text layer.
  await globalSearch(page, BRANCH);
  const statementHit = page.getByTestId('search-document').filter({ hasText: STATEMENT });
  await expect(statementHit).toBeVisible();
  await expect(statementHit.getByTestId('search-snippet')).toContainText(`建设银行${BRANCH}`);
  await expect(statementHit.getByTestId('search-snippet').locator('mark')).toHaveText(BRANCH);

  // A credit code the OCR read from the scan.
  await globalSearch(page, LICENCE.keyFields.creditCode ?? '');
  const scanHit = page.getByTestId('search-document').filter({ hasText: SCAN });
  await expect(scanHit).toBeVisible();
  await expect(scanHit.getByTestId('search-snippet').locator('mark')).toHaveText(LICENCE.keyFields.creditCode ?? '');
  await expect(page.getByTestId('search-document').filter({ hasText: STATEMENT })).toHaveCount(0);
});
