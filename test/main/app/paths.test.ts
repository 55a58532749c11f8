import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bundlePaths, defaultStateDir, defaultVaultDir, nativeBindingPath } from '../../../src/main/app/paths';

describe('nativeBindingPath', () => {
  const base = { resourcesPath: '/opt/Zhangdun/resources', electronVersion: '45.5.0' };

  it('packaged: always the shipped resources copy, never the environment', () => {
    expect(
      nativeBindingPath({ ...base, isPackaged: true, env: { ZHANGDUN_NATIVE_BINDING: '/tmp/evil.node' } }),
    ).toBe(join('/opt/Zhangdun/resources', 'native', '45.5.0', 'better_sqlite3.node'));
  });

  it('unpackaged: the path npm start passes in, made absolute', () => {
    expect(nativeBindingPath({ ...base, isPackaged: false, env: { ZHANGDUN_NATIVE_BINDING: 'x/a.node' } })).toBe(
      resolve('x/a.node'),
    );
  });

  it('unpackaged without it: undefined, so main refuses instead of loading the Node build', () => {
    expect(nativeBindingPath({ ...base, isPackaged: false, env: {} })).toBeUndefined();
    expect(nativeBindingPath({ ...base, isPackaged: false, env: { ZHANGDUN_NATIVE_BINDING: '  ' } })).toBeUndefined();
  });
});

describe('defaultVaultDir', () => {
  it('uses ZHANGDUN_VAULT when set, else userData/vault', () => {
    expect(defaultVaultDir({ ZHANGDUN_VAULT: '/data/vault' }, '/home/u/.config/Zhangdun')).toBe(resolve('/data/vault'));
    expect(defaultVaultDir({}, '/home/u/.config/Zhangdun')).toBe(join('/home/u/.config/Zhangdun', 'vault'));
    expect(defaultVaultDir({ ZHANGDUN_VAULT: '' }, '/u')).toBe(join('/u', 'vault'));
  });
});

describe('defaultStateDir', () => {
  it('uses ZHANGDUN_STATE_DIR when set, else userData/state (never inside the vault folder)', () => {
    expect(defaultStateDir({ ZHANGDUN_STATE_DIR: '/data/state' }, '/home/u/.config/Zhangdun')).toBe(resolve('/data/state'));
    expect(defaultStateDir({ ZHANGDUN_VAULT: '/data/vault' }, '/home/u/.config/Zhangdun')).toBe(join('/home/u/.config/Zhangdun', 'state'));
  });
});

describe('bundlePaths', () => {
  it('finds preload and renderer next to the built main', () => {
    expect(bundlePaths('/app/out/main')).toEqual({
      preload: join('/app/out/preload/index.js'),
      renderer: join('/app/out/renderer'),
    });
  });
});
