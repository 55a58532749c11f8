/**
 * 备份 end to end: the owner sets the schedule's folder (the dialog stand-in
 * returns a temp dir), backs up now with a progress bar, and the file
 * verifies with the recovery key; cancel leaves no file; a scheduled run that
 * failed while the vault was locked is shown at the next unlock; restore,
 * with who signed the backup (this vault's restores as it is; an unsigned one
 * only once the owner accepts it); a schedule file changed on disk stops the
 * scheduled backups and is shown, never put in the form.
 */
import type { Locator, Page } from '@playwright/test';
import { randomBytes } from 'node:crypto';
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createBackup } from '../../src/main/core/backup/create-backup';
import { verifyBackup } from '../../src/main/core/backup/read-backup';
import { readBackupStatus } from '../../src/main/core/backup/schedule/scheduled-backup';
import { SCHEDULE_FILE } from '../../src/main/core/backup/schedule/scheduler';
import { readTrustedSchedule } from '../../src/main/core/backup/schedule/signed-schedule';
import { newRecoveryIdentity } from '../../src/main/core/keys/age-keys';
import { AuditService } from '../../src/main/core/services/audit-service';
import { openVault } from '../../src/main/core/vault/unlock-vault';
import { clientInputSchema } from '../../src/shared/contract';
import { expect, test } from './fixtures';
import type { TestVault } from './harness/test-vault';
import { acknowledgeRecoveryKey, buttonName, createVault, createVaultAndEnter, lock, OWNER, submitUnlock } from './flows';

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

/** Creates the vault; returns the recovery key and the signing fingerprint shown beside it once. */
async function createVaultWithFingerprint(page: Page): Promise<{ recoveryKey: string; fingerprint: string }> {
  const recoveryKey = await createVault(page);
  const fingerprint = (await page.getByTestId('recovery-fingerprint').textContent())?.trim() ?? '';
  expect(fingerprint).not.toBe('');
  await acknowledgeRecoveryKey(page);
  return { recoveryKey, fingerprint };
}

/** The vault as it was before the restore, kept beside it. */
async function keptVaults(vault: TestVault): Promise<string[]> {
  return (await readdir(join(vault.dir, '..'))).filter((n) => n.startsWith(`${vault.dir.split('/').pop()}.before-restore-`));
}

/** Opens 备份, schedules `folder`, and makes a backup there with 立即备份; returns the backup page. */
async function backUpNow(page: Page, vault: TestVault, folder: string): Promise<Locator> {
  const backupPage = await openBackupPage(page);
  await saveSchedule(page, vault, folder);
  const card = backupPage.getByTestId('last-backup');
  await card.getByRole('button', { name: buttonName('立即备份') }).click();
  await expect(card.getByTestId('backup-result')).toHaveAttribute('data-result', 'created', { timeout: 30_000 });
  return backupPage;
}

/**
 * After 恢复 is confirmed: the vault locks with the done message, the old one is kept beside it, and the
 * owner signs in to the restored vault (its one client). Returns the kept folder's name.
 */
async function restoredThenSignIn(page: Page, vault: TestVault): Promise<string[]> {
  await expect(page.getByTestId('unlock-form')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByText('已恢复。原来的保险库保留在')).toBeVisible();
  const kept = await keptVaults(vault);
  expect(kept).toHaveLength(1);
  await submitUnlock(page, OWNER.name, OWNER.password);
  await expect(page.getByTestId('backup-page')).toBeVisible();
  await page.getByRole('button', { name: buttonName('客户档案') }).click();
  await expect(page.getByTestId('client-count')).toHaveText('共 1 家');
  return kept;
}

