#!/usr/bin/env node
/**
 * `npm start`: builds the app, makes sure the Electron build of the SQLite
 * addon exists, and runs Electron on the default local vault.
 *
 *   node scripts/start.mjs               build + run
 *   node scripts/start.mjs --dev         same, with source maps and developer tools open
 *   node scripts/start.mjs --native-only only build/verify the addon (before `npm run dist`)
 *
 * Needs, on first run: internet (the Electron binary from GitHub, Electron's
 * headers from electronjs.org), Python 3 and a C++ toolchain for node-gyp;
 * Electron's tools declare Node 22.12+. Each failure says which of these it
 * was. node_modules is never modified: the addon is compiled in a temporary
 * copy of the package.
 */
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  NATIVE_FILE,
  NATIVE_PACKAGE,
  abisInBinary,
  checkElectronAbi,
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
} from './electron-native.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'package.json'));
const args = new Set(process.argv.slice(2));
const dev = args.has('--dev');
const nativeOnly = args.has('--native-only');

function run(command, commandArgs, options = {}) {
  const result = spawnSync(command, commandArgs, { stdio: 'inherit', cwd: root, ...options });
  if (result.error) throw result.error;
  if (result.status !== 0) throw new Error(`${commandArgs[0] ?? command} exited with ${result.status ?? result.signal}`);
}

/** Runs a command with its output shown as usual, and returns its exit status with the last of its stderr. */
function runShowing(command, commandArgs, options = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, commandArgs, { cwd: root, ...options, stdio: ['inherit', 'inherit', 'pipe'] });
    let tail = '';
    child.stderr.on('data', (chunk) => {
      process.stderr.write(chunk);
      tail = (tail + chunk.toString('utf8')).slice(-20_000);
    });
    child.on('error', reject);
    child.on('close', (status, signal) => resolve({ status: status ?? (signal ? 1 : 0), output: tail }));
  });
}

/** Electron's own installer, run first: a network problem shows up in seconds, not after the build. */
async function ensureElectronBinary() {
  const dir = join(root, 'node_modules', 'electron');
  const { version } = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  const { status, output } = await runShowing(process.execPath, [join(dir, 'install.js')]);
  if (status !== 0) throw new Error(electronDownloadAdvice({ output, version }));
}

function electronInfo() {
  const dir = join(root, 'node_modules', 'electron');
  const { version } = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  const abiFile = join(dir, 'abi_version');
  const abi = resolveElectronAbi({
    abiVersionText: existsSync(abiFile) ? readFileSync(abiFile, 'utf8') : undefined,
    nodeAbiLookup: () => require('node-abi').getAbi(version, 'electron'),
  });
  return { version, abi };
}

function verdictFor(file, electronAbi) {
  return checkElectronAbi({ found: abisInBinary(readFileSync(file)), electronAbi, nodeAbi: Number(process.versions.modules) });
}

function findNodeGyp() {
  const candidates = nodeGypCandidates({
    root,
    execPath: process.execPath,
    npmExecPath: process.env.npm_execpath,
    platform: process.platform,
  });
  const found = candidates.find((candidate) => existsSync(candidate));
  if (!found) throw new Error(`node-gyp not found; looked in:\n  ${candidates.join('\n  ')}`);
  return found;
}

/** Returns the path of a verified Electron-ABI addon, building it in a temporary directory if needed. */
async function ensureElectronNative() {
  const { version, abi } = electronInfo();
  const target = nativeTargetPath(root, version);
  if (existsSync(target)) {
    const verdict = verdictFor(target, abi);
    if (verdict.ok) return target;
    console.warn(`[start] discarding ${target}: ${verdict.reason}`);
    rmSync(target, { force: true });
  }

  // A nodedir (or target, runtime…) from the npm config would override the Electron headers: dropped, and said.
  const { env, ignored } = nodeGypEnv(process.env);
  for (const notice of ignoredSettingsNotice(ignored)) console.warn(`[start] ${notice}`);

  console.log(`[start] building ${NATIVE_PACKAGE} for Electron ${version} (ABI ${abi}); this takes a few minutes once.`);
  const work = mkdtempSync(join(tmpdir(), 'zhangdun-native-'));
  try {
    const source = join(root, 'node_modules', NATIVE_PACKAGE);
    const packageDir = join(work, NATIVE_PACKAGE);
    cpSync(source, packageDir, { recursive: true, filter: (entry) => shouldCopyPackageEntry(source, entry) });
    const gyp = findNodeGyp();
    const args = [gyp, ...nodeGypArgs({ electronVersion: version, arch: process.arch, devDir: join(root, '.native', 'gyp') })];
    const { status, output } = await runShowing(process.execPath, args, { cwd: packageDir, env });
    if (status !== 0) throw new Error(nativeBuildAdvice({ output, platform: process.platform }));
    const built = join(packageDir, 'build', 'Release', NATIVE_FILE);
    const verdict = verdictFor(built, abi);
    if (!verdict.ok) {
      const nodeBuild = verdict.reason.startsWith('built for Node');
      throw new Error(`the addon node-gyp produced is not usable by Electron: ${verdict.reason}.${nodeBuild ? ` ${nodeBuildAdvice(ignored)}` : ''}`);
    }
    mkdirSync(dirname(target), { recursive: true });
    // Copy then rename, so an interrupted run never leaves a half-written addon behind.
    copyFileSync(built, `${target}.partial`);
    renameSync(`${target}.partial`, target);
    return target;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

async function main() {
  const warning = nodeVersionWarning(process.versions.node);
  if (warning) console.warn(`[start] ${warning}`);

  if (!nativeOnly) {
    await ensureElectronBinary();
    run(process.execPath, [join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build', ...(dev ? ['--sourcemap'] : [])]);
  }
  const binding = await ensureElectronNative();
  console.log(`[start] SQLite addon for Electron: ${binding}`);
  if (nativeOnly) return;

  const env = { ...process.env, ZHANGDUN_NATIVE_BINDING: binding };
  // Set, it would make Electron run this project as a plain Node script.
  delete env.ELECTRON_RUN_AS_NODE;
  if (dev) env.ZHANGDUN_DEV = '1';
  else delete env.ZHANGDUN_DEV;
  // The binary is in place (ensureElectronBinary): electron/cli.js runs it on this project.
  const result = spawnSync(process.execPath, [join(root, 'node_modules', 'electron', 'cli.js'), root], { stdio: 'inherit', cwd: root, env });
  if (result.error) throw result.error;
  process.exitCode = result.status ?? 1;
}

main().catch((err) => {
  console.error(`[start] ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
});
