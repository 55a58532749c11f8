import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { clientInputSchema, documentFieldsSchema } from '../../src/shared/contract';
import { expect, test } from './fixtures';
import { dialog, documentRow, openClient } from './document-flows';
import { buttonName, createVaultAndEnter } from './flows';

const CLIENT = '漳州九龙江贸易有限公司';
const OLD = '1995年3月 记账凭证.pdf';
const THIS_YEAR = new Date().getFullYear();
const YOUNG = `${THIS_YEAR}年1月 银行对账单.pdf`;

test('retention: a young document shows its keep-until date and cannot be deleted; an old one goes through a 销毁清册 to a certificate', async ({ page, vault }) => {
  await createVaultAndEnter(page);
  // Documents straight into the vault, with their 所属期, as the other specs seed.
  const s = vault.manager.session();
  const client = s.clients.create(clientInputSchema.parse({ name: CLIENT, label: 'internal' }));
  const seed = async (name: string, fields: Record<string, unknown>) => {
    const o = await s.documents.importBytes(client.id, name, Buffer.from(`${name} 内容`, 'utf8'), documentFieldsSchema.parse(fields));
    if (o.status !== 'imported') throw new Error(name);
    return o.documentId;
  };
  const oldId = await seed(OLD, { category: '凭证', periodYear: 1995, periodMonth: 3 });
  const youngId = await seed(YOUNG, { category: '银行对账单', periodYear: THIS_YEAR, periodMonth: 1 });
  s.documents.trash(youngId);
  await page.reload();
  await expect(page.getByTestId('client-list-page')).toBeVisible();

  // The old voucher's properties: 30 years from the end of 1995.
  await openClient(page, CLIENT);
  await documentRow(page, OLD).getByRole('button', { name: buttonName('编辑') }).click();
  const edit = dialog(page, 'document-edit-modal');
  await expect(edit.getByTestId('document-retention-until')).toHaveText('2025-12-31');
  await expect(edit.getByTestId('document-retention')).toContainText('会计凭证');
  await edit.getByRole('button', { name: buttonName('取消') }).click();
  await expect(edit).toBeHidden();

  // The young statement, in the trash: a permanent delete is refused, with the day it may go.
  await page.getByTestId('trash-tab').click();
  const trashRow = page.getByTestId('trash-row').filter({ hasText: YOUNG });
  await trashRow.getByRole('button', { name: buttonName('永久删除') }).click();
  await page.locator('.ant-modal-confirm').getByRole('button', { name: buttonName('永久删除') }).click();
  await expect(page.getByText(`保管期限未满（须保管至 ${THIS_YEAR + 10}-12-31），不能删除。`)).toBeVisible();
  await expect(trashRow).toBeVisible();

  // Settings: the periods (the owner's to change), and the way to the 销毁清册 page.
  await page.getByTestId('nav-settings').click();
  const periods = page.getByTestId('retention-periods');
  await expect(periods.getByTestId('retention-period-voucher').getByRole('spinbutton')).toHaveValue('30');
  await periods.getByTestId('nav-destruction').click();

  // The 销毁清册 page: the voucher has passed its period; the statement has not.
  const candidates = page.getByTestId('destruction-candidates');
  await expect(candidates).toContainText(OLD);
  await expect(candidates).not.toContainText(YOUNG);
  await page.getByTestId('destruction-create').click();
  const row = page.getByTestId('destruction-lists').locator('tr[data-state]');
  await expect(row).toHaveCount(1);
  await expect(row).toHaveAttribute('data-state', 'open');
  await row.getByTestId('destruction-approve').click();
  await expect(row).toHaveAttribute('data-state', 'approved');
  await row.getByTestId('destruction-execute').click();
  await page.locator('.ant-modal-confirm').getByRole('button', { name: buttonName('确定') }).click();
  await expect(row).toHaveAttribute('data-state', 'done');
  await expect(page.getByText('已销毁 1 份资料，保留 0 份')).toBeVisible();

  // Gone: the record and its blob.
  const sealed = s.vault.repos.documentRecords.byId(oldId);
  expect(sealed).toBeNull();

  // The certificate, through the save dialog.
  const target = join(vault.dir, '..', '销毁证明.pdf');
  vault.dialogs.answerSave(target);
  await row.getByTestId('destruction-certificate').click();
  await expect(page.getByText(`销毁证明已保存到：${target}`)).toBeVisible();
  expect(existsSync(target)).toBe(true);
  const text = execFileSync('pdftotext', [target, '-'], { encoding: 'utf8' });
  expect(text).toContain('会计档案销毁证明');
  expect(text).toContain(OLD);
  expect(text).toContain(CLIENT);

  // Every step is in the audit log.
  const actions = [...s.vault.repos.audit.iterate()].map((e) => e.action);
  for (const action of ['destruction.create', 'destruction.approve', 'destruction.execute', 'doc.destroy', 'destruction.certificate']) expect(actions).toContain(action);
  expect(actions.filter((a) => a === 'doc.delete')).toHaveLength(1);
});
