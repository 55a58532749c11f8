import { expect, test } from './fixtures';
import { dialog, documentRow } from './document-flows';
import { buttonName, OWNER, submitUnlock } from './flows';
import { foundInHeap } from './harness/heap-strings';
import {
  bodyText,
  bridgeClientList,
  LOCK_KEYS,
  LOCK_SHORTCUT_LABEL,
  openSecretClient,
  pageStorage,
  SECRET_CLIENT,
  SECRET_DOCS,
  SECRET_STRINGS,
} from './lock-flows';

const RESUME_KEY = 'zhangdun.resume';

test('idle lock: the page reloads to the unlock screen with the reason, holding no client data anywhere; unlocking returns to the client, read again', async ({
  page,
  vault,
  locks,
  ipcLog,
  saveScreen,
}) => {
  const { clientId, staffId } = await openSecretClient(page, vault);
  const detail = page.getByTestId('client-detail-page');
  await expect(documentRow(page, SECRET_DOCS[0].name)).toBeVisible();
  // Everything a person could have on screen: a revealed phone number and an open preview.
  const phone = detail.getByTestId('client-phone');
  await phone.locator('..').getByRole('button', { name: buttonName('显示') }).click();
  await expect(phone).toHaveText(SECRET_CLIENT.phone);
  await documentRow(page, SECRET_DOCS[0].name).getByTestId('document-open').click();
  await expect(dialog(page, 'preview-modal').getByTestId('csv-preview')).toContainText('流水标记ZQ81');

  // The heap search works: before the lock it finds every one of them.
  expect(await foundInHeap(page, SECRET_STRINGS)).toEqual(SECRET_STRINGS);

  // 4 of the default 5 minutes without input: still open, nothing reloaded.
  await locks.advanceIdle(4);
  expect(vault.manager.status().state).toBe('unlocked');
  expect(locks.reloads).toBe(0);
  await expect(dialog(page, 'preview-modal')).toBeVisible();

  // The fifth minute: main's lock controller locks the vault (reason idle) and reloads the page.
  await locks.advanceIdle(1);
  expect(vault.manager.status()).toMatchObject({ state: 'locked', lastLockReason: 'idle' });
  expect(locks.reloads).toBe(1);
  const reason = page.getByTestId('lock-reason');
  await expect(reason).toHaveAttribute('data-reason', 'idle');
  await expect(reason).toContainText('因闲置 5 分钟已自动锁定');
  await expect(page.getByTestId('unlock-form')).toBeVisible();

  // Nothing of the client is left: not on screen, not in any store or closure (the whole JS heap), not in storage.
  const text = await bodyText(page);
  expect(SECRET_STRINGS.filter((s) => text.includes(s))).toEqual([]);
  expect(await foundInHeap(page, SECRET_STRINGS)).toEqual([]);
  const storage = await pageStorage(page);
  expect(Object.keys(storage.local).filter((key) => key !== 'zhangdun.locale')).toEqual([]);
  expect(storage.indexedDb).toEqual([]);
  expect(Object.keys(storage.session)).toEqual([RESUME_KEY]);
  // Where to return, as opaque ids only.
  expect(JSON.parse(storage.session[RESUME_KEY] ?? '')).toEqual({ route: 'client', clientId, staffId, idleMinutes: 5 });

  // main refuses the page as well: a call made by hand gets VAULT_LOCKED.
  expect(await bridgeClientList(page)).toMatchObject({ ok: false, error: { code: 'VAULT_LOCKED' } });
  await saveScreen('lock-idle-unlock-screen');

  // Unlock: back on the same client, its record and documents fetched again.
  const callsBefore = ipcLog.length;
  await submitUnlock(page, OWNER.name, OWNER.password);
  await expect(detail.getByTestId('client-detail-name')).toHaveText(SECRET_CLIENT.name);
  await expect(documentRow(page, SECRET_DOCS[1].name)).toBeVisible();
  const after = ipcLog.slice(callsBefore).map((c) => `${c.channel}:${c.ok}`);
  expect(after).toContain('clientGet:true');
  expect(after).toContain('docList:true');
  // Straight to the client: the list is never fetched on the way.
  expect(after).not.toContain('clientList:true');
  // Revealed values stay hidden until asked for again.
  await expect(phone).toHaveAttribute('data-revealed', 'false');
});

