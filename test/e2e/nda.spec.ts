import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { addDays, localDay } from '../../src/shared/staff-compliance';
import { expect, test } from './fixtures';
import { buttonName, createVaultAndEnter, lock, OWNER, submitUnlock } from './flows';

const ACCOUNTANT = { name: '李会计', password: 'Staff-e2e-2025!' } as const;
const DAY = 24 * 3600 * 1000;

test('the owner records an accountant’s agreement on the staff page; past expiry and grace the accountant’s unlock is refused with a clear message', async ({ page, vault }) => {
  // Several Argon2id unlocks: a cap against a hang, not a speed assertion.
  test.slow();
  await createVaultAndEnter(page);
  await vault.manager.session().staff.add(ACCOUNTANT.name, 'accountant', Buffer.from(ACCOUNTANT.password, 'utf8'));
  await page.getByTestId('nav-staff').click();
  await expect(page.getByTestId('staff-page')).toBeVisible();
  const row = page.locator('[data-testid="staff-row"][data-name="李会计"]');
  await expect(row.getByTestId('staff-nda-state')).toHaveAttribute('data-state', 'missing');

  // The owner's rule: a valid agreement to unlock, 14 days of grace.
  await page.getByTestId('nda-policy-required').click();
  await page.getByTestId('nda-policy-card').getByLabel('过期后宽限天数').fill('14');
  await page.getByTestId('nda-policy-save').click();
  await expect(page.getByText('已保存保密协议要求')).toBeVisible();
  await expect(page.getByTestId('nda-policy-state')).toContainText('起执行');

  // The agreement, signed today for 30 days, with its signed scan.
  const today = localDay(new Date());
  const expires = addDays(today, 30);
  const scan = join(vault.dir, '..', '保密协议-李会计.pdf');
  writeFileSync(scan, '%PDF-1.4 签字页');
  await row.getByTestId('staff-compliance').click();
  const drawer = page.getByTestId('staff-compliance-drawer');
  await expect(drawer).toBeVisible();
  await drawer.getByTestId('nda-signed').fill(today);
  await drawer.getByTestId('nda-expires').fill(expires);
  await drawer.getByTestId('nda-policy-version').fill('2026版');
  vault.dialogs.answerFiles([scan]);
  await drawer.getByTestId('nda-record').click();
  await expect(page.getByText('已登记保密协议')).toBeVisible();
  await expect(drawer.getByTestId('nda-item')).toContainText('保密协议-李会计.pdf');
  await drawer.getByTestId('training-topic').fill('客户信息保密意识');
  await drawer.getByTestId('training-record').click();
  await expect(drawer.getByTestId('training-item')).toContainText('客户信息保密意识');
  await page.locator('.ant-drawer-close').click();
  await expect(drawer).toBeHidden();
  // Thirty days left: valid, and already due a reminder.
  await expect(row.getByTestId('staff-nda-state')).toHaveAttribute('data-state', 'valid');
  await expect(row.getByTestId('staff-nda-state')).toHaveText(`${expires} 到期`);

  // The accountant signs in today: reminded of the expiry.
  await lock(page);
  await submitUnlock(page, ACCOUNTANT.name, ACCOUNTANT.password);
  await expect(page.getByTestId('current-staff')).toContainText(ACCOUNTANT.name);
  await expect(page.getByTestId('unlock-nda-own')).toContainText(`您的保密协议将于 ${expires} 到期（还有 30 天）`);

  // 46 days later: expired 16 days ago, past the 14 days of grace.
  await lock(page);
  vault.clock.set(vault.clock.now() + 46 * DAY);
  await submitUnlock(page, ACCOUNTANT.name, ACCOUNTANT.password);
  await expect(page.getByTestId('unlock-form')).toContainText(
    `您的保密协议已过期或尚未登记（宽限期已于 ${addDays(expires, 14)} 结束），无法解锁。请签署新的保密协议并请管理员登记。`,
  );
  expect(vault.manager.status().state).toBe('locked');

  // The owner is never locked out, and is told who needs a new agreement.
  await submitUnlock(page, OWNER.name, OWNER.password);
  await expect(page.getByTestId('current-staff')).toContainText(OWNER.name);
  await expect(page.getByTestId('unlock-nda-attention')).toContainText('1 名员工的保密协议');
  await page.getByTestId('unlock-nda-open').click();
  await expect(page.locator('[data-testid="staff-row"][data-name="李会计"]').getByTestId('staff-nda-state')).toHaveAttribute('data-state', 'blocked');
  await expect(page.getByRole('button', { name: buttonName('锁定') })).toBeVisible();

  // The compliance self-check from the audit page: the PDF where the save dialog says, the JSON beside it.
  await page.getByTestId('nav-audit').click();
  const target = join(vault.dir, '..', '合规自查报告.pdf');
  vault.dialogs.answerSave(target);
  await page.getByTestId('compliance-export').click();
  await expect(page.getByText(`合规自查报告已保存到 ${target}`)).toBeVisible();
  expect(readFileSync(target).subarray(0, 5).toString('latin1')).toBe('%PDF-');
  const json = JSON.parse(readFileSync(join(vault.dir, '..', '合规自查报告.json'), 'utf8')) as { items: { id: string; status: string }[] };
  expect(json.items.find((i) => i.id === 'nda')?.status).toBe('missing');
  expect(existsSync(target)).toBe(true);
});
