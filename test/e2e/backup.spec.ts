/**
 * 备份 end to end: the owner sets the schedule's folder (the dialog stand-in
 * returns a temp dir), backs up now with a progress bar, and the file
 * verifies with the recovery key; cancel leaves no file; a scheduled run that
 * failed while the vault was locked is shown at the next unlock; restore.
 */
import type { Page } from '@playwright/test';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { verifyBackup } from '../../src/main/core/backup/read-backup';
import { readBackupStatus } from '../../src/main/core/backup/schedule/scheduled-backup';
import { newRecoveryIdentity } from '../../src/main/core/keys/age-keys';
import { clientInputSchema } from '../../src/shared/contract';
import { expect, test } from './fixtures';
import type { TestVault } from './harness/test-vault';
import { buttonName, createVaultAndEnter, lock, OWNER, submitUnlock } from './flows';

const HOUR = 3_600_000;

async function tempDir(label: string): Promise<string> {
  return mkdtemp(join(tmpdir(), `zhangdun-e2e-${label}-`));
}

/** Backup files (and any leftover partials) in a folder. */
async function backupFiles(dir: string): Promise<{ done: string[]; partial: string[] }> {
  const names = await readdir(dir);
  return { done: names.filter((n) => n.endsWith('.zdbk')).sort(), partial: names.filter((n) => n.includes('.partial-')) };
}

/** A client with ~100 MB of documents, so a backup takes a few seconds (about 50 MB/s here). */
async function seedLargeVault(vault: TestVault): Promise<void> {
  const session = vault.manager.session();
  const client = session.clients.create(clientInputSchema.parse({ name: '福州闽江财税咨询有限公司', label: 'internal' }));
  const inbox = await tempDir('inbox');
  const files: string[] = [];
  for (let i = 1; i <= 8; i++) {
    const path = join(inbox, `2024年${String(i).padStart(2, '0')}月凭证扫描.pdf`);
    await writeFile(path, randomBytes(12 * 1024 * 1024));
    files.push(path);
  }
  await session.documents.importFiles(client.id, files);
  await rm(inbox, { recursive: true, force: true });
}

async function openBackupPage(page: Page) {
  await page.getByTestId('nav-backup').click();
  const backupPage = page.getByTestId('backup-page');
  await expect(backupPage).toBeVisible();
  return backupPage;
}

/** Sets the schedule's folder through the folder dialog stand-in and saves (daily at 18:00, the defaults). */
async function saveSchedule(page: Page, vault: TestVault, folder: string): Promise<void> {
  const form = page.getByTestId('schedule-form');
  vault.dialogs.answerFolder(folder);
  await form.getByRole('button', { name: buttonName('选择文件夹…') }).click();
  await expect(form.getByLabel('备份位置')).toHaveValue(folder);
  await form.getByRole('button', { name: buttonName('保存计划') }).click();
  await expect(page.getByText('备份计划已保存。')).toBeVisible();
  await expect(page.getByTestId('next-backup')).toContainText('下次自动备份');
}

