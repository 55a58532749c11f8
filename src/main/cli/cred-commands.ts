import type { z } from 'zod';
import { credentialInputSchema } from '../../shared/credential-schemas';
import {
  CREDENTIAL_KINDS,
  CREDENTIAL_SECRETS,
  PASSWORD_PRESETS,
  type CredentialInput,
  type CredentialSecret,
  type CredentialSummary,
  type PasswordPreset,
} from '../../shared/credentials';
import { interpolate, type Locale } from '../../shared/messages';
import { localDay } from '../core/credentials/credential-service';
import { parseTotpSeed } from '../core/credentials/totp';
import { isVaultError } from '../core/errors';
import type { VaultSession } from '../core/vault/session';
import { CliRefusal } from './cli-errors';
import { UsageError, printJson, printRow, required, withSession, type Context } from './context';
import zhCN from './i18n/cred.zh-CN.json';
import en from './i18n/cred.en.json';
import { promptHidden } from './password';
import { printableValues } from './terminal-text';

/**
 * `zhangdun cred add|list|show|copy|totp|rotate`: a client's logins. Secrets
 * never come from an option (shell history, the process list): from
 * environment variables, or the first line of stdin. They are printed only on
 * an audited reveal, and copied only into a pipe.
 */

type Key = keyof typeof zhCN;
const CATALOG: Record<Locale, Record<Key, string>> = { 'zh-CN': zhCN, en };

function t(ctx: Context, key: Key, values?: Record<string, string | number>): string {
  // Without values the text is as written (a prompt keeps its trailing colon).
  return values ? interpolate(CATALOG[ctx.locale][key], printableValues(values)) : CATALOG[ctx.locale][key];
}

export function credHelp(locale: Locale): string {
  return CATALOG[locale].help;
}

const SECRET_ENV: Readonly<Record<CredentialSecret, string>> = {
  password: 'ZHANGDUN_CRED_PASSWORD',
  pin: 'ZHANGDUN_CRED_PIN',
  certPassword: 'ZHANGDUN_CRED_CERT_PASSWORD',
};
const TOTP_ENV = 'ZHANGDUN_CRED_TOTP';
const MASK = '••••••';
/** A first line longer than this is not a password; reading stops there (the schema then says it is too long). */
const STDIN_MAX_BYTES = 8 * 1024;
const EXPIRING_MAX_DAYS = 36_500;
const GENERATOR_PRESETS = PASSWORD_PRESETS.filter((p) => p !== 'custom');

const env = (ctx: Context, name: string): string | null => {
  const value = ctx.io.env[name];
  return value === undefined || value === '' ? null : value;
};

// ---- input ----

/** The option that gives each field of the input, for messages naming it. */
const FIELD_OPTIONS: Record<string, string> = { kind: 'kind', title: 'title', login: 'login', url: 'url', phone: 'phone', expiresOn: 'expires', notes: 'notes' };

/** The largest length a "too long" problem allows. */
function maxOf(issues: readonly z.core.$ZodIssue[]): number | null {
  const tooBig = issues.find((i) => i.code === 'too_big');
  return tooBig && tooBig.code === 'too_big' ? Number(tooBig.maximum) : null;
}

/** credentialInputSchema, with each problem said in the user's language and naming its option or variable (zod's words are English). */
function parseInput(ctx: Context, raw: Record<string, unknown>, totpSource: string): CredentialInput {
  const parsed = credentialInputSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const problems = new Set<string>();
  for (const issue of parsed.error.issues) {
    const [field, sub] = issue.path.map(String);
    const max = maxOf([issue]);
    if (field === 'kind') problems.add(t(ctx, 'badKind', { kinds: CREDENTIAL_KINDS.join('|') }));
    else if (field === 'title') problems.add(t(ctx, 'badTitle'));
    else if (field === 'expiresOn') problems.add(t(ctx, 'badExpires', { value: String(raw.expiresOn) }));
    else if (field === 'secrets' && sub && sub in SECRET_ENV) problems.add(t(ctx, 'secretTooLong', { source: SECRET_ENV[sub as CredentialSecret], max: max ?? '?' }));
    else if (field === 'totp') problems.add(t(ctx, 'badTotp', { source: totpSource }));
    else if (max !== null && field && FIELD_OPTIONS[field]) problems.add(t(ctx, 'tooLong', { option: FIELD_OPTIONS[field], max }));
    else problems.add(ctx.say('badOption', { option: FIELD_OPTIONS[field ?? ''] ?? field ?? '?' }));
  }
  throw new UsageError([...problems].join('；'));
}

