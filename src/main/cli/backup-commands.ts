import { promises as fsp, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { parseArgs } from 'node:util';
import { exitCodeFor } from '../../shared/errors';
import { interpolate, type Locale } from '../../shared/messages';
import type { BackupKey } from '../core/backup/format/age-file';
import { identityFromText } from '../core/backup/format/age-file';
import { isBackupError } from '../core/backup/backup-errors';
import { createBackup } from '../core/backup/create-backup';
import { checkBackup } from '../core/backup/read-backup';
import { signatureView } from '../core/backup/backup-signature';
import { replaceVault, restoreBackup } from '../core/backup/restore-backup';
import { isVaultError } from '../core/errors';
import { readKeyFile } from '../core/keys/key-file';
import { loadBackupSigner } from '../core/vault/backup-signer';
import { vaultPaths } from '../core/vault/layout';
import type { Credentials } from '../core/vault/unlock-vault';
import { defaultStateDir } from '../core/vault/state-dir';
import { VaultManager } from '../core/vault/vault-manager';
import { CliRefusal, UsageError, describeFailure, errorText, type ErrorHints } from './cli-errors';
import { localizeDetail } from './core-details';
import zhCN from './i18n/backup.zh-CN.json';
import en from './i18n/backup.en.json';
import type { CliIo } from './context';
import { localeOf, parseCommandLine } from './parse-args';
import { readPassword } from './password';
import { reportNotice, unlockOptions } from './unlock-notices';
import { printableJson, printableValues } from './terminal-text';
import { recoveryKeyInFileText } from '../core/keys/recovery-key-text';

type Key = keyof typeof zhCN;
const CATALOG: Record<Locale, Record<Key, string>> = { 'zh-CN': zhCN, en };

const OPTIONS = {
  vault: { type: 'string' },
  out: { type: 'string' },
  to: { type: 'string' },
  from: { type: 'string' },
  staff: { type: 'string' },
  'password-file': { type: 'string' },
  recipient: { type: 'string', multiple: true },
  'passphrase-env': { type: 'string' },
  identity: { type: 'string' },
  lang: { type: 'string' },
  json: { type: 'boolean' },
  'accept-rollback': { type: 'boolean' },
  'accept-unsigned': { type: 'boolean' },
  fingerprint: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>['values'];

interface Context {
  values: Values;
  file: string | undefined;
  io: CliIo;
  locale: Locale;
  say: (key: Key, values?: Record<string, string | number>) => string;
}

/** Sizes are printed in MiB (1024 × 1024 bytes), the unit the help names. */
const MiB = 1024 * 1024;
const mib = (bytes: number) => (bytes / MiB).toFixed(1);

/** The version in Zhangdun's package.json, found upwards from this file (sources or the built bundle). */
function appVersion(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++, dir = dirname(dir)) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'zhangdun' && pkg.version) return pkg.version;
    } catch {
      // not here
    }
  }
  return 'unknown';
}

/**
 * `zhangdun backup <create|verify|restore|replace> …`: argv is everything
 * after `backup`. Returns the process exit code.
 */
