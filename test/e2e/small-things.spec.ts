/**
 * Issue 16, "smaller things seen": the resume point survives a colleague's
 * session, a lockout ends in a usable button, roles see only what they may do,
 * a duplicate credit code names the client, the header fits 1024 px, and 授权
 * is a tab of the client page.
 */
import type { Locator, Page } from '@playwright/test';
import { writeThrottle } from '../../src/main/core/vault/throttle';
import { vaultPaths } from '../../src/main/core/vault/layout';
import { clientInputSchema } from '../../src/shared/contract';
import { openClient } from './document-flows';
import { expect, test, type IpcRecord } from './fixtures';
import { buttonName, chooseOption, createVaultAndEnter, lock, OWNER, submitUnlock } from './flows';
import type { TestVault } from './harness/test-vault';

const CLIENT = { name: '泉州刺桐晨光贸易有限公司', creditCode: '91350500MA2YL3QX7F' } as const;
const ACCOUNTANT = { name: '林会计', password: 'Linkuaiji-e2e-2025!' } as const;
const AUDITOR = { name: '郑审计', password: 'Zhengshenji-e2e-2025!' } as const;

/** The owner's vault with CLIENT in it and the list read again; returns the client's id. */
async function ownerWithClient(page: Page, vault: TestVault): Promise<string> {
  await createVaultAndEnter(page);
  const id = vault.manager.session().clients.create(clientInputSchema.parse({ name: CLIENT.name, creditCode: CLIENT.creditCode, serviceStart: '2025-01-01', label: 'internal' })).id;
  // The list was read before the client existed; a reload (the vault stays open) reads it again.
  await page.reload();
  await expect(page.getByTestId('client-row').filter({ hasText: CLIENT.name })).toBeVisible();
  return id;
}

async function addStaff(vault: TestVault, who: { name: string; password: string }, role: 'accountant' | 'auditor', clientId?: string): Promise<void> {
  const session = vault.manager.session();
  const staff = await session.staff.add(who.name, role, Buffer.from(who.password, 'utf8'));
  if (clientId) await session.access.grant(clientId, staff.id, { assign: false });
}

/** Whether main has answered this session's sessionAccess (the UI hides what it does not know to be allowed). */
function accessLoaded(ipcLog: IpcRecord[], from: number): boolean {
  return ipcLog.slice(from).some((c) => c.channel === 'sessionAccess' && c.ok);
}

type Box = NonNullable<Awaited<ReturnType<Locator['boundingBox']>>>;

async function box(locator: Locator): Promise<Box> {
  const b = await locator.boundingBox();
  if (!b) throw new Error('element has no box');
  return b;
}

const overlaps = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
const inside = (inner: Box, outer: Box) =>
  inner.x >= outer.x - 0.5 && inner.y >= outer.y - 0.5 && inner.x + inner.width <= outer.x + outer.width + 0.5 && inner.y + inner.height <= outer.y + outer.height + 0.5;

test('lock, a colleague in between, unlock: the owner is back on the client page they had open', async ({ page, vault, locks }) => {
  const clientId = await ownerWithClient(page, vault);
  await addStaff(vault, ACCOUNTANT, 'accountant');
  await openClient(page, CLIENT.name);

  // Straight back: lock (main reloads the page), unlock.
  await lock(page);
  await expect.poll(() => locks.reloads).toBe(1);
  await submitUnlock(page, OWNER.name, OWNER.password);
  await expect(page.getByTestId('client-detail-name')).toHaveText(CLIENT.name);

  // The accountant unlocks in between (to their own start: the list, without the client), and locks again.
  await lock(page);
  await expect.poll(() => locks.reloads).toBe(2);
  await submitUnlock(page, ACCOUNTANT.name, ACCOUNTANT.password);
  await expect(page.getByTestId('client-list-page')).toBeVisible();
  await expect(page.getByTestId('current-staff')).toContainText(ACCOUNTANT.name);
  await expect(page.getByTestId('client-detail-page')).toHaveCount(0);
  await lock(page);
  await expect.poll(() => locks.reloads).toBe(3);

  // The owner: the client page again, read afresh.
  await submitUnlock(page, OWNER.name, OWNER.password);
  await expect(page.getByTestId('current-staff')).toContainText(OWNER.name);
  await expect(page.getByTestId('client-detail-name')).toHaveText(CLIENT.name);
  const stored = await page.evaluate(() => (globalThis as unknown as { sessionStorage: { getItem(k: string): string | null } }).sessionStorage.getItem('zhangdun.resume'));
  // Opaque ids only, each person's own.
  expect(JSON.parse(stored ?? '{}')).toMatchObject({ route: 'client', clientId, earlier: [{ route: 'clients' }] });
  expect(stored).not.toContain(CLIENT.name);
});

