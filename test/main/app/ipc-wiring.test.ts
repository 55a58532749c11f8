/**
 * Drives the real IpcRouter through the real wiring with fake ipcMain events:
 * a handler must run only for the app's own top frame and a valid payload.
 */
import { describe, expect, it, vi } from 'vitest';
import { senderInfoOf, wireIpc, type IpcMainLike, type InvokeEventLike } from '../../../src/main/app/ipc-wiring';
import { registerHandlers } from '../../../src/main/ipc/handlers';
import { IpcRouter } from '../../../src/main/ipc/router';
import { APP_ORIGIN, isTrustedSender } from '../../../src/main/ipc/sender';
import type { VaultManager } from '../../../src/main/core/vault/vault-manager';
import type { VaultStatus } from '../../../src/shared/domain';
import { CHANNELS, ipcChannel } from '../../../src/shared/channels';

type Listener = (event: InvokeEventLike, ...args: unknown[]) => Promise<unknown>;

function fakeIpcMain() {
  const handlers = new Map<string, Listener>();
  const ipcMain: IpcMainLike & { handlers: Map<string, Listener> } = {
    handlers,
    handle: vi.fn((channel: string, listener: Listener) => {
      if (handlers.has(channel)) throw new Error(`second handler for ${channel}`);
      handlers.set(channel, listener);
    }),
  };
  return ipcMain;
}

function newRouter() {
  return new IpcRouter({ isTrusted: (sender) => isTrustedSender(sender, APP_ORIGIN), locale: () => 'en' });
}

/** A window whose main frame shows `url`; `subframe` is an iframe inside it. */
function page(url: string) {
  const mainFrame = { url };
  const sender = { mainFrame };
  return {
    top: { senderFrame: mainFrame, sender } satisfies InvokeEventLike,
    subframe: (frameUrl: string): InvokeEventLike => ({ senderFrame: { url: frameUrl }, sender }),
    detached: { senderFrame: null, sender } satisfies InvokeEventLike,
  };
}

function setup() {
  const router = newRouter();
  const unlock = vi.fn((_req: unknown): VaultStatus => ({ state: 'unlocked', vaultPath: '/vault', staff: null }));
  router.handle('vaultUnlock', unlock);
  const ipcMain = fakeIpcMain();
  wireIpc(ipcMain, router);
  const call = (event: InvokeEventLike, ...args: unknown[]) =>
    ipcMain.handlers.get(ipcChannel('vaultUnlock'))!(event, ...args) as Promise<{ ok: boolean; error?: { code: string } }>;
  return { unlock, call };
}

const valid = { staffName: '王会计', password: 'correct horse battery' };

describe('wireIpc with the real router', () => {
  it('runs the handler for the app top frame with a valid payload', async () => {
    const { unlock, call } = setup();
    await expect(call(page('app://zhangdun/index.html').top, valid)).resolves.toEqual({
      ok: true,
      data: { state: 'unlocked', vaultPath: '/vault', staff: null },
    });
    expect(unlock).toHaveBeenCalledTimes(1);
  });

  it.each([
    ['an http origin', page('http://127.0.0.1:5173/').top],
    ['an https origin', page('https://evil.example/').top],
    ['a look-alike host', page('app://zhangdun.evil/index.html').top],
    ['a look-alike prefix host', page('app://evilzhangdun/index.html').top],
    ['credentials in the URL', page('app://x@zhangdun/index.html').top],
    ['a file: page', page('file:///app/out/renderer/index.html').top],
    ['a subframe, even on app://', page('app://zhangdun/index.html').subframe('app://zhangdun/frame.html')],
    ['a remote subframe', page('app://zhangdun/index.html').subframe('https://evil.example/')],
    ['a destroyed frame', page('app://zhangdun/index.html').detached],
  ])('refuses %s without running the handler', async (_label, event) => {
    const { unlock, call } = setup();
    const result = await call(event, valid);
    expect(result.ok).toBe(false);
    expect(result.error?.code).toBe('UNTRUSTED_SENDER');
    expect(unlock).not.toHaveBeenCalled();
  });

  it.each([
    ['no request', undefined],
    ['null', null],
    ['a string', 'password'],
    ['a missing password', { staffName: 'a' }],
    ['an extra key', { ...valid, role: 'owner' }],
    ['a wrong type', { staffName: 1, password: 2 }],
    ['a prototype-polluting key', JSON.parse('{"staffName":"a","password":"b","__proto__":{"x":1}}')],
  ])('refuses %s as INVALID_INPUT without running the handler', async (_label, request) => {
    const { unlock, call } = setup();
    const result = await call(page('app://zhangdun/index.html').top, request);
    expect(result.ok).toBe(false);
    expect(result.error?.code).toBe('INVALID_INPUT');
    expect(unlock).not.toHaveBeenCalled();
  });

  it('passes only the first argument to the router', async () => {
    const { unlock, call } = setup();
    await call(page('app://zhangdun/index.html').top, valid, { staffName: 'other' });
    // The parsed request: the schema's default for acceptRollback filled in.
    expect(unlock).toHaveBeenCalledExactlyOnceWith({ ...valid, acceptRollback: false });
  });

  it('refuses a router channel that the preload does not know', () => {
    const router = { channels: () => ['notAChannel'], dispatch: vi.fn() };
    expect(() => wireIpc(fakeIpcMain(), router)).toThrow(/not in CHANNELS/);
  });
});

describe('senderInfoOf', () => {
  it('marks only the main frame object itself as top frame', () => {
    const p = page('app://zhangdun/index.html');
    expect(senderInfoOf(p.top)).toEqual({ url: 'app://zhangdun/index.html', isTopFrame: true });
    expect(senderInfoOf(p.subframe('app://zhangdun/index.html')).isTopFrame).toBe(false);
    expect(senderInfoOf(p.detached)).toEqual({ url: undefined, isTopFrame: false });
  });
});

describe('channels without a handler', () => {
  it('answer UNKNOWN_CHANNEL as data to the app, UNTRUSTED_SENDER to anyone else', async () => {
    const router = newRouter();
    const ipcMain = fakeIpcMain();
    wireIpc(ipcMain, router);
    const listener = ipcMain.handlers.get(ipcChannel('vaultStatus'))!;
    await expect(listener(page('app://zhangdun/index.html').top, {})).resolves.toMatchObject({
      ok: false,
      error: { code: 'UNKNOWN_CHANNEL' },
    });
    await expect(listener(page('https://evil.example/').top, {})).resolves.toMatchObject({
      ok: false,
      error: { code: 'UNTRUSTED_SENDER' },
    });
  });
});

describe('registerHandlers + wireIpc', () => {
  it('wires every channel the preload exposes, once each, and nothing else', () => {
    const router = newRouter();
    // The handlers only touch the manager when called; registration needs none of it.
    const dialogs = { pickFiles: vi.fn(), pickFolder: vi.fn(), pickSaveTarget: vi.fn() };
    registerHandlers(router, {
      manager: {} as unknown as VaultManager,
      appInfo: { version: '0.0.0', platform: 'test' },
      dialogs,
    });
    const ipcMain = fakeIpcMain();
    const wired = wireIpc(ipcMain, router);
    expect([...wired].sort()).toEqual(CHANNELS.map(ipcChannel).sort());
    expect(ipcMain.handle).toHaveBeenCalledTimes(CHANNELS.length);
  });
});
