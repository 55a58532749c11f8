import { cp } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, test } from './fixtures';
import { lock, submitUnlock } from './flows';

/** The vault made by the released version 2 (test/fixtures/vault-v2/README.md: its staff and clients). */
const FIXTURE = join(__dirname, '..', 'fixtures', 'vault-v2', 'vault');
const OWNER = { name: '王所长', password: 'v2-owner-口令-2024' } as const;
const ACCOUNTANT = { name: '李会计', password: 'v2-acct-口令-2024' } as const;
const X = 'V2X标记福州闽江财税咨询有限公司';

test('a version-2 vault: staff are told plainly to wait for the upgrade; the owner’s unlock converts it, then staff get in', async ({ page, vault }) => {
  await cp(FIXTURE, vault.dir, { recursive: true });
  await page.goto('/');
  await expect(page.getByTestId('start-page')).toHaveAttribute('data-state', 'locked');

  await submitUnlock(page, ACCOUNTANT.name, ACCOUNTANT.password);
  const alert = page.getByTestId('unlock-form').getByRole('alert');
  await expect(alert).toHaveAttribute('data-code', 'UPGRADE_REQUIRED');
  await expect(alert).toContainText('需要先升级保险库');
  await expect(alert).toContainText('请所有者或管理员登录一次，升级会自动完成（数据不会丢失）');
  await expect(alert).not.toContainText('解锁失败');

  await submitUnlock(page, OWNER.name, OWNER.password);
  await expect(page.getByTestId('client-list-page')).toBeVisible();
  await expect(page.getByTestId('client-row').filter({ hasText: X })).toBeVisible();
  // The first unlock on this PC: nothing to compare with, so nothing to tell.
  await expect(page.getByTestId('unlock-notice')).toHaveCount(0);

  await lock(page);
  await submitUnlock(page, ACCOUNTANT.name, ACCOUNTANT.password);
  await expect(page.getByTestId('client-list-page')).toBeVisible();
  await expect(page.getByTestId('client-row')).toHaveCount(1);
  await expect(page.getByTestId('client-row').first()).toContainText(X);
});
