import { useEffect, useState } from 'react';
import type { AppInfo } from '../../../shared/domain';
import { call } from '../bridge/client';

/** The lock shortcut main intercepts (the page never binds it): ⌘L on macOS, Ctrl+L elsewhere. */
export function lockShortcutLabel(platform: string | undefined): string {
  return platform === 'darwin' ? '⌘L' : 'Ctrl+L';
}

/** setContentProtection has no effect on Linux (main skips it there too). */
export function contentProtectionWorks(platform: string | undefined): boolean {
  return platform === 'win32' || platform === 'darwin';
}

// Version and platform only: nothing from the vault, and the same for the whole run.
let pending: Promise<AppInfo | null> | null = null;

function loadAppInfo(): Promise<AppInfo | null> {
  pending ??= call('appInfo', {}).catch(() => {
    // Asked again next time; until then callers fall back to the Ctrl+L wording.
    pending = null;
    return null;
  });
  return pending;
}

/** main's appInfo, asked once per page; null until it answers (or if it cannot). */
export function useAppInfo(): AppInfo | null {
  const [info, setInfo] = useState<AppInfo | null>(null);
  useEffect(() => {
    let live = true;
    void loadAppInfo().then((answer) => {
      if (live) setInfo(answer);
    });
    return () => {
      live = false;
    };
  }, []);
  return info;
}
