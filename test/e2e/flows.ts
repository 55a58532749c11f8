import type { Locator, Page } from '@playwright/test';
import { expect } from './fixtures';

/**
 * antd puts a space between the two characters of a two-character Chinese
 * button label (继 续), and an icon adds its own name first; match the label
 * at the end, with or without the space.
 */
export function buttonName(label: string): RegExp {
  return new RegExp(`(^|\\s)${[...label].join('\\s*')}\\s*$`);
}

/** An antd Select: open it and click the option with this label (the list is virtual: the option is searched by title). */
export async function chooseOption(page: Page, select: Locator, label: string): Promise<void> {
  // A list still sliding shut (an AutoComplete just closed with Escape, or the previous select) is not this one.
  const leaving = page.locator('.ant-select-dropdown[class*="-leave"]');
  await expect(leaving).toHaveCount(0);
  const list = page.locator('.ant-select-dropdown:visible');
  await select.click();
  await expect(list).toHaveCount(1);
  // Not while the list slides open: a click then can land on nothing and choose nothing (antd marks the
  // animation with …-enter/-appear classes until it ends).
  await expect(list).not.toHaveClass(/-(enter|appear)/);
  const option = list.getByTitle(label, { exact: true });
  await expect(option).toBeVisible();
  await option.click();
  await expect(list).toHaveCount(0);
  // The choice took: the select shows it.
  await expect(select).toContainText(label);
}

export const OWNER = { name: '王会计', password: 'Zhangdun-e2e-2025!' } as const;

/** Creates the vault from the start screen; returns the recovery key shown once. */
export async function createVault(page: Page, owner: { name: string; password: string } = OWNER): Promise<string> {
  await page.goto('/');
  const form = page.getByTestId('create-vault-form');
  await form.getByLabel('所有者员工名').fill(owner.name);
  await form.getByLabel('密码', { exact: true }).fill(owner.password);
  await form.getByLabel('确认密码').fill(owner.password);
  await form.getByRole('button', { name: '创建保险库' }).click();
  const key = (await page.getByTestId('recovery-key').textContent({ timeout: 30_000 }))?.trim() ?? '';
  return key;
}

/** From the recovery-key panel: confirm it is stored and continue to the client list. */
export async function acknowledgeRecoveryKey(page: Page): Promise<void> {
  await page.getByLabel('我已妥善保存恢复密钥').check();
  await page.getByRole('button', { name: buttonName('继续') }).click();
  await expect(page.getByTestId('client-list-page')).toBeVisible();
}

export async function createVaultAndEnter(page: Page): Promise<string> {
  const key = await createVault(page);
  await acknowledgeRecoveryKey(page);
  return key;
}

export async function lock(page: Page): Promise<void> {
  await page.getByRole('button', { name: buttonName('锁定') }).click();
  await expect(page.getByTestId('unlock-form')).toBeVisible();
}

export async function submitUnlock(page: Page, name: string, password: string): Promise<void> {
  const form = page.getByTestId('unlock-form');
  await form.getByLabel('员工名').fill(name);
  await form.getByLabel('密码').fill(password);
  await form.getByRole('button', { name: buttonName('解锁') }).click();
}

/** Locks, and unlocks as `who`: the header then names them. */
export async function switchTo(page: Page, who: { name: string; password: string }): Promise<void> {
  await lock(page);
  await submitUnlock(page, who.name, who.password);
  await expect(page.getByTestId('current-staff')).toContainText(who.name);
}

/** Types into the header's search, one character at a time as a person would (the search is debounced). */
export async function globalSearch(page: Page, text: string): Promise<void> {
  const input = page.getByTestId('global-search').locator('input');
  await input.fill('');
  await input.pressSequentially(text, { delay: 30 });
}