test('a lockout counts down and ends in 可以重试 with the unlock button usable again', async ({ page, vault }) => {
  await createVaultAndEnter(page);
  await lock(page);
  // As if many wrong passwords had just been tried: 3 free attempts, then 2^(n-3) s (here 128 s).
  await writeThrottle(vaultPaths(vault.dir).throttle, { failures: 10, lastFailureAt: Date.now() });
  // The page's clock from here on moves only when the test moves it.
  await page.clock.install();

  await submitUnlock(page, OWNER.name, OWNER.password);
  const alert = page.getByTestId('unlock-form').getByRole('alert');
  const button = page.getByTestId('unlock-form').getByRole('button', { name: buttonName('解锁') });
  await expect(alert).toHaveAttribute('data-code', 'LOCKED_OUT');
  await expect(alert).toContainText(/请在 1[12]\d 秒后重试/);
  await expect(button).toBeDisabled();

  // The wait runs out on the page's clock: no "0 秒" left behind, the button back.
  await page.clock.fastForward(130_000);
  await expect(alert).toHaveAttribute('data-retry-ready', 'true');
  await expect(alert).toContainText('可以重试');
  await expect(alert).not.toContainText('秒后重试');
  await expect(button).toBeEnabled();

  // main's wait is over too (its record moved back past the delay): the same button unlocks.
  await writeThrottle(vaultPaths(vault.dir).throttle, { failures: 10, lastFailureAt: Date.now() - 200_000 });
  await submitUnlock(page, OWNER.name, OWNER.password);
  await expect(page.getByTestId('client-list-page')).toBeVisible();
});

test('an auditor is offered no 新建客户 and no document actions they cannot perform; the owner is', async ({ page, vault, ipcLog }) => {
  const clientId = await ownerWithClient(page, vault);
  await expect(page.getByTestId('client-create')).toBeVisible();
  await addStaff(vault, AUDITOR, 'auditor', clientId);

  await lock(page);
  const from = ipcLog.length;
  await submitUnlock(page, AUDITOR.name, AUDITOR.password);
  await expect(page.getByTestId('current-staff')).toContainText(AUDITOR.name);
  await page.getByTestId('nav-clients').click();
  await expect(page.getByTestId('client-row').filter({ hasText: CLIENT.name })).toBeVisible();
  // Once main has said what this session may do, the button is still not there.
  await expect.poll(() => accessLoaded(ipcLog, from)).toBe(true);
  await expect(page.getByTestId('client-create')).toHaveCount(0);
  await expect(page.getByRole('button', { name: buttonName('新建客户') })).toHaveCount(0);

  // On the client: no import, no edit or archive, no 授权 tab.
  await openClient(page, CLIENT.name);
  await expect(page.getByTestId('documents-drop-zone')).toBeVisible();
  await expect(page.getByRole('button', { name: buttonName('导入文件') })).toHaveCount(0);
  await expect(page.getByRole('button', { name: buttonName('编辑') })).toHaveCount(0);
  await expect(page.getByRole('button', { name: buttonName('归档') })).toHaveCount(0);
  await expect(page.getByTestId('grants-tab')).toHaveCount(0);
});