/** The TOTP seed: --totp or ZHANGDUN_CRED_TOTP (the variable keeps it out of the shell history). */
function totpOf(ctx: Context): { value: string; source: string } | null {
  const option = ctx.values.totp;
  const variable = env(ctx, TOTP_ENV);
  if (option !== undefined && variable !== null) throw new UsageError(t(ctx, 'totpTwoSources'));
  if (option !== undefined) return { value: option, source: '--totp' };
  return variable === null ? null : { value: variable, source: TOTP_ENV };
}

/** The seed parses (checked before the vault is opened; the parser's reasons are English words). */
function checkTotp(ctx: Context, totp: { value: string; source: string }): void {
  try {
    parseTotpSeed(totp.value);
  } catch (err) {
    if (isVaultError(err, 'INVALID_INPUT') && err.values.field === 'totp') throw new UsageError(t(ctx, 'badTotp', { source: totp.source }));
    throw err;
  }
}

function presetOf(ctx: Context): Exclude<PasswordPreset, 'custom'> | null {
  const preset = ctx.values.generate;
  if (preset === undefined) return null;
  if (!(GENERATOR_PRESETS as readonly string[]).includes(preset)) throw new UsageError(t(ctx, 'badPreset', { presets: GENERATOR_PRESETS.join('|') }));
  return preset as Exclude<PasswordPreset, 'custom'>;
}

/** The first line of stdin (without its line end); on a terminal, a prompt without echo. */
async function stdinLine(ctx: Context): Promise<string> {
  const { stdin } = ctx.io;
  if (stdin.isTTY) {
    const typed = await promptHidden(stdin, ctx.io.stderr, t(ctx, 'promptCredPassword'));
    const text = typed.toString('utf8');
    typed.fill(0);
    return text;
  }
  const bytes = await new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = () => {
      stdin.removeListener('data', onData);
      stdin.removeListener('end', finish);
      stdin.removeListener('error', onError);
      stdin.pause();
      const all = Buffer.concat(chunks);
      for (const chunk of chunks) chunk.fill(0);
      resolve(all);
    };
    const onError = (err: Error) => {
      finish();
      reject(err);
    };
    const onData = (chunk: Buffer | string) => {
      const b = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
      chunks.push(b);
      size += b.length;
      if (b.includes(0x0a) || size > STDIN_MAX_BYTES) finish();
    };
    stdin.on('data', onData);
    stdin.once('end', finish);
    stdin.once('error', onError);
    stdin.resume();
  });
  let end = bytes.indexOf(0x0a);
  if (end < 0) end = bytes.length;
  if (end > 0 && bytes[end - 1] === 0x0d) end--;
  const text = bytes.subarray(0, end).toString('utf8');
  bytes.fill(0);
  if (text === '') throw new UsageError(t(ctx, 'emptyStdin'));
  return text;
}

/** The secrets given for a new credential: each from its variable, the password perhaps from stdin instead. */
async function givenSecrets(ctx: Context): Promise<Partial<Record<CredentialSecret, string>>> {
  const secrets: Partial<Record<CredentialSecret, string>> = {};
  for (const secret of CREDENTIAL_SECRETS) {
    const value = env(ctx, SECRET_ENV[secret]);
    if (value !== null) secrets[secret] = value;
  }
  if (ctx.values['password-stdin']) secrets.password = await stdinLine(ctx);
  return secrets;
}

