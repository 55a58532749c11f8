import { describe, expect, it } from 'vitest';
import { contentProtectionWorks, lockShortcutLabel } from '../../../src/renderer/src/settings/app-info';

describe('app-info helpers', () => {
  it.each([
    ['darwin', '⌘L'],
    ['win32', 'Ctrl+L'],
    ['linux', 'Ctrl+L'],
    [undefined, 'Ctrl+L'],
  ])('the lock shortcut on %s is %s', (platform, label) => {
    expect(lockShortcutLabel(platform)).toBe(label);
  });

  it.each([
    ['win32', true],
    ['darwin', true],
    ['linux', false],
    [undefined, false],
  ])('content protection works on %s: %s', (platform, works) => {
    expect(contentProtectionWorks(platform)).toBe(works);
  });
});
