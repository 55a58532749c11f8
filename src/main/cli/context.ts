import { promises as fsp } from 'node:fs';
import { resolve } from 'node:path';
import type { parseArgs } from 'node:util';
import type { Locale } from '../../shared/messages';
import { VaultError, isVaultError } from '../core/errors';
import { defaultStateDir } from '../core/vault/state-dir';
import type { ContentReader } from '../core/search/content-indexer';
import { VaultManager } from '../core/vault/vault-manager';
import type { VaultSession } from '../core/vault/session';
import { CliRefusal, UsageError, errorText, type ErrorHints } from './cli-errors';
import { readPassword } from './password';
import { reportNotice, unlockOptions } from './unlock-notices';
import { printable, printableJson } from './terminal-text';
import type { CliKey } from './text';
import { recoveryKeyInFileText } from '../core/keys/recovery-key-text';

export { UsageError } from './cli-errors';

export interface CliIo {
  /** isTTY: `cred copy` writes a secret only into a pipe, never onto a terminal. */
  stdout: Pick<NodeJS.WriteStream, 'write'> & { isTTY?: boolean };
  stderr: NodeJS.WriteStream;
  stdin: NodeJS.ReadStream;
  env: NodeJS.ProcessEnv;
}

export const OPTIONS = {
  vault: { type: 'string' },
  staff: { type: 'string' },
  'password-file': { type: 'string' },
  'new-password-file': { type: 'string' },
  identity: { type: 'string' },
  lang: { type: 'string' },
  json: { type: 'boolean' },
  name: { type: 'string' },
  'credit-code': { type: 'string' },
  label: { type: 'string' },
  client: { type: 'string' },
  doc: { type: 'string' },
  out: { type: 'string' },
  force: { type: 'boolean' },
  category: { type: 'string' },
  period: { type: 'string' },
  tag: { type: 'string', multiple: true },
  'recovery-key-out': { type: 'string' },
  clients: { type: 'string' },
  documents: { type: 'string' },
  seed: { type: 'string' },
  role: { type: 'string' },
  to: { type: 'string' },
  from: { type: 'string' },
  'handover-to': { type: 'string' },
  'report-out': { type: 'string' },
  action: { type: 'string' },
  reason: { type: 'string' },
  contact: { type: 'string' },
  phone: { type: 'string' },
  address: { type: 'string' },
  'bank-account': { type: 'string' },
  notes: { type: 'string' },
  'follow-symlinks': { type: 'boolean' },
  all: { type: 'boolean' },
  anchor: { type: 'string' },
  'accept-rollback': { type: 'boolean' },
  // cred … (secrets come from the environment or stdin, never from an option)
  id: { type: 'string' },
  note: { type: 'string' },
  // share …
  until: { type: 'string' },
  recipient: { type: 'string' },
  // client end …
  'with-credentials': { type: 'boolean' },
  'with-access-report': { type: 'boolean' },
  status: { type: 'string' },
  // incident …
  alert: { type: 'string' },
  cause: { type: 'string' },
  lessons: { type: 'string' },
  kind: { type: 'string' },
  title: { type: 'string' },
  login: { type: 'string' },
  url: { type: 'string' },
  expires: { type: 'string' },
  totp: { type: 'string' },
  generate: { type: 'string' },
  reveal: { type: 'boolean' },
  'password-stdin': { type: 'boolean' },
  field: { type: 'string' },
  expiring: { type: 'string' },
  rotation: { type: 'boolean' },
  'new-password-env': { type: 'boolean' },
  // staff nda|training|ack|nda-policy
  signed: { type: 'string' },
  scan: { type: 'string' },
  'policy-version': { type: 'string' },
  date: { type: 'string' },
  topic: { type: 'string' },
  grace: { type: 'string' },
  off: { type: 'boolean' },
  // sync …
  server: { type: 'string' },
  code: { type: 'string' },
  hours: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

export type Parsed = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>;
export type Values = Parsed['values'];

export interface Context {
  values: Values;
  rest: string[];
  io: CliIo;
  locale: Locale;
  say: (key: CliKey, values?: Record<string, string | number>) => string;
}

/** What the options name, for messages about a client, a document or a vault the core left general. */
export function hintsFrom(values: Partial<Values>): ErrorHints {
  return {
    ...(values.vault ? { vaultDir: resolve(values.vault) } : {}),
    ...(values.client ? { client: values.client } : {}),
    ...(values.doc ? { doc: values.doc } : {}),
    ...(values.id ? { credential: values.id } : {}),
    ...(values.identity ? { identityFile: resolve(values.identity) } : {}),
    ...(values['accept-rollback'] ? { acceptRollback: true } : {}),
  };
}

export function required(ctx: Context, name: keyof Values & string): string {
  const value = ctx.values[name];
  if (typeof value !== 'string' || value === '') throw new UsageError(ctx.say('missingOption', { name }));
  return value;
}

function sources(ctx: Context, passwordFile: string | undefined) {
  return { env: ctx.io.env, stdin: ctx.io.stdin, stderr: ctx.io.stderr, ...(passwordFile ? { passwordFile } : {}) };
}

/** readPassword, with a missing password file named as such. */
async function readFrom(ctx: Context, file: { option: string; path: string | undefined }, envName: string, prompt: string): Promise<Buffer | null> {
  try {
    return await readPassword(sources(ctx, file.path), envName, prompt);
  } catch (err) {
    if (isVaultError(err, 'NOT_FOUND') && file.path) {
      throw new CliRefusal('NOT_FOUND', errorText(ctx.locale, 'passwordFileMissing', { file: resolve(file.path), option: file.option }));
    }
    throw err;
  }
}

/**
 * A new password: for `init` from ZHANGDUN_PASSWORD or --password-file (the
 * owner's first password), for `passwd` and `staff add` from
 * ZHANGDUN_NEW_PASSWORD or --new-password-file; else asked twice on a terminal.
 */
export async function newPassword(ctx: Context, which: 'init' | 'new'): Promise<Buffer> {
  const envName = which === 'init' ? 'ZHANGDUN_PASSWORD' : 'ZHANGDUN_NEW_PASSWORD';
  const option = which === 'init' ? 'password-file' : 'new-password-file';
  const path = ctx.values[option];
  const first = await readFrom(ctx, { option: `--${option}`, path }, envName, ctx.say('promptNewPassword'));
  if (!first) throw new UsageError(ctx.say('noNewPassword', { env: envName, option: `--${option}` }));
  const fromEnv = !path && ctx.io.env[envName] !== undefined && ctx.io.env[envName] !== '';
  if (first.length < 8) {
    first.fill(0);
    const source = path ? `--${option} ${resolve(path)}` : fromEnv ? envName : ctx.say('sourcePrompt');
    throw new UsageError(ctx.say('passwordTooShort', { source }));
  }
  if (!path && !fromEnv && ctx.io.stdin.isTTY) {
    const again = await readPassword(sources(ctx, undefined), envName, ctx.say('promptConfirm'), false);
    const same = again !== null && again.equals(first);
    again?.fill(0);
    if (!same) {
      first.fill(0);
      throw new UsageError(ctx.say('passwordMismatch'));
    }
  }
  return first;
}

/** The recovery identity in --identity's file (the line starting AGE-SECRET-KEY-1). */
async function identityFrom(ctx: Context, file: string): Promise<string> {
  const path = resolve(file);
  let text: string;
  try {
    text = await fsp.readFile(path, 'utf8');
  } catch {
    throw new CliRefusal('NOT_FOUND', errorText(ctx.locale, 'identityFileMissing', { file: path }));
  }
  // The recovery sheet's PDF as well as a key file; else the key line as it is (a wrong key is refused on use).
  const identity = recoveryKeyInFileText(text) ?? text.split(/\r?\n/).find((line) => line.startsWith('AGE-SECRET-KEY-1'));
  if (!identity) throw new UsageError(errorText(ctx.locale, 'noIdentityInFile', { file: path }));
  return identity;
}

/** The signed-in staff member's password: ZHANGDUN_PASSWORD, --password-file, or a prompt on a terminal. */
export async function staffPassword(ctx: Context): Promise<Buffer> {
  const password = await readFrom(ctx, { option: '--password-file', path: ctx.values['password-file'] }, 'ZHANGDUN_PASSWORD', ctx.say('promptPassword'));
  if (!password) throw new UsageError(ctx.say('noPassword'));
  return password;
}

/**
 * Opens the vault for one command. `contentReader` only for the commands that read documents'
 * content (doc reindex): every other command leaves the extraction and OCR workers unstarted.
 */
export async function withSession(
  ctx: Context,
  fn: (session: VaultSession, manager: VaultManager) => Promise<number>,
  options: { contentReader?: ContentReader; duringPasswordChange?: boolean; password?: Buffer } = {},
): Promise<number> {
  const duringPasswordChange = options.duringPasswordChange ?? false;
  const manager = new VaultManager({
    vaultDir: resolve(required(ctx, 'vault')),
    locale: ctx.locale,
    stateDir: defaultStateDir(ctx.io.env),
    ...(options.contentReader ? { contentReader: options.contentReader } : {}),
  });
  try {
    const unlock = unlockOptions(ctx.io, ctx.values['accept-rollback'] ?? false, ctx.locale);
    if (ctx.values.identity) {
      await manager.unlockWithRecovery(await identityFrom(ctx, ctx.values.identity), unlock);
    } else {
      const staff = required(ctx, 'staff');
      await manager.unlock(staff, options.password ?? (await staffPassword(ctx)), unlock);
    }
    reportNotice(ctx.io, manager, ctx.locale);
    const session = manager.session();
    // Signed in with a reset's temporary password: `passwd` only.
    if (session.vault.passwordChangeRequired && !duringPasswordChange) throw new VaultError('PASSWORD_CHANGE_REQUIRED');
    return await fn(session, manager);
  } finally {
    await manager.close();
  }
}

/** JSON on stdout, with every character that could steer a terminal escaped. */
export function printJson(ctx: Context, value: unknown): void {
  ctx.io.stdout.write(`${printableJson(value)}\n`);
}

/** One tab-separated line on stdout; names in it are escaped, so a tab or newline in one cannot add a column or a row. */
export function printRow(ctx: Context, fields: readonly (string | number | null | undefined)[]): void {
  ctx.io.stdout.write(`${fields.map((f) => printable(String(f ?? ''))).join('\t')}\n`);
}

/** A staff member named by an option; an unknown name is reported with the option that gave it. */
export function staffNamed<T>(ctx: Context, option: 'name' | 'to' | 'from' | 'handover-to', find: (name: string) => T): T {
  const name = required(ctx, option);
  try {
    return find(name);
  } catch (err) {
    if (isVaultError(err, 'NOT_FOUND')) throw new CliRefusal('NOT_FOUND', errorText(ctx.locale, 'staffNotFound', { name, option: `--${option}` }));
    throw err;
  }
}