export async function backupMain(argv: string[], io: CliIo = process, version = appVersion()): Promise<number> {
  const locale = localeOf(argv, io.env);
  const say = (key: Key, values?: Record<string, string | number>) => interpolate(CATALOG[locale][key], printableValues(values));
  let hints: ErrorHints = {};
  try {
    const { values, positionals } = parseCommandLine(argv, OPTIONS, locale);
    hints = {
      ...(values.vault ? { vaultDir: resolve(values.vault) } : {}),
      // A restored vault the recovery key does not open (a backup of another vault, encrypted to this key) is named as such.
      ...(values.identity ? { identityFile: resolve(values.identity) } : {}),
      ...(values['accept-rollback'] ? { acceptRollback: true } : {}),
    };
    const [command, file, ...extra] = positionals;
    if (values.help || !command) {
      io.stdout.write(`${say('help')}\n`);
      return command || values.help ? 0 : 2;
    }
    if (extra.length > 0) throw new UsageError(say('unknownCommand', { name: extra.join(' ') }));
    const ctx: Context = { values, file, io, locale, say };
    switch (command) {
      case 'create':
        return await create(ctx, version);
      case 'verify':
        return await verify(ctx);
      case 'restore':
        return await restore(ctx);
      case 'replace':
        return await replace(ctx);
      default:
        throw new UsageError(say('unknownCommand', { name: command }));
    }
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr.write(`${say('usage', { reason: err.message.replace(/[。.]$/, '') })}\n`);
      return 2;
    }
    if (isBackupError(err)) {
      io.stderr.write(`${say(`error.${err.reason}`, { what: localizeDetail(err.detail, locale) })}\n`);
      return exitCodeFor(err.code);
    }
    const { message, exit } = describeFailure(err, locale, hints);
    io.stderr.write(`${message}\n`);
    return exit;
  }
}

function required(ctx: Context, name: 'vault' | 'out' | 'to' | 'from'): string {
  const value = ctx.values[name];
  if (typeof value !== 'string' || value === '') throw new UsageError(ctx.say('missingOption', { name }));
  return value;
}

function backupFile(ctx: Context): string {
  if (!ctx.file) throw new UsageError(ctx.say('missingFile'));
  return resolve(ctx.file);
}

async function identityFrom(ctx: Context, file: string): Promise<string> {
  const path = resolve(file);
  let text: string;
  try {
    text = await fsp.readFile(path, 'utf8');
  } catch {
    throw new CliRefusal('NOT_FOUND', errorText(ctx.locale, 'identityFileMissing', { file: path }));
  }
  // The recovery sheet's PDF as well as a key file; else the key line as it is (a wrong key is refused on use).
  const identity = recoveryKeyInFileText(text) ?? identityFromText(text);
  if (!identity) throw new UsageError(ctx.say('noIdentityInFile', { file: path }));
  return identity;
}

function passphraseFrom(ctx: Context, name: string): string {
  const value = ctx.io.env[name];
  if (!value) throw new UsageError(ctx.say('passphraseEnvEmpty', { name }));
  return value;
}

/** Exactly one of --identity and --passphrase-env opens the age layer. */
async function backupKey(ctx: Context): Promise<BackupKey> {
  const { identity, 'passphrase-env': passphraseEnv } = ctx.values;
  if (passphraseEnv) return { passphrase: passphraseFrom(ctx, passphraseEnv) };
  if (identity) return { identity: await identityFrom(ctx, identity) };
  throw new UsageError(ctx.say('keyChoice'));
}

async function staffPassword(ctx: Context): Promise<Buffer> {
  const password = await readPassword(
    { env: ctx.io.env, stdin: ctx.io.stdin, stderr: ctx.io.stderr, ...(ctx.values['password-file'] ? { passwordFile: ctx.values['password-file'] } : {}) },
    'ZHANGDUN_PASSWORD',
    ctx.say('promptPassword'),
  );
  if (!password) throw new UsageError(ctx.say('noPassword'));
  return password;
}

async function staffCredentials(ctx: Context, staffName: string): Promise<Credentials> {
  return { staffName, password: await staffPassword(ctx) };
}

/** The output file: never replaced, and its folder must exist (checked before any work). */
async function backupOut(ctx: Context): Promise<string> {
  const out = resolve(required(ctx, 'out'));
  if (await fsp.stat(out).catch(() => null)) throw new CliRefusal('ALREADY_EXISTS', errorText(ctx.locale, 'backupOutExists', { path: out }));
  const dir = dirname(out);
  const parent = await fsp.stat(dir).catch(() => null);
  if (!parent?.isDirectory()) throw new CliRefusal('NOT_FOUND', errorText(ctx.locale, parent ? 'outParentNotFolder' : 'outFolderMissing', { dir, path: out, option: 'out' }));
  return out;
}

