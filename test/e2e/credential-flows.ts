import type { Locator, Page } from '@playwright/test';
import { createHmac } from 'node:crypto';
import { clientInputSchema } from '../../src/shared/contract';
import { dialog, openClient } from './document-flows';
import { expect } from './fixtures';
import { buttonName, chooseOption } from './flows';
import type { TestVault } from './harness/test-vault';

/** A client straight into the unlocked vault, the list read again, and its 账号密码 tab opened. */
export async function seedClientAndOpenCredentials(page: Page, vault: TestVault, name: string): Promise<string> {
  const client = vault.manager.session().clients.create(clientInputSchema.parse({ name, label: 'confidential' }));
  await page.reload();
  await expect(page.getByTestId('client-list-page')).toBeVisible();
  await openClient(page, name);
  await openCredentialsTab(page);
  return client.id;
}

/** On a client's page: the 账号密码 tab, once its list has loaded. */
export async function openCredentialsTab(page: Page): Promise<Locator> {
  await page.getByTestId('cred-tab').click();
  const panel = page.getByTestId('cred-panel');
  await expect(panel).toBeVisible();
  // The tab names the count once main answered.
  await expect(page.getByTestId('cred-tab')).toContainText('（');
  return panel;
}

/** The card of the credential titled `title`. */
export function credentialCard(page: Page, title: string): Locator {
  return page.locator(`[data-testid="cred-card"][data-title="${title}"]`);
}

export interface NewCredential {
  /** The kind's Chinese name, as the Select shows it; leave out for the first kind (电子税务局). */
  kind?: string;
  login?: string;
  secrets?: { password?: string; pin?: string; certPassword?: string };
  totp?: string;
  /** YYYY-MM-DD. */
  expiresOn?: string;
}

/** 新增账号 through the form; returns the title the kind suggested. */
export async function addCredential(page: Page, credential: NewCredential): Promise<string> {
  await page.getByTestId('cred-add').click();
  const form = dialog(page, 'cred-form');
  await expect(form).toBeVisible();
  if (credential.kind) {
    await chooseOption(page, form.getByTestId('cred-form-kind'), credential.kind);
    // The title follows the kind.
    await expect(form.getByTestId('cred-form-title')).toHaveValue(credential.kind);
  }
  const title = await form.getByTestId('cred-form-title').inputValue();
  if (credential.login) await form.getByTestId('cred-form-login').fill(credential.login);
  for (const [secret, value] of Object.entries(credential.secrets ?? {})) {
    if (value) await form.getByTestId(`cred-form-${secret}`).fill(value);
  }
  if (credential.totp) await form.getByTestId('cred-form-totp').fill(credential.totp);
  if (credential.expiresOn) {
    const picker = form.getByPlaceholder('选择日期');
    await picker.click();
    await picker.fill(credential.expiresOn);
    await picker.press('Enter');
    await expect(picker).toHaveValue(credential.expiresOn);
  }
  await form.getByRole('button', { name: buttonName('保存') }).click();
  await expect(form).toBeHidden();
  await expect(credentialCard(page, title)).toBeVisible();
  return title;
}

/** RFC 6238 with SHA-1, 6 digits, 30 s: written here from the RFC so the test does not check main against itself. */
export function totpAt(base32Seed: string, atMs: number): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const ch of base32Seed.replace(/=+$/, '').toUpperCase()) bits += alphabet.indexOf(ch).toString(2).padStart(5, '0');
  const key = Buffer.from((bits.match(/.{8}/g) ?? []).map((b) => parseInt(b, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(atMs / 30_000)));
  const mac = createHmac('sha1', key).update(counter).digest();
  const offset = mac[mac.length - 1]! & 0x0f;
  return String((mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000).padStart(6, '0');
}

/** YYYY-MM-DD, `days` from today in local time (as the app counts expiry days). */
export function dayFromToday(days: number): string {
  const d = new Date();
  d.setDate(d.getDate() + days);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}
