/**
 * Which compiled better-sqlite3-multiple-ciphers binary to load. Under Node
 * (tests, CLI) the package's own build is used; the Electron shell points this
 * at its Electron-ABI build so both can exist side by side.
 */
let nativeBinding: string | undefined;

export function configureNativeBinding(path: string | undefined): void {
  nativeBinding = path;
}

export function currentNativeBinding(): string | undefined {
  return nativeBinding;
}
