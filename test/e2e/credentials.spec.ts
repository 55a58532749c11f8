import type { Locator } from '@playwright/test';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { credentialInputSchema } from '../../src/shared/credential-schemas';
import { addCredential, credentialCard, dayFromToday, openCredentialsTab, seedClientAndOpenCredentials, totpAt } from './credential-flows';
import { dialog } from './document-flows';
import { expect, test } from './fixtures';
import { buttonName, chooseOption, createVaultAndEnter, globalSearch, lock, OWNER, submitUnlock } from './flows';

const CLIENT = '泉州清源山茶业有限公司';
const ETAX = { login: '91350500MA31C7QX2K', password: 'Etax-Pw-7Qx!2025' } as const;
const BANK = { totp: 'JBSWY3DPEHPK3PXP' } as const;
const CERT = { login: 'CA-QX-0007', certPassword: '731946', file: '清源山-CA证书.pfx', bytes: Buffer.from('PFX-QX-certificate-bytes', 'utf8') } as const;

async function userSelect(locator: Locator): Promise<string> {
  return locator.evaluate((el) => (globalThis as unknown as { getComputedStyle(e: unknown): { userSelect: string } }).getComputedStyle(el).userSelect);
}

test('账号密码: a 电子税务局 password copied through main and cleared after 30 s, a TOTP code, a certificate expiring in 20 days reminded at unlock', async ({
  page,
  vault,
  ipcHooks,
  saveScreen,
}) => {
  // Two unlocks' Argon2id and many form round trips: under a loaded CPU this takes well over a minute.
  test.setTimeout(180_000);
  // Which answers to the page carried a secret: only an explicit 显示 may.
  const carriers = new Map<string, Set<string>>();
  ipcHooks.onResponse = (channel, payload) => {
    const text = JSON.stringify(payload);
    for (const secret of [ETAX.password, BANK.totp, CERT.certPassword]) {
      if (text.includes(secret)) carriers.set(secret, new Set([...(carriers.get(secret) ?? []), channel]));
    }
  };
  const files = await mkdtemp(join(tmpdir(), 'zhangdun-e2e-cred-'));
  try {
    await createVaultAndEnter(page);
    await seedClientAndOpenCredentials(page, vault, CLIENT);
    await expect(page.getByTestId('cred-empty')).toBeVisible();

    // 电子税务局: the form suggests the title and the address; the strength shows as the password is typed.
    await page.getByTestId('cred-add').click();
    const form = dialog(page, 'cred-form');
    await expect(form.getByTestId('cred-form-title')).toHaveValue('电子税务局');
    await expect(form.getByTestId('cred-form-url')).toHaveValue('https://etax.chinatax.gov.cn');
    await form.getByTestId('cred-form-password').fill('123456');
    await expect(form.getByTestId('cred-form-password-strength')).toHaveAttribute('data-score', /^[01]$/);
    await form.getByTestId('cred-form-password').fill(ETAX.password);
    await expect(form.getByTestId('cred-form-password-strength')).toHaveAttribute('data-score', /^[234]$/);
    await form.getByTestId('cred-form-login').fill(ETAX.login);
    await saveScreen('credentials-form');
    await form.getByRole('button', { name: buttonName('保存') }).click();
    await expect(form).toBeHidden();
    const etax = credentialCard(page, '电子税务局');
    await expect(etax.getByTestId('cred-login')).toHaveText(ETAX.login);
    await expect(etax.getByTestId('cred-secret-password')).toHaveText('••••••••');

    // 复制: main puts it on its clipboard, says for how long, and clears it after 30 s on its clock.
    await etax.getByTestId('cred-secret-password-copy').click();
    await expect(page.getByText('已复制，30 秒后自动清除').first()).toBeVisible();
    await expect.poll(() => vault.clipboard.text).toBe(ETAX.password);
    vault.clock.advance(29_000);
    expect(vault.clipboard.text).toBe(ETAX.password);
    vault.clock.advance(1_000);
    await expect.poll(() => vault.clipboard.text).toBe('');
    expect(carriers.get(ETAX.password)).toBeUndefined();

    // 显示: shown briefly, not selectable; 隐藏 puts the mask back.
    await etax.getByTestId('cred-secret-password-reveal').click();
    await expect(etax.getByTestId('cred-secret-password')).toHaveText(ETAX.password);
    expect(await userSelect(etax.getByTestId('cred-secret-password'))).toBe('none');
    await etax.getByTestId('cred-secret-password-hide').click();
    await expect(etax.getByTestId('cred-secret-password')).toHaveText('••••••••');
    expect([...(carriers.get(ETAX.password) ?? [])]).toEqual(['credReveal']);

    // 网银·U盾 with a TOTP seed: 显示动态口令 gives the code of now, counting down here.
    await addCredential(page, { kind: '网银·U盾', login: 'qx-bank', secrets: { password: 'Bank-Pw-QX-88', pin: '135790' }, totp: BANK.totp });
    const bank = credentialCard(page, '网银·U盾');
    const show = bank.getByTestId('cred-totp-show');
    const before = Date.now();
    await show.click();
    // A code fetched in its last second may run out before it is read: then it is fetched again, as a person would.
    let shown = { code: '', remaining: '' };
    await expect(async () => {
      if (await show.isVisible()) await show.click();
      shown = {
        code: (await bank.getByTestId('cred-totp-code').textContent({ timeout: 2_000 })) ?? '',
        remaining: (await bank.getByTestId('cred-totp-remaining').textContent({ timeout: 2_000 })) ?? '',
      };
    }).toPass();
    expect(shown.code).toMatch(/^\d{6}$/);
    expect(shown.remaining).toMatch(/^\d+ 秒后失效$/);
    const windows = Array.from({ length: Math.ceil((Date.now() - before) / 30_000) + 1 }, (_, i) => totpAt(BANK.totp, before + i * 30_000));
    expect(windows).toContain(shown.code);
    expect(carriers.get(BANK.totp)).toBeUndefined();

    // CA数字证书 expiring in 20 days, with its file attached through main's open dialog.
    await addCredential(page, { kind: 'CA数字证书', login: CERT.login, secrets: { certPassword: CERT.certPassword }, expiresOn: dayFromToday(20) });
    const cert = credentialCard(page, 'CA数字证书');
    await expect(cert.getByTestId('cred-expiry-tag')).toHaveText('20 天后到期');
    const pfx = join(files, CERT.file);
    await writeFile(pfx, CERT.bytes);
    vault.dialogs.answerFiles([pfx]);
    await cert.getByTestId('cred-certificate-upload').click();
    await expect(cert.getByTestId('cred-certificate-name')).toContainText(CERT.file);

    // 导出证书 asks why first (required), then main's save dialog.
    await cert.getByTestId('cred-certificate-export').click();
    const reason = dialog(page, 'cred-export-reason-modal');
    await reason.getByRole('button', { name: buttonName('继续') }).click();
    await expect(reason.getByText('请填写导出原因')).toBeVisible();
    await reason.getByLabel('导出原因').fill('客户新电脑安装证书');
    const exported = join(files, 'exported.pfx');
    vault.dialogs.answerSave(exported);
    await reason.getByRole('button', { name: buttonName('继续') }).click();
    await expect(reason).toBeHidden();
    await expect(page.getByText(`证书已导出到：${exported}`)).toBeVisible();
    expect(await readFile(exported)).toEqual(CERT.bytes);
    await expect(page.getByTestId('cred-tab')).toContainText('账号密码（3）');
    await saveScreen('credentials-client-tab');

    // A fresh unlock reminds of what expires within 30 days and leads to the page.
    await lock(page);
    await submitUnlock(page, OWNER.name, OWNER.password);
    const reminder = page.getByTestId('expiry-reminder');
    await expect(reminder).toContainText('1 个账号或证书将在 30 天内到期');
    await reminder.getByTestId('expiry-reminder-open').click();
    const expiring = page.getByTestId('cred-page').getByTestId('cred-expiring-table');
    const row = expiring.locator('[data-testid="cred-row"][data-title="CA数字证书"]');
    await expect(row).toContainText(CLIENT);
    await expect(row).toContainText('20 天后到期');
    await expect(expiring.getByTestId('cred-row')).toHaveCount(1);
    await saveScreen('credentials-expiring');

    // Search finds a credential by its login (never by a password) and opens the client's 账号密码.
    await globalSearch(page, 'CA-QX');
    const hit = page.getByTestId('search-credential').filter({ hasText: 'CA数字证书' });
    await expect(hit).toContainText(CLIENT);
    await hit.click();
    await expect(page.getByTestId('cred-panel')).toBeVisible();
    await expect(credentialCard(page, 'CA数字证书')).toBeVisible();
    await globalSearch(page, ETAX.password.slice(0, 8));
    await expect(page.getByText('没有找到匹配的客户、资料或账号')).toBeVisible();
    await expect(page.getByTestId('search-credential')).toHaveCount(0);

    expect(carriers.get(CERT.certPassword)).toBeUndefined();
  } finally {
    await rm(files, { recursive: true, force: true });
  }
});

