import { vaultFingerprint } from '../../src/main/core/keys/vault-statements';
import { writeThrottle } from '../../src/main/core/vault/throttle';
import { vaultPaths } from '../../src/main/core/vault/layout';
import { expect, test } from './fixtures';
import { acknowledgeRecoveryKey, buttonName, createVault, createVaultAndEnter, lock, OWNER, submitUnlock } from './flows';

test('(a) an empty vault folder offers 创建保险库; the recovery key is shown once, then the client list', async ({ page, vault, saveScreen }) => {
  await page.goto('/');
  const form = page.getByTestId('create-vault-form');
  await expect(form.getByRole('heading', { name: '创建保险库' })).toBeVisible();
  await expect(page.getByTestId('vault-location')).toContainText(vault.dir);
  await saveScreen('start');

  // Client-side rules: minimum length and matching confirmation.
  await form.getByLabel('所有者员工名').fill(OWNER.name);
  await form.getByLabel('密码', { exact: true }).fill('short');
  await form.getByLabel('确认密码').fill('different');
  await form.getByRole('button', { name: '创建保险库' }).click();
  await expect(form.getByText('密码至少 8 个字符')).toBeVisible();
  await expect(form.getByText('两次输入的密码不一致')).toBeVisible();
  expect(vault.manager.status().state).toBe('none');

  const key = await createVault(page);
  expect(key).toMatch(/^AGE-SECRET-KEY-1[0-9A-Z]+$/);
  await expect(page.getByText('恢复密钥只显示这一次')).toBeVisible();
  // The vault's signing fingerprint is printed with the key, as main computed it.
  await expect(page.getByTestId('recovery-fingerprint')).toHaveText(vaultFingerprint(vault.manager.session().vault.keyFile));
  await saveScreen('recovery-key');

  // Continuing requires the acknowledgement.
  const proceed = page.getByRole('button', { name: buttonName('继续') });
  await expect(proceed).toBeDisabled();
  await acknowledgeRecoveryKey(page);

  await expect(page.getByTestId('current-staff')).toContainText(OWNER.name);
  await expect(page.getByTestId('current-staff')).toContainText('所有者');
  await expect(page.getByText('还没有客户档案')).toBeVisible();
  expect(vault.manager.status().state).toBe('unlocked');
  // The key is gone from the page once acknowledged …
  await expect(page.locator('body')).not.toContainText('AGE-SECRET-KEY');
  await saveScreen('clients-empty');

  // … and never comes back: not after a lock/unlock, not after a reload.
  await lock(page);
  await submitUnlock(page, OWNER.name, OWNER.password);
  await expect(page.getByTestId('client-list-page')).toBeVisible();
  await expect(page.locator('body')).not.toContainText('AGE-SECRET-KEY');
  await page.reload();
  await expect(page.getByTestId('client-list-page')).toBeVisible();
  await expect(page.locator('body')).not.toContainText('AGE-SECRET-KEY');
});

test('(b) lock, then a wrong password shows WRONG_CREDENTIALS in the current language; the right one unlocks', async ({ page, vault, saveScreen }) => {
  await createVaultAndEnter(page);
  await lock(page);
  expect(vault.manager.status().state).toBe('locked');
  await expect(page.getByTestId('current-staff')).toHaveCount(0);
  await expect(page.getByTestId('vault-location')).toContainText(vault.dir);

  await submitUnlock(page, OWNER.name, 'not-the-password');
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('员工名或密码不正确。');
  await expect(alert).toHaveAttribute('data-code', 'WRONG_CREDENTIALS');
  await saveScreen('unlock-wrong-password');

  // main answered in zh-CN; English here can only come from the renderer translating the code.
  await page.getByTestId('language-switch').getByText('English').click();
  await expect(alert).toContainText('Staff name or password is incorrect.');
  await expect(page.getByRole('heading', { name: 'Unlock vault' })).toBeVisible();
  await saveScreen('unlock-wrong-password-en');
  await page.getByTestId('language-switch').getByText('中文').click();
  await expect(alert).toContainText('员工名或密码不正确。');

  await submitUnlock(page, OWNER.name, OWNER.password);
  await expect(page.getByTestId('client-list-page')).toBeVisible();
  await expect(page.getByTestId('current-staff')).toContainText(OWNER.name);
  expect(vault.manager.status().state).toBe('unlocked');
});

test('(b) LOCKED_OUT shows the seconds to wait, counts down, and blocks the unlock button', async ({ page, vault, saveScreen }) => {
  await createVaultAndEnter(page);
  await lock(page);
  // As if many wrong passwords had just been tried: 3 free attempts, then 2^(n-3) s.
  await writeThrottle(vaultPaths(vault.dir).throttle, { failures: 10, lastFailureAt: Date.now() });

  await submitUnlock(page, OWNER.name, OWNER.password);
  const alert = page.getByRole('alert');
  await expect(alert).toHaveAttribute('data-code', 'LOCKED_OUT');
  await expect(alert).toContainText(/尝试失败次数过多，请在 1[12]\d 秒后重试。/);
  const before = Number(/请在 (\d+) 秒/.exec((await alert.textContent()) ?? '')?.[1]);
  await expect(page.getByTestId('unlock-form').getByRole('button', { name: buttonName('解锁') })).toBeDisabled();
  await expect.poll(async () => Number(/请在 (\d+) 秒/.exec((await alert.textContent()) ?? '')?.[1])).toBeLessThan(before);
  await saveScreen('unlock-locked-out');
  expect(vault.manager.status().state).toBe('locked');
});