/** Both sizes, each named: the backup file on disk, and the vault files inside it. */
function sizes(fileBytes: number, entries: readonly { size: number }[]): { fileMib: string; contentMib: string } {
  return { fileMib: mib(fileBytes), contentMib: mib(entries.reduce((sum, e) => sum + e.size, 0)) };
}

async function create(ctx: Context, version: string): Promise<number> {
  const vaultDir = resolve(required(ctx, 'vault'));
  const out = await backupOut(ctx);
  const passphraseEnv = ctx.values['passphrase-env'];
  const recipients = ctx.values.recipient ?? [];
  if (passphraseEnv && recipients.length > 0) throw new UsageError(ctx.say('passphraseWithRecipient'));
  const options = {
    out,
    appVersion: version,
    recipients,
    ...(passphraseEnv ? { passphrase: passphraseFrom(ctx, passphraseEnv), recipients: [] } : {}),
  };
  let created;
  if (ctx.values.staff) {
    // Through the manager, so failed passwords count towards the unlock throttle as in the app.
    const manager = new VaultManager({ vaultDir, locale: ctx.locale, stateDir: defaultStateDir(ctx.io.env) });
    try {
      await manager.unlock(ctx.values.staff, await staffPassword(ctx), unlockOptions(ctx.io, ctx.values['accept-rollback'] ?? false, ctx.locale));
      reportNotice(ctx.io, manager, ctx.locale);
      created = await createBackup({ vault: manager.session().vault }, options);
    } finally {
      await manager.close();
    }
  } else {
    // At rest: signed by this PC's backup signer when an owner or admin endorsed one here (else unsigned).
    const keyFile = await readKeyFile(vaultPaths(vaultDir).keyFile);
    created = await createBackup({ vaultDir }, { ...options, signer: await loadBackupSigner(defaultStateDir(ctx.io.env), keyFile) });
  }
  ctx.io.stdout.write(
    `${ctx.say('created', {
      path: created.path,
      entries: created.manifest.entries.length,
      ...sizes(created.bytes, created.manifest.entries),
      mode: ctx.say(created.manifest.consistency === 'at-rest' ? 'modeAtRest' : 'modeSnapshot'),
    })}\n`,
  );
  // Said now, not discovered at restore: verify and restore will not take it as this vault's.
  if (!created.manifest.signature) ctx.io.stderr.write(`${ctx.say('createdUnsigned')}\n`);
  return 0;
}

async function verify(ctx: Context): Promise<number> {
  const file = backupFile(ctx);
  const { manifest, signature } = await checkBackup(file, await backupKey(ctx), knownVault(ctx));
  const fileBytes = (await fsp.stat(file)).size;
  const bytes = manifest.entries.reduce((sum, e) => sum + e.size, 0);
  const seen = signatureView(signature);
  if (ctx.values.json) {
    const { format, formatVersion, appVersion, vaultId, createdAt, consistency, auditHead } = manifest;
    // ok: the file is intact; signature: whose it is (only 'this-vault' exits 0). bytes: the vault files inside; fileBytes: the backup file.
    const summary = { ok: true, format, formatVersion, appVersion, vaultId, createdAt, consistency, auditHead, entries: manifest.entries.length, bytes, fileBytes, ...seen };
    ctx.io.stdout.write(`${printableJson(summary)}\n`);
  } else {
    ctx.io.stdout.write(
      `${ctx.say('verified', { vaultId: manifest.vaultId, createdAt: manifest.createdAt, entries: manifest.entries.length, ...sizes(fileBytes, manifest.entries) })}\n`,
    );
    const who = seen.signature === 'this-vault' ? (seen.signedBy === 'master' ? ctx.say('signedMaster') : ctx.say('signedPc', { label: seen.signedBy ?? '' })) : ctx.say(`signature_${seen.signature}`);
    ctx.io.stdout.write(`${who}\n`);
    if (seen.fingerprint) ctx.io.stdout.write(`${ctx.say('fingerprintLine', { fingerprint: seen.fingerprint })}\n`);
  }
  if (seen.signature === 'this-vault') return 0;
  // Intact but not this vault's: what restore would refuse without --accept-unsigned is not a pass here either.
  ctx.io.stderr.write(`${ctx.say('verifyNotThisVault')}\n`);
  return exitCodeFor('BACKUP_UNSIGNED');
}