test('owner: schedule folder, 立即备份 with progress, success, the file verifies with the recovery key; 取消 leaves no file', async ({
  page,
  vault,
  saveScreen,
}) => {
  test.setTimeout(180_000);
  const recoveryKey = await createVaultAndEnter(page);
  await seedLargeVault(vault);
  const folder = await tempDir('nas');
  try {
    const backupPage = await openBackupPage(page);
    await expect(backupPage.getByTestId('last-backup')).toContainText('还没有成功的备份');
    await saveSchedule(page, vault, folder);

    // 立即备份: the progress bar moves, then success.
    const card = backupPage.getByTestId('last-backup');
    await card.getByRole('button', { name: buttonName('立即备份') }).click();
    const progress = card.getByTestId('backup-progress');
    await expect(progress).toBeVisible();
    await expect(progress.getByRole('progressbar')).toBeVisible();
    await expect(progress).toContainText(/正在(读取保险库文件|加密写入备份|验证备份)/);
    await expect(progress.getByRole('progressbar')).not.toHaveAttribute('aria-valuenow', '0', { timeout: 20_000 });
    await saveScreen('backup-progress');
    const result = card.getByTestId('backup-result');
    await expect(result).toHaveAttribute('data-result', 'created', { timeout: 60_000 });
    await expect(result).toContainText('备份完成');
    await expect(result).toContainText('已验证');

    const { done, partial } = await backupFiles(folder);
    expect(done).toHaveLength(1);
    expect(partial).toEqual([]);
    const manifest = await verifyBackup(join(folder, done[0]!), { identity: recoveryKey });
    expect(manifest.entries.filter((e) => e.name.startsWith('blobs/'))).toHaveLength(8);
    await expect(card.getByTestId('last-backup-time')).toBeVisible();
    await expect(card).toContainText(join(folder, done[0]!));
    await expect(backupPage.getByTestId('backup-row')).toHaveCount(1);
    await expect(backupPage.getByTestId('backup-row')).toContainText(done[0]!);
    await card.getByTestId('backup-result').getByRole('button', { name: /close|关闭/i }).click();
    // The page scrolls inside the window: a taller window shows all of it in the screenshot.
    await page.setViewportSize({ width: 1280, height: 1250 });
    await saveScreen('backup-page');
    await page.setViewportSize({ width: 1280, height: 800 });

    // 取消: nothing under a final name, no partial left behind.
    await card.getByRole('button', { name: buttonName('立即备份') }).click();
    await expect(progress).toBeVisible();
    await progress.getByRole('button', { name: buttonName('取消') }).click();
    await expect(result).toHaveAttribute('data-result', 'cancelled', { timeout: 30_000 });
    await expect(result).toContainText('备份已取消');
    expect(await backupFiles(folder)).toEqual({ done, partial: [] });
    await expect(backupPage.getByTestId('backup-row')).toHaveCount(1);
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
});

test('a scheduled run that failed while the vault was locked is shown at the next unlock, and 立即备份 fixes it', async ({ page, vault, saveScreen }) => {
  test.setTimeout(120_000);
  await createVaultAndEnter(page);
  const folder = await tempDir('usb');
  try {
    await openBackupPage(page);
    await saveSchedule(page, vault, folder);
    // Back on the client list: after the unlock the app returns here, where the alert must show.
    await page.getByRole('button', { name: buttonName('客户档案') }).click();
    await expect(page.getByTestId('client-list-page')).toBeVisible();
    await lock(page);

    // The external drive is unplugged, and the scheduled time passes while the vault is locked.
    await rm(folder, { recursive: true, force: true });
    vault.backupClock.skewMs = 25 * HOUR;
    expect(await vault.backups.service.scheduler.tick()).toBe('ran');
    expect(await readBackupStatus(vault.dir)).toMatchObject({ lastAttempt: { ok: false, code: 'NOT_FOUND' }, consecutiveFailures: 1 });

    await submitUnlock(page, OWNER.name, OWNER.password);
    const alert = page.getByTestId('backup-attention');
    await expect(alert).toBeVisible();
    await expect(alert).toHaveAttribute('data-attention', 'failed');
    await expect(alert).toContainText('上次备份失败');
    await expect(alert).toContainText(`找不到备份文件夹 ${folder}`);
    await expect(alert).toContainText('移动硬盘是否已连接');
    await expect(page.getByTestId('client-list-page')).toBeVisible();
    await saveScreen('backup-attention-after-unlock');

    // The drive is back: 立即备份 from the alert.
    await mkdir(folder);
    await alert.getByRole('button', { name: buttonName('立即备份') }).click();
    const backupPage = page.getByTestId('backup-page');
    await expect(backupPage.getByTestId('backup-result')).toHaveAttribute('data-result', 'created', { timeout: 30_000 });
    await expect(page.getByTestId('backup-attention')).toHaveCount(0);
    expect((await backupFiles(folder)).done).toHaveLength(1);
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
});

test('restore (owner): a wrong key is refused by name; the right one verifies, restores, locks, and the old vault is kept', async ({ page, vault }) => {
  test.setTimeout(120_000);
  const recoveryKey = await createVaultAndEnter(page);
  const session = vault.manager.session();
  session.clients.create(clientInputSchema.parse({ name: '福州闽江财税咨询有限公司', label: 'internal' }));
  const folder = await tempDir('restore');
  try {
    const backupPage = await openBackupPage(page);
    await saveSchedule(page, vault, folder);
    const card = backupPage.getByTestId('last-backup');
    await card.getByRole('button', { name: buttonName('立即备份') }).click();
    await expect(card.getByTestId('backup-result')).toHaveAttribute('data-result', 'created', { timeout: 30_000 });
    // A client added after the backup is gone after the restore.
    vault.manager.session().clients.create(clientInputSchema.parse({ name: '厦门鹭岛进出口贸易有限公司', label: 'internal' }));

    await backupPage.getByTestId('backup-row').getByRole('button', { name: buttonName('恢复…') }).click();
    const modal = page.getByRole('dialog', { name: '从备份恢复' });
    await expect(modal).toBeVisible();
    const keyField = modal.getByTestId('recovery-key-input');
    await keyField.fill('AGE-SECRET-KEY-1QQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQ');
    await modal.getByRole('button', { name: buttonName('验证备份') }).click();
    await expect(modal.getByTestId('restore-error')).toHaveAttribute('data-code', 'INVALID_INPUT');
    await expect(modal.getByTestId('restore-error')).toContainText('这不是有效的恢复密钥');
    await keyField.fill((await newRecoveryIdentity()).identity);
    await modal.getByRole('button', { name: buttonName('验证备份') }).click();
    await expect(modal.getByTestId('restore-error')).toHaveAttribute('data-code', 'BACKUP_WRONG_KEY');
    await expect(modal.getByTestId('restore-error')).toContainText('不是本保险库的恢复密钥');
    await expect(modal.getByRole('button', { name: buttonName('恢复') })).toBeDisabled();

    await keyField.fill(recoveryKey);
    await modal.getByRole('button', { name: buttonName('验证备份') }).click();
    await expect(modal.getByTestId('restore-verified')).toContainText('备份完好', { timeout: 30_000 });
    await modal.getByRole('button', { name: buttonName('恢复') }).click();
    await page.getByRole('dialog', { name: '确定要恢复这个备份吗？' }).getByRole('button', { name: buttonName('恢复') }).click();

    await expect(page.getByTestId('unlock-form')).toBeVisible({ timeout: 30_000 });
    await expect(page.getByText('已恢复。原来的保险库保留在')).toBeVisible();
    const kept = (await readdir(join(vault.dir, '..'))).filter((n) => n.startsWith(`${vault.dir.split('/').pop()}.before-restore-`));
    expect(kept).toHaveLength(1);
    await submitUnlock(page, OWNER.name, OWNER.password);
    await expect(page.getByTestId('backup-page')).toBeVisible();
    await page.getByRole('button', { name: buttonName('客户档案') }).click();
    await expect(page.getByTestId('client-count')).toHaveText('共 1 家');
    await rm(join(vault.dir, '..', kept[0]!), { recursive: true, force: true });
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
});
