import { describe, expect, it } from 'vitest';
import { asErrorData, BridgeError, call } from '../../../src/renderer/src/bridge/client';
import { installFakeBridge, refusal } from '../fake-bridge';

describe('call', () => {
  it('sends the request on its channel and unwraps the data', async () => {
    const fake = installFakeBridge().on('search', () => ({ clients: [], documents: [], credentials: [] }));
    await expect(call('search', { query: '甲' })).resolves.toEqual({ clients: [], documents: [], credentials: [] });
    expect(fake.calls).toEqual([{ channel: 'search', request: { query: '甲' } }]);
  });

  it('throws a BridgeError carrying the code, message and detail main sent', async () => {
    installFakeBridge().on('vaultUnlock', () => {
      throw refusal('LOCKED_OUT', '请稍后再试', { retryAfterSeconds: 30 });
    });
    const err = await call('vaultUnlock', { staffName: 'a', password: 'b' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BridgeError);
    expect(asErrorData(err)).toEqual({ code: 'LOCKED_OUT', message: '请稍后再试', detail: { retryAfterSeconds: 30 } });
  });

  it('shows a code this build does not know as INTERNAL, keeping the message', async () => {
    const fake = installFakeBridge();
    Object.defineProperty(globalThis, 'zhangdun', {
      value: { ...fake.bridge, vaultStatus: async () => ({ ok: false, error: { code: 'FROM_THE_FUTURE', message: 'newer main' } }) },
      configurable: true,
    });
    expect(asErrorData(await call('vaultStatus', {}).catch((e: unknown) => e))).toEqual({ code: 'INTERNAL', message: 'newer main' });
  });

  it('turns a transport failure into INTERNAL', async () => {
    installFakeBridge().breakTransport('vaultStatus');
    expect(asErrorData(await call('vaultStatus', {}).catch((e: unknown) => e))).toEqual({ code: 'INTERNAL', message: 'bridge call failed' });
  });

  it('fails with INTERNAL when there is no bridge at all', async () => {
    expect(asErrorData(await call('vaultStatus', {}).catch((e: unknown) => e))).toEqual({ code: 'INTERNAL', message: 'bridge unavailable' });
  });
});

describe('asErrorData', () => {
  it('never passes on the message of an arbitrary error (it could hold anything)', () => {
    expect(asErrorData(new Error('secret: hunter2'))).toEqual({ code: 'INTERNAL', message: '' });
    expect(asErrorData('oops')).toEqual({ code: 'INTERNAL', message: '' });
  });

  it('copies the detail rather than sharing it', () => {
    const detail = { retryAfterSeconds: 5 };
    const data = asErrorData(new BridgeError({ code: 'LOCKED_OUT', message: 'm', detail }));
    expect(data.detail).toEqual(detail);
    expect(data.detail).not.toBe(detail);
    expect(asErrorData(new BridgeError({ code: 'NOT_FOUND', message: 'm' }))).not.toHaveProperty('detail');
  });
});
