/**
 * Pure helpers for the Electron-ABI build of better-sqlite3-multiple-ciphers.
 * The package in node_modules keeps its Node build (tests and the CLI need
 * it); the app loads a second build from .native/electron/<version>/. These
 * functions decide paths and whether a compiled addon really targets
 * Electron — a Node build loaded by Electron fails only at the first unlock.
 * Types: electron-native.d.mts.
 */
import { join, relative, sep } from 'node:path';

export const NATIVE_PACKAGE = 'better-sqlite3-multiple-ciphers';
export const NATIVE_FILE = 'better_sqlite3.node';
export const ELECTRON_HEADERS_URL = 'https://electronjs.org/headers';

const VERSION = /^\d+\.\d+\.\d+(?:-[0-9A-Za-z.]+)?$/;

/** `.native/electron/<version>/better_sqlite3.node` under the project root. */
export function nativeTargetPath(root, electronVersion) {
  if (!VERSION.test(electronVersion)) throw new Error(`not an Electron version: ${electronVersion}`);
  return join(root, '.native', 'electron', electronVersion, NATIVE_FILE);
}

/**
 * The module ABIs a compiled addon registers for. NODE_MODULE_INIT exports
 * `node_register_module_v<ABI>` (with a leading underscore on macOS); the
 * symbol name is in the file's export table on every platform.
 */
export function abisInBinary(bytes) {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  const found = new Set();
  for (const match of text.matchAll(/node_register_module_v(\d{1,4})/g)) found.add(Number(match[1]));
  return [...found].sort((a, b) => a - b);
}

/** Reads node_modules/electron/abi_version; cross-checks node-abi's table when it is installed. */
export function resolveElectronAbi({ abiVersionText, nodeAbiLookup }) {
  const fromFile = abiVersionText === undefined ? undefined : Number(String(abiVersionText).trim());
  let fromTable;
  if (nodeAbiLookup) {
    try {
      fromTable = Number(nodeAbiLookup());
    } catch {
      fromTable = undefined; // node-abi does not know this Electron yet
    }
  }
  const valid = (n) => Number.isInteger(n) && n > 0;
  if (valid(fromFile) && valid(fromTable) && fromFile !== fromTable) {
    throw new Error(`Electron ABI disagrees: abi_version says ${fromFile}, node-abi says ${fromTable}`);
  }
  const abi = valid(fromFile) ? fromFile : fromTable;
  if (!valid(abi)) throw new Error('cannot determine the Electron ABI (no abi_version file, node-abi does not know it)');
  return abi;
}

/** Accepts only an addon built for exactly the Electron ABI, and never one built for this Node. */
export function checkElectronAbi({ found, electronAbi, nodeAbi }) {
  if (electronAbi === nodeAbi) {
    return { ok: false, reason: `Electron ABI ${electronAbi} equals Node's; cannot tell the builds apart` };
  }
  if (found.length === 0) return { ok: false, reason: 'no node_register_module_v<ABI> symbol: not a Node addon' };
  if (found.length > 1) return { ok: false, reason: `several module ABIs registered: ${found.join(', ')}` };
  const [abi] = found;
  if (abi === nodeAbi) return { ok: false, reason: `built for Node (ABI ${abi}), not Electron (ABI ${electronAbi})` };
  if (abi !== electronAbi) return { ok: false, reason: `built for ABI ${abi}, Electron needs ${electronAbi}` };
  return { ok: true };
}

/** node-gyp arguments for an Electron build; headers go to a private devdir so Node's cache is untouched. */
export function nodeGypArgs({ electronVersion, arch, devDir }) {
  if (!VERSION.test(electronVersion)) throw new Error(`not an Electron version: ${electronVersion}`);
  return [
    'rebuild',
    '--release',
    `--target=${electronVersion}`,
    `--arch=${arch}`,
    `--dist-url=${ELECTRON_HEADERS_URL}`,
    '--runtime=electron',
    `--devdir=${devDir}`,
  ];
}

/** Where node-gyp's entry script may live: the project's own, then the one bundled with npm. */
export function nodeGypCandidates({ root, execPath, npmExecPath, platform }) {
  const candidates = [join(root, 'node_modules', 'node-gyp', 'bin', 'node-gyp.js')];
  if (npmExecPath) candidates.push(join(npmExecPath, '..', '..', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'));
  const nodeDir = join(execPath, '..');
  candidates.push(
    platform === 'win32'
      ? join(nodeDir, 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js')
      : join(nodeDir, '..', 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'),
  );
  return candidates;
}

/** Copy filter for the package: leave its existing (Node) build and any nested node_modules behind. */
export function shouldCopyPackageEntry(packageDir, entry) {
  const rel = relative(packageDir, entry);
  const top = rel.split(sep)[0];
  return top !== 'build' && top !== 'node_modules';
}
