import { describe, expect, it, vi } from 'vitest';
import { BLOCKED_REQUEST_PATTERNS, guardAllWebContents, hardenSession } from '../../../src/main/app/security';
import { fakeContents, fakeEvent } from './fakes';

function fakeSession() {
  const s = {
    requestHandler: undefined as undefined | ((wc: unknown, permission: string, cb: (granted: boolean) => void) => void),
    checkHandler: undefined as undefined | (() => boolean),
    deviceHandler: undefined as undefined | (() => boolean),
    downloadListener: undefined as undefined | ((event: { preventDefault(): void }) => void),
    requestFilter: undefined as undefined | { urls: string[] },
    requestListener: undefined as
      | undefined
      | ((details: { url: string }, cb: (response: { cancel: boolean }) => void) => void),
    setPermissionRequestHandler(handler: (wc: unknown, permission: string, cb: (granted: boolean) => void) => void) {
      s.requestHandler = handler;
    },
    setPermissionCheckHandler(handler: () => boolean) {
      s.checkHandler = handler;
    },
    setDevicePermissionHandler(handler: () => boolean) {
      s.deviceHandler = handler;
    },
    on(_event: 'will-download', listener: (event: { preventDefault(): void }) => void) {
      s.downloadListener = listener;
    },
    webRequest: {
      onBeforeRequest(
        filter: { urls: string[] },
        listener: (details: { url: string }, cb: (response: { cancel: boolean }) => void) => void,
      ) {
        s.requestFilter = filter;
        s.requestListener = listener;
      },
    },
  };
  hardenSession(s);
  return s;
}

describe('hardenSession', () => {
  it.each(['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'hid', 'usb', 'fullscreen', 'unknown'])(
    'refuses the %s permission request',
    (permission) => {
      const s = fakeSession();
      const callback = vi.fn();
      s.requestHandler?.({}, permission, callback);
      expect(callback).toHaveBeenCalledExactlyOnceWith(false);
    },
  );

  it('answers every permission check and device check with no', () => {
    const s = fakeSession();
    expect(s.checkHandler?.()).toBe(false);
    expect(s.deviceHandler?.()).toBe(false);
  });

  it('cancels browser downloads', () => {
    const s = fakeSession();
    const event = fakeEvent();
    s.downloadListener?.(event);
    expect(event.prevented).toBe(true);
  });

  it('cancels every network and file request the page might make', () => {
    const s = fakeSession();
    expect(s.requestFilter?.urls).toEqual([...BLOCKED_REQUEST_PATTERNS]);
    for (const scheme of ['http://', 'https://', 'ws://', 'wss://', 'file:///']) {
      expect(BLOCKED_REQUEST_PATTERNS.some((p) => p.startsWith(scheme))).toBe(true);
    }
    const callback = vi.fn();
    s.requestListener?.({ url: 'https://evil.example/steal?data=1' }, callback);
    expect(callback).toHaveBeenCalledExactlyOnceWith({ cancel: true });
  });
});

describe('guardAllWebContents', () => {
  it('guards every WebContents the app creates', () => {
    let hook: ((event: unknown, contents: ReturnType<typeof fakeContents>) => void) | undefined;
    const app = {
      on: (_event: 'web-contents-created', listener: (event: unknown, contents: ReturnType<typeof fakeContents>) => void) => {
        hook = listener;
      },
    };
    const openExternal = vi.fn(() => Promise.resolve());
    guardAllWebContents(app, openExternal);
    const first = fakeContents();
    const second = fakeContents();
    hook?.({}, first);
    hook?.({}, second);
    for (const contents of [first, second]) {
      expect(contents.navigateTo('https://evil.example/')).toBe(true);
      expect(contents.openWindow('https://evil.example/')).toEqual({ action: 'deny' });
      expect(contents.emit('will-attach-webview', fakeEvent())).toBe(true);
    }
    expect(openExternal).not.toHaveBeenCalled();
  });
});
