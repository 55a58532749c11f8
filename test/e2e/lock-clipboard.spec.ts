import type { Locator, Page } from '@playwright/test';
import { CLIPBOARD_CLEAR_SECONDS } from '../../src/shared/domain';
import { expect, test } from './fixtures';
import { acknowledgeRecoveryKey, buttonName, createVault } from './flows';
import { SECRET_CLIENT, seedAndOpenSecretClient } from './lock-flows';

/** Counts any use of the web clipboard API; the app must copy through main instead. */
const WEB_CLIPBOARD_TRACKER = `(() => {
  let calls = 0;
  const clip = navigator.clipboard;
  if (clip) for (const name of ['writeText', 'write']) {
    const original = clip[name] && clip[name].bind(clip);
    Object.defineProperty(clip, name, { value: (...args) => { calls++; return original ? original(...args) : Promise.reject(new Error('no clipboard')); } });
  }
  Object.defineProperty(globalThis, '__webClipboardCalls', { value: () => calls });
})();`;

async function webClipboardCalls(page: Page): Promise<number> {
  return page.evaluate(() => (globalThis as unknown as { __webClipboardCalls: () => number }).__webClipboardCalls());
}

async function userSelect(locator: Locator): Promise<string> {
  return locator.evaluate((el) => (globalThis as unknown as { getComputedStyle(e: unknown): { userSelect: string } }).getComputedStyle(el).userSelect);
}

test('复制 goes through main: the notice names the 30 s, main clears the clipboard after them and on lock; revealed values cannot be selected', async ({
  page,
  vault,
  locks,
  ipcLog,
  saveScreen,
}) => {
  await page.addInitScript({ content: WEB_CLIPBOARD_TRACKER });

  // The recovery key's 复制, too, goes through main.
  const key = await createVault(page);
  await page.getByTestId('recovery-key-panel').getByRole('button', { name: buttonName('复制') }).click();
  await expect(page.getByText(`已复制，${CLIPBOARD_CLEAR_SECONDS} 秒后自动清除`)).toBeVisible();
  expect(vault.clipboard.text).toBe(key);
  expect(await webClipboardCalls(page)).toBe(0);
  await acknowledgeRecoveryKey(page);

  await seedAndOpenSecretClient(page, vault);
  const detail = page.getByTestId('client-detail-page');
  const notice = page.getByText('已复制，30 秒后自动清除');

  // The credit code.
  await detail.getByTestId('client-credit-code-copy').click();
  await expect(notice.first()).toBeVisible();
  expect(vault.clipboard.text).toBe(SECRET_CLIENT.creditCode);
  const copies = () => ipcLog.filter((c) => c.channel === 'clipboardCopy');
  expect(copies().map((c) => c.ok)).toEqual([true, true]);
  // Let the notice finish sliding in before the screenshot.
  await page.waitForTimeout(400);
  await saveScreen('clipboard-copied');

  // A revealed phone number: not selectable, copied with its button.
  const phone = detail.getByTestId('client-phone');
  await expect(detail.getByTestId('client-phone-copy')).toHaveCount(0);
  await phone.locator('..').getByRole('button', { name: buttonName('显示') }).click();
  await expect(phone).toHaveText(SECRET_CLIENT.phone);
  expect(await userSelect(phone)).toBe('none');
  await detail.getByTestId('client-phone-copy').click();
  await expect.poll(() => vault.clipboard.text).toBe(SECRET_CLIENT.phone);
  // The same for the bank account.
  const account = detail.getByTestId('client-bank-account');
  await account.locator('..').getByRole('button', { name: buttonName('显示') }).click();
  await expect(account).toHaveText(SECRET_CLIENT.bankAccount);
  expect(await userSelect(account)).toBe('none');
  await detail.getByTestId('client-bank-account-copy').click();
  await expect.poll(() => vault.clipboard.text).toBe(SECRET_CLIENT.bankAccount);

  // main's timer: still there after 29 s, gone at 30 s.
  vault.clock.advance(29_000);
  expect(vault.clipboard.text).toBe(SECRET_CLIENT.bankAccount);
  vault.clock.advance(1_000);
  await expect.poll(() => vault.clipboard.text).toBe('');

  expect(await webClipboardCalls(page)).toBe(0);

  // Copied again, then locked: main clears it at once, whatever the timer says.
  await detail.getByTestId('client-credit-code-copy').click();
  await expect.poll(() => vault.clipboard.text).toBe(SECRET_CLIENT.creditCode);
  await page.getByRole('button', { name: buttonName('锁定') }).click();
  await expect.poll(() => locks.reloads).toBe(1);
  await locks.settled();
  await expect.poll(() => vault.clipboard.text).toBe('');

  // Five copies, each one clipboardCopy call that main answered.
  expect(copies().map((c) => c.ok)).toEqual([true, true, true, true, true]);
  expect(vault.clipboard.writes).toEqual([key, SECRET_CLIENT.creditCode, SECRET_CLIENT.phone, SECRET_CLIENT.bankAccount, SECRET_CLIENT.creditCode]);
});