test('offboarding a colleague who held the client lists its logins as 待更换, in the result and on the page; one is marked changed', async ({ page, vault, saveScreen }) => {
  // Argon2id for the vault and the colleague, a key rotation and an age scrypt: over a minute on a loaded CPU.
  test.setTimeout(180_000);
  await createVaultAndEnter(page);
  const session = vault.manager.session();
  const clientId = await seedClientAndOpenCredentials(page, vault, CLIENT);
  for (const [kind, title, login] of [
    ['etax', '电子税务局', ETAX.login],
    ['social-security', '社保', 'qx-shebao'],
  ] as const) {
    session.credentials.create(clientId, credentialInputSchema.parse({ kind, title, login, secrets: { password: `${title}-Pw-QX-1` } }));
  }
  const colleague = await session.staff.add('李会计', 'accountant', Buffer.from('Staff-e2e-2025!', 'utf8'));
  await session.access.grant(clientId, colleague.id);

  await page.getByTestId('nav-staff').click();
  const row = page.locator('[data-testid="staff-row"][data-name="李会计"]');
  await row.getByTestId('staff-offboard').click();
  const modal = dialog(page, 'offboard-modal');
  await chooseOption(page, modal.getByTestId('offboard-handover'), `${OWNER.name}（所有者）`);
  vault.dialogs.answerSave(null);
  await modal.getByRole('button', { name: buttonName('确认离职') }).click();

  const done = dialog(page, 'offboard-result');
  const toRotate = done.getByTestId('offboard-credentials');
  await expect(toRotate).toContainText('待更换的账号密码（2）');
  await expect(toRotate).toContainText('请到对应网站修改这些密码，并在账盾中标记已更换');
  await expect(toRotate.getByTestId('offboard-credential').filter({ hasText: ETAX.login })).toContainText(CLIENT);
  await expect(toRotate.getByTestId('offboard-credential').filter({ hasText: 'qx-shebao' })).toContainText('社保');
  await saveScreen('credentials-offboard-result');
  await done.getByRole('button', { name: buttonName('完成') }).click();
  await expect(done).toBeHidden();

  // The page's 待更换 tab: both, each naming who left.
  await page.getByTestId('nav-credentials').click();
  await page.getByTestId('cred-page-tab-rotation').click();
  const rotation = page.getByTestId('cred-rotation-table');
  await expect(rotation.getByTestId('cred-row')).toHaveCount(2);
  await expect(rotation.locator('[data-testid="cred-row"][data-title="社保"]')).toContainText('李会计 离职');
  await saveScreen('credentials-rotation');

  // One marked changed on the page…
  await rotation.locator('[data-testid="cred-row"][data-title="社保"]').getByTestId('cred-row-mark-rotated').click();
  await expect(page.getByText('已标记为已更换：社保')).toBeVisible();
  await expect(rotation.getByTestId('cred-row')).toHaveCount(1);

  // …the other on the client's 账号密码 tab, where it shows who left; afterwards who changed it.
  await rotation.locator('[data-testid="cred-row"][data-title="电子税务局"]').getByTestId('cred-row-open').click();
  await openCredentialsTab(page);
  const etax = credentialCard(page, '电子税务局');
  await expect(etax.getByTestId('cred-rotation-tag')).toContainText('李会计 离职');
  await etax.getByTestId('cred-mark-rotated').click();
  await expect(etax.getByTestId('cred-rotation-alert')).toHaveCount(0);
  await expect(etax.getByTestId('cred-last-rotation')).toContainText(`上次更换：${OWNER.name}`);
  await expect(credentialCard(page, '社保').getByTestId('cred-last-rotation')).toContainText(OWNER.name);

  await page.getByTestId('nav-credentials').click();
  await page.getByTestId('cred-page-tab-rotation').click();
  await expect(page.getByTestId('cred-rotation-table')).toContainText('没有待更换的账号');

  // The owner's 导出全部账号密码: a reason, a passphrase of 12 or more typed twice, then an age file where the save dialog says.
  await page.getByTestId('cred-export-all').click();
  const exportAll = dialog(page, 'cred-export-all-modal');
  await expect(exportAll).toContainText('age 加密文件');
  await exportAll.getByLabel('导出原因').fill('年度归档');
  await exportAll.getByLabel('口令', { exact: true }).fill('short-pass');
  await exportAll.getByLabel('确认口令').fill('short-pass');
  await exportAll.getByRole('button', { name: '选择保存位置并导出' }).click();
  await expect(exportAll.getByText('口令至少 12 个字符')).toBeVisible();
  await exportAll.getByLabel('口令', { exact: true }).fill('清源山-export-2025');
  await exportAll.getByLabel('确认口令').fill('清源山-export-2025');
  const target = join(vault.dir, '..', '账号密码.age');
  vault.dialogs.answerSave(target);
  // main's age passphrase (scrypt, 2^18) runs in this test process and holds its event loop for seconds on a loaded CPU.
  const SCRYPT_WAIT = { timeout: 60_000 };
  await exportAll.getByRole('button', { name: '选择保存位置并导出' }).click(SCRYPT_WAIT);
  await expect(exportAll).toBeHidden(SCRYPT_WAIT);
  await expect(page.getByText(`已导出到：${target}`)).toBeVisible();
  const file = await readFile(target);
  expect(file.subarray(0, 21).toString('utf8')).toBe('age-encryption.org/v1');
  expect(file.includes(Buffer.from(ETAX.login, 'utf8'))).toBe(false);
});

