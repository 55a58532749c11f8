import { join } from 'node:path';
import { clientInputSchema, documentFieldsSchema } from '../../src/shared/contract';
import { expect, test } from './fixtures';
import { documentRow, openClient } from './document-flows';
import { buttonName, createVaultAndEnter, lock, OWNER, submitUnlock, switchTo } from './flows';

const ACCOUNTANT = { name: '李会计', password: 'Staff-e2e-2025!' } as const;
const CLIENT = '泉州安溪茶业有限公司';
const DOCS = ['银行对账单-1月.txt', '银行对账单-2月.txt', '银行对账单-3月.txt'];

test('an accountant exports documents quickly: the owner sees the alert at unlock, suspends them, their unlock is refused, the owner lifts it', async ({ page, vault }) => {
  // Six Argon2id unlocks: a cap against a hang, not a speed assertion.
  test.slow();
  await createVaultAndEnter(page);
  // The accountant, an internal client with three documents, granted: straight into the vault, as the other specs seed.
  const s = vault.manager.session();
  const accountant = await s.staff.add(ACCOUNTANT.name, 'accountant', Buffer.from(ACCOUNTANT.password, 'utf8'));
  const client = s.clients.create(clientInputSchema.parse({ name: CLIENT, label: 'internal' }));
  for (const name of DOCS) await s.documents.importBytes(client.id, name, Buffer.from(`${name} 内容`, 'utf8'), documentFieldsSchema.parse({}));
  await s.access.grant(client.id, accountant.id);
  await page.reload();
  await expect(page.getByTestId('client-list-page')).toBeVisible();

  // The owner lowers the threshold: three documents within ten minutes.
  await page.getByTestId('nav-alerts').click();
  await expect(page.getByTestId('alerts-page')).toBeVisible();
  const burst = page.getByTestId('alert-setting-doc-burst');
  await burst.getByLabel('次数').fill('3');
  await page.getByTestId('alert-settings-save').click();
  await expect(page.getByText('警报规则已保存')).toBeVisible();

  // The accountant exports all three.
  await switchTo(page, ACCOUNTANT);
  await openClient(page, CLIENT);
  for (const [i, name] of DOCS.entries()) {
    const target = join(vault.dir, '..', `export-${i}.txt`);
    vault.dialogs.answerSave(target);
    await documentRow(page, name).getByRole('button', { name: buttonName('导出') }).click();
    await expect(page.getByText(`已导出到：${target}`)).toBeVisible();
  }

  // The owner is told at unlock and opens the 警报 page from there.
  await switchTo(page, OWNER);
  const notice = page.getByTestId('unlock-alerts');
  await expect(notice).toBeVisible();
  await notice.getByTestId('unlock-alerts-open').click();
  await expect(page.getByTestId('alerts-page')).toBeVisible();
  const row = page.locator('tr').filter({ has: page.locator('[data-rule="doc-burst"]') });
  await expect(row).toHaveCount(1);
  await expect(row.getByTestId('alert-who')).toHaveText(ACCOUNTANT.name);
  await expect(row).toContainText('短时间内大量查看或导出资料');
  await expect(row).toContainText('3 次 / 10 分钟（阈值 3）');

  // The events behind it: the three exports.
  await row.locator('.ant-table-row-expand-icon').click();
  const events = page.getByTestId('alert-events');
  await expect(events.locator('tbody tr').filter({ hasText: '导出资料' })).toHaveCount(3);

  // Suspend from the alert.
  await row.getByTestId('alert-suspend').click();
  await page.locator('.ant-modal-confirm').getByRole('button', { name: buttonName('确定') }).click();
  await expect(row.getByTestId('alert-suspended')).toBeVisible();

  // Acknowledge it with a note.
  await row.getByTestId('alert-ack').click();
  await page.getByTestId('alert-ack-note').fill('已暂停访问，待核实');
  await page.getByRole('dialog').filter({ hasText: '处理警报' }).getByRole('button', { name: buttonName('处理') }).click();
  await expect(row.getByTestId('alert-acked')).toContainText('已暂停访问，待核实');

  // The accountant's next unlock is refused, with the clear message.
  await lock(page);
  await submitUnlock(page, ACCOUNTANT.name, ACCOUNTANT.password);
  await expect(page.getByTestId('unlock-form')).toContainText('您的访问已被暂停，请联系管理员');
  expect(vault.manager.status().state).toBe('locked');

  // The owner lifts it; the accountant is back in.
  await submitUnlock(page, OWNER.name, OWNER.password);
  await expect(page.getByTestId('current-staff')).toContainText(OWNER.name);
  await page.getByTestId('nav-alerts').click();
  const lifted = page.locator('tr').filter({ has: page.locator('[data-rule="doc-burst"]') });
  await lifted.getByTestId('alert-unsuspend').click();
  await page.locator('.ant-modal-confirm').getByRole('button', { name: buttonName('确定') }).click();
  await expect(lifted.getByTestId('alert-suspended')).toBeHidden();
  // Back in, on the client page they last had open (each person resumes where they left off).
  await switchTo(page, ACCOUNTANT);
  await expect(page.getByTestId('client-detail-name')).toHaveText(CLIENT);
});
