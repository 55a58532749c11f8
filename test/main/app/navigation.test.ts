import { describe, expect, it, vi } from 'vitest';
import { guardWebContents } from '../../../src/main/app/navigation';
import { EXTERNAL_LINK_HOSTS, isAllowedExternalUrl } from '../../../src/main/security/external-links';
import { fakeContents, fakeEvent } from './fakes';

describe('isAllowedExternalUrl', () => {
  it('allows exactly one host by default', () => {
    expect(EXTERNAL_LINK_HOSTS).toEqual(['www.chinatax.gov.cn']);
    expect(Object.isFrozen(EXTERNAL_LINK_HOSTS)).toBe(true);
  });

  it.each([
    ['https://www.chinatax.gov.cn/', true],
    ['https://www.chinatax.gov.cn/chinatax/n810341/index.html?x=1#top', true],
    ['HTTPS://WWW.CHINATAX.GOV.CN/', true],
    ['http://www.chinatax.gov.cn/', false],
    ['https://chinatax.gov.cn/', false],
    ['https://etax.chinatax.gov.cn/', false],
    ['https://www.chinatax.gov.cn.evil.example/', false],
    ['https://www.chinatax.gov.cn./', false],
    ['https://www.chinatax.gov.cn@evil.example/', false],
    ['https://user:pw@www.chinatax.gov.cn/', false],
    ['https://www.chinatax.gov.cn:8443/', false],
    ['https://evil.example/?next=https://www.chinatax.gov.cn/', false],
    ['https://help.zhangdun.example/', false],
    ['file:///etc/passwd', false],
    ['javascript:alert(1)', false],
    ['app://zhangdun/index.html', false],
    ['smb://server/share', false],
    ['ms-settings:', false],
    ['//www.chinatax.gov.cn/', false],
    ['', false],
    ['not a url', false],
  ])('%s -> %s', (url, allowed) => {
    expect(isAllowedExternalUrl(url)).toBe(allowed);
  });

  it('refuses non-strings and absurdly long URLs', () => {
    expect(isAllowedExternalUrl(undefined)).toBe(false);
    expect(isAllowedExternalUrl({ toString: () => 'https://www.chinatax.gov.cn/' })).toBe(false);
    expect(isAllowedExternalUrl(`https://www.chinatax.gov.cn/${'a'.repeat(3000)}`)).toBe(false);
  });

  it('takes an explicit list; an empty list allows nothing', () => {
    expect(isAllowedExternalUrl('https://www.chinatax.gov.cn/', [])).toBe(false);
    expect(isAllowedExternalUrl('https://example.org/', ['example.org'])).toBe(true);
  });
});

describe('guardWebContents', () => {
  const setup = () => {
    const contents = fakeContents();
    const openExternal = vi.fn((_url: string) => Promise.resolve());
    guardWebContents(contents, openExternal);
    return { contents, openExternal };
  };

  it.each(['https://evil.example/', 'http://127.0.0.1:5173/', 'file:///etc/passwd', 'app://zhangdun/other.html', 'app://zhangdun.evil/'])(
    'denies navigating to %s',
    (url) => {
      const { contents, openExternal } = setup();
      expect(contents.navigateTo(url)).toBe(true);
      expect(openExternal).not.toHaveBeenCalled();
    },
  );

  it('denies navigation to an allowed site too, opening it in the system browser instead', () => {
    const { contents, openExternal } = setup();
    expect(contents.navigateTo('https://www.chinatax.gov.cn/')).toBe(true);
    expect(openExternal).toHaveBeenCalledWith('https://www.chinatax.gov.cn/');
  });

  it('denies subframe navigation, redirects and <webview> attachment', () => {
    const { contents } = setup();
    expect(contents.emit('will-frame-navigate', fakeEvent('https://evil.example/', false))).toBe(true);
    expect(contents.emit('will-redirect', fakeEvent('https://evil.example/'))).toBe(true);
    expect(contents.emit('will-attach-webview', fakeEvent())).toBe(true);
  });

  it.each(['https://evil.example/', 'about:blank', 'https://www.chinatax.gov.cn/'])('window.open(%s) is denied', (url) => {
    const { contents } = setup();
    expect(contents.openWindow(url)).toEqual({ action: 'deny' });
  });

  it('window.open of an allowed site opens the system browser; others do not', () => {
    const { contents, openExternal } = setup();
    contents.openWindow('https://evil.example/');
    contents.openWindow('https://www.chinatax.gov.cn/x');
    expect(openExternal.mock.calls).toEqual([['https://www.chinatax.gov.cn/x']]);
  });

  it('a failing openExternal does not throw into Electron', async () => {
    const contents = fakeContents();
    guardWebContents(contents, () => Promise.reject(new Error('no browser')));
    expect(() => contents.navigateTo('https://www.chinatax.gov.cn/')).not.toThrow();
    await new Promise((resolve) => setTimeout(resolve, 0));
  });

  it('installs its listeners once per WebContents', () => {
    const { contents, openExternal } = setup();
    guardWebContents(contents, openExternal);
    expect(contents.listenerCount('will-navigate')).toBe(1);
    contents.navigateTo('https://www.chinatax.gov.cn/');
    expect(openExternal).toHaveBeenCalledTimes(1);
  });
});
