import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import readXlsxFile from 'read-excel-file/node';
import writeXlsxFile from 'write-excel-file/node';
import { clientInputSchema } from '../../src/shared/contract';
import { creditCodeCheckChar } from '../../src/shared/credit-code';
import { dialog } from './document-flows';
import { expect, test } from './fixtures';
import { buttonName, createVaultAndEnter } from './flows';

const code = (first17: string) => `${first17}${creditCodeCheckChar(first17)}`;
const EXISTING = { name: '福州闽江财税咨询有限公司', creditCode: code('91350100MA2Y00001') };
const NEW_CODE = code('91350500MA31C7QX2');
const BAD_CODE = `${NEW_CODE.slice(0, 17)}${NEW_CODE.endsWith('0') ? '1' : '0'}`;

test('客户清单.xlsx: the preview maps the columns and checks each row; a bad row fails, a duplicate is skipped and links to the existing client; the list exports with a reason', async ({
  page,
  vault,
  saveScreen,
}) => {
  test.setTimeout(180_000);
  const files = await mkdtemp(join(tmpdir(), 'zhangdun-e2e-client-import-'));
  try {
    await createVaultAndEnter(page);
    vault.manager.session().clients.create(clientInputSchema.parse(EXISTING));
    await page.reload();
    await expect(page.getByTestId('client-count')).toHaveText('共 1 家');

    // The firm's own list, generated here: a title line, then the header, then the rows.
    const rows = [
      ['2024年客户清单', '', '', '', '', ''],
      ['序号', '企业名称', '统一社会信用代码', '纳税人类型', '联系人', '负责会计'],
      ['1', '泉州清源山茶业有限公司', NEW_CODE, '小规模纳税人', '陈经理', '林晓燕'],
      ['2', '漳州芗城电子有限公司', BAD_CODE, '一般纳税人', '', ''],
      ['3', '闽江财税（同一税号）', EXISTING.creditCode, '', '', ''],
      ['4', '龙岩冠豸山旅游有限公司', '', '一般纳税人', '黄经理', ''],
    ];
    const sheet = join(files, '客户清单.xlsx');
    await writeFile(sheet, await writeXlsxFile(rows.map((r) => r.map((value) => ({ value, type: String }))), { sheet: '客户' }).toBuffer());

    vault.dialogs.answerFiles([sheet]);
    await page.getByTestId('client-import').click();
    const preview = dialog(page, 'client-import-preview');
    await expect(preview).toContainText('客户清单.xlsx');
    await expect(preview).toContainText('已识别第 2 行为表头');
    await expect(preview.getByTestId('client-import-map-1')).toContainText('客户名称');
    await expect(preview.getByTestId('client-import-map-2')).toContainText('统一社会信用代码');
    await expect(preview.getByTestId('client-import-map-5')).toContainText('备注');
    await expect(preview.getByTestId('client-import-counts')).toContainText('可导入 2 行，重复 1 行，有问题 1 行');
    const row = (n: number) => preview.locator(`[data-testid="client-import-row"][data-row="${n}"]`);
    await expect(row(4).getByTestId('client-import-status')).toHaveText('有问题');
    await expect(row(4)).toContainText('统一社会信用代码无效');
    await expect(row(5).getByTestId('client-import-status')).toHaveText('重复');
    await expect(row(5).getByTestId('client-import-duplicate-link')).toHaveText(EXISTING.name);
    // The duplicate comes unticked, the bad row cannot be ticked.
    await expect(row(5).locator('input[type="checkbox"]')).not.toBeChecked();
    await expect(row(4).locator('input[type="checkbox"]')).toBeDisabled();
    await saveScreen('client-import');

    // The person unticks 龙岩 (row 6): it stays skipped.
    await row(6).locator('input[type="checkbox"]').click();
    await preview.getByRole('button', { name: buttonName('导入 1 家客户') }).click();
    await expect(preview).toBeHidden();

    const report = dialog(page, 'client-import-report');
    await expect(report.getByTestId('client-import-summary')).toHaveText('客户清单.xlsx：已导入 1 家，跳过 2 行，失败 1 行。');
    const line = (n: number) => report.locator(`[data-testid="client-import-report-row"][data-row="${n}"]`);
    await expect(line(3).getByTestId('client-import-report-status')).toHaveText('已导入');
    await expect(line(4).getByTestId('client-import-report-status')).toHaveText('失败');
    await expect(line(4)).toContainText('统一社会信用代码无效（应为 18 位，含校验位）');
    await expect(line(5).getByTestId('client-import-report-status')).toHaveText('已跳过');
    await expect(line(5)).toContainText('重复，未勾选：与已有客户 福州闽江财税咨询有限公司 的统一社会信用代码相同');
    await expect(line(6)).toContainText('未勾选，按您的选择跳过');
    await saveScreen('client-import-report');

    // The duplicate's link opens the client it repeats.
    await line(5).getByTestId('client-import-duplicate-link').click();
    await expect(report).toBeHidden();
    await expect(page.getByTestId('client-detail-name')).toHaveText(EXISTING.name);
    await page.getByRole('button', { name: buttonName('返回客户列表') }).click();
    await expect(page.getByTestId('client-count')).toHaveText('共 2 家');
    await expect(page.getByTestId('client-list-page')).toContainText('泉州清源山茶业有限公司');

    // 导出: a reason is required; main asks where to save and writes a real .xlsx.
    const out = join(files, '导出.xlsx');
    vault.dialogs.answerSave(out);
    await page.getByTestId('client-export').click();
    const exporter = dialog(page, 'client-export-modal');
    await exporter.getByRole('button', { name: buttonName('选择保存位置并导出') }).click();
    await expect(exporter).toContainText('请填写导出事由');
    await exporter.getByTestId('client-export-reason').fill('年度客户盘点');
    await exporter.getByRole('button', { name: buttonName('选择保存位置并导出') }).click();
    await expect(exporter).toBeHidden();
    await expect(page.getByText(`已导出到 ${out}`)).toBeVisible();
    const [written] = await readXlsxFile(out);
    expect(written!.data[0]![0]).toBe('客户名称');
    expect(written!.data.slice(1).map((r) => r[0]).sort()).toEqual([EXISTING.name, '泉州清源山茶业有限公司'].sort());
    const last = vault.manager.session().vault.repos.audit.last()!;
    expect(last.action).toBe('client.export');
    expect(JSON.parse(last.detail)).toEqual({ reason: '年度客户盘点', clients: 2 });
  } finally {
    await rm(files, { recursive: true, force: true });
  }
});
