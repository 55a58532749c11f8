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

/**
 * npm passes its config to scripts as npm_config_<key> variables, and node-gyp
 * lets those override its command line: a `nodedir` in the user's npm config
 * (common where Node was built from source or comes from a distribution)
 * makes it compile against that Node's headers, and after minutes of
 * compiling the addon is a Node build Electron cannot load. These keys are
 * set on node-gyp's command line for the Electron build, so the ones from the
 * environment are dropped, and named, for that one command.
 */
const NODE_GYP_OWN_KEYS = ['nodedir', 'target', 'runtime', 'dist-url', 'disturl', 'arch', 'devdir'];

export function nodeGypEnv(env) {
  const clean = { ...env };
  const ignored = [];
  for (const key of Object.keys(env)) {
    const match = /^(?:npm_config_|npm_package_config_node_gyp_)(.+)$/i.exec(key);
    const name = match?.[1].toLowerCase().replaceAll('_', '-');
    if (name && NODE_GYP_OWN_KEYS.includes(name)) {
      ignored.push({ key, name, value: env[key] });
      delete clean[key];
    }
  }
  return { env: clean, ignored };
}

/** What to tell the user about settings nodeGypEnv dropped (empty when none). */
export function ignoredSettingsNotice(ignored) {
  return ignored.map(
    ({ key, name, value }) =>
      `ignoring ${key}=${value} for the Electron build: node-gyp would use it instead of Electron's ${name === 'nodedir' ? 'headers' : 'settings'}` +
      ` and build an addon Electron cannot load. It comes from your npm config or environment; to stop seeing this, run` +
      ` \`npm config delete ${name}\` (and unset ${key} if you set it yourself).`,
  );
}

// The error that names the network problem, looked for before the wrappers that only say a request failed.
const NETWORK = /\b(ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENETUNREACH|EHOSTUNREACH|socket hang up|self[- ]signed certificate|unable to get local issuer certificate|CERT_[A-Z_]+|tunneling socket could not be established|Response code [45]\d\d)\b/i;
// `fetch failed` is how Node's fetch (@electron/get 5 uses it) reports any connection, DNS or TLS failure.
// node-gyp says only "…is related to network connectivity" when a header download fails.
const NETWORK_WRAPPER = /\b(fetch failed|network connectivity|RequestError|HTTPError|getaddrinfo)\b/;
// Errors only: node-gyp also prints "gyp info find Python using Python version …" when all is well.
const PYTHON = /gyp ERR! find Python|Could not find any Python|python3?: (?:command )?not found/i;
const COMPILER = /not found: make|make: \S*(?:g\+\+|gcc|cc|c\+\+|clang\S*): (?:Command not found|No such file)|gyp ERR! find VS|could not find any Visual Studio|xcrun: error|No Xcode or CLT/i;

/**
 * Why a download or a node-gyp build failed, from what it printed:
 * `network` (with the error that says so), `python`, `compiler`, or `unknown`.
 */
export function classifyFailure(output) {
  const text = String(output ?? '');
  const network = NETWORK.exec(text) ?? NETWORK_WRAPPER.exec(text);
  if (network) return { kind: 'network', detail: network[1] };
  if (PYTHON.test(text)) return { kind: 'python' };
  if (COMPILER.test(text)) return { kind: 'compiler' };
  return { kind: 'unknown' };
}

const MIRROR_HINT = 'or use a mirror (e.g. ELECTRON_MIRROR=https://npmmirror.com/mirrors/electron/)';

/** The message when Electron's own installer could not fetch its binary. */
export function electronDownloadAdvice({ output, version }) {
  const failure = classifyFailure(output);
  if (failure.kind === 'network') {
    return (
      `could not download Electron ${version}: a network problem (${failure.detail}), not a broken install, so nothing needs` +
      ` reinstalling (whatever Electron's message above suggests). Check the internet connection; behind a proxy set HTTPS_PROXY` +
      ` and ELECTRON_GET_USE_PROXY=1 (Electron's downloader ignores HTTPS_PROXY without it);` +
      ` ${MIRROR_HINT}, then run npm start again.`
    );
  }
  return `Electron's installer failed to fetch Electron ${version} (see its output above); run npm start again, and if it fails the same way, delete node_modules/electron and run npm ci.`;
}

/** The message when node-gyp could not build the Electron addon. */
export function nativeBuildAdvice({ output, platform }) {
  const failure = classifyFailure(output);
  if (failure.kind === 'network') {
    return `could not download Electron's headers from ${ELECTRON_HEADERS_URL}: a network problem (${failure.detail}). Check the internet connection or the proxy (HTTPS_PROXY), then run npm start again.`;
  }
  const toolchain =
    platform === 'win32'
      ? 'Visual Studio Build Tools with "Desktop development with C++"'
      : platform === 'darwin'
        ? 'the Xcode command line tools (xcode-select --install)'
        : 'make and a C++ compiler (Debian/Ubuntu: apt-get install python3 make g++)';
  if (failure.kind === 'python') return `node-gyp needs Python 3 to build the database module; install it (and ${toolchain}), then run npm start again.`;
  if (failure.kind === 'compiler') return `node-gyp found no C++ toolchain to build the database module; install ${toolchain}, then run npm start again.`;
  return `node-gyp could not build the database module (see its output above). It needs internet access (Electron's headers), Python 3 and ${toolchain}.`;
}

/** More to say when the compiled addon turned out to be a Node build after all. */
export function nodeBuildAdvice(ignored) {
  const names = ignored.map(({ key }) => key).join(', ');
  return (
    'node-gyp compiled against Node\'s headers instead of Electron\'s.' +
    (names ? ` (${names} was ignored, so something else set it.)` : '') +
    ' Look for nodedir, target or runtime in `npm config list` and in your environment, remove them, and run npm start again.'
  );
}

/**
 * The Node the app's tooling declares: electron, @electron/get, @electron/rebuild, @electron/fuses, node-abi
 * and extract-zip ask for 22.12+, pdfjs-dist for 22.13+ (on older Node, `npm ci` warns EBADENGINE about these
 * seven). The tests, the build and the command line need only the package's engines (20.19+).
 */
export const APP_TOOLING_NODE = '22.13.0';

export function nodeVersionWarning(version) {
  const [major = 0, minor = 0] = String(version).replace(/^v/, '').split('.').map(Number);
  const [needMajor, needMinor] = APP_TOOLING_NODE.split('.').map(Number);
  if (major > needMajor || (major === needMajor && minor >= needMinor)) return null;
  return (
    `Node ${version}: Electron's download and rebuild tools declare Node 22.12 or newer, pdfjs-dist ${APP_TOOLING_NODE} (the tests and` +
    ` the command line need only Node 20.19). If a step below fails, run npm start with Node ${APP_TOOLING_NODE}+.`
  );
}