test('a credit code already on file: the refusal names that client and links to it', async ({ page, vault }) => {
  await ownerWithClient(page, vault);
  await page.getByTestId('client-create').click();
  const drawer = page.getByTestId('client-form');
  await drawer.getByLabel('客户名称').fill('泉州另一家贸易有限公司');
  await drawer.getByLabel('统一社会信用代码').fill(CLIENT.creditCode);
  await drawer.getByRole('button', { name: buttonName('保存') }).click();
  const refusal = drawer.getByTestId('client-duplicate');
  await expect(refusal).toContainText(`已存在统一社会信用代码相同的客户：${CLIENT.name}（${CLIENT.creditCode}）`);
  await refusal.getByTestId('client-duplicate-open').click();
  await expect(drawer).toBeHidden();
  await expect(page.getByTestId('client-detail-name')).toHaveText(CLIENT.name);
});

test('the client list shows 负责会计 and 服务期', async ({ page, vault }) => {
  await ownerWithClient(page, vault);
  const row = page.getByTestId('client-row').filter({ hasText: CLIENT.name });
  await expect(page.getByRole('columnheader', { name: '负责会计' })).toBeVisible();
  await expect(page.getByRole('columnheader', { name: '服务期' })).toBeVisible();
  // The owner created it, so it is theirs until assigned to someone else.
  await expect(row.getByTestId('client-assigned')).toHaveText(OWNER.name);
  await expect(row.getByTestId('client-service-period')).toHaveText('2025-01-01 至 …');
});

test('at 1024×768 the header fits: the search keeps its width, the lock badge is whole, nothing overlaps', async ({ page, vault, saveScreen }) => {
  await page.setViewportSize({ width: 1024, height: 768 });
  await ownerWithClient(page, vault);
  const header = page.locator('header.app-header');
  // The owner sees every section, the widest header there is.
  await expect(page.getByTestId('nav-audit')).toBeVisible();
  const viewport = { x: 0, y: 0, width: 1024, height: 768 };
  const search = await box(page.getByTestId('global-search'));
  const lockButton = await box(page.getByTestId('lock-button'));
  const badge = await box(page.getByTestId('lock-button').locator('kbd.lock-shortcut'));
  const nav = await box(header.locator('nav.app-nav'));
  const right = await box(header.locator('.app-header-right'));
  for (const [name, b] of Object.entries({ search, lockButton, badge, nav, right })) {
    expect(inside(b, viewport), `${name} within the window: ${JSON.stringify(b)}`).toBe(true);
  }
  expect(inside(badge, lockButton), 'the Ctrl+L badge inside its button').toBe(true);
  expect(overlaps(search, nav), 'search over the sections').toBe(false);
  expect(overlaps(search, right), 'search over the right-hand group').toBe(false);
  expect(search.width).toBeGreaterThanOrEqual(240);
  // Nothing in the header is cut off: it does not scroll sideways.
  expect(await header.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
  // Sections shown as icons keep their names for people and assistive technology.
  await expect(page.getByRole('button', { name: '审计日志' })).toBeVisible();
  await saveScreen('small-things-header-1024');
});

test('授权 is a tab of the client page, beside 资料 and 账号密码', async ({ page, vault }) => {
  await ownerWithClient(page, vault);
  await addStaff(vault, ACCOUNTANT, 'accountant');
  await openClient(page, CLIENT.name);
  const tabs = page.getByTestId('client-detail-page').getByRole('tablist').first();
  await expect(tabs.getByRole('tab')).toHaveText([/资料/, /回收站/, /账号密码/, /分享记录/, /授权/]);
  // Not under the documents any more: only when its tab is open.
  await expect(page.getByTestId('grants-panel')).toHaveCount(0);
  await page.getByTestId('grants-tab').click();
  const panel = page.getByTestId('grants-panel');
  await expect(panel).toBeVisible();
  await chooseOption(page, panel.getByTestId('grant-pick'), `${ACCOUNTANT.name}（会计）`);
  await panel.getByTestId('grant-add').click();
  await expect(panel.getByTestId('grant-row').filter({ hasText: ACCOUNTANT.name })).toBeVisible();
  await expect(page.getByTestId('document-table')).toBeHidden();
});
