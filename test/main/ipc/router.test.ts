import { describe, expect, it, vi } from 'vitest';
import { IpcRouter } from '../../../src/main/ipc/router';
import { APP_ORIGIN, isTrustedSender } from '../../../src/main/ipc/sender';
import { VaultError } from '../../../src/main/core/errors';

const top = { url: `${APP_ORIGIN}/index.html`, isTopFrame: true };

function router() {
  const onInternalError = vi.fn();
  const r = new IpcRouter({ isTrusted: (s) => isTrustedSender(s), locale: () => 'zh-CN', onInternalError });
  const spy = vi.fn((_req: { id: string }) => ({ recorded: true as const }));
  r.handle('docPrint', spy);
  return { r, spy, onInternalError };
}

describe('isTrustedSender', () => {
  it.each([
    [{ url: 'app://zhangdun/index.html', isTopFrame: true }, true],
    [{ url: 'app://zhangdun/', isTopFrame: true }, true],
    [{ url: 'app://zhangdun/index.html', isTopFrame: false }, false],
    [{ url: 'app://zhangdun.evil/index.html', isTopFrame: true }, false],
    [{ url: 'app://evil/index.html', isTopFrame: true }, false],
    [{ url: 'https://zhangdun/index.html', isTopFrame: true }, false],
    [{ url: 'file:///index.html', isTopFrame: true }, false],
    [{ url: 'app://user:pw@zhangdun/', isTopFrame: true }, false],
    [{ url: undefined, isTopFrame: true }, false],
    [{ url: 'not a url', isTopFrame: true }, false],
  ])('%o → %s', (sender, ok) => {
    expect(isTrustedSender(sender)).toBe(ok);
  });

  it('accepts a test origin only when asked', () => {
    expect(isTrustedSender({ url: 'http://127.0.0.1:5555/x', isTopFrame: true }, 'http://127.0.0.1:5555')).toBe(true);
    expect(isTrustedSender({ url: 'http://127.0.0.1:5556/x', isTopFrame: true }, 'http://127.0.0.1:5555')).toBe(false);
  });
});

describe('IpcRouter', () => {
  const id = 'a'.repeat(32);

  it('runs the handler for a trusted sender with a valid request', async () => {
    const { r, spy } = router();
    expect(await r.dispatch('docPrint', { id }, top)).toEqual({ ok: true, data: { recorded: true } });
    expect(spy).toHaveBeenCalledExactlyOnceWith({ id });
  });

  it('never runs the handler for an untrusted sender', async () => {
    const { r, spy } = router();
    const res = await r.dispatch('docPrint', { id }, { url: top.url, isTopFrame: false });
    expect(res).toEqual({ ok: false, error: { code: 'UNTRUSTED_SENDER', message: expect.any(String) } });
    expect(spy).not.toHaveBeenCalled();
  });

  it.each([undefined, null, 'x', 42, [], { id: 'nothex' }, { id, extra: true }, { id: 5 }])(
    'never runs the handler for an invalid payload %o',
    async (payload) => {
      const { r, spy } = router();
      const res = await r.dispatch('docPrint', payload, top);
      expect(res.ok).toBe(false);
      if (!res.ok) expect(res.error.code).toBe('INVALID_INPUT');
      expect(spy).not.toHaveBeenCalled();
    },
  );

  it('describes a refused request briefly, without echoing the caller\'s key names', async () => {
    const { r } = router();
    const hugeKey = `secret-${'k'.repeat(1 << 20)}`;
    const res = await r.dispatch('docPrint', { id, [hugeKey]: 1, 'another-secret': 2 }, top);
    expect(res).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', detail: { reason: '(request): 2 unrecognized key(s)' } } });
    expect(JSON.stringify(res)).not.toContain('secret');
    expect(JSON.stringify(res).length).toBeLessThan(1000);
  });

  it('answers unknown channels without throwing', async () => {
    const { r } = router();
    expect(await r.dispatch('nope', {}, top)).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } });
  });

  it('parses with the channel\'s own schema: defaults filled in, whitespace trimmed', async () => {
    const r = new IpcRouter({ isTrusted: () => true, locale: () => 'en' });
    const spy = vi.fn((_req: unknown) => ({ cancelled: true as const }));
    r.handle('docExport', spy);
    expect(await r.dispatch('docExport', { id }, top)).toEqual({ ok: true, data: { cancelled: true } });
    expect(spy).toHaveBeenCalledExactlyOnceWith({ id, reason: '' });
  });

  it('maps expected failures to their code and a Chinese message', async () => {
    const r = new IpcRouter({ isTrusted: () => true, locale: () => 'zh-CN' });
    r.handle('vaultLock', () => {
      throw new VaultError('VAULT_LOCKED');
    });
    expect(await r.dispatch('vaultLock', {}, top)).toEqual({ ok: false, error: { code: 'VAULT_LOCKED', message: '保险库已锁定，请重新解锁。' } });
  });

  it('turns unexpected failures into INTERNAL without leaking the message or stack', async () => {
    const onInternalError = vi.fn();
    const r = new IpcRouter({ isTrusted: () => true, locale: () => 'en', onInternalError });
    r.handle('vaultLock', () => {
      throw new Error('secret key 00ff at /home/x');
    });
    const res = await r.dispatch('vaultLock', {}, top);
    expect(JSON.stringify(res)).not.toMatch(/secret|00ff|home|at /);
    expect(res).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(onInternalError).toHaveBeenCalledOnce();
  });

  it('refuses to register a channel twice', () => {
    const { r } = router();
    expect(() => r.handle('docPrint', () => ({ recorded: true }))).toThrow();
  });
});
