/**
 * 解除委托 from the client page: the step-by-step dialog writes the hand-back package (the passphrase
 * shown once opens it; index.csv lists the document with its SHA-256), the client becomes 已解除委托,
 * and the client list shows it under that status.
 */
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Decrypter } from 'age-encryption';
import { clientInputSchema, documentFieldsSchema } from '../../src/shared/contract';
import { dialog, openClient } from './document-flows';
import { expect, test } from './fixtures';
import { buttonName, chooseOption, createVaultAndEnter } from './flows';

const CLIENT = '泉州晋江鞋服有限公司';
const BYTES = Buffer.from('2025年12月 工资表\n', 'utf8');

test('ends a client from its page: package exported with the passphrase shown once, then 已解除委托 in the list', async ({ page, vault, saveScreen }) => {
  await createVaultAndEnter(page);
  const session = vault.manager.session();
  const client = session.clients.create(clientInputSchema.parse({ name: CLIENT }));
  const outcome = await session.documents.importBytes(client.id, '工资表.txt', BYTES, documentFieldsSchema.parse({ category: '工资表', periodYear: 2025, periodMonth: 12 }));
  if (outcome.status !== 'imported') throw new Error('could not import');
  await page.reload();
  const detail = await openClient(page, CLIENT);

  await detail.getByTestId('client-end').click();
  const modal = dialog(page, 'handback-modal');
  // Credentials are off unless ticked, and ticking them shows their own warning.
  const credentials = modal.getByRole('checkbox', { name: '包含账号密码' });
  await expect(credentials).not.toBeChecked();
  await credentials.check();
  await expect(modal.getByTestId('handback-credentials-warning')).toContainText('明文');
  await credentials.uncheck();
  await expect(modal.getByTestId('handback-credentials-warning')).toHaveCount(0);
  await modal.getByTestId('handback-next').click();

  await expect(modal.getByTestId('handback-next')).toBeDisabled();
  await modal.getByTestId('handback-reason').fill('合同到期，客户转至其他代账公司');
  await modal.getByTestId('handback-next').click();

  const out = await mkdtemp(join(tmpdir(), 'zhangdun-handback-'));
  const target = join(out, 'handback.tar.age');
  vault.dialogs.answerSave(target);
  await modal.getByTestId('handback-export').click();
  const shown = modal.getByTestId('handback-passphrase');
  await expect(shown).toHaveText(/^(\w{4}-){5}\w{4}$/);
  await expect(modal.getByTestId('handback-passphrase-copy')).toBeVisible();
  await expect(modal).toContainText('只显示这一次');
  const passphrase = (await shown.textContent())!;
  expect(vault.dialogs.opened).toEqual([expect.stringMatching(new RegExp(`^save:${CLIENT} 移交资料包 \\d{4}-\\d{2}-\\d{2}\\.tar\\.age$`))]);
  await saveScreen('handback-passphrase');

  const decrypter = new Decrypter();
  decrypter.addPassphrase(passphrase);
  const tar = Buffer.from(await decrypter.decrypt(await readFile(target)));
  expect(execFileSync('tar', ['-t'], { input: tar, encoding: 'utf8' }).trim().split('\n')).toEqual(['files/工资表.txt', '客户资料.json', 'index.csv', 'index.pdf']);
  expect(execFileSync('tar', ['-xO', 'index.csv'], { input: tar, encoding: 'utf8' })).toContain(createHash('sha256').update(BYTES).digest('hex'));

  await modal.getByTestId('handback-next').click();
  await expect(modal.getByTestId('handback-confirm-text')).toContainText('授权全部收回');
  await modal.getByTestId('handback-confirm').click();
  await expect(page.getByTestId('handback-modal')).toHaveCount(0);
  await expect(page.getByTestId('client-passphrase')).toHaveCount(0);
  await expect(detail.getByTestId('client-status')).toHaveText('已解除委托');
  await expect(detail.getByTestId('client-ended-alert')).toBeVisible();
  await expect(detail.getByTestId('client-end')).toHaveCount(0);
  // Read-only: nothing is offered that main would refuse (CLIENT_ENDED).
  await expect(detail.getByRole('button', { name: buttonName('导入文件') })).toHaveCount(0);
  await expect(detail.getByRole('button', { name: buttonName('编辑') })).toHaveCount(0);
  await saveScreen('handback-ended');

  await page.getByRole('button', { name: buttonName('返回客户列表') }).click();
  const list = page.getByTestId('client-list-page');
  await expect(list.getByTestId('client-row').filter({ hasText: CLIENT })).toHaveCount(0);
  await chooseOption(page, list.getByTestId('status-filter'), '已解除委托');
  const row = list.getByTestId('client-row').filter({ hasText: CLIENT });
  await expect(row.getByTestId('client-ended-tag')).toContainText('已解除委托');
  await saveScreen('handback-list');
  expect(session.audit.listAll({ clientId: client.id }).filter((e) => e.outcome === 'success').map((e) => e.action)).toEqual(expect.arrayContaining(['client.handback', 'client.end']));
});
