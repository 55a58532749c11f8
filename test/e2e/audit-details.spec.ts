/**
 * The audit log in words: an export's reason in the 详情 column, the name
 * tried at a failed unlock in the 员工 column, and the action filter grouped
 * by area and searchable.
 */
import type { Locator, Page } from '@playwright/test';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { clientInputSchema, documentFieldsSchema } from '../../src/shared/contract';
import { expect, test } from './fixtures';
import { dialog, documentRow, openClient } from './document-flows';
import { buttonName, createVaultAndEnter, lock, OWNER, submitUnlock } from './flows';

const CLIENT = '漳州九龙江商贸有限公司';
const DOCUMENT = '2024年度财务报表.txt';

/** The audit row whose action reads `action` (the newest first). */
function rowsOf(page: Page, action: string): Locator {
  return page.getByTestId('audit-row').filter({ has: page.getByTestId('audit-action').getByText(action, { exact: true }) });
}

test('the reason of an export, the name tried at a failed unlock, and the grouped, searchable action filter', async ({ page, vault, saveScreen }) => {
  await createVaultAndEnter(page);
  const session = vault.manager.session();
  const client = session.clients.create(clientInputSchema.parse({ name: CLIENT, label: 'confidential' }));
  const imported = await session.documents.importBytes(client.id, DOCUMENT, Buffer.from('资产负债表', 'utf8'), documentFieldsSchema.parse({ category: '财务报表' }));
  if (imported.status !== 'imported') throw new Error('could not import the document');
  await page.reload();
  await openClient(page, CLIENT);

  // Export with a reason (a confidential client's document asks for one).
  await documentRow(page, DOCUMENT).getByRole('button', { name: buttonName('导出') }).click();
  const reasonModal = dialog(page, 'export-reason-modal');
  const target = join(await mkdtemp(join(tmpdir(), 'zd-e2e-export-')), DOCUMENT);
  vault.dialogs.answerSave(target);
  await reasonModal.getByLabel('导出原因').fill('年度审计');
  await reasonModal.getByRole('button', { name: buttonName('继续导出') }).click();
  await expect(page.getByText(`已导出到：${target}`)).toBeVisible();

  // A wrong password under the owner's name, then the right one.
  await lock(page);
  await submitUnlock(page, OWNER.name, 'not the password');
  await expect(page.getByTestId('unlock-form').getByRole('alert')).toHaveAttribute('data-code', 'WRONG_CREDENTIALS');
  await submitUnlock(page, OWNER.name, OWNER.password);
  await expect(page.getByTestId('unlock-form')).toBeHidden();

  await page.getByTestId('nav-audit').click();
  const audit = page.getByTestId('audit-page');
  await expect(audit.getByTestId('audit-row').first()).toBeVisible();

  const exported = rowsOf(page, '导出资料');
  await expect(exported).toHaveCount(1);
  await expect(exported.getByTestId('audit-details')).toHaveText(`导出原因：年度审计；文件：${DOCUMENT}`);
  await expect(exported.getByTestId('audit-staff')).toHaveText(OWNER.name);

  const failed = rowsOf(page, '解锁失败');
  await expect(failed).toHaveCount(1);
  await expect(failed.getByTestId('audit-staff')).toHaveText(`${OWNER.name}（尝试）`);
  await expect(failed.getByTestId('audit-details')).toHaveText(`尝试的员工名：${OWNER.name}`);
  await expect(rowsOf(page, '解锁').first().getByTestId('audit-details')).toContainText('此前失败 1 次');
  await saveScreen('audit-details');

  // The action filter: areas as group headings; typing narrows the actions, or shows a whole area by its name.
  const filter = audit.getByTestId('audit-filter-action');
  await filter.click();
  const dropdown = page.locator('.ant-select-dropdown:visible');
  await expect(dropdown.getByTestId('audit-action-group-vault')).toHaveText('保险库');
  await expect(dropdown.getByTitle('解锁失败', { exact: true })).toBeVisible();
  await filter.locator('input').pressSequentially('导出', { delay: 30 });
  await expect(dropdown.getByTitle('导出资料', { exact: true })).toBeVisible();
  await expect(dropdown.getByTitle('解锁', { exact: true })).toHaveCount(0);
  await expect(dropdown.getByTestId('audit-action-group-documents')).toHaveText('资料');
  await expect(dropdown.getByTestId('audit-action-group-vault')).toHaveCount(0);
  await saveScreen('audit-action-filter');
  // Many actions export something (the list is drawn virtually): more of the words narrows to one of them.
  await filter.locator('input').fill('导出审计');
  await expect(dropdown.getByTitle('导出审计日志', { exact: true })).toBeVisible();
  await expect(dropdown.getByTitle('导出资料', { exact: true })).toHaveCount(0);
  await filter.locator('input').fill('客户');
  await expect(dropdown.getByTestId('audit-action-group-clients')).toHaveText('客户');
  await expect(dropdown.getByTitle('新建客户', { exact: true })).toBeVisible();
  await filter.locator('input').fill('账号密码');
  await expect(dropdown.getByTestId('audit-action-group-credentials')).toBeVisible();
  await expect(dropdown.getByTitle('查看密码', { exact: true })).toBeVisible();
  await filter.locator('input').fill('导出资料');
  await dropdown.getByTitle('导出资料', { exact: true }).click();
  await expect(audit.getByTestId('audit-action')).toHaveCount(1);
  await expect(audit.getByTestId('audit-action')).toHaveText('导出资料');
});
