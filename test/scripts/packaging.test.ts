/**
 * build/after-pack.cjs (fuses, native addon check) and
 * build/electron-builder.yml, without running electron-builder.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FuseV1Options, FuseVersion } from '@electron/fuses';
import { afterEach, describe, expect, it, vi } from 'vitest';

const root = join(__dirname, '..', '..');
const require = createRequire(import.meta.url);

interface PackContext {
  appOutDir: string;
  electronPlatformName: string;
  packager: {
    info: { framework: { version: string } };
    getResourcesDir(appOutDir: string): string;
    addElectronFuses(context: PackContext, config: Record<string, unknown>): Promise<number>;
  };
}

const afterPackModule = require(join(root, 'build', 'after-pack.cjs')) as {
  afterPack: (context: PackContext) => Promise<void>;
  default: (context: PackContext) => Promise<void>;
  FUSES: Record<string, boolean>;
  fuseConfig: (fuses: { FuseV1Options: Record<string, unknown>; FuseVersion: { V1: string } }, platform: string) => Record<string, unknown>;
};

const electronAbi = Number(readFileSync(join(root, 'node_modules', 'electron', 'abi_version'), 'utf8').trim());
const electronVersion = (JSON.parse(readFileSync(join(root, 'node_modules', 'electron', 'package.json'), 'utf8')) as { version: string })
  .version;

describe('fuses', () => {
  it('are exactly the hardened set', () => {
    expect(afterPackModule.FUSES).toEqual({
      RunAsNode: false,
      EnableCookieEncryption: true,
      EnableNodeOptionsEnvironmentVariable: false,
      EnableNodeCliInspectArguments: false,
      EnableEmbeddedAsarIntegrityValidation: true,
      OnlyLoadAppFromAsar: true,
      GrantFileProtocolExtraPrivileges: false,
    });
    expect(Object.isFrozen(afterPackModule.FUSES)).toBe(true);
  });

  it('map onto the installed @electron/fuses wire', () => {
    const config = afterPackModule.fuseConfig({ FuseV1Options, FuseVersion }, 'linux');
    expect(config).toEqual({
      version: FuseVersion.V1,
      resetAdHocDarwinSignature: false,
      [FuseV1Options.RunAsNode]: false,
      [FuseV1Options.EnableCookieEncryption]: true,
      [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
      [FuseV1Options.EnableNodeCliInspectArguments]: false,
      [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
      [FuseV1Options.OnlyLoadAppFromAsar]: true,
      [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
    });
    expect(afterPackModule.fuseConfig({ FuseV1Options, FuseVersion }, 'darwin')['resetAdHocDarwinSignature']).toBe(true);
  });

  it('refuse a fuse name the library does not know (a typo would silently leave a fuse on)', () => {
    const { RunAsNode: _dropped, ...fewer } = FuseV1Options as unknown as Record<string, unknown>;
    expect(() => afterPackModule.fuseConfig({ FuseV1Options: fewer, FuseVersion }, 'linux')).toThrow(/RunAsNode/);
  });
});

describe('afterPack', () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });

  function context(addonText: string | null) {
    dir = mkdtempSync(join(tmpdir(), 'zhangdun-pack-'));
    const resources = join(dir, 'resources');
    if (addonText !== null) {
      mkdirSync(join(resources, 'native', electronVersion), { recursive: true });
      writeFileSync(join(resources, 'native', electronVersion, 'better_sqlite3.node'), Buffer.from(addonText, 'latin1'));
    }
    const addElectronFuses = vi.fn((_context: PackContext, _config: Record<string, unknown>) => Promise.resolve(0));
    const ctx: PackContext = {
      appOutDir: dir,
      electronPlatformName: 'linux',
      packager: {
        info: { framework: { version: electronVersion } },
        getResourcesDir: () => resources,
        addElectronFuses,
      },
    };
    return { ctx, addElectronFuses };
  }

  it('flips the fuses when the shipped addon is an Electron build', async () => {
    const { ctx, addElectronFuses } = context(`\0node_register_module_v${electronAbi}\0`);
    await afterPackModule.afterPack(ctx);
    expect(addElectronFuses).toHaveBeenCalledTimes(1);
    expect(addElectronFuses.mock.calls[0]?.[1]).toEqual(afterPackModule.fuseConfig({ FuseV1Options, FuseVersion }, 'linux'));
  });

  it('fails the build when the shipped addon is a Node build', async () => {
    const { ctx, addElectronFuses } = context(`\0node_register_module_v${process.versions.modules}\0`);
    await expect(afterPackModule.afterPack(ctx)).rejects.toThrow(/Node/);
    expect(addElectronFuses).not.toHaveBeenCalled();
  });

  it('fails the build when the addon is missing', async () => {
    const { ctx } = context(null);
    await expect(afterPackModule.afterPack(ctx)).rejects.toThrow(/--native-only/);
  });

  it('is what electron-builder will load (named export)', () => {
    expect(afterPackModule.default).toBe(afterPackModule.afterPack);
  });
});

describe('electron-builder.yml', () => {
  const yaml = require('js-yaml') as { load(text: string): unknown };
  const config = yaml.load(readFileSync(join(root, 'build', 'electron-builder.yml'), 'utf8')) as Record<string, unknown>;

  it('passes electron-builder’s own schema', async () => {
    const { validateConfiguration } = require('app-builder-lib/out/util/config/config.js') as {
      validateConfiguration(config: unknown, logger: unknown): Promise<void>;
    };
    const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
  });

  it('packs the app into an asar, ships the Electron addon, never rebuilds node_modules', () => {
    expect(config).toMatchObject({
      appId: 'com.zhangdun.app',
      productName: 'Zhangdun',
      asar: true,
      asarUnpack: ['**/*.node'],
      npmRebuild: false,
      afterPack: './build/after-pack.cjs',
      directories: { output: 'dist' },
      extraResources: [{ from: '.native/electron', to: 'native', filter: ['*/better_sqlite3.node'] }],
    });
    expect(config['files']).toEqual(expect.arrayContaining(['out/**', 'package.json']));
    // Fuses are flipped in after-pack.cjs, not by builder's option (which would apply a second, different set).
    expect(config).not.toHaveProperty('electronFuses');
  });

  it('ships sodium-native’s desktop prebuilds (unpacked) and none of its sources, mobile or Bare builds', () => {
    const { minimatch } = require('minimatch') as { minimatch: (path: string, pattern: string, options?: { dot?: boolean }) => boolean };
    const excludes = (config['files'] as string[]).filter((f) => f.startsWith('!')).map((f) => f.slice(1));
    const shipped = (path: string) => !excludes.some((pattern) => minimatch(path, pattern, { dot: true }));
    const prebuilds = join(root, 'node_modules', 'sodium-native', 'prebuilds');
    const platforms = readdirSync(prebuilds);
    for (const kept of ['linux-x64', 'win32-x64', 'darwin-x64', 'darwin-arm64']) {
      const addon = `node_modules/sodium-native/prebuilds/${kept}/sodium-native.node`;
      expect(existsSync(join(root, addon)), addon).toBe(true);
      expect(shipped(addon), addon).toBe(true);
      expect(minimatch(addon, (config['asarUnpack'] as string[])[0] ?? ''), addon).toBe(true);
    }
    for (const platform of platforms.filter((p) => /^(android|ios)-/.test(p))) {
      for (const file of readdirSync(join(prebuilds, platform))) expect(shipped(`node_modules/sodium-native/prebuilds/${platform}/${file}`), `${platform}/${file}`).toBe(false);
    }
    expect(shipped('node_modules/sodium-native/prebuilds/linux-x64/sodium-native.bare')).toBe(false);
    expect(shipped('node_modules/sodium-native/binding.c')).toBe(false);
    expect(shipped('node_modules/sodium-native/index.js')).toBe(true);
    // The worker threads are part of out/**, beside the bundles that start them.
    expect(shipped('out/main/blob-writer.worker.js') && minimatch('out/main/blob-writer.worker.js', 'out/**')).toBe(true);
  });

  it('builds a per-user NSIS installer in Chinese and English that keeps the vault on uninstall', () => {
    expect(config['nsis']).toMatchObject({
      oneClick: false,
      perMachine: false,
      deleteAppDataOnUninstall: false,
      installerLanguages: ['zh_CN', 'en_US'],
    });
  });

  it('builds AppImage and deb for Linux in the Office category', () => {
    expect(config['linux']).toMatchObject({ target: ['AppImage', 'deb'], category: 'Office' });
  });

  it('has real icons', () => {
    const png = readFileSync(join(root, 'build', 'icon.png'));
    expect(png.subarray(0, 8)).toEqual(Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]));
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([512, 512]);
    const ico = readFileSync(join(root, 'build', 'icon.ico'));
    expect([ico.readUInt16LE(0), ico.readUInt16LE(2)]).toEqual([0, 1]);
    const count = ico.readUInt16LE(4);
    const sizes = Array.from({ length: count }, (_, i) => ico[6 + 16 * i] || 256);
    expect(sizes).toContain(256);
  });
});
