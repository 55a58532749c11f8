/**
 * Loads the real preload entry against a fake `electron` module and checks
 * what it exposes to the page.
 */
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { BRIDGE_KEY, CHANNELS } from '../../src/shared/channels';

const { exposed, ipcRenderer } = vi.hoisted(() => ({
  exposed: [] as Array<[string, unknown]>,
  ipcRenderer: {
    invoke: vi.fn((_channel: string, ..._args: unknown[]) => Promise.resolve({ ok: true, data: 'pong' })),
    send: vi.fn(),
    on: vi.fn(),
    sendSync: vi.fn(),
  },
}));

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, value: unknown) => exposed.push([key, value]) },
  ipcRenderer,
}));

beforeAll(async () => {
  await import('../../src/preload/index');
});

describe('preload', () => {
  it('exposes exactly one object, under the bridge key', () => {
    expect(exposed.map(([key]) => key)).toEqual([BRIDGE_KEY]);
  });

  it('exposes one function per channel and nothing else, frozen', () => {
    const bridge = exposed[0]?.[1] as Record<string, unknown>;
    expect(Object.keys(bridge).sort()).toEqual([...CHANNELS].sort());
    expect(Object.isFrozen(bridge)).toBe(true);
    for (const value of Object.values(bridge)) expect(typeof value).toBe('function');
  });

  it('never exposes ipcRenderer or any of its methods', () => {
    const bridge = exposed[0]?.[1] as Record<string, unknown>;
    const values = Object.values(bridge);
    expect(values).not.toContain(ipcRenderer);
    for (const method of Object.values(ipcRenderer)) expect(values).not.toContain(method);
    for (const name of ['invoke', 'send', 'sendSync', 'on', 'ipcRenderer']) expect(bridge).not.toHaveProperty(name);
  });

  it('calls ipcRenderer.invoke with the namespaced channel and the request only', async () => {
    const bridge = exposed[0]?.[1] as Record<string, (...args: unknown[]) => Promise<unknown>>;
    const request = { staffName: 'a', password: 'b' };
    await expect(bridge['vaultUnlock']?.(request, 'extra')).resolves.toEqual({ ok: true, data: 'pong' });
    expect(ipcRenderer.invoke).toHaveBeenLastCalledWith('zhangdun:vaultUnlock', request);
    expect(ipcRenderer.send).not.toHaveBeenCalled();
  });
});
