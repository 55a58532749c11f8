/**
 * Session-wide and app-wide hardening. The vault UI needs no browser
 * permission, no network, no downloads and no second page, so all of them
 * are refused here, once, for every page the app creates.
 */
import { guardWebContents, type GuardableContents, type OpenExternal } from './navigation';

interface PreventableEvent {
  preventDefault(): void;
}

/** The parts of Electron's Session the hardening uses. */
export interface SessionLike {
  setPermissionRequestHandler(
    handler: (webContents: unknown, permission: string, callback: (granted: boolean) => void) => void,
  ): void;
  setPermissionCheckHandler(handler: () => boolean): void;
  setDevicePermissionHandler(handler: () => boolean): void;
  on(event: 'will-download', listener: (event: PreventableEvent) => void): unknown;
  readonly webRequest: {
    onBeforeRequest(
      filter: { urls: string[] },
      listener: (details: { url: string }, callback: (response: { cancel: boolean }) => void) => void,
    ): void;
  };
}

/** The part of Electron's App the creation hook uses. */
export interface AppEventsLike {
  on(event: 'web-contents-created', listener: (event: unknown, contents: GuardableContents) => void): unknown;
}

/**
 * Every request the UI could make outside app:// — the CSP already says
 * `connect-src 'none'`; this is the same rule enforced below the page, so a
 * CSP mistake alone cannot leak client data to the network.
 */
export const BLOCKED_REQUEST_PATTERNS: readonly string[] = Object.freeze([
  'http://*/*',
  'https://*/*',
  'ws://*/*',
  'wss://*/*',
  'file:///*',
]);

export function hardenSession(session: SessionLike): void {
  // Camera, microphone, notifications, clipboard-read, geolocation, HID, USB, serial…: none are used.
  session.setPermissionRequestHandler((_webContents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
  // Client documents leave the vault only through main (exports are audited), never as a browser download.
  session.on('will-download', (event) => event.preventDefault());
  session.webRequest.onBeforeRequest({ urls: [...BLOCKED_REQUEST_PATTERNS] }, (_details, callback) =>
    callback({ cancel: true }),
  );
}

/** Applies the navigation denials to every WebContents, including ones the app did not expect to create. */
export function guardAllWebContents(app: AppEventsLike, openExternal: OpenExternal): void {
  app.on('web-contents-created', (_event, contents) => guardWebContents(contents, openExternal));
}
