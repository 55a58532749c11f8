import { CHANNELS, ipcChannel } from '../../src/shared/channels';
import { expect, test } from './fixtures';
import { BINDING_NAME } from './harness/binding-name';
import type { PageWindow } from './harness/page-window';

test('(e) window.zhangdun has exactly the CHANNELS keys, each a function, frozen and not replaceable', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByTestId('start-page')).toBeVisible();
  const shape = await page.evaluate(() => {
    const w = globalThis as unknown as PageWindow;
    const bridge = w.zhangdun as unknown as Record<string, unknown>;
    try {
      (w as Record<string, unknown>)['zhangdun'] = {};
    } catch {
      // strict-mode assignment to a read-only property throws; either way it must not stick
    }
    try {
      bridge['extra'] = () => 0;
    } catch {
      // same for the frozen object
    }
    return {
      keys: Object.keys(bridge),
      allFunctions: Object.values(bridge).every((v) => typeof v === 'function'),
      frozen: Object.isFrozen(bridge),
      replaced: w.zhangdun !== (bridge as unknown),
      extended: 'extra' in bridge,
    };
  });
  expect([...shape.keys].sort()).toEqual([...CHANNELS].sort());
  expect(shape).toMatchObject({ allFunctions: true, frozen: true, replaced: false, extended: false });
});

test('(d) calls from a subframe get UNTRUSTED_SENDER and change nothing; the top frame is served', async ({ page, vault }) => {
  await page.goto('/');
  await expect(page.getByTestId('start-page')).toBeVisible();

  await page.evaluate(() => {
    const w = globalThis as unknown as PageWindow;
    const frame = w.document.createElement('iframe');
    frame.setAttribute('srcdoc', '<p>child</p>');
    w.document.body.append(frame);
  });
  await expect.poll(() => page.frames().length).toBe(2);
  const child = page.frames().find((f) => f !== page.mainFrame());
  if (!child) throw new Error('no subframe');
  await child.waitForLoadState();

  // Through the bridge the subframe sees, and straight through the transport.
  const viaBridge = await child.evaluate(() =>
    (globalThis as unknown as PageWindow).zhangdun.vaultCreate({ staffName: '入侵者', password: 'password123' }),
  );
  const viaBinding = await child.evaluate(
    ([binding, channel]) => ((globalThis as unknown as PageWindow)[binding] as PageWindow['__zhangdunInvoke'])(channel, {}),
    [BINDING_NAME, ipcChannel('vaultStatus')] as const,
  );
  for (const result of [viaBridge, viaBinding]) {
    expect(result).toMatchObject({ ok: false, error: { code: 'UNTRUSTED_SENDER', message: '请求来源不受信任，已拒绝。' } });
  }
  expect(vault.manager.status().state).toBe('none');

  const fromTop = await page.evaluate(() => (globalThis as unknown as PageWindow).zhangdun.vaultStatus({}));
  expect(fromTop).toMatchObject({ ok: true, data: { state: 'none', vaultPath: vault.dir } });
});

test('(d) a top frame on a look-alike origin is refused too, and the UI says so by code', async ({ page, server, vault }) => {
  const lookAlike = server.origin.replace('127.0.0.1', 'localhost');
  await page.goto(`${lookAlike}/`);
  await expect(page.getByText('无法读取保险库状态')).toBeVisible();
  await expect(page.getByText('请求来源不受信任，已拒绝。')).toBeVisible();
  expect(vault.manager.status().state).toBe('none');
});

test('the bridge reaches the same router: schemas and lock state; other channel strings have no handler', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByTestId('start-page')).toBeVisible();
  const results = await page.evaluate(
    async ([binding, unregistered]) => {
      const w = globalThis as unknown as PageWindow;
      const z = w.zhangdun;
      const invoke = w[binding] as PageWindow['__zhangdunInvoke'];
      const rejects = (channel: string) =>
        invoke(channel, {}).then(
          () => false,
          () => true,
        );
      return {
        lockedList: await z.clientList({}),
        shortPassword: await z.vaultCreate({ staffName: '王会计', password: 'short' }),
        created: (await z.vaultCreate({ staffName: '王会计', password: 'Zhangdun-e2e-2025!' })).ok,
        badCode: await z.clientCreate({ name: '测试有限公司', creditCode: '91350100M000100Y44' }),
        extraField: await z.clientGet({ id: '0'.repeat(32), extra: 1 } as unknown as { id: string }),
        unregisteredRejects: await Promise.all(unregistered.map(rejects)),
      };
    },
    [BINDING_NAME, ['zhangdun:readSecrets', 'vaultStatus']] as const,
  );
  expect(results.lockedList).toMatchObject({ ok: false, error: { code: 'VAULT_LOCKED' } });
  expect(results.shortPassword).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  expect(results.created).toBe(true);
  expect(results.badCode).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  expect(results.extraField).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  expect(results.unregisteredRejects).toEqual([true, true]);
});
