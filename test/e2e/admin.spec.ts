import type { Page } from '@playwright/test';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { clientInputSchema, documentFieldsSchema } from '../../src/shared/contract';
import { expect, test } from './fixtures';
import { dialog, openClient } from './document-flows';
import { buttonName, chooseOption, createVaultAndEnter, globalSearch, lock, OWNER, submitUnlock } from './flows';
import type { PageWindow } from './harness/page-window';
import type { TestVault } from './harness/test-vault';

const CLIENT = { name: '厦门鹭岛贸易有限公司', fragment: '鹭岛' } as const;
const PASSWORD = 'Staff-e2e-2025!';

/** The client (and one document) straight into the vault, as the other specs seed; the list is then read again. */
async function seedClient(page: Page, vault: TestVault): Promise<{ clientId: string; documentId: string }> {
  const session = vault.manager.session();
  const client = session.clients.create(clientInputSchema.parse({ name: CLIENT.name, label: 'confidential' }));
  const outcome = await session.documents.importBytes(client.id, '银行对账单.txt', Buffer.from('对账单 2025-06', 'utf8'), documentFieldsSchema.parse({}));
  if (outcome.status !== 'imported') throw new Error('could not import the document');
  await page.reload();
  await expect(page.getByTestId('client-list-page')).toBeVisible();
  return { clientId: client.id, documentId: outcome.documentId };
}

/** 员工 → 添加员工, through the form. */
async function addStaff(page: Page, name: string, roleLabel: string): Promise<void> {
  await page.getByTestId('nav-staff').click();
  await page.getByTestId('staff-add').click();
  const modal = dialog(page, 'add-staff-modal');
  await modal.getByLabel('员工名').fill(name);
  await chooseOption(page, modal.getByTestId('add-staff-role'), roleLabel);
  await modal.getByLabel('初始密码', { exact: true }).fill(PASSWORD);
  await modal.getByLabel('确认初始密码').fill(PASSWORD);
  await modal.getByRole('button', { name: buttonName('添加员工') }).click();
  await expect(modal).toBeHidden();
  await expect(page.locator(`[data-testid="staff-row"][data-name="${name}"]`)).toContainText(roleLabel);
}

/** Locks, then unlocks as someone else (who returns to their own last page, if any) and goes to the client list. */
async function switchTo(page: Page, name: string, password = PASSWORD): Promise<void> {
  await lock(page);
  await submitUnlock(page, name, password);
  await expect(page.getByTestId('current-staff')).toContainText(name);
  await page.getByTestId('nav-clients').click();
  await expect(page.getByTestId('client-list-page')).toBeVisible();
}

/** On the client's page: 授权 to a staff member (optionally as the responsible one). */
async function grant(page: Page, name: string, assign = false): Promise<void> {
  await openClient(page, CLIENT.name);
  await page.getByTestId('grants-tab').click();
  const panel = page.getByTestId('grants-panel');
  await chooseOption(page, panel.getByTestId('grant-pick'), `${name}（会计）`);
  if (assign) await panel.getByTestId('grant-assign').check();
  await panel.getByTestId('grant-add').click();
  await expect(panel.getByTestId('grant-row').filter({ hasText: name })).toBeVisible();
}

test('an accountant without a grant does not see the client; after the owner grants it, does', async ({ page, vault }) => {
  await createVaultAndEnter(page);
  await seedClient(page, vault);
  await addStaff(page, '李会计', '会计');

  await switchTo(page, '李会计');
  // Neither the staff page nor the audit log is offered to an accountant.
  await expect(page.getByTestId('nav-staff')).toHaveCount(0);
  await expect(page.getByTestId('nav-audit')).toHaveCount(0);
  await expect(page.getByTestId('client-row')).toHaveCount(0);
  await page.getByPlaceholder('搜索客户名称、信用代码或联系人').pressSequentially(CLIENT.fragment, { delay: 30 });
  await expect(page.getByTestId('client-row')).toHaveCount(0);
  await globalSearch(page, CLIENT.fragment);
  // The search answered (its dropdown settles) without the client.
  await page.waitForTimeout(600);
  await expect(page.getByTestId('search-client')).toHaveCount(0);
  expect(await page.locator('body').innerText()).not.toContain(CLIENT.name);

  await switchTo(page, OWNER.name, OWNER.password);
  await grant(page, '李会计');
  // 客户信息访问报告: a PDF where the save dialog says; it lists the accountant's refused attempts too.
  const report = join(vault.dir, '访问报告.pdf');
  vault.dialogs.answerSave(report);
  await page.getByTestId('access-report').click();
  await expect(page.getByText(`访问报告已保存到：${report}`)).toBeVisible();
  expect(existsSync(report)).toBe(true);

  await switchTo(page, '李会计');
  await expect(page.getByTestId('client-row').filter({ hasText: CLIENT.name })).toBeVisible();
  await globalSearch(page, CLIENT.fragment);
  await expect(page.getByTestId('search-client').filter({ hasText: CLIENT.name })).toBeVisible();
  // An accountant cannot manage grants.
  await page.keyboard.press('Escape');
  await openClient(page, CLIENT.name);
  await expect(page.getByTestId('grants-tab')).toHaveCount(0);
  await expect(page.getByTestId('grants-panel')).toHaveCount(0);
  await expect(page.getByTestId('access-report')).toHaveCount(0);
  await expect(page.getByRole('button', { name: buttonName('归档') })).toHaveCount(0);
});