/** The password has one source: the variable, stdin or the generator. Checked before the vault is opened. */
function checkPasswordSources(ctx: Context): void {
  const sources = [
    ...(env(ctx, SECRET_ENV.password) !== null ? [SECRET_ENV.password] : []),
    ...(ctx.values['password-stdin'] ? ['--password-stdin'] : []),
    ...(ctx.values.generate !== undefined ? ['--generate'] : []),
  ];
  if (sources.length > 1) throw new UsageError(t(ctx, 'passwordTwoSources', { sources: sources.join(' + ') }));
}

// ---- output ----

const kindName = (ctx: Context, kind: string): string => ((CREDENTIAL_KINDS as readonly string[]).includes(kind) ? t(ctx, `kind_${kind}` as Key) : kind);
const secretName = (ctx: Context, secret: CredentialSecret): string => t(ctx, `secret_${secret}`);

function flags(ctx: Context, c: CredentialSummary): string {
  const on = [
    ...(c.rotationDue.length > 0 ? [t(ctx, 'flag_rotate')] : []),
    ...(c.strength !== null && c.strength <= 1 ? [t(ctx, 'flag_weak')] : []),
    ...(c.reusedWith.length > 0 ? [t(ctx, 'flag_reused')] : []),
  ];
  return on.join(t(ctx, 'listSeparator'));
}

function line(ctx: Context, label: string, value: string | number | null): void {
  ctx.io.stdout.write(`${t(ctx, 'line', { label, value: value === null || value === '' ? '-' : value })}\n`);
}

// ---- commands ----

export async function credAdd(ctx: Context): Promise<number> {
  // Everything that can be checked is checked before the password is asked for and the vault opened.
  const clientId = required(ctx, 'client');
  const kind = required(ctx, 'kind');
  const title = required(ctx, 'title');
  const preset = presetOf(ctx);
  checkPasswordSources(ctx);
  const totp = totpOf(ctx);
  const plain = {
    kind,
    title,
    login: ctx.values.login ?? null,
    url: ctx.values.url ?? null,
    phone: ctx.values.phone ?? null,
    expiresOn: ctx.values.expires ?? null,
    notes: ctx.values.notes ?? '',
    ...(totp ? { totp: totp.value } : {}),
  };
  parseInput(ctx, plain, totp?.source ?? '--totp');
  if (totp) checkTotp(ctx, totp);
  return withSession(ctx, async (session) => {
    const secrets = await givenSecrets(ctx);
    if (preset) secrets.password = session.credentials.generate(preset);
    const input = parseInput(ctx, { ...plain, secrets }, totp?.source ?? '--totp');
    const created = session.credentials.create(clientId, input);
    // A generated password is shown only on request, through the audited reveal.
    const shown = preset && ctx.values.reveal ? session.credentials.reveal(created.id, { secret: 'password' }).value : null;
    if (ctx.values.json) printJson(ctx, { ...created, ...(shown !== null ? { revealed: { password: shown } } : {}) });
    else {
      ctx.io.stdout.write(`${created.id}\n`);
      if (shown !== null) ctx.io.stdout.write(`${t(ctx, 'generatedShown', { password: shown })}\n`);
    }
    if (preset && shown === null) ctx.io.stderr.write(`${t(ctx, 'generatedHidden', { id: created.id })}\n`);
    return 0;
  });
}

function expiringDays(ctx: Context): number | null {
  const raw = ctx.values.expiring;
  if (raw === undefined) return null;
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(n) || n < 1 || n > EXPIRING_MAX_DAYS) throw new UsageError(ctx.say('badNumber', { name: 'expiring' }));
  return n;
}