test('editing keeps what is left empty, a replaced password goes to 历史密码; 生成 follows the rules; a sheet imports with a per-row report', async ({ page, vault }) => {
  // Many form round trips after the vault's Argon2id: over a minute on a loaded CPU.
  test.setTimeout(180_000);
  const files = await mkdtemp(join(tmpdir(), 'zhangdun-e2e-cred-'));
  try {
    await createVaultAndEnter(page);
    await seedClientAndOpenCredentials(page, vault, CLIENT);
    await addCredential(page, { login: ETAX.login, secrets: { password: ETAX.password } });
    const etax = credentialCard(page, '电子税务局');
    await expect(etax.getByTestId('cred-history')).toHaveCount(0);

    // 编辑 without touching the password: it is kept.
    await etax.getByTestId('cred-edit').click();
    let form = dialog(page, 'cred-form');
    await expect(form.getByTestId('cred-form-password')).toHaveAttribute('placeholder', '已保存，留空保持不变');
    await form.getByTestId('cred-form-login').fill('qx-etax-2');
    await form.getByRole('button', { name: buttonName('保存') }).click();
    await expect(form).toBeHidden();
    await expect(etax.getByTestId('cred-login')).toHaveText('qx-etax-2');
    await expect(etax.getByTestId('cred-history')).toHaveCount(0);

    // 编辑 with 生成: first by custom rules (24 letters and digits), then by the site's preset.
    await etax.getByTestId('cred-edit').click();
    form = dialog(page, 'cred-form');
    await form.getByTestId('cred-form-password-rules-open').click();
    const rules = page.getByTestId('cred-form-password-rules');
    await expect(rules).toBeVisible();
    await rules.getByLabel('长度').fill('24');
    await rules.getByText('符号', { exact: true }).click();
    await rules.getByRole('button', { name: '按规则生成' }).click();
    const password = form.getByTestId('cred-form-password');
    await expect(password).toHaveValue(/^[A-Za-z0-9]{24}$/);
    // 电子税务局's preset: 12 characters.
    await form.getByTestId('cred-form-password-generate').click();
    await expect(password).toHaveValue(/^\S{12}$/);
    const generated = await password.inputValue();
    await form.getByRole('button', { name: buttonName('保存') }).click();
    await expect(form).toBeHidden();
    await expect(etax.getByTestId('cred-history')).toHaveText(/历史密码（1）/);
    await etax.getByTestId('cred-secret-password-copy').click();
    await expect.poll(() => vault.clipboard.text).toBe(generated);

    // 历史密码: when and by whom; the old value revealed on demand.
    await etax.getByTestId('cred-history').click();
    const history = dialog(page, 'cred-history-modal');
    await expect(history).toContainText(OWNER.name);
    await history.getByTestId('cred-history-0-reveal').click();
    await expect(history.getByTestId('cred-history-0')).toHaveText(ETAX.password);
    await history.getByRole('button', { name: '关 闭' }).click();
    await expect(history).toBeHidden();

    // 清除 removes the password (it, too, goes to the history).
    await etax.getByTestId('cred-edit').click();
    form = dialog(page, 'cred-form');
    await form.getByTestId('cred-form-password-clear').click();
    await form.getByRole('button', { name: buttonName('保存') }).click();
    await expect(form).toBeHidden();
    await expect(etax.getByTestId('cred-secret-password')).toHaveCount(0);
    await expect(etax.getByTestId('cred-history')).toHaveText(/历史密码（2）/);

    // 导入 from this client's tab: rows without a client go to it; a bad row is reported, the others go in.
    const sheet = join(files, '客户账号.csv');
    const rows = [
      '客户名称,类型,登录名,密码,到期日',
      `${CLIENT},社保,qx-shebao,Shebao-Pw-QX-9,2030-01-01`,
      ',公积金,qx-gjj,Gjj-Pw-QX-9,',
      '不存在的公司,网银,qx-bank,Bank-Pw-QX-9,',
      `${CLIENT},工商年报,qx-nb,Nb-Pw-QX-9,明年`,
    ];
    await writeFile(sheet, `\uFEFF${rows.join('\r\n')}\r\n`, 'utf8');
    vault.dialogs.answerFiles([sheet]);
    await page.getByTestId('cred-import').click();
    const mapping = dialog(page, 'cred-import-mapping');
    await expect(mapping).toContainText('客户账号.csv');
    await expect(mapping.getByTestId('cred-import-sample')).toContainText('qx-shebao');
    await expect(mapping.getByTestId('cred-import-sample')).not.toContainText('Shebao-Pw-QX-9');
    await expect(mapping.getByTestId('cred-import-map-password')).toContainText('第 4 列：密码');
    await expect(mapping.getByTestId('cred-import-map-client')).toContainText('第 1 列：客户名称');
    await expect(mapping.getByTestId('cred-import-client')).toContainText(CLIENT);
    await mapping.getByRole('button', { name: buttonName('开始导入') }).click();
    await expect(mapping).toBeHidden();

    const report = dialog(page, 'cred-import-report');
    await expect(report.getByTestId('cred-import-summary')).toHaveText('已导入 2 条，跳过 0 条，失败 2 条');
    await expect(report.getByTestId('cred-import-row').filter({ hasText: '不存在的公司' })).toContainText('失败');
    await expect(report.getByTestId('cred-import-row').filter({ hasText: '到期日：不是有效日期' })).toContainText('失败');
    await report.getByRole('button', { name: buttonName('完成') }).click();
    await expect(report).toBeHidden();
    await expect(credentialCard(page, '社保')).toBeVisible();
    await expect(credentialCard(page, '公积金')).toBeVisible();
    await expect(page.getByTestId('cred-tab')).toContainText('账号密码（3）');
  } finally {
    await rm(files, { recursive: true, force: true });
  }
});