test('an auditor sees the audit log but cannot open documents', async ({ page, vault, saveScreen }) => {
  await createVaultAndEnter(page);
  const { documentId } = await seedClient(page, vault);
  await addStaff(page, '周审计', '审计员');

  await switchTo(page, '周审计');
  await expect(page.getByTestId('nav-staff')).toHaveCount(0);
  await page.getByTestId('nav-audit').click();
  const audit = page.getByTestId('audit-page');
  await expect(audit.getByTestId('audit-row').first()).toBeVisible();
  await expect(audit.getByTestId('audit-action').filter({ hasText: '添加员工' }).first()).toBeVisible();
  await expect(audit.getByTestId('audit-action').filter({ hasText: '创建保险库' })).toHaveCount(1);
  await expect(audit.getByTestId('audit-export')).toBeVisible();

  // Filter by action: only the unlocks.
  await chooseOption(page, audit.getByTestId('audit-filter-action'), '解锁');
  await expect(audit.getByTestId('audit-action').first()).toHaveText('解锁');
  await expect(audit.getByTestId('audit-action').filter({ hasNotText: /^解锁$/ })).toHaveCount(0);
  await saveScreen('admin-audit-log');

  // No client, so no document and no preview or export button anywhere.
  await page.getByRole('button', { name: buttonName('客户档案') }).click();
  await expect(page.getByTestId('client-list-page')).toBeVisible();
  await expect(page.getByTestId('client-row')).toHaveCount(0);
  await expect(page.getByTestId('document-open')).toHaveCount(0);
  await expect(page.getByRole('button', { name: /预览|导出/ })).toHaveCount(0);

  // Any script in the page calling the bridge directly is refused too.
  const result = await page.evaluate((id) => (globalThis as unknown as PageWindow).zhangdun.docPreview({ id }), documentId);
  expect(result.ok).toBe(false);
  if (!result.ok) expect(['NOT_FOUND', 'PERMISSION_DENIED']).toContain(result.error.code);
});

test('an admin offboards a staff member with a handover', async ({ page, vault, saveScreen }) => {
  await createVaultAndEnter(page);
  await seedClient(page, vault);
  await addStaff(page, '赵管理', '管理员');
  await addStaff(page, '李会计', '会计');
  await addStaff(page, '孙会计', '会计');
  await page.getByRole('button', { name: buttonName('客户档案') }).click();
  await grant(page, '李会计', true);

  await switchTo(page, '孙会计');
  await expect(page.getByTestId('client-row')).toHaveCount(0);

  await switchTo(page, '赵管理');
  await page.getByTestId('nav-staff').click();
  const row = page.locator('[data-testid="staff-row"][data-name="李会计"]');
  await expect(row).toContainText('在职');
  await row.getByTestId('staff-offboard').click();
  const modal = dialog(page, 'offboard-modal');
  await chooseOption(page, modal.getByTestId('offboard-handover'), '孙会计（会计）');
  await expect(modal.getByTestId('offboard-warning')).toContainText('将停用登录、收回全部授权、轮换相关客户密钥，并把其客户交接给 孙会计');
  const pdf = join(vault.dir, '李会计-离职报告.pdf');
  vault.dialogs.answerSave(pdf);
  await modal.getByRole('button', { name: buttonName('确认离职') }).click();

  const done = dialog(page, 'offboard-result');
  await expect(done).toContainText('李会计 已离职');
  await expect(done.getByTestId('offboard-summary')).toContainText('近 90 天');
  await expect(done).toContainText('交接给 孙会计 的客户：1 个');
  await expect(done.getByTestId('offboard-report-path')).toContainText(pdf);
  expect(existsSync(pdf)).toBe(true);
  await done.getByRole('button', { name: buttonName('完成') }).click();
  await expect(row).toContainText('已停用');
  await expect(row.getByTestId('staff-offboard')).toHaveCount(0);
  await saveScreen('admin-staff');

  // The offboarded person cannot unlock any more.
  await lock(page);
  await submitUnlock(page, '李会计', PASSWORD);
  const alert = page.getByTestId('unlock-form').getByRole('alert');
  await expect(alert).toHaveAttribute('data-code', 'WRONG_CREDENTIALS');
  await expect(alert).toContainText('员工名或密码不正确');

  // The colleague now sees the handed-over client.
  await submitUnlock(page, '孙会计', PASSWORD);
  await expect(page.getByTestId('client-list-page')).toBeVisible();
  await expect(page.getByTestId('client-row').filter({ hasText: CLIENT.name })).toBeVisible();
});
