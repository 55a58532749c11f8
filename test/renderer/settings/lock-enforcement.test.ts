import { describe, expect, it } from 'vitest';
import { DEFAULT_LOCK_POLICY, DEFAULT_LOCK_SETTINGS, type LockPolicy, type LockSettings } from '../../../src/shared/domain';
import lockEn from '../../../src/renderer/src/i18n/lock.en.json';
import lockZhCN from '../../../src/renderer/src/i18n/lock.zh-CN.json';
import { fixedByPolicy, REQUIREMENTS, samePolicy, sameSettings } from '../../../src/renderer/src/settings/lock-enforcement';

function lookup(catalogue: object, key: string): unknown {
  return key.split('.').reduce<unknown>((node, part) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined), catalogue);
}

describe('REQUIREMENTS', () => {
  it('covers every on/off setting except the idle lock, and every policy switch', () => {
    const switches = Object.keys(DEFAULT_LOCK_SETTINGS).filter((k) => k !== 'idleMinutes' && k !== 'idleLock');
    const requirements = Object.keys(DEFAULT_LOCK_POLICY).filter((k) => k !== 'maxIdleMinutes');
    expect(REQUIREMENTS.map((r) => r.setting).sort()).toEqual(switches.sort());
    expect(REQUIREMENTS.map((r) => r.policy).sort()).toEqual(requirements.sort());
  });

  it.each(REQUIREMENTS.map((r) => r.label))('%s has a Chinese and an English label', (label) => {
    expect(typeof lookup(lockZhCN, label)).toBe('string');
    expect(typeof lookup(lockEn, label)).toBe('string');
  });
});

describe('fixedByPolicy', () => {
  it('fixes nothing under the default policy', () => {
    expect(Object.values(fixedByPolicy(DEFAULT_LOCK_POLICY)).some(Boolean)).toBe(false);
  });

  it('fixes the idle lock on when there is a maximum idle time', () => {
    const fixed = fixedByPolicy({ ...DEFAULT_LOCK_POLICY, maxIdleMinutes: 10 });
    expect(fixed.idleLock).toBe(true);
    expect(Object.entries(fixed).filter(([, on]) => on).map(([key]) => key)).toEqual(['idleLock']);
  });

  it.each(REQUIREMENTS.map((r) => [r.policy, r.setting] as const))('%s fixes %s and nothing else', (policy, setting) => {
    const fixed = fixedByPolicy({ ...DEFAULT_LOCK_POLICY, [policy]: true });
    expect(Object.entries(fixed).filter(([, on]) => on).map(([key]) => key)).toEqual([setting]);
  });
});

describe('sameSettings and samePolicy', () => {
  it('compare field by field, not by identity', () => {
    expect(sameSettings({ ...DEFAULT_LOCK_SETTINGS }, { ...DEFAULT_LOCK_SETTINGS })).toBe(true);
    expect(samePolicy({ ...DEFAULT_LOCK_POLICY }, { ...DEFAULT_LOCK_POLICY })).toBe(true);
  });

  it.each(Object.keys(DEFAULT_LOCK_SETTINGS) as (keyof LockSettings)[])('settings differ when only %s does', (key) => {
    const changed = { ...DEFAULT_LOCK_SETTINGS, [key]: typeof DEFAULT_LOCK_SETTINGS[key] === 'number' ? 17 : !DEFAULT_LOCK_SETTINGS[key] };
    expect(sameSettings(DEFAULT_LOCK_SETTINGS, changed)).toBe(false);
  });

  it.each(Object.keys(DEFAULT_LOCK_POLICY) as (keyof LockPolicy)[])('policies differ when only %s does', (key) => {
    const changed = { ...DEFAULT_LOCK_POLICY, [key]: key === 'maxIdleMinutes' ? 15 : !DEFAULT_LOCK_POLICY[key] };
    expect(samePolicy(DEFAULT_LOCK_POLICY, changed)).toBe(false);
  });
});
