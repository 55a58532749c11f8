/**
 * 首次使用: a fresh vault shows the first-run checklist and 从未备份 in the
 * header; the recovery key is confirmed by its last characters and saved as
 * a PDF sheet; the 启用自动备份 switch stays off until a folder is chosen; a
 * verified backup takes the warning away and ticks the step; restore takes
 * the key pasted with spaces and line breaks, or read from the sheet.
 */
import { mkdir, mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Page } from '@playwright/test';
import { clientInputSchema } from '../../src/shared/contract';
import { expect as baseExpect, test } from './fixtures';
import type { TestVault } from './harness/test-vault';
import { acknowledgeRecoveryKey, buttonName, createVault } from './flows';

// States, not time: on a machine shared by many test runs a first render can take longer than the default wait.
const expect = baseExpect.configure({ timeout: 60_000 });
test.use({ actionTimeout: 60_000, navigationTimeout: 60_000 });

const SCREENSHOT = resolve(__dirname, '../../docs/screenshots/first-run.png');

async function tempDir(label: string): Promise<string> {
  return mkdtemp(join(tmpdir(), `zhangdun-e2e-${label}-`));
}

/** At creation: the sheet saved through the save dialog stand-in, then the key confirmed by its last six characters. */
async function saveSheetAndConfirmTail(page: Page, vault: TestVault, key: string, sheet: string): Promise<void> {
  vault.dialogs.answerSave(sheet);
  await page.getByTestId('recovery-save-pdf').click();
  await expect(page.getByText('恢复密钥单已保存')).toBeVisible();
  expect((await stat(sheet)).mode & 0o077).toBe(0);
  expect((await readFile(sheet)).subarray(0, 5).toString('latin1')).toBe('%PDF-');
  const tail = key.slice(-6);
  const wrong = tail.slice(0, 5) + (tail.endsWith('Q') ? 'P' : 'Q');
  await page.getByTestId('recovery-tail-input').fill(wrong);
  await page.getByTestId('recovery-tail-input').press('Enter');
  await expect(page.getByTestId('recovery-tail-error')).toContainText('还可以再试 4 次');
  await page.getByTestId('recovery-tail-input').fill(tail.toLowerCase());
  await page.getByTestId('recovery-tail-input').press('Enter');
  await expect(page.getByTestId('recovery-tail-done')).toContainText('最后 6 个字符正确');
  // Confirming ticks 我已妥善保存恢复密钥 as well.
  await expect(page.getByLabel('我已妥善保存恢复密钥')).toBeChecked();
}

