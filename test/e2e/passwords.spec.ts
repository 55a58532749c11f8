import type { Page } from '@playwright/test';
import { clientInputSchema } from '../../src/shared/contract';
import { expect, test } from './fixtures';
import { dialog } from './document-flows';
import { buttonName, createVaultAndEnter, lock, OWNER, submitUnlock } from './flows';
import type { PageWindow } from './harness/page-window';

const CLIENT = '厦门鹭岛贸易有限公司';
const OWNER_NEW = 'Owner-新密码-2026#Kq';
const LI = { name: '李会计', password: 'Staff-e2e-2025!', chosen: 'Li-自己的-Pw7#2026' } as const;

/** The unlock form's name field (the staff picker). */
const nameField = (page: Page) => page.getByTestId('unlock-form').getByLabel('员工名');

test('change one’s own password; the unlock screen remembers who was last, and says what to do when a password is forgotten', async ({ page }) => {
  await createVaultAndEnter(page);
  await page.getByTestId('nav-settings').click();
  await page.getByTestId('change-password-open').click();
  const modal = dialog(page, 'change-password-modal');
  await modal.getByLabel('当前密码').fill(OWNER.password);
  await modal.getByLabel('新密码', { exact: true }).fill(OWNER_NEW);
  await expect(modal.getByTestId('password-meter')).toHaveAttribute('data-ok', 'true');
  await modal.getByLabel('再次输入新密码').fill(OWNER_NEW);
  await modal.getByRole('button', { name: buttonName('保存新密码') }).click();
  await expect(page.getByText('密码已修改。下次解锁请用新密码。')).toBeVisible();
  await expect(modal).toBeHidden();

  await lock(page);
  // The picker fills in whoever was last here (this PC's own record).
  await expect(nameField(page)).toHaveValue(OWNER.name);
  await page.getByTestId('forgot-password').click();
  const help = dialog(page, 'forgot-password-help');
  await expect(help).toContainText('请找所有者或管理员');
  await expect(help).toContainText('重置密码');
  await expect(help).toContainText('恢复密钥');
  await help.getByRole('button', { name: buttonName('知道了') }).click();
  await expect(help).toBeHidden();

  await submitUnlock(page, OWNER.name, OWNER.password);
  await expect(page.getByTestId('unlock-form').getByRole('alert')).toHaveAttribute('data-code', 'WRONG_CREDENTIALS');
  await submitUnlock(page, OWNER.name, OWNER_NEW);
  await expect(page.getByTestId('current-staff')).toContainText(OWNER.name);
});

test('the owner resets an accountant; their first unlock forces a new password, then they see their granted client', async ({ page, vault }) => {
  await createVaultAndEnter(page);
  const session = vault.manager.session();
  const client = session.clients.create(clientInputSchema.parse({ name: CLIENT }));
  const li = await session.staff.add(LI.name, 'accountant', Buffer.from(LI.password));
  await session.access.grant(client.id, li.id);
  await page.reload();
  await expect(page.getByTestId('client-list-page')).toBeVisible();

  await page.getByTestId('nav-staff').click();
  await page.locator(`[data-testid="staff-row"][data-name="${LI.name}"]`).getByTestId('staff-reset-password').click();
  const confirm = dialog(page, 'reset-password-confirm');
  await expect(confirm).toContainText('72 小时');
  await confirm.getByRole('button', { name: buttonName('重置') }).click();
  const done = dialog(page, 'reset-password-done');
  const temporary = ((await done.getByTestId('temporary-password').textContent()) ?? '').trim();
  expect(temporary).toMatch(/^[a-z2-9]{4}(-[a-z2-9]{4}){3,}$/);
  await done.getByRole('button', { name: buttonName('我已交给对方') }).click();
  await expect(done).toBeHidden();

  await lock(page);
  await submitUnlock(page, LI.name, LI.password);
  await expect(page.getByTestId('unlock-form').getByRole('alert')).toHaveAttribute('data-code', 'WRONG_CREDENTIALS');
  await submitUnlock(page, LI.name, temporary);
  const forced = page.getByTestId('forced-password-form');
  await expect(forced).toBeVisible();
  await expect(page.getByTestId('client-list-page')).toHaveCount(0);
  // Nothing else answers meanwhile, whoever asks.
  const refused = await page.evaluate(() => (globalThis as unknown as PageWindow).zhangdun.clientList({}));
  expect(refused.ok).toBe(false);
  if (!refused.ok) expect(refused.error.code).toBe('PASSWORD_CHANGE_REQUIRED');

  await forced.getByLabel('新密码', { exact: true }).fill(LI.chosen);
  await forced.getByLabel('再次输入新密码').fill(LI.chosen);
  await forced.getByTestId('forced-password-submit').click();
  await expect(page.getByTestId('client-list-page')).toBeVisible();
  await expect(page.getByTestId('client-row').filter({ hasText: CLIENT })).toBeVisible();

  // Next time: the picker offers both names and fills in the last one.
  await lock(page);
  await expect(nameField(page)).toHaveValue(LI.name);
  await nameField(page).fill('');
  await nameField(page).click();
  await expect(page.locator('.ant-select-dropdown:visible')).toContainText(OWNER.name);
  await submitUnlock(page, LI.name, LI.chosen);
  await expect(page.getByTestId('client-row').filter({ hasText: CLIENT })).toBeVisible();
});