/** One client's credentials, or across the firm what expires (--expiring) or is 待更换 (--rotation); both filters apply together. */
export async function credList(ctx: Context): Promise<number> {
  const clientId = ctx.values.client;
  const days = expiringDays(ctx);
  const rotation = ctx.values.rotation ?? false;
  if (!clientId && days === null && !rotation) throw new UsageError(t(ctx, 'needClient'));
  return withSession(ctx, async (session) => {
    const { credentials } = session;
    let items: CredentialSummary[];
    if (clientId) items = credentials.list(clientId);
    // The firm-wide lists leave out reuse; each is looked up again so that the 重复 flag is shown everywhere.
    else if (days !== null) items = credentials.expiring(days).map((c) => credentials.get(c.id));
    else items = credentials.rotationList().map((c) => credentials.get(c.id));
    if (days !== null) {
      const until = localDay(new Date(Date.now() + days * 86_400_000));
      items = items.filter((c) => c.expiresOn !== null && c.expiresOn <= until);
    }
    if (rotation) items = items.filter((c) => c.rotationDue.length > 0);
    if (ctx.values.json) printJson(ctx, items);
    else for (const c of items) printRow(ctx, [c.id, c.kind, c.title, c.login, c.expiresOn, flags(ctx, c), c.clientName]);
    return 0;
  });
}

/** Every secret set, revealed one by one (each reveal recorded); secret custom fields by their index. */
function revealAll(session: VaultSession, c: CredentialSummary): { secrets: Partial<Record<CredentialSecret, string>>; custom: Record<number, string> } {
  const secrets: Partial<Record<CredentialSecret, string>> = {};
  for (const secret of c.secrets) secrets[secret] = session.credentials.reveal(c.id, { secret }).value;
  const custom: Record<number, string> = {};
  c.custom.forEach((field, index) => {
    if (field.secret) custom[index] = session.credentials.reveal(c.id, { custom: index }).value;
  });
  return { secrets, custom };
}

export async function credShow(ctx: Context): Promise<number> {
  const id = required(ctx, 'id');
  return withSession(ctx, async (session) => {
    const c = session.credentials.get(id);
    const revealed = ctx.values.reveal ? revealAll(session, c) : null;
    if (ctx.values.json) {
      const custom = c.custom.map((f, i) => (f.secret && revealed ? { ...f, value: revealed.custom[i] ?? '' } : f));
      printJson(ctx, { ...c, custom, ...(revealed ? { revealed: revealed.secrets } : {}) });
      return 0;
    }
    line(ctx, t(ctx, 'label_id'), c.id);
    line(ctx, t(ctx, 'label_client'), `${c.clientName} (${c.clientId})`);
    line(ctx, t(ctx, 'label_kind'), `${kindName(ctx, c.kind)} (${c.kind})`);
    line(ctx, t(ctx, 'label_title'), c.title);
    line(ctx, t(ctx, 'label_login'), c.login);
    line(ctx, t(ctx, 'label_url'), c.url);
    line(ctx, t(ctx, 'label_phone'), c.phoneMasked);
    line(ctx, t(ctx, 'label_expires'), c.expiresOn);
    for (const secret of c.secrets) line(ctx, secretName(ctx, secret), revealed?.secrets[secret] ?? MASK);
    c.custom.forEach((f, i) => line(ctx, f.name, f.secret ? (revealed?.custom[i] ?? MASK) : f.value));
    line(ctx, t(ctx, 'label_totp'), c.hasTotp ? t(ctx, 'totpSet') : t(ctx, 'unset'));
    line(ctx, t(ctx, 'label_certificate'), c.certificate ? t(ctx, 'certificateLine', { name: c.certificate.name, size: c.certificate.size }) : t(ctx, 'none'));
    line(ctx, t(ctx, 'label_flags'), flags(ctx, c));
    const who = c.rotationDue.map((r) => t(ctx, 'rotationWho', { name: r.staffName, reason: t(ctx, `reason_${r.reason}`), since: r.since }));
    line(ctx, t(ctx, 'label_rotation'), who.length > 0 ? t(ctx, 'rotationDue', { who: who.join(t(ctx, 'listSeparator')) }) : t(ctx, 'rotationNo'));
    if (c.lastRotation) line(ctx, t(ctx, 'label_lastRotation'), t(ctx, 'lastRotationLine', { at: c.lastRotation.at, by: c.lastRotation.byName }));
    line(ctx, t(ctx, 'label_history'), t(ctx, 'historyCount', { count: c.historyCount }));
    line(ctx, t(ctx, 'label_notes'), c.notes);
    return 0;
  });
}

