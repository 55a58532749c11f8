/**
 * Running `zhangdun` in tests: as a real process (runCli, runCliSync) or in
 * this process (runMain, when a failure must be injected). Every unlock runs
 * Argon2id, so CLI test files take generous timeouts (useCliTimeouts): a
 * timeout is a cap against a hang, not a speed assertion. expectExit puts
 * the command, its stderr and its stdout into the assertion message.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { expect, vi } from 'vitest';

export const BIN = join(fileURLToPath(new URL('../..', import.meta.url)), 'bin', 'zhangdun.mjs');

/**
 * Each test process is one user with its own per-user state (anchors, pinned vault identities, the
 * throttle copy): a temporary folder, never the real ~/.config/Zhangdun/state. Set here for the
 * CLI processes and for the vault code running in this process alike.
 */
const ownStateDir = !process.env.ZHANGDUN_STATE_DIR;
export const STATE_DIR = (process.env.ZHANGDUN_STATE_DIR ??= mkdtempSync(join(tmpdir(), 'zd-test-state-')));
if (ownStateDir) process.once('exit', () => rmSync(STATE_DIR, { recursive: true, force: true }));

/** Ten minutes per test and hook: two shared cores, each unlock an Argon2id run. */
export const CLI_TIMEOUT_MS = 10 * 60_000;

export function useCliTimeouts(): void {
  vi.setConfig({ testTimeout: CLI_TIMEOUT_MS, hookTimeout: CLI_TIMEOUT_MS });
}

export interface CliResult {
  args: readonly string[];
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  /** ZHANGDUN_PASSWORD; left unset when undefined. */
  password?: string;
  /** More environment (LANG defaults to zh_CN.UTF-8). */
  env?: Record<string, string>;
}

function environment(options: CliOptions): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH ?? '', LANG: 'zh_CN.UTF-8', ZHANGDUN_STATE_DIR: STATE_DIR };
  if (options.password !== undefined) env.ZHANGDUN_PASSWORD = options.password;
  return { ...env, ...options.env };
}

const normalise = (options: string | CliOptions | undefined): CliOptions => (typeof options === 'string' ? { password: options } : (options ?? {}));

/** Runs `zhangdun` as a real process. The second argument may be just the password. */
export function runCli(args: string[], options?: string | CliOptions): Promise<CliResult> {
  const env = environment(normalise(options));
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [BIN, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    proc.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
    proc.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    proc.on('error', reject);
    proc.on('close', (code) => resolve({ args, code, stdout, stderr }));
  });
}

/** The same, blocking: for tests that run one command after another. */
export function runCliSync(args: string[], options?: string | CliOptions): CliResult {
  const res = spawnSync(process.execPath, [BIN, ...args], { env: environment(normalise(options)), encoding: 'utf8' });
  if (res.error) throw res.error;
  return { args, code: res.status, stdout: res.stdout, stderr: res.stderr };
}

/** Runs the CLI's main() in this process, capturing what it prints (stdin is not a terminal). */
export async function runMain(args: string[], options: CliOptions = {}): Promise<CliResult> {
  const { main } = await import('../../src/main/cli/index');
  let stdout = '';
  let stderr = '';
  const err = new PassThrough() as unknown as NodeJS.WriteStream;
  err.write = ((chunk: string) => ((stderr += chunk), true)) as NodeJS.WriteStream['write'];
  const code = await main(args, {
    stdout: { write: ((chunk: string) => ((stdout += chunk), true)) as NodeJS.WriteStream['write'] },
    stderr: err,
    stdin: new PassThrough() as unknown as NodeJS.ReadStream,
    env: { LANG: 'zh_CN.UTF-8', ZHANGDUN_STATE_DIR: STATE_DIR, ...(options.password !== undefined ? { ZHANGDUN_PASSWORD: options.password } : {}), ...options.env },
  });
  return { args, code, stdout, stderr };
}

const clip = (text: string) => (text.length > 2000 ? `${text.slice(0, 2000)}…` : text);

/** What went wrong, for an assertion message: the command, its exit code and what it printed. */
export function explain(res: CliResult): string {
  return `zhangdun ${res.args.join(' ')}\nexit ${res.code}\nstderr: ${clip(res.stderr) || '(empty)'}\nstdout: ${clip(res.stdout) || '(empty)'}`;
}

export function expectExit(res: CliResult, code: number): void {
  expect(res.code, explain(res)).toBe(code);
}

/** The firm most CLI tests start from: an owner and one accountant, 李会计. */
export const FIRM = { owner: '张所长', ownerPassword: 'owner password 1', accountant: '李会计', accountantPassword: 'accountant pw 1' } as const;

/**
 * A fresh vault folder (under a temp dir of its own) with FIRM's owner and accountant, made through the
 * services; returns its paths and the owner's open session for the test's own setup (close `manager` after).
 */
export async function firmVault(prefix: string) {
  const { VaultManager } = await import('../../src/main/core/vault/vault-manager');
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const vault = join(dir, 'vault');
  const manager = new VaultManager({ vaultDir: vault, stateDir: STATE_DIR });
  await manager.create(FIRM.owner, Buffer.from(FIRM.ownerPassword));
  const session = manager.session();
  await session.staff.add(FIRM.accountant, 'accountant', Buffer.from(FIRM.accountantPassword));
  return { dir, vault, manager, session };
}

/** Runs `zhangdun` in this process as FIRM's owner on `vault`. */
export function asFirmOwner(vault: string, args: string[]): Promise<CliResult> {
  return runMain([...args, '--vault', vault, '--staff', FIRM.owner], { password: FIRM.ownerPassword });
}
