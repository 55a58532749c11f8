/**
 * electron-builder afterPack hook (runs before signing):
 *  1. checks the Electron-ABI SQLite addon for this Electron version was
 *     shipped in resources/native/ and really is an Electron build;
 *  2. flips the Electron fuses, so the packaged binary cannot be turned into
 *     a plain Node interpreter or attached to a debugger, and loads only the
 *     integrity-checked app.asar.
 * The fuses are set here rather than through builder's `electronFuses`
 * option so the exact settings live in one tested object (FUSES).
 */

/** Fuse settings by @electron/fuses' FuseV1Options name. */
const FUSES = Object.freeze({
  // ELECTRON_RUN_AS_NODE would turn the app into a Node shell with the app's file access.
  RunAsNode: false,
  // Encrypt the cookie store with the OS key store (the UI uses none, but never plaintext).
  EnableCookieEncryption: true,
  // NODE_OPTIONS could preload code or open an inspector.
  EnableNodeOptionsEnvironmentVariable: false,
  // --inspect / --inspect-brk would attach a debugger to the process holding the keys.
  EnableNodeCliInspectArguments: false,
  // Refuse a tampered app.asar (Windows and macOS; Linux has no embedded integrity).
  EnableEmbeddedAsarIntegrityValidation: true,
  // Never load an unpacked `app/` folder placed next to app.asar.
  OnlyLoadAppFromAsar: true,
  // The UI is served from app://, so file:// needs no extra privileges.
  GrantFileProtocolExtraPrivileges: false,
});

/** Turns FUSES into @electron/fuses' config; throws on a name this @electron/fuses does not know. */
function fuseConfig(fuses, platform) {
  const { FuseV1Options, FuseVersion } = fuses;
  const config = {
    version: FuseVersion.V1,
    // Flipping fuses breaks the ad-hoc signature of macOS arm64 binaries; re-sign ad hoc there.
    resetAdHocDarwinSignature: platform === 'darwin',
  };
  for (const [name, value] of Object.entries(FUSES)) {
    const index = FuseV1Options[name];
    if (typeof index !== 'number') throw new Error(`unknown Electron fuse: ${name}`);
    config[index] = value;
  }
  return config;
}

async function checkNativeAddon(context) {
  const { join } = await import('node:path');
  const { existsSync, readFileSync } = await import('node:fs');
  const { pathToFileURL } = await import('node:url');
  const native = await import(pathToFileURL(join(__dirname, '..', 'scripts', 'electron-native.mjs')).href);
  const version = context.packager.info.framework.version;
  const file = join(context.packager.getResourcesDir(context.appOutDir), 'native', version, native.NATIVE_FILE);
  if (!existsSync(file)) {
    throw new Error(`missing ${file}: run \`node scripts/start.mjs --native-only\` before packaging`);
  }
  const electronDir = join(__dirname, '..', 'node_modules', 'electron');
  const abi = native.resolveElectronAbi({ abiVersionText: readFileSync(join(electronDir, 'abi_version'), 'utf8') });
  const verdict = native.checkElectronAbi({
    found: native.abisInBinary(readFileSync(file)),
    electronAbi: abi,
    nodeAbi: Number(process.versions.modules),
  });
  if (!verdict.ok) throw new Error(`${file}: ${verdict.reason}`);
}

async function afterPack(context) {
  await checkNativeAddon(context);
  const fuses = await import('@electron/fuses');
  // Builder's own helper finds the executable for each platform (name.exe, name.app, linux executableName).
  await context.packager.addElectronFuses(context, fuseConfig(fuses, context.electronPlatformName));
}

module.exports = { afterPack, default: afterPack, FUSES, fuseConfig };