function fieldOf(ctx: Context): CredentialSecret {
  const field = ctx.values.field ?? 'password';
  if (!(CREDENTIAL_SECRETS as readonly string[]).includes(field)) throw new UsageError(t(ctx, 'badField'));
  return field as CredentialSecret;
}

/**
 * A command line has no clipboard that clears itself: the secret goes to
 * stdout, without a newline, and only into a pipe (`| clip`, `| pbcopy`,
 * `| xclip -sel c`). On a terminal it is refused before the vault is opened.
 */
export async function credCopy(ctx: Context): Promise<number> {
  const id = required(ctx, 'id');
  const field = fieldOf(ctx);
  if (ctx.io.stdout.isTTY) throw new CliRefusal('INVALID_INPUT', t(ctx, 'copyToTerminal'));
  return withSession(ctx, async (session) => {
    let value: string;
    try {
      value = session.credentials.secretForCopy(id, { secret: field });
    } catch (err) {
      if (isVaultError(err, 'NOT_FOUND') && err.values.what === 'secret') throw new CliRefusal('NOT_FOUND', t(ctx, 'secretNotSet', { id, field: secretName(ctx, field) }));
      throw err;
    }
    ctx.io.stdout.write(value);
    return 0;
  });
}

export async function credTotp(ctx: Context): Promise<number> {
  const id = required(ctx, 'id');
  return withSession(ctx, async (session) => {
    let code;
    try {
      code = session.credentials.totp(id);
    } catch (err) {
      if (isVaultError(err, 'NOT_FOUND') && err.values.what === 'totp') throw new CliRefusal('NOT_FOUND', t(ctx, 'totpNotSet', { id }));
      throw err;
    }
    if (ctx.values.json) printJson(ctx, code);
    else ctx.io.stdout.write(`${t(ctx, 'totpLine', { code: code.code, remaining: code.remaining })}\n`);
    return 0;
  });
}

/** The password was changed at the site: 待更换 cleared (who and when recorded); with --new-password-env the new one stored too. */
export async function credRotate(ctx: Context): Promise<number> {
  const id = required(ctx, 'id');
  const newPassword = ctx.values['new-password-env'] ? env(ctx, SECRET_ENV.password) : null;
  if (ctx.values['new-password-env'] && newPassword === null) throw new UsageError(t(ctx, 'noNewCredPassword'));
  if (newPassword !== null) {
    const checked = credentialInputSchema.shape.secrets.safeParse({ password: newPassword });
    if (!checked.success) throw new UsageError(t(ctx, 'secretTooLong', { source: SECRET_ENV.password, max: maxOf(checked.error.issues) ?? '?' }));
  }
  return withSession(ctx, async (session) => {
    const before = session.credentials.get(id);
    if (newPassword === null) {
      if (before.rotationDue.length === 0) {
        ctx.io.stdout.write(`${t(ctx, 'notDue', { title: before.title })}\n`);
        return 0;
      }
      const after = session.credentials.markRotated(id);
      ctx.io.stdout.write(`${t(ctx, 'rotated', { title: after.title, by: after.lastRotation?.byName ?? '', at: after.lastRotation?.at ?? '' })}\n`);
      return 0;
    }
    let after: CredentialSummary;
    try {
      after = session.credentials.changeSecret(id, 'password', newPassword);
    } catch (err) {
      if (isVaultError(err, 'INVALID_INPUT') && err.values.reason === 'unchanged') throw new UsageError(t(ctx, 'samePassword'));
      throw err;
    }
    const cleared = before.rotationDue.length > 0 && after.rotationDue.length === 0;
    ctx.io.stdout.write(`${t(ctx, cleared ? 'passwordUpdatedRotated' : 'passwordUpdated', { title: after.title })}\n`);
    return 0;
  });
}