/** What this person knows about the vault a backup claims to be: the roots pinned in their state folder, and --fingerprint. */
function knownVault(ctx: Context): { stateDir: string; fingerprint: string | null } {
  return { stateDir: defaultStateDir(ctx.io.env), fingerprint: ctx.values.fingerprint ?? null };
}

/** What opens the restored vault for its check: the recovery identity, or a staff password. */
async function openCredentials(ctx: Context, key: BackupKey): Promise<Credentials> {
  if ('identity' in key) return { recoveryIdentity: key.identity };
  if (ctx.values.identity) return { recoveryIdentity: await identityFrom(ctx, ctx.values.identity) };
  if (ctx.values.staff) return staffCredentials(ctx, ctx.values.staff);
  throw new UsageError(ctx.say('needOpenKey'));
}

/** A restore goes only into a new or empty folder: said before the backup is read, and again if the core finds otherwise. */
async function restoreTarget(ctx: Context): Promise<string> {
  const to = resolve(required(ctx, 'to'));
  const stat = await fsp.stat(to).catch(() => null);
  const refuse = () => new CliRefusal('ALREADY_EXISTS', errorText(ctx.locale, 'restoreTargetExists', { dir: to }));
  if (stat && (!stat.isDirectory() || (await fsp.readdir(to)).length > 0)) throw refuse();
  return to;
}

async function restore(ctx: Context): Promise<number> {
  const file = backupFile(ctx);
  const to = await restoreTarget(ctx);
  const key = await backupKey(ctx);
  let restored;
  try {
    restored = await restoreBackup(file, key, to, {
      open: await openCredentials(ctx, key),
      known: knownVault(ctx),
      acceptUnsigned: ctx.values['accept-unsigned'] ?? false,
    });
  } catch (err) {
    if (isVaultError(err, 'ALREADY_EXISTS')) throw new CliRefusal('ALREADY_EXISTS', errorText(ctx.locale, 'restoreTargetExists', { dir: to }));
    throw err;
  }
  ctx.io.stdout.write(`${ctx.say('restored', { dir: restored.dir, documents: restored.check.documents })}\n`);
  const seen = signatureView(restored.signature);
  // Restored knowingly without this vault's signature (--accept-unsigned): said, with what to compare.
  if (seen.signature !== 'this-vault') {
    ctx.io.stderr.write(`${ctx.say('restoredNotThisVault', { what: localizeDetail(seen.signature, ctx.locale) })}\n`);
    if (seen.fingerprint) ctx.io.stderr.write(`${ctx.say('fingerprintLine', { fingerprint: seen.fingerprint })}\n`);
  }
  return 0;
}

async function replace(ctx: Context): Promise<number> {
  const vault = resolve(required(ctx, 'vault'));
  const from = resolve(required(ctx, 'from'));
  let credentials: Credentials;
  if (ctx.values.identity) credentials = { recoveryIdentity: await identityFrom(ctx, ctx.values.identity) };
  else if (ctx.values.staff) credentials = await staffCredentials(ctx, ctx.values.staff);
  else throw new UsageError(ctx.say('needOpenKey'));
  const { previous } = await replaceVault(vault, from, credentials);
  ctx.io.stdout.write(`${previous ? ctx.say('replaced', { vault, from, previous }) : ctx.say('replacedNew', { vault, from })}\n`);
  return 0;
}
