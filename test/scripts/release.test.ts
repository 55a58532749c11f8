/**
 * .github/workflows/release.yml and the release smoke test's wiring, read without running either: packaging
 * needs the Electron binary, which the test machine cannot download.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LINUX_EXECUTABLE, packagedApp, PRODUCT_NAME } from '../release/packaged-app';

const root = join(__dirname, '..', '..');
const require = createRequire(import.meta.url);
const read = (name: string) => readFileSync(join(root, name), 'utf8');
const yaml = require('js-yaml') as { load(text: string): unknown };

interface Step {
  name?: string;
  if?: string;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
}
interface Job {
  'runs-on': string;
  if?: string;
  needs?: string;
  permissions?: Record<string, string>;
  strategy?: { matrix: { include: { os: string; platform: string; installers: string }[] } };
  steps: Step[];
}
interface Workflow {
  on: unknown;
  permissions: Record<string, string>;
  jobs: { package: Job; release: Job };
}

const workflow = yaml.load(read('.github/workflows/release.yml')) as Workflow;
const builder = yaml.load(read('build/electron-builder.yml')) as Record<string, Record<string, unknown>> & { productName: string };
const pkg = JSON.parse(read('package.json')) as { scripts: Record<string, string> };
const { package: pack, release } = workflow.jobs;
const runs = pack.steps.flatMap((s) => (s.run ? [s] : []));
const indexOfRun = (text: string) => runs.findIndex((s) => s.run?.includes(text));

describe('release workflow', () => {
  it('runs on a v* tag and by hand, and reads the repository only', () => {
    expect(workflow.on).toEqual({ push: { tags: ['v*'] }, workflow_dispatch: null });
    expect(workflow.permissions).toEqual({ contents: 'read' });
    expect(pack.permissions).toBeUndefined();
  });

  it('packages on each OS with build/electron-builder.yml, on the Node Electron’s tools need', () => {
    expect(pack['runs-on']).toBe('${{ matrix.os }}');
    expect(Object.fromEntries(pack.strategy!.matrix.include.map((m) => [m.os, m.platform]))).toEqual({
      'windows-latest': '--win',
      'macos-latest': '--mac',
      'ubuntu-latest': '--linux',
    });
    expect(pack.steps.find((s) => s.uses?.startsWith('actions/setup-node@'))?.with).toMatchObject({ 'node-version': 22 });
    expect(pkg.scripts['dist']).toBe('electron-vite build && electron-builder --config build/electron-builder.yml');
    const order = ['npm ci', 'node scripts/start.mjs --native-only', 'npm run dist -- ${{ matrix.platform }} --publish never', 'npm run test:release'].map(indexOfRun);
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  it('builds what the config names (NSIS, dmg, AppImage, deb) and keeps exactly those files', () => {
    expect(builder['win']).toMatchObject({ target: [{ target: 'nsis' }] });
    expect(builder['mac']).toMatchObject({ target: ['dmg'] });
    expect(builder['linux']).toMatchObject({ target: ['AppImage', 'deb'] });
    const installers = Object.fromEntries(pack.strategy!.matrix.include.map((m) => [m.os, m.installers.trim().split('\n')]));
    expect(installers).toEqual({
      'windows-latest': ['dist/*.exe', '!dist/*__uninstaller.exe'],
      'macos-latest': ['dist/*.dmg'],
      'ubuntu-latest': ['dist/*.AppImage', 'dist/*.deb'],
    });
  });

  it('smoke-tests every build, on Linux on a virtual display', () => {
    expect(pkg.scripts['test:release']).toBe('playwright test -c test/release/playwright.config.ts');
    expect(existsSync(join(root, 'test/release/playwright.config.ts'))).toBe(true);
    const smoke = runs.filter((s) => s.run?.includes('npm run test:release'));
    expect(smoke.map((s) => s.if)).toEqual(["runner.os == 'Linux'", "runner.os != 'Linux'"]);
    expect(smoke[0]?.run).toContain('xvfb-run --auto-servernum npm run test:release');
  });

  it('attaches the installers to a draft release for tags only, the one job that may write', () => {
    expect(release.needs).toBe('package');
    expect(release.if).toBe("startsWith(github.ref, 'refs/tags/v')");
    expect(release.permissions).toEqual({ contents: 'write' });
    const script = release.steps.map((s) => s.run ?? '').join('\n');
    expect(script).toContain('gh release create "$TAG" --draft');
    expect(script).toContain('SHA256SUMS.txt');
  });
});

describe('the release smoke test', () => {
  it('is apart from npm test: vitest takes *.test.ts, the e2e config test/e2e only', () => {
    expect(existsSync(join(root, 'test/release/electron-smoke.spec.ts'))).toBe(true);
    expect(read('playwright.config.ts')).toContain("testDir: 'test/e2e'");
    expect(read('vitest.config.mts')).not.toMatch(/spec/);
  });

  it('finds the unpacked app electron-builder leaves in dist/ on each platform', () => {
    expect(PRODUCT_NAME).toBe(builder.productName);
    expect(LINUX_EXECUTABLE).toBe(builder['linux']?.['executableName']);
    const dist = join('work', 'dist');
    expect(packagedApp(dist, 'linux', () => ['linux-unpacked', 'Zhangdun-0.1.0.AppImage', 'zhangdun_0.1.0_amd64.deb'])).toEqual({
      executable: join(dist, 'linux-unpacked', 'zhangdun'),
      resources: join(dist, 'linux-unpacked', 'resources'),
    });
    expect(packagedApp(dist, 'win32', () => ['win-unpacked', 'Zhangdun Setup 0.1.0.exe'])).toEqual({
      executable: join(dist, 'win-unpacked', 'Zhangdun.exe'),
      resources: join(dist, 'win-unpacked', 'resources'),
    });
    expect(packagedApp(dist, 'darwin', () => ['mac-arm64', 'Zhangdun-0.1.0-arm64.dmg'])).toEqual({
      executable: join(dist, 'mac-arm64', 'Zhangdun.app', 'Contents', 'MacOS', 'Zhangdun'),
      resources: join(dist, 'mac-arm64', 'Zhangdun.app', 'Contents', 'Resources'),
    });
  });

  it('refuses a missing, an ambiguous or a foreign build, saying to run npm run dist', () => {
    const none = () => {
      throw Object.assign(new Error('ENOENT'), { code: 'ENOENT' });
    };
    expect(() => packagedApp('dist', 'linux', none)).toThrow(/no unpacked app for linux.*npm run dist/);
    expect(() => packagedApp('dist', 'darwin', () => ['mac', 'mac-arm64'])).toThrow(/2 unpacked apps \(mac, mac-arm64\)/);
    expect(() => packagedApp('dist', 'win32', () => ['linux-unpacked'])).toThrow(/no unpacked app for win32/);
    expect(() => packagedApp('dist', 'freebsd', () => ['linux-unpacked'])).toThrow(/no installer is built for freebsd/);
  });
});
