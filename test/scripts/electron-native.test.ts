import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  abisInBinary,
  checkElectronAbi,
  classifyFailure,
  electronDownloadAdvice,
  ignoredSettingsNotice,
  nativeBuildAdvice,
  nativeTargetPath,
  nodeBuildAdvice,
  nodeGypArgs,
  nodeGypCandidates,
  nodeGypEnv,
  nodeVersionWarning,
  resolveElectronAbi,
  shouldCopyPackageEntry,
} from '../../scripts/electron-native.mjs';

const root = join(__dirname, '..', '..');
const bytes = (text: string) => new Uint8Array(Buffer.from(text, 'latin1'));

describe('abisInBinary', () => {
  it('reads the ABI from node_register_module_v<N>, with or without the macOS underscore', () => {
    expect(abisInBinary(bytes('\0\0node_register_module_v150\0junk'))).toEqual([150]);
    expect(abisInBinary(bytes('__node_register_module_v127\0'))).toEqual([127]);
    expect(abisInBinary(bytes('node_register_module_v115 node_register_module_v115'))).toEqual([115]);
    expect(abisInBinary(bytes('node_register_module_v115 node_register_module_v150'))).toEqual([115, 150]);
    expect(abisInBinary(bytes('napi_register_module_v1'))).toEqual([]);
  });

  it("recognises node_modules' own build as this Node's ABI", () => {
    const file = join(root, 'node_modules', 'better-sqlite3-multiple-ciphers', 'build', 'Release', 'better_sqlite3.node');
    expect(abisInBinary(readFileSync(file))).toEqual([Number(process.versions.modules)]);
  });
});

describe('checkElectronAbi', () => {
  const nodeAbi = 115;
  it.each([
    [[150], 150, true],
    [[115], 150, false], // the silent failure this guards against: a Node build
    [[], 150, false],
    [[127], 150, false],
    [[115, 150], 150, false],
  ])('found %j, Electron %i -> ok=%s', (found, electronAbi, ok) => {
    expect(checkElectronAbi({ found, electronAbi, nodeAbi }).ok).toBe(ok);
  });

  it('refuses when Electron and Node ABIs coincide (the builds cannot be told apart)', () => {
    expect(checkElectronAbi({ found: [115], electronAbi: 115, nodeAbi: 115 }).ok).toBe(false);
  });

  it('says why it refused a Node build', () => {
    expect(checkElectronAbi({ found: [115], electronAbi: 150, nodeAbi: 115 })).toEqual({
      ok: false,
      reason: 'built for Node (ABI 115), not Electron (ABI 150)',
    });
  });

  it("refuses node_modules' own build for the installed Electron", () => {
    const file = join(root, 'node_modules', 'better-sqlite3-multiple-ciphers', 'build', 'Release', 'better_sqlite3.node');
    const electronAbi = resolveElectronAbi({
      abiVersionText: readFileSync(join(root, 'node_modules', 'electron', 'abi_version'), 'utf8'),
    });
    const verdict = checkElectronAbi({ found: abisInBinary(readFileSync(file)), electronAbi, nodeAbi: Number(process.versions.modules) });
    expect(verdict.ok).toBe(false);
  });
});

describe('resolveElectronAbi', () => {
  it('reads abi_version', () => {
    expect(resolveElectronAbi({ abiVersionText: '150\n' })).toBe(150);
  });
  it('falls back to node-abi, and tolerates node-abi not knowing the version', () => {
    expect(resolveElectronAbi({ abiVersionText: undefined, nodeAbiLookup: () => '150' })).toBe(150);
    expect(
      resolveElectronAbi({
        abiVersionText: '150',
        nodeAbiLookup: () => {
          throw new Error('unknown target');
        },
      }),
    ).toBe(150);
  });
  it('refuses disagreement and garbage', () => {
    expect(() => resolveElectronAbi({ abiVersionText: '150', nodeAbiLookup: () => '149' })).toThrow(/disagrees/);
    expect(() => resolveElectronAbi({ abiVersionText: 'x' })).toThrow();
    expect(() => resolveElectronAbi({ abiVersionText: undefined })).toThrow();
  });
  it('agrees with node-abi for the installed Electron', () => {
    const { version } = JSON.parse(readFileSync(join(root, 'node_modules', 'electron', 'package.json'), 'utf8')) as {
      version: string;
    };
    const abi = resolveElectronAbi({
      abiVersionText: readFileSync(join(root, 'node_modules', 'electron', 'abi_version'), 'utf8'),
    });
    expect(abi).not.toBe(Number(process.versions.modules));
    expect(version).toMatch(/^\d+\.\d+\.\d+/);
  });
});

