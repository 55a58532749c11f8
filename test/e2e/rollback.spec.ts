import type { Page } from '@playwright/test';
import { copyFile, mkdir, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { clientInputSchema } from '../../src/shared/contract';
import type { UnlockProgress } from '../../src/shared/domain';
import type { Result } from '../../src/shared/errors';
import { dialog } from './document-flows';
import { expect, test } from './fixtures';
import { buttonName, createVaultAndEnter, lock, OWNER, submitUnlock } from './flows';
import type { TestVault } from './harness/test-vault';

const ACCOUNTANT = { name: '陈会计', password: 'Staff-e2e-2025!' } as const;
/**
 * Enough clients that remaking the owner's own copy (their view) from the older vault.db takes several
 * batches, so the unlock runs for more than a moment and reports progress.
 */
const CLIENTS = 4000;
const LATER = '漳州后加贸易有限公司';
const CONFIRM = '我已核实，继续打开';

/** vault.db (and any -wal/-shm beside it) copied aside while the vault is locked. */
async function setAside(vault: TestVault): Promise<string> {
  const aside = join(vault.stateDir, '..', 'vault-db-aside');
  await mkdir(aside);
  for (const name of await readdir(vault.dir)) {
    if (name.startsWith('vault.db')) await copyFile(join(vault.dir, name), join(aside, name));
  }
  return aside;
}

/** What someone with access to the folder could do: put the older vault.db back in its place. */
async function putBack(vault: TestVault, aside: string): Promise<void> {
  for (const name of await readdir(vault.dir)) {
    if (name.startsWith('vault.db')) await rm(join(vault.dir, name));
  }
  for (const name of await readdir(aside)) await copyFile(join(aside, name), join(vault.dir, name));
}

/** Notes, in the page, the phase and label of every unlock progress bar that is drawn (it may show only briefly). */
const PROGRESS_WATCHER = `(() => {
  const seen = (window.__seenUnlockProgress = []);
  new MutationObserver(() => {
    for (const bar of document.querySelectorAll('[data-testid="unlock-progress"]')) {
      seen.push(bar.getAttribute('data-phase') + ' ' + bar.textContent);
    }
  }).observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
})()`;

async function seenProgress(page: Page): Promise<string[]> {
  return (await page.evaluate('window.__seenUnlockProgress')) as string[];
}

test('an older vault.db put back: the alarm first; an accountant cannot confirm, the owner can (then the progress) and is told', async ({ page, vault, ipcHooks, saveScreen }) => {
  await createVaultAndEnter(page);
  const session = vault.manager.session();
  // One transaction for all of them: a seed of seconds, not minutes.
  session.vault.write(() => {
    for (let i = 0; i < CLIENTS; i++) session.clients.create(clientInputSchema.parse({ name: `福州第${i}号贸易有限公司`, label: 'internal' }));
  });
  await session.staff.add(ACCOUNTANT.name, 'accountant', Buffer.from(ACCOUNTANT.password, 'utf8'));
  await lock(page);
  const aside = await setAside(vault);

  // Both see the vault as it is after the copy: the accountant signs in once, the owner adds a client.
  await submitUnlock(page, ACCOUNTANT.name, ACCOUNTANT.password);
  await expect(page.getByTestId('client-list-page')).toBeVisible();
  await lock(page);
  await submitUnlock(page, OWNER.name, OWNER.password);
  await expect(page.getByTestId('client-list-page')).toBeVisible();
  vault.manager.session().clients.create(clientInputSchema.parse({ name: LATER, label: 'internal' }));
  await lock(page);
  await putBack(vault, aside);

  // The accountant is warned, and main refuses their confirmation: only an owner or admin may.
  const alarm = page.getByTestId('rollback-alarm');
  const modal = dialog(page, 'rollback-confirm-modal');
  await submitUnlock(page, ACCOUNTANT.name, ACCOUNTANT.password);
  await expect(alarm).toContainText('警告：保险库比您上次打开时更旧');
  await expect(alarm).toContainText('可能有人把一份旧副本放在了它的位置');
  await expect(alarm).toContainText('联系所有者');
  await alarm.getByRole('button', { name: buttonName(CONFIRM) }).click();
  // The password is asked again: it was not kept.
  await expect(modal.getByLabel('密码')).toHaveValue('');
  await modal.getByLabel('密码').fill(ACCOUNTANT.password);
  await modal.getByRole('button', { name: buttonName(CONFIRM) }).click();
  await expect(modal).toBeHidden();
  await expect(alarm.getByTestId('rollback-only-master')).toHaveText('只有所有者或管理员可以确认继续打开这个较旧的保险库。请联系所有者。');
  await expect(alarm.getByRole('button', { name: buttonName(CONFIRM) })).toHaveCount(0);
  await expect(page.getByTestId('start-page')).toHaveAttribute('data-state', 'locked');
  await saveScreen('unlock-rollback-refused');

  // The owner: the same alarm, before anything is derived from the older vault.db.
  await submitUnlock(page, OWNER.name, OWNER.password);
  await expect(alarm).toContainText('警告：保险库比您上次打开时更旧');
  await saveScreen('unlock-rollback-alarm');

  // Confirmed: the own copy is remade from the older vault.db (progress), then the list.
  const progress: UnlockProgress[] = [];
  ipcHooks.onResponse = (channel, payload) => {
    const result = payload as Result<UnlockProgress | null>;
    if (channel === 'vaultUnlockProgress' && result.ok && result.data) progress.push(result.data);
  };
  await page.evaluate(PROGRESS_WATCHER);
  await alarm.getByRole('button', { name: buttonName(CONFIRM) }).click();
  await expect(modal).toContainText('比它新的更改不会回来');
  await modal.getByLabel('密码').fill(OWNER.password);
  await modal.getByRole('button', { name: buttonName(CONFIRM) }).click();

  await expect(page.getByTestId('client-list-page')).toBeVisible();
  expect(progress.length, 'main reported the unlock’s progress while the page asked').toBeGreaterThan(0);
  expect(progress.every((p) => p.phase === 'view' && p.total === CLIENTS && p.done <= p.total)).toBe(true);
  expect(await seenProgress(page)).toContainEqual(expect.stringMatching(/^view 正在准备您的资料…/));
  const notice = page.getByTestId('unlock-notice');
  await expect(notice).toHaveAttribute('data-notice', 'rollback-accepted');
  await expect(notice).toContainText('已确认使用较旧的保险库');
  await saveScreen('unlock-notice-rollback-accepted');
  // The client added after the copy is not in it.
  await page.getByPlaceholder('搜索客户名称、信用代码或联系人').fill(LATER);
  await expect(page.getByTestId('client-count')).toContainText('共 0 家');
  await expect(page.getByTestId('client-row')).toHaveCount(0);
  const audit = vault.manager.session().audit;
  expect(audit.listAll({ action: 'vault.rollback.accept' })).toHaveLength(1);
  expect(audit.listAll({ action: 'vault.rollback', outcome: 'denied' })).toHaveLength(3);

  await notice.getByRole('button', { name: '关闭提示' }).click();
  await expect(notice).toHaveCount(0);
});
