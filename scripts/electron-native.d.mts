/** Types for electron-native.mjs (plain JavaScript so `npm start` runs on Node without a TypeScript step). */
export declare const NATIVE_PACKAGE: string;
export declare const NATIVE_FILE: string;
export declare const ELECTRON_HEADERS_URL: string;
export declare function nativeTargetPath(root: string, electronVersion: string): string;
export declare function abisInBinary(bytes: Uint8Array): number[];
export declare function resolveElectronAbi(input: {
  abiVersionText: string | undefined;
  nodeAbiLookup?: () => string | number;
}): number;
export type AbiVerdict = { ok: true } | { ok: false; reason: string };
export declare function checkElectronAbi(input: { found: number[]; electronAbi: number; nodeAbi: number }): AbiVerdict;
export declare function nodeGypArgs(input: { electronVersion: string; arch: string; devDir: string }): string[];
export declare function nodeGypCandidates(input: {
  root: string;
  execPath: string;
  npmExecPath: string | undefined;
  platform: string;
}): string[];
export declare function shouldCopyPackageEntry(packageDir: string, entry: string): boolean;
export interface IgnoredSetting {
  key: string;
  name: string;
  value: string | undefined;
}
export declare function nodeGypEnv(env: Record<string, string | undefined>): { env: Record<string, string | undefined>; ignored: IgnoredSetting[] };
export declare function ignoredSettingsNotice(ignored: IgnoredSetting[]): string[];
export type FailureKind = { kind: 'network'; detail: string } | { kind: 'python' } | { kind: 'compiler' } | { kind: 'unknown' };
export declare function classifyFailure(output: string): FailureKind;
export declare function electronDownloadAdvice(input: { output: string; version: string }): string;
export declare function nativeBuildAdvice(input: { output: string; platform: string }): string;
export declare function nodeBuildAdvice(ignored: IgnoredSetting[]): string;
export declare const APP_TOOLING_NODE: string;
export declare function nodeVersionWarning(version: string): string | null;