describe('paths and arguments', () => {
  it('keeps the Electron build out of node_modules', () => {
    expect(nativeTargetPath('/repo', '45.5.0')).toBe(join('/repo', '.native', 'electron', '45.5.0', 'better_sqlite3.node'));
    expect(() => nativeTargetPath('/repo', '../../etc')).toThrow();
  });

  it('builds against Electron headers, into a private devdir', () => {
    expect(nodeGypArgs({ electronVersion: '45.5.0', arch: 'x64', devDir: '/repo/.native/gyp' })).toEqual([
      'rebuild',
      '--release',
      '--target=45.5.0',
      '--arch=x64',
      '--dist-url=https://electronjs.org/headers',
      '--runtime=electron',
      '--devdir=/repo/.native/gyp',
    ]);
    expect(() => nodeGypArgs({ electronVersion: '45; rm -rf /', arch: 'x64', devDir: '/d' })).toThrow();
  });

  it("looks for node-gyp in the project first, then in npm's bundle", () => {
    const posix = nodeGypCandidates({ root: '/repo', execPath: '/usr/bin/node', npmExecPath: undefined, platform: 'linux' });
    expect(posix[0]).toBe(join('/repo', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'));
    expect(posix[1]).toBe(join('/usr', 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'));
    const viaNpm = nodeGypCandidates({
      root: '/repo',
      execPath: '/usr/bin/node',
      npmExecPath: '/opt/npm/bin/npm-cli.js',
      platform: 'linux',
    });
    expect(viaNpm[1]).toBe(join('/opt', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'));
  });

  it("copies the package without its Node build or nested node_modules", () => {
    const pkg = join('/repo', 'node_modules', 'better-sqlite3-multiple-ciphers');
    expect(shouldCopyPackageEntry(pkg, pkg)).toBe(true);
    expect(shouldCopyPackageEntry(pkg, join(pkg, 'binding.gyp'))).toBe(true);
    expect(shouldCopyPackageEntry(pkg, join(pkg, 'deps', 'sqlite3', 'sqlite3.c'))).toBe(true);
    expect(shouldCopyPackageEntry(pkg, join(pkg, 'src', 'better_sqlite3.cpp'))).toBe(true);
    expect(shouldCopyPackageEntry(pkg, join(pkg, 'build'))).toBe(false);
    expect(shouldCopyPackageEntry(pkg, join(pkg, 'build', 'Release', 'better_sqlite3.node'))).toBe(false);
    expect(shouldCopyPackageEntry(pkg, join(pkg, 'node_modules', 'x'))).toBe(false);
  });
});

describe('npm config that would make node-gyp build for Node', () => {
  it('drops nodedir (and the other keys node-gyp is given) from its environment, and names them', () => {
    const env = {
      PATH: '/usr/bin',
      npm_config_nodedir: '/usr/include/nodejs',
      NPM_CONFIG_TARGET: '20.19.0',
      npm_package_config_node_gyp_runtime: 'node',
      npm_config_dist_url: 'https://nodejs.org/dist',
      npm_config_cache: '/home/u/.npm',
      HTTPS_PROXY: 'http://proxy:3128',
    };
    const { env: clean, ignored } = nodeGypEnv(env);
    expect(clean).toEqual({ PATH: '/usr/bin', npm_config_cache: '/home/u/.npm', HTTPS_PROXY: 'http://proxy:3128' });
    expect(ignored.map((i) => i.name).sort()).toEqual(['dist-url', 'nodedir', 'runtime', 'target']);
    const [notice] = ignoredSettingsNotice(ignored.filter((i) => i.name === 'nodedir'));
    expect(notice).toContain('npm_config_nodedir=/usr/include/nodejs');
    expect(notice).toContain('npm config delete nodedir');
    expect(nodeGypEnv({ PATH: '/usr/bin' })).toEqual({ env: { PATH: '/usr/bin' }, ignored: [] });
  });

  it('says what to change when the addon is still a Node build', () => {
    expect(checkElectronAbi({ found: [115], electronAbi: 150, nodeAbi: 115 })).toMatchObject({ reason: 'built for Node (ABI 115), not Electron (ABI 150)' });
    expect(nodeBuildAdvice([])).toMatch(/nodedir.*npm config list/);
    expect(nodeBuildAdvice([{ key: 'npm_config_nodedir', name: 'nodedir', value: '/x' }])).toContain('npm_config_nodedir was ignored');
  });
});

describe('why a download or a build failed', () => {
  // Shaped like what @electron/get (through got) and node-gyp print.
  const offline = 'RequestError: getaddrinfo ENOTFOUND github.com\n    at ClientRequest.<anonymous> (node_modules/got/dist/source/core/index.js:970:111)';
  // What `npm start` printed on a machine that reaches the npm registry but not GitHub.
  const fetchFailed = [
    'TypeError: fetch failed',
    '    at node:internal/deps/undici/undici:14976:13',
    '    at async FetchDownloader.download (file:///tmp/fresh/node_modules/@electron/get/dist/FetchDownloader.js:46:30)',
  ].join('\n');
  // node-gyp on the same machine, fetching Electron's headers (Python was found: an info line, not an error).
  const headersOffline = [
    'gyp info find Python using Python version 3.11.7 found at "/usr/bin/python3"',
    'gyp http GET https://electronjs.org/headers/v45.5.0/node-v45.5.0-headers.tar.gz',
    'gyp WARN install got an error, rolling back install',
    'gyp ERR! stack Error: This is most likely not a problem with node-gyp or the package itself and',
    'gyp ERR! stack is related to network connectivity. In most cases you are behind a proxy or have bad',
  ].join('\n');
  it.each([
    [offline, 'network'],
    [fetchFailed, 'network'],
    [headersOffline, 'network'],
    ['gyp info find Python using Python version 3.11.7 found at "/usr/bin/python3"\nmake: g++: No such file or directory', 'compiler'],
    ['HTTPError: Response code 404 (Not Found) for https://github.com/electron/electron/releases/download/v45.5.0/x.zip', 'network'],
    ['Error: connect ETIMEDOUT 140.82.113.4:443', 'network'],
    ['Error: self-signed certificate in certificate chain', 'network'],
    ['gyp ERR! stack Error: getaddrinfo EAI_AGAIN electronjs.org', 'network'],
    ['gyp ERR! find Python Python is not set from command line or npm configuration', 'python'],
    ['gyp ERR! stack Error: not found: make', 'compiler'],
    ['make: g++: No such file or directory', 'compiler'],
    ['gyp ERR! find VS could not find a version of Visual Studio 2017 or newer to use', 'compiler'],
    ['Error: EACCES: permission denied, mkdir', 'unknown'],
  ])('%s -> %s', (output, kind) => {
    expect(classifyFailure(output).kind).toBe(kind);
  });

  it('calls a failed Electron download a network problem, and not a reason to reinstall', () => {
    const advice = electronDownloadAdvice({ output: offline, version: '45.5.0' });
    expect(advice).toContain('network problem (ENOTFOUND)');
    expect(advice).toContain('nothing needs reinstalling');
    expect(advice).toContain('ELECTRON_MIRROR');
    expect(advice).toContain('ELECTRON_GET_USE_PROXY=1');
    expect(electronDownloadAdvice({ output: fetchFailed, version: '45.5.0' })).toContain('network problem (fetch failed)');
    expect(electronDownloadAdvice({ output: 'Error: EACCES', version: '45.5.0' })).not.toContain('network');
  });

  it('names the header download, Python, or the compiler for a failed native build', () => {
    expect(nativeBuildAdvice({ output: 'gyp ERR! stack Error: getaddrinfo ENOTFOUND electronjs.org', platform: 'linux' })).toContain("Electron's headers");
    expect(nativeBuildAdvice({ output: headersOffline, platform: 'linux' })).toMatch(/headers from https:\/\/electronjs.org\/headers: a network problem/);
    expect(nativeBuildAdvice({ output: 'gyp ERR! find Python Python is not set from command line or npm configuration', platform: 'linux' })).toContain('Python 3');
    expect(nativeBuildAdvice({ output: 'make: g++: No such file or directory', platform: 'linux' })).toContain('apt-get install python3 make g++');
    expect(nativeBuildAdvice({ output: 'gyp ERR! find VS', platform: 'win32' })).toContain('Visual Studio Build Tools');
    expect(nativeBuildAdvice({ output: '', platform: 'darwin' })).toContain('xcode-select --install');
  });
});

describe('the Node version for npm start', () => {
  it.each([
    ['20.19.0', true],
    ['20.20.2', true],
    ['22.12.0', true],
    ['22.13.0', false],
    ['24.1.0', false],
  ])('%s warns: %s', (version, warns) => {
    expect(nodeVersionWarning(version) !== null).toBe(warns);
  });
});