test('manual lock: the button names the shortcut; button and Ctrl+L lock with the manual reason; a stale or foreign resume point falls back to the list', async ({
  page,
  vault,
  locks,
  saveScreen,
}) => {
  const { staffId } = await openSecretClient(page, vault);
  // The hint is not part of the button's name: it is still just 锁定.
  const button = page.getByRole('button', { name: buttonName('锁定') });
  await expect(button).toContainText(LOCK_SHORTCUT_LABEL);
  await expect(button).toHaveAttribute('aria-keyshortcuts', process.platform === 'darwin' ? 'Meta+L' : 'Control+L');

  // The button: main locks, then reloads the page.
  await button.click();
  await expect.poll(() => locks.reloads).toBe(1);
  await locks.settled();
  await expect(page.getByTestId('lock-reason')).toHaveAttribute('data-reason', 'manual');
  await expect(page.getByTestId('lock-reason')).toContainText(`已手动锁定（${LOCK_SHORTCUT_LABEL}）`);
  await saveScreen('lock-manual-unlock-screen');
  await submitUnlock(page, OWNER.name, OWNER.password);
  await expect(page.getByTestId('client-detail-name')).toHaveText(SECRET_CLIENT.name);

  // The shortcut: main sees it before the page (before-input-event) and locks.
  await page.keyboard.press(LOCK_KEYS);
  await expect.poll(() => locks.reloads).toBe(2);
  await locks.settled();
  expect(vault.manager.status()).toMatchObject({ state: 'locked', lastLockReason: 'manual' });
  await expect(page.getByTestId('lock-reason')).toHaveAttribute('data-reason', 'manual');

  // The client is gone meanwhile (a well-formed id nobody has): unlocking falls back to the list.
  await page.evaluate(
    ([key, staff]) => {
      const w = globalThis as unknown as { sessionStorage: { setItem(k: string, v: string): void } };
      w.sessionStorage.setItem(key, JSON.stringify({ route: 'client', clientId: '0'.repeat(32), staffId: staff }));
    },
    [RESUME_KEY, staffId] as const,
  );
  await submitUnlock(page, OWNER.name, OWNER.password);
  await expect(page.getByTestId('client-list-page')).toBeVisible();
  await expect(page.getByTestId('client-detail-page')).toHaveCount(0);
  expect(JSON.parse((await pageStorage(page)).session[RESUME_KEY] ?? '')).toMatchObject({ route: 'clients', staffId });

  // Another staff member's resume point is not followed (it stays theirs, for their own next unlock).
  await page.getByTestId('client-row').filter({ hasText: SECRET_CLIENT.name }).click();
  await expect(page.getByTestId('client-detail-page')).toBeVisible();
  await button.click();
  await expect.poll(() => locks.reloads).toBe(3);
  await locks.settled();
  await page.evaluate((key) => {
    const w = globalThis as unknown as { sessionStorage: { getItem(k: string): string | null; setItem(k: string, v: string): void } };
    const point = JSON.parse(w.sessionStorage.getItem(key) ?? '{}') as Record<string, unknown>;
    w.sessionStorage.setItem(key, JSON.stringify({ ...point, staffId: 'f'.repeat(32) }));
  }, RESUME_KEY);
  await submitUnlock(page, OWNER.name, OWNER.password);
  await expect(page.getByTestId('client-list-page')).toBeVisible();
  expect(JSON.parse((await pageStorage(page)).session[RESUME_KEY] ?? '')).toMatchObject({ route: 'clients', staffId });
});

test('the OS locking the screen or going to sleep locks the vault, and the unlock screen says which', async ({ page, vault, locks }) => {
  await openSecretClient(page, vault);
  await locks.power('lock-screen');
  expect(vault.manager.status()).toMatchObject({ state: 'locked', lastLockReason: 'screen-lock' });
  await expect(page.getByTestId('lock-reason')).toContainText('系统锁屏时已锁定');

  await locks.power('unlock-screen');
  await submitUnlock(page, OWNER.name, OWNER.password);
  await expect(page.getByTestId('client-detail-name')).toHaveText(SECRET_CLIENT.name);
  await locks.power('suspend');
  expect(vault.manager.status()).toMatchObject({ state: 'locked', lastLockReason: 'suspend' });
  await expect(page.getByTestId('lock-reason')).toContainText('电脑休眠时已锁定');
  expect(locks.reloads).toBe(2);

  // English, by the renderer's own catalogue.
  await page.getByTestId('language-switch').getByText('English').click();
  await expect(page.getByTestId('lock-reason')).toContainText('Locked when the computer went to sleep');
  await page.getByTestId('language-switch').getByText('中文').click();
});
