/**
 * Navigation denials for every web page the app creates. The vault UI is one
 * page on app://zhangdun; it never navigates, never opens windows and never
 * hosts <webview>. A link to an allow-listed https site is handed to the
 * system browser instead; everything else is dropped.
 */
import { isAllowedExternalUrl } from '../security/external-links';

interface PreventableEvent {
  preventDefault(): void;
}

interface NavigationEvent extends PreventableEvent {
  readonly url: string;
}

/** The parts of WebContents the guards use. */
export interface GuardableContents {
  on(event: 'will-navigate', listener: (event: NavigationEvent) => void): unknown;
  on(event: 'will-frame-navigate', listener: (event: NavigationEvent) => void): unknown;
  on(event: 'will-redirect', listener: (event: NavigationEvent) => void): unknown;
  on(event: 'will-attach-webview', listener: (event: PreventableEvent) => void): unknown;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
}

export type OpenExternal = (url: string) => Promise<void>;

const guarded = new WeakSet<object>();

/** Hands a URL to the system browser only when the allowlist says so. */
export function openIfAllowed(url: string, openExternal: OpenExternal): void {
  if (!isAllowedExternalUrl(url)) return;
  // Failure to launch a browser is not the vault's problem; never let it crash main.
  openExternal(url).catch(() => undefined);
}

/**
 * Installs the denials once per WebContents (both the window factory and the
 * app-wide creation hook call this; the second call is a no-op).
 */
export function guardWebContents(contents: GuardableContents, openExternal: OpenExternal): void {
  if (guarded.has(contents)) return;
  guarded.add(contents);
  contents.on('will-navigate', (event) => {
    event.preventDefault();
    openIfAllowed(event.url, openExternal);
  });
  // Electron emits this after will-navigate (main frame) and for subframes; the CSP already forbids frames.
  contents.on('will-frame-navigate', (event) => event.preventDefault());
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    openIfAllowed(url, openExternal);
    return { action: 'deny' };
  });
}