/** Sets the schedule's folder through the folder dialog stand-in and saves (daily at 18:00, the defaults). */
async function saveSchedule(page: Page, vault: TestVault, folder: string): Promise<void> {
  const form = page.getByTestId('schedule-form');
  vault.dialogs.answerFolder(folder);
  await form.getByRole('button', { name: buttonName('选择文件夹…') }).click();
  await expect(form.getByLabel('备份位置')).toHaveValue(folder);
  // An earlier save's notice must be gone first, so the one seen below is this save's.
  await expect(page.getByText('备份计划已保存。')).toHaveCount(0);
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
    // One assertion on the bar with a phase in words: on a fast machine the run may end soon after it shows.
    await expect(progress.filter({ hasText: /正在(准备|读取保险库文件|加密写入备份|验证备份)/ }).getByRole('progressbar')).toBeVisible();
    await saveScreen('backup-progress');
    const result = card.getByTestId('backup-result');
    // The bar moves off 0 while it runs, or the run is already done: neither waits on the machine's speed.
    await expect
      .poll(async () => (await result.count()) > 0 || ((await progress.getByRole('progressbar').getAttribute('aria-valuenow', { timeout: 1_000 }).catch(() => null)) ?? '0') !== '0', {
        timeout: 60_000,
      })
      .toBe(true);
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

    // 取消 while it writes (the run is held there, so a fast machine cannot finish first):
    // nothing under a final name, no partial left behind.
    vault.backupGate.hold('writing');
    await card.getByRole('button', { name: buttonName('立即备份') }).click();
    await vault.backupGate.reached;
    await expect(progress).toBeVisible();
    await progress.getByRole('button', { name: buttonName('取消') }).click();
    vault.backupGate.release();
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

test('restore (owner): a wrong key is refused by name; the right one verifies as signed by this vault, restores, locks, and the old vault is kept', async ({ page, vault }) => {
  test.setTimeout(120_000);
  const { recoveryKey, fingerprint } = await createVaultWithFingerprint(page);
  const session = vault.manager.session();
  session.clients.create(clientInputSchema.parse({ name: '福州闽江财税咨询有限公司', label: 'internal' }));
  const folder = await tempDir('restore');
  try {
    const backupPage = await backUpNow(page, vault, folder);
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
    const verdict = modal.getByTestId('restore-verified');
    await expect(verdict).toContainText('备份完好', { timeout: 30_000 });
    // 立即备份 in an owner's session is signed by the master key, and carries the fingerprint printed at creation.
    await expect(verdict).toHaveAttribute('data-signature', 'this-vault');
    await expect(verdict).toContainText('本保险库签名（主密钥）');
    await expect(modal.getByTestId('restore-fingerprint')).toHaveText(fingerprint);
    // Nothing to accept: 恢复 is ready as it is.
    await expect(modal.getByTestId('restore-acceptance')).toHaveCount(0);
    await expect(modal.getByRole('checkbox')).toHaveCount(0);
    await expect(modal.getByRole('button', { name: buttonName('恢复') })).toBeEnabled();
    await modal.getByRole('button', { name: buttonName('恢复') }).click();
    const confirm = page.getByRole('dialog', { name: '确定要恢复这个备份吗？' });
    await expect(confirm).toContainText('保险库将回到');
    await expect(confirm.getByTestId('restore-confirm-unsigned')).toHaveCount(0);
    await confirm.getByRole('button', { name: buttonName('恢复') }).click();

    const kept = await restoredThenSignIn(page, vault);
    await rm(join(vault.dir, '..', kept[0]!), { recursive: true, force: true });
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
});

test('restore (owner): a backup not signed by this vault is refused until the owner ticks that they checked it; the restore is audited as accepted', async ({
  page,
  vault,
  saveScreen,
}) => {
  test.setTimeout(180_000);
  const { recoveryKey, fingerprint } = await createVaultWithFingerprint(page);
  vault.manager.session().clients.create(clientInputSchema.parse({ name: '福州闽江财税咨询有限公司', label: 'internal' }));
  const folder = await tempDir('restore-signed');
  const elsewhere = await tempDir('restore-unsigned');
  try {
    const backupPage = await backUpNow(page, vault, folder);
    const [signedName] = (await backupFiles(folder)).done;
    const signed = join(folder, signedName!);

    // A copy of the vault folder made at rest where no backup signer is endorsed: a sound backup of this vault, unsigned.
    await lock(page);
    const unsigned = (await createBackup({ vaultDir: vault.dir }, { out: join(elsewhere, 'copy.zdbk'), appVersion: 'e2e' })).path;
    await submitUnlock(page, OWNER.name, OWNER.password);
    await expect(backupPage).toBeVisible();
    // Added after both backups: gone after the restore.
    vault.manager.session().clients.create(clientInputSchema.parse({ name: '厦门鹭岛进出口贸易有限公司', label: 'internal' }));

    await backupPage.getByTestId('backup-row').getByRole('button', { name: buttonName('恢复…') }).click();
    const modal = page.getByRole('dialog', { name: '从备份恢复' });
    await modal.getByTestId('recovery-key-input').fill(recoveryKey);
    await modal.getByRole('button', { name: buttonName('验证备份') }).click();
    const verdict = modal.getByTestId('restore-verified');
    await expect(verdict).toHaveAttribute('data-signature', 'this-vault', { timeout: 30_000 });
    const restoreButton = modal.getByRole('button', { name: buttonName('恢复') });
    const confirm = page.getByRole('dialog', { name: '确定要恢复这个备份吗？' });

    // The file is swapped for the unsigned copy after it verified: main refuses it, and says who signed.
    await copyFile(unsigned, signed);
    await restoreButton.click();
    await expect(confirm.getByTestId('restore-confirm-unsigned')).toHaveCount(0);
    await confirm.getByRole('button', { name: buttonName('恢复') }).click();
    const error = modal.getByTestId('restore-error');
    await expect(error).toHaveAttribute('data-code', 'BACKUP_UNSIGNED', { timeout: 30_000 });
    await expect(error).toContainText('这个备份没有签名，无法确认它出自本保险库，可能是伪造的。');
    await expect(verdict).toHaveAttribute('data-signature', 'unsigned');
    await expect(verdict).toContainText('未签名');
    await expect(modal.getByTestId('restore-fingerprint')).toHaveText(fingerprint);
    const acceptance = modal.getByTestId('restore-acceptance');
    await expect(acceptance).toContainText('这个备份可能是伪造的');
    await expect(restoreButton).toBeDisabled();
    const accept = acceptance.getByRole('checkbox', { name: '我已核对来源，仍要恢复' });
    await accept.check();
    await expect(restoreButton).toBeEnabled();

    // Choosing the file again drops the verdict and the tick.
    vault.dialogs.answerFiles([signed]);
    await modal.getByRole('button', { name: buttonName('选择备份文件…') }).click();
    await expect(verdict).toHaveCount(0);
    await expect(acceptance).toHaveCount(0);
    await expect(error).toHaveCount(0);
    await expect(restoreButton).toBeDisabled();

    // Verified now as what it is: sound, unsigned, with the same fingerprint; 恢复 waits for the tick.
    await modal.getByRole('button', { name: buttonName('验证备份') }).click();
    await expect(verdict).toHaveAttribute('data-signature', 'unsigned', { timeout: 30_000 });
    await expect(verdict).toContainText('未签名');
    await expect(verdict).toContainText('文件本身校验通过');
    await expect(modal.getByTestId('restore-fingerprint')).toHaveText(fingerprint);
    await expect(accept).not.toBeChecked();
    await expect(restoreButton).toBeDisabled();
    await saveScreen('restore-unsigned');
    await accept.check();
    await expect(restoreButton).toBeEnabled();
    await restoreButton.click();
    await expect(confirm.getByTestId('restore-confirm-unsigned')).toContainText('这个备份没有本保险库的签名，您已确认仍要恢复');
    await confirm.getByRole('button', { name: buttonName('恢复') }).click();

    const kept = await restoredThenSignIn(page, vault);

    // The vault as it was before the restore recorded the refusal, then the restore accepted unsigned.
    const before = await openVault(join(vault.dir, '..', kept[0]!), { recoveryIdentity: recoveryKey }, { stateDir: vault.stateDir });
    try {
      expect(new AuditService(before).listAll({ action: 'backup.restore' })).toMatchObject([
        { outcome: 'failure', detail: { file: signedName, code: 'BACKUP_UNSIGNED' } },
        { outcome: 'success', detail: { file: signedName, signature: 'unsigned', acceptedUnsigned: true } },
      ]);
    } finally {
      await before.close();
    }
    await rm(join(vault.dir, '..', kept[0]!), { recursive: true, force: true });
  } finally {
    await rm(folder, { recursive: true, force: true });
    await rm(elsewhere, { recursive: true, force: true });
  }
});

test('a schedule file changed on disk: scheduled backups stop, the alert shows what it says, the form is not filled with it, saving signs it again', async ({
  page,
  vault,
  saveScreen,
}) => {
  test.setTimeout(120_000);
  await createVaultAndEnter(page);
  const folder = await tempDir('nas');
  const foreignFolder = '/mnt/外来U盘/账盾备份';
  const foreignRecipient = `age1${'q'.repeat(58)}`;
  try {
    await openBackupPage(page);
    await saveSchedule(page, vault, folder);
    await page.getByRole('button', { name: buttonName('客户档案') }).click();
    await expect(page.getByTestId('client-list-page')).toBeVisible();
    await lock(page);

    // Someone who can write the vault folder sends the backups elsewhere, to a key of their own; the signature stays as it was.
    const path = join(vault.dir, SCHEDULE_FILE);
    const file = JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>;
    await writeFile(path, `${JSON.stringify({ ...file, folder: foreignFolder, recipients: [foreignRecipient] }, null, 2)}\n`);

    // At the next unlock, on the client list.
    await submitUnlock(page, OWNER.name, OWNER.password);
    await expect(page.getByTestId('client-list-page')).toBeVisible();
    const alert = page.getByTestId('backup-attention');
    await expect(alert).toHaveAttribute('data-attention', 'schedule-unsigned');
    await expect(alert).toContainText('备份计划没有所有者的签名，已停止自动备份');
    await expect(alert).toContainText('不是由所有者或管理员保存的');
    await expect(alert).toContainText('文件现在写的是（仅供核对，没有被采用）');
    await expect(alert.getByTestId('untrusted-folder')).toHaveText(foreignFolder);
    await expect(alert.getByTestId('untrusted-recipients')).toHaveText(foreignRecipient);
    await expect(alert).toContainText('如果这不是您设置的，请不要照此填写。');

    // 重新设置计划: the form, empty, with the reason above it; the alert there still shows the file's folder.
    await alert.getByRole('button', { name: buttonName('重新设置计划') }).click();
    const backupPage = page.getByTestId('backup-page');
    await expect(backupPage).toBeVisible();
    const form = page.getByTestId('schedule-form');
    await expect(form.getByRole('button', { name: buttonName('选择文件夹…') })).toBeFocused();
    await expect(form.getByRole('button', { name: buttonName('选择文件夹…') })).toBeInViewport();
    await expect(form.getByTestId('schedule-unsigned-note')).toContainText('这里没有沿用 backup-schedule.json 现在的内容');
    await expect(form.getByLabel('备份位置')).toHaveValue('');
    await expect(form.getByLabel('附加接收者（可选）')).toHaveValue('');
    await expect(form).not.toContainText(foreignFolder);
    await expect(backupPage.getByTestId('backup-attention').getByTestId('untrusted-folder')).toHaveText(foreignFolder);
    await saveScreen('backup-schedule-unsigned');

    // Saved again by the owner: signed by the master key, and scheduled backups resume.
    await saveSchedule(page, vault, folder);
    await expect(page.locator('[data-testid="backup-attention"][data-attention="schedule-unsigned"]')).toHaveCount(0);
    await expect(form.getByTestId('schedule-unsigned-note')).toHaveCount(0);
    expect(await readTrustedSchedule(vault.dir, vault.stateDir)).toMatchObject({ folder, recipients: [] });
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
});
