import { describe, expect, it, vi } from 'vitest';
import { createBridge } from '../../src/preload/bridge-factory';
import { CHANNELS, ipcChannel } from '../../src/shared/channels';

describe('createBridge', () => {
  const make = () => {
    const invoke = vi.fn((_channel: string, _request: unknown) => Promise.resolve({ ok: true, data: null }));
    return { invoke, bridge: createBridge(invoke) };
  };

  it('has exactly one own key per channel, nothing else', () => {
    const { bridge } = make();
    expect(Reflect.ownKeys(bridge).sort()).toEqual([...CHANNELS].sort());
  });

  it('is frozen and holds only functions', () => {
    const { bridge } = make();
    expect(Object.isFrozen(bridge)).toBe(true);
    for (const key of Reflect.ownKeys(bridge)) {
      expect(typeof (bridge as unknown as Record<PropertyKey, unknown>)[key]).toBe('function');
    }
    expect(() => {
      (bridge as unknown as Record<string, unknown>)['send'] = () => undefined;
    }).toThrow(TypeError);
  });

  it.each(CHANNELS)('%s forwards its request to zhangdun:<name>', async (name) => {
    const { invoke, bridge } = make();
    const request = { marker: name };
    const fn = bridge[name] as (request: unknown) => Promise<unknown>;
    await expect(fn(request)).resolves.toEqual({ ok: true, data: null });
    expect(invoke).toHaveBeenCalledTimes(1);
    expect(invoke).toHaveBeenCalledWith(ipcChannel(name), request);
  });

  it('passes only the first argument on', async () => {
    const { invoke, bridge } = make();
    const fn = bridge.vaultStatus as unknown as (...args: unknown[]) => Promise<unknown>;
    await fn({}, 'extra', { more: true });
    expect(invoke.mock.calls[0]).toEqual(['zhangdun:vaultStatus', {}]);
  });
});
