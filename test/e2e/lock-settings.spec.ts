import type { Page } from '@playwright/test';
import { SettingsService } from '../../src/main/core/services/settings-service';
import { DEFAULT_LOCK_SETTINGS } from '../../src/shared/domain';
import { expect, test } from './fixtures';
import { buttonName, createVaultAndEnter, OWNER, submitUnlock } from './flows';
import type { PageWindow } from './harness/page-window';
import type { TestVault } from './harness/test-vault';

const STAFF = { name: '李会计', password: 'Zhangdun-e2e-staff-2025!' } as const;

/** The settings page scrolls inside the window: a taller window shows all of it in one screenshot. */
async function screenWhole(page: Page, save: () => Promise<void>): Promise<void> {
  const size = page.viewportSize();
  await page.setViewportSize({ width: 1280, height: 1240 });
  await page.getByTestId('settings-page').evaluate((el) => el.scrollTo(0, 0));
  await save();
  if (size) await page.setViewportSize(size);
}

function storedView(vault: TestVault) {
  return new SettingsService(vault.manager.session().vault).lockView();
}

test('设置: own triggers saved whole; the owner’s policy floors them (30 chosen, 10 in force) and the idle lock follows at once; staff see it enforced', async ({
  page,
  vault,
  locks,
  ipcLog,
  saveScreen,
}) => {
  await createVaultAndEnter(page);
  await page.getByTestId('nav-settings').click();
  const own = page.getByTestId('lock-settings');
  const policy = page.getByTestId('lock-policy');
  await expect(own).toBeVisible();
  await expect(own.getByRole('switch', { name: '闲置时锁定' })).toBeChecked();
  await expect(own.getByRole('spinbutton', { name: '闲置时间' })).toHaveValue('5');
  await expect(own.getByTestId('effective-idle')).toHaveText('实际生效：闲置 5 分钟后锁定');
  await expect(own.getByTestId('linux-note')).toHaveText('Linux 上无效');
  await expect(own.getByText('由所有者设定')).toHaveCount(0);
  await expect(own).toContainText(`按 ${process.platform === 'darwin' ? '⌘L' : 'Ctrl+L'} 立即锁定`);

  // Own settings: 30 minutes and no screen-capture protection, sent as one whole object.
  await own.getByRole('spinbutton', { name: '闲置时间' }).fill('30');
  await own.getByRole('switch', { name: '禁止截屏和录屏' }).click();
  await own.getByRole('button', { name: buttonName('保存') }).click();
  await expect(page.getByText('设置已保存')).toBeVisible();
  await expect(own.getByTestId('effective-idle')).toHaveText('实际生效：闲置 30 分钟后锁定');
  expect(storedView(vault).staff).toEqual({ ...DEFAULT_LOCK_SETTINGS, idleMinutes: 30, contentProtection: false });
  expect(ipcLog.filter((c) => c.channel === 'lockSettingsSet').map((c) => c.ok)).toEqual([true]);

  // The owner's policy: at most 10 idle minutes, and the screen-lock trigger for everyone.
  await policy.getByRole('switch', { name: '限制最长闲置时间' }).click();
  await policy.getByRole('spinbutton', { name: '最长闲置时间' }).fill('10');
  await policy.getByRole('checkbox', { name: '系统锁屏时锁定' }).check();
  await policy.getByRole('button', { name: buttonName('保存') }).click();
  await expect(page.getByText('锁定策略已保存')).toBeVisible();
  expect(storedView(vault).policy).toMatchObject({ maxIdleMinutes: 10, requireScreenLock: true, requireSuspend: false });

  // The staff member's own 30 stays theirs; 10 is what applies, and the page says who decided.
  await expect(own.getByRole('spinbutton', { name: '闲置时间' })).toHaveValue('30');
  await expect(own.getByTestId('effective-idle')).toHaveText('实际生效：闲置 10 分钟后锁定');
  await expect(own).toContainText('所有者规定最长 10 分钟');
  const idleRow = own.getByTestId('row-idleLock');
  await expect(idleRow).toHaveAttribute('data-enforced', 'true');
  await expect(idleRow).toContainText('由所有者设定');
  await expect(own.getByRole('switch', { name: '闲置时锁定' })).toBeDisabled();
  await expect(own.getByRole('switch', { name: '系统锁屏时锁定' })).toBeDisabled();
  await expect(own.getByRole('switch', { name: '系统锁屏时锁定' })).toBeChecked();
  await expect(own.getByTestId('row-lockOnSuspend')).toHaveAttribute('data-enforced', 'false');
  await expect(own.getByRole('switch', { name: '电脑休眠时锁定' })).toBeEnabled();
  await expect(page.getByText('锁定策略已保存')).toBeHidden();
  await screenWhole(page, () => saveScreen('settings-lock-owner'));

  // main's lock controller took the new floor at once: 9 minutes pass, the 10th locks.
  await locks.advanceIdle(9);
  expect(vault.manager.status().state).toBe('unlocked');
  await locks.advanceIdle(1);
  expect(vault.manager.status()).toMatchObject({ state: 'locked', lastLockReason: 'idle' });
  await expect(page.getByTestId('lock-reason')).toContainText('因闲置 10 分钟已自动锁定');
  await submitUnlock(page, OWNER.name, OWNER.password);
  // Back where the owner was.
  await expect(page.getByTestId('settings-page')).toBeVisible();

  // An accountant: the same floor applies to them; no policy editor, and main refuses a policy change anyway.
  await vault.manager.session().staff.add(STAFF.name, 'accountant', Buffer.from(STAFF.password, 'utf8'));
  await page.getByRole('button', { name: buttonName('锁定') }).click();
  await expect.poll(() => locks.reloads).toBe(2);
  await locks.settled();
  await submitUnlock(page, STAFF.name, STAFF.password);
  // Another staff member does not land on the owner's page.
  await expect(page.getByTestId('client-list-page')).toBeVisible();
  await page.getByTestId('nav-settings').click();
  await expect(own.getByTestId('effective-idle')).toHaveText('实际生效：闲置 5 分钟后锁定');
  await expect(idleRow).toContainText('由所有者设定');
  await expect(own.getByRole('switch', { name: '系统锁屏时锁定' })).toBeDisabled();
  await expect(policy).toHaveCount(0);
  const refused = await page.evaluate(() =>
    (globalThis as unknown as PageWindow).zhangdun.lockSettingsSet({
      policy: { maxIdleMinutes: null, requireScreenLock: false, requireSuspend: false, requireUserSwitch: false, requireWindowClose: false, requireContentProtection: false },
    }),
  );
  expect(refused).toMatchObject({ ok: false, error: { code: 'PERMISSION_DENIED' } });
  await screenWhole(page, () => saveScreen('settings-lock-staff'));
});
