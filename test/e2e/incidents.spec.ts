import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { clientInputSchema, documentFieldsSchema } from '../../src/shared/contract';
import { expect, test } from './fixtures';
import { buttonName, createVaultAndEnter, lock, OWNER, submitUnlock, switchTo } from './flows';

const ACCOUNTANT = { name: '张会计', password: 'Staff-e2e-2025!' } as const;
const CLIENT = '漳州九龙江食品有限公司';
const EXPORTS = 30;

test('an accountant exports 30 documents: the owner sees the alert, suspends them, opens an incident from it and exports the client notice; their next unlock is refused', async ({ page, vault }) => {
  // Five Argon2id unlocks and thirty imports: a cap against a hang, not a speed assertion.
  test.slow();
  await createVaultAndEnter(page);
  // The accountant and a client with 30 documents, granted: straight into the vault, as the other specs seed. Default thresholds.
  const s = vault.manager.session();
  const accountant = await s.staff.add(ACCOUNTANT.name, 'accountant', Buffer.from(ACCOUNTANT.password, 'utf8'));
  const client = s.clients.create(clientInputSchema.parse({ name: CLIENT, label: 'internal' }));
  const docs: string[] = [];
  for (let i = 1; i <= EXPORTS; i++) {
    const outcome = await s.documents.importBytes(client.id, `凭证-${i}.txt`, Buffer.from(`记账凭证 ${i}`, 'utf8'), documentFieldsSchema.parse({ category: '记账凭证' }));
    if (outcome.status !== 'imported') throw new Error(outcome.status);
    docs.push(outcome.documentId);
  }
  await s.access.grant(client.id, accountant.id);
  await page.reload();
  await expect(page.getByTestId('client-list-page')).toBeVisible();

  // The accountant unlocks and exports all 30 within a minute or two: through their session (30 dialogs add nothing), so the real rules see them.
  await switchTo(page, ACCOUNTANT);
  const mine = vault.manager.session();
  expect(mine.vault.staff.name).toBe(ACCOUNTANT.name);
  for (const [i, id] of docs.entries()) await mine.documents.exportWithPolicy(id, '', async () => join(vault.dir, '..', `export-${i}.txt`));

  // The owner is told at unlock and goes to the 警报 page.
  await switchTo(page, OWNER);
  await page.getByTestId('unlock-alerts').getByTestId('unlock-alerts-open').click();
  await expect(page.getByTestId('alerts-page')).toBeVisible();
  // Other rules may fire too (a first access; exports at night): the burst is the one this flow is about.
  const row = page.locator('tr').filter({ has: page.locator('[data-rule="doc-burst"]') });
  await expect(row).toHaveCount(1);
  await expect(row.getByTestId('alert-who')).toHaveText(ACCOUNTANT.name);

  // Suspend from the alert.
  await row.getByTestId('alert-suspend').click();
  await page.locator('.ant-modal-confirm').getByRole('button', { name: buttonName('确定') }).click();
  await expect(row.getByTestId('alert-suspended')).toBeVisible();

  // Open an incident from it: the accountant, the client and the exports are already there.
  await row.getByTestId('alert-open-incident').click();
  const detail = page.getByTestId('incident-detail');
  await expect(detail).toBeVisible();
  await expect(page.getByTestId('incident-title')).toContainText('短时间内大量查看或导出资料');
  await expect(page.getByTestId('incident-staff')).toHaveText(ACCOUNTANT.name);
  await expect(page.getByTestId('incident-affected-name')).toHaveText(CLIENT);
  await expect(page.getByTestId('incident-affected')).toContainText(`记账凭证 ${EXPORTS} 份`);
  await page.getByTestId('incident-action-text').fill('已电话通知客户');
  await page.getByTestId('incident-action-add').click();
  await expect(page.getByTestId('incident-actions')).toContainText('已电话通知客户');

  // The client's notice: edited, then exported as PDF through the save dialog.
  const draft = page.getByTestId('incident-draft-text');
  await expect(draft).toHaveValue(new RegExp(`^致：${CLIENT}`));
  // The measures taken: the suspension made from the alert, and the action recorded here.
  await expect(draft).toHaveValue(new RegExp(`已暂停员工${ACCOUNTANT.name}的访问权限`));
  await expect(draft).toHaveValue(/已电话通知客户/);
  await draft.fill(`${await draft.inputValue()}\n补充说明：请尽快修改电子税务局密码。`);
  const target = join(vault.dir, '..', '告知函.pdf');
  vault.dialogs.answerSave(target);
  await page.getByTestId('incident-draft-export').click();
  await expect(page.getByText(`已导出到：${target}`)).toBeVisible();
  expect(existsSync(target)).toBe(true);
  const text = execFileSync('pdftotext', [target, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
  for (const phrase of [CLIENT, '个人信息安全事件告知函', '涉及的个人信息种类', '补救措施', '减轻危害的措施', '联系方式', '补充说明：请尽快修改电子税务局密码。']) expect(text).toContain(phrase);
  expect(vault.manager.session().audit.listAll({ action: 'incident.export' }).map((e) => [e.clientName, e.detail.edited])).toEqual([[CLIENT, true]]);

  // The accountant's next unlock is refused, with the clear message.
  await lock(page);
  await submitUnlock(page, ACCOUNTANT.name, ACCOUNTANT.password);
  await expect(page.getByTestId('unlock-form')).toContainText('您的访问已被暂停，请联系管理员');
  expect(vault.manager.status().state).toBe('locked');
});