test('a fresh vault: the checklist and 从未备份; the key confirmed by its last characters; a verified backup clears the warning', async ({ page, vault }) => {
  test.setTimeout(300_000);
  const root = await tempDir('first-run');
  try {
    const key = await createVault(page);
    await saveSheetAndConfirmTail(page, vault, key, join(root, 'sheet.pdf'));
    await acknowledgeRecoveryKey(page);

    const checklist = page.getByTestId('first-run-checklist');
    await expect(checklist).toBeVisible();
    await expect(checklist).toContainText('已完成 1/4');
    await expect(checklist.getByTestId('first-run-step-recovery-key')).toHaveAttribute('data-done', 'true');
    await expect(checklist.getByTestId('first-run-step-recovery-key')).toContainText('王会计 于');
    for (const step of ['backup', 'staff', 'clients']) await expect(checklist.getByTestId(`first-run-step-${step}`)).toHaveAttribute('data-done', 'false');
    await expect(checklist.getByTestId('first-run-backup-state')).toContainText('备份位置：尚未设置');
    const warning = page.getByTestId('backup-age-warning');
    await expect(warning).toHaveText(/从未备份/);
    await expect(warning).toHaveAttribute('data-kind', 'never');
    await page.screenshot({ path: SCREENSHOT });

    // The warning opens the backup page; the switch is off (and cannot be turned on) until a folder is chosen.
    await warning.click();
    const backupPage = page.getByTestId('backup-page');
    await expect(backupPage).toBeVisible();
    const form = page.getByTestId('schedule-form');
    const enabled = form.getByTestId('schedule-enabled');
    await expect(enabled).toHaveAttribute('aria-checked', 'false');
    await expect(enabled).toBeDisabled();
    const folder = join(root, 'usb');
    await mkdir(folder);
    vault.dialogs.answerFolder(folder);
    await form.getByRole('button', { name: buttonName('选择文件夹…') }).click();
    await expect(form.getByLabel('备份位置')).toHaveValue(folder);
    await expect(enabled).toHaveAttribute('aria-checked', 'true');
    await form.getByRole('button', { name: buttonName('保存计划') }).click();
    await expect(page.getByText('备份计划已保存。')).toBeVisible();
    await expect(warning).toHaveText(/从未备份/);

    const card = backupPage.getByTestId('last-backup');
    await card.getByRole('button', { name: buttonName('立即备份') }).click();
    await expect(card.getByTestId('backup-result')).toHaveAttribute('data-result', 'created', { timeout: 60_000 });
    await expect(warning).toHaveCount(0);

    // The reminder's days are a setting on the backup page.
    const setting = backupPage.getByTestId('backup-warn-setting');
    await expect(setting.getByRole('spinbutton')).toHaveValue('7');
    await setting.getByRole('spinbutton').fill('14');
    await setting.getByRole('button', { name: buttonName('保存') }).click();
    await expect(page.getByText('已保存备份提醒设置')).toBeVisible();

    await page.getByRole('button', { name: buttonName('客户档案') }).click();
    await expect(checklist.getByTestId('first-run-step-backup')).toHaveAttribute('data-done', 'true');
    await expect(checklist).toContainText('已完成 2/4');
    // Staff and clients are done by adding them: the checklist goes once every step is.
    vault.manager.session().clients.create(clientInputSchema.parse({ name: '福州闽江财税咨询有限公司', label: 'internal' }));
    await checklist.getByRole('button', { name: buttonName('去添加员工') }).click();
    await expect(page.getByTestId('staff-page')).toBeVisible();
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});

test('restore takes the recovery key pasted with spaces and line breaks, or read from the recovery sheet', async ({ page, vault }) => {
  test.setTimeout(300_000);
  const root = await tempDir('first-run-restore');
  try {
    const key = await createVault(page);
    const sheet = join(root, 'sheet.pdf');
    vault.dialogs.answerSave(sheet);
    await page.getByTestId('recovery-save-pdf').click();
    await expect(page.getByText('恢复密钥单已保存')).toBeVisible();
    await acknowledgeRecoveryKey(page);
    vault.manager.session().clients.create(clientInputSchema.parse({ name: '福州闽江财税咨询有限公司', label: 'internal' }));

    await page.getByTestId('nav-backup').click();
    const backupPage = page.getByTestId('backup-page');
    const folder = join(root, 'nas');
    await mkdir(folder);
    vault.dialogs.answerFolder(folder);
    await backupPage.getByTestId('last-backup').getByRole('button', { name: buttonName('立即备份') }).click();
    await expect(backupPage.getByTestId('backup-result')).toHaveAttribute('data-result', 'created', { timeout: 60_000 });

    await backupPage.getByTestId('restore-card').getByRole('button').click();
    const modal = page.getByRole('dialog', { name: '从备份恢复' });
    const backupFile = (await readdir(folder)).find((n) => n.endsWith('.zdbk'))!;
    vault.dialogs.answerFiles([join(folder, backupFile)]);
    await modal.getByRole('button', { name: buttonName('选择备份文件…') }).click();

    // From the sheet's PDF: main reads the key out of it.
    vault.dialogs.answerFiles([sheet]);
    await modal.getByTestId('recovery-key-from-file').click();
    await expect(page.getByText('已从文件读取恢复密钥。')).toBeVisible();
    await expect(modal.getByTestId('recovery-key-input')).toHaveValue(key);
    await modal.getByRole('button', { name: buttonName('验证备份') }).click();
    await expect(modal.getByTestId('restore-verified')).toContainText('备份完好', { timeout: 30_000 });

    // Pasted as printed in groups, over two lines, in lower case.
    const body = key.slice('AGE-SECRET-KEY-1'.length).toLowerCase();
    const pasted = `age-secret-key-1\n${body.slice(0, 32).match(/.{1,4}/g)!.join(' ')}\n  ${body.slice(32).match(/.{1,4}/g)!.join(' ')}\n`;
    await modal.getByTestId('recovery-key-input').fill(pasted);
    await modal.getByRole('button', { name: buttonName('验证备份') }).click();
    await expect(modal.getByTestId('restore-verified')).toContainText('备份完好', { timeout: 30_000 });
    await modal.getByRole('button', { name: buttonName('恢复') }).click();
    const confirm = page.getByRole('dialog', { name: '确定要恢复这个备份吗？' });
    await confirm.getByRole('button', { name: buttonName('恢复') }).click();
    await expect(page.getByTestId('unlock-form')).toBeVisible({ timeout: 30_000 });
    await expect(page.getByText('已恢复。原来的保险库保留在')).toBeVisible();
  } finally {
    await rm(root, { recursive: true, force: true });
    for (const name of await readdir(join(vault.dir, '..'))) {
      if (name.includes('.before-restore-')) await rm(join(vault.dir, '..', name), { recursive: true, force: true });
    }
  }
});
