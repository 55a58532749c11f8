import { basename, dirname, resolve } from 'node:path';
import { clientInputSchema } from '../../shared/contract';
import { isErrorCode } from '../../shared/errors';
import { errorMessage } from '../../shared/messages';
import { mapSqliteError } from '../core/db/database';
import { isVaultError } from '../core/errors';
import { checkVault } from '../core/services/check-service';
import { seedSampleData } from '../core/demo/seed-vault';
import { defaultStateDir } from '../core/vault/state-dir';
import { VaultManager } from '../core/vault/vault-manager';
import type { VaultSession } from '../core/vault/session';
import { CliRefusal, describeFailure, errorText, type ErrorHints } from './cli-errors';
import { OPTIONS, UsageError, hintsFrom, newPassword, printJson, printRow, required, withSession, type CliIo, type Context } from './context';
import { CLIENT_STATUSES } from '../../shared/domain';
import { localizeDetail } from './core-details';
import { clientExport, clientImport } from './client-commands';
import { docExport, docImport, docList } from './doc-commands';
import { docReindex, search } from './search-commands';
import { localeOf, parseCommandLine } from './parse-args';
import { grant, offboard, reportAccess, revoke, staffAdd, staffList, staffReset, staffRole } from './staff-commands';
import { auditHead, auditList, auditVerify } from './audit-commands';
import { alertsAck, alertsList, staffSuspend } from './alert-commands';
import { incidentClose, incidentExport, incidentList, incidentOpen } from './incident-commands';
import { reportCompliance, staffAck, staffCompliance, staffNda, staffNdaPolicy, staffTraining } from './compliance-commands';
import { inspect } from './inspect-commands';
import { retentionDestroy, retentionHold, retentionList } from './retention-commands';
import { clientEnd } from './handback-commands';
import { syncInvite, syncJoin, syncPublish, syncRun, syncStatusCommand } from './sync-commands';
import { shareCreate, shareList } from './share-commands';
import { backupMain } from './backup-commands';
import { credAdd, credCopy, credHelp, credList, credRotate, credShow, credTotp } from './cred-commands';
import { cliText, type CliKey } from './text';
import { RecoveryKeyFile } from './recovery-key-file';
import { recoverySheetPdf } from '../core/first-run/recovery-sheet';

export type { CliIo } from './context';

const TWO_WORD_COMMANDS = ['client', 'doc', 'audit', 'staff', 'report', 'cred', 'alerts', 'incident', 'retention', 'share', 'sync'];

export async function main(argv: string[], io: CliIo = process): Promise<number> {
  // `backup …` parses its own options and help (backup-commands.ts).
  if (argv[0] === 'backup') return backupMain(argv.slice(1), io);
  const locale = localeOf(argv, io.env);
  const say = (key: CliKey, values?: Record<string, string | number>) => cliText(locale, key, values);
  let hints: ErrorHints = {};
  try {
    const { values, positionals } = parseCommandLine(argv, OPTIONS, locale);
    hints = hintsFrom(values);
    // `cred --help` and a bare `cred` show the group's own help (its options and where secrets come from).
    if (positionals[0] === 'cred' && (values.help || positionals.length === 1)) {
      io.stdout.write(`${credHelp(locale)}\n`);
      return values.help ? 0 : 2;
    }
    if (values.help || positionals.length === 0) {
      io.stdout.write(`${say('help')}\n`);
      return positionals.length === 0 && !values.help ? 2 : 0;
    }
    const words = TWO_WORD_COMMANDS.includes(positionals[0] ?? '') ? 2 : 1;
    const command = positionals.slice(0, words).join(' ');
    const rest = positionals.slice(words);
    const ctx: Context = { values, rest, io, locale, say };
    if (rest.length > 0 && command !== 'doc import' && command !== 'client import' && command !== 'search' && command !== 'report compliance' && command !== 'share create') throw new UsageError(say('unexpectedArguments', { command, args: rest.join(' ') }));
    switch (command) {
      case 'init':
        return await init(ctx);
      case 'client add':
        return await clientAdd(ctx);
      case 'client list':
        return await withSession(ctx, (s) => clientList(ctx, s));
      case 'client import':
        return await clientImport(ctx);
      case 'client export':
        return await clientExport(ctx);
      case 'doc import':
        return await docImport(ctx);
      case 'doc list':
        return await docList(ctx);
      case 'doc export':
        return await docExport(ctx);
      case 'doc reindex':
        return await docReindex(ctx);
      case 'search':
        return await search(ctx);
      case 'check':
        return await withSession(ctx, (s) => check(ctx, s));
      case 'passwd':
        return await withSession(ctx, (s) => passwd(ctx, s), { duringPasswordChange: true });
      case 'audit verify':
        return await auditVerify(ctx);
      case 'audit head':
        return await auditHead(ctx);
      case 'audit list':
        return await withSession(ctx, (s) => auditList(ctx, s));
      case 'inspect':
        return await withSession(ctx, (s) => inspect(ctx, s));
      case 'staff add':
        return await withSession(ctx, (s) => staffAdd(ctx, s));
      case 'staff list':
        return await withSession(ctx, (s) => staffList(ctx, s));
      case 'staff role':
        return await withSession(ctx, (s) => staffRole(ctx, s));
      case 'staff reset':
        return await withSession(ctx, (s) => staffReset(ctx, s));
      case 'staff suspend':
        return await withSession(ctx, (s) => staffSuspend(ctx, s, true));
      case 'staff unsuspend':
        return await withSession(ctx, (s) => staffSuspend(ctx, s, false));
      case 'staff nda':
        return await withSession(ctx, (s) => staffNda(ctx, s));
      case 'staff training':
        return await withSession(ctx, (s) => staffTraining(ctx, s));
      case 'staff ack':
        return await withSession(ctx, (s) => staffAck(ctx, s));
      case 'staff nda-policy':
        return await withSession(ctx, (s) => staffNdaPolicy(ctx, s));
      case 'staff compliance':
        return await withSession(ctx, (s) => staffCompliance(ctx, s));
      case 'alerts list':
        return await withSession(ctx, (s) => alertsList(ctx, s));
      case 'alerts ack':
        return await withSession(ctx, (s) => alertsAck(ctx, s));
      case 'incident list':
        return await withSession(ctx, (s) => incidentList(ctx, s));
      case 'incident open':
        return await withSession(ctx, (s) => incidentOpen(ctx, s));
      case 'incident export':
        return await withSession(ctx, (s) => incidentExport(ctx, s));
      case 'incident close':
        return await withSession(ctx, (s) => incidentClose(ctx, s));
      case 'retention list':
        return await withSession(ctx, (s) => retentionList(ctx, s));
      case 'retention destroy':
        return await retentionDestroy(ctx);
      case 'sync publish':
        return await syncPublish(ctx);
      case 'sync invite':
        return await withSession(ctx, (s) => syncInvite(ctx, s));
      case 'sync join':
        return await syncJoin(ctx);
      case 'sync run':
        return await withSession(ctx, (s) => syncRun(ctx, s));
      case 'sync status':
        return await withSession(ctx, (s) => syncStatusCommand(ctx, s));
      case 'retention hold':
        return await withSession(ctx, (s) => retentionHold(ctx, s, true));
      case 'retention release':
        return await withSession(ctx, (s) => retentionHold(ctx, s, false));
      case 'client end':
        return await clientEnd(ctx);
      case 'share create':
        return await shareCreate(ctx);
      case 'share list':
        return await withSession(ctx, (s) => shareList(ctx, s));
      case 'grant':
        return await withSession(ctx, (s) => grant(ctx, s));
      case 'revoke':
        return await withSession(ctx, (s) => revoke(ctx, s));
      case 'offboard':
        return await offboard(ctx);
      case 'report access':
        return await reportAccess(ctx);
      case 'report compliance':
        return await reportCompliance(ctx);
      case 'cred add':
        return await credAdd(ctx);
      case 'cred list':
        return await credList(ctx);
      case 'cred show':
        return await credShow(ctx);
      case 'cred copy':
        return await credCopy(ctx);
      case 'cred totp':
        return await credTotp(ctx);
      case 'cred rotate':
        return await credRotate(ctx);
      case 'demo':
        return await withSession(ctx, (s) => demo(ctx, s));
      default:
        throw new UsageError(say('unknownCommand', { name: command }));
    }
  } catch (caught) {
    const err = mapSqliteError(caught, 'vault.db');
    if (err instanceof UsageError) {
      io.stderr.write(`${say('usage', { reason: err.message.replace(/[。.]$/, '') })}\n`);
      return 2;
    }
    const { message, exit } = describeFailure(err, locale, hints);
    io.stderr.write(`${message}\n`);
    return exit;
  }
}

async function init(ctx: Context): Promise<number> {
  const dir = resolve(required(ctx, 'vault'));
  const staff = required(ctx, 'staff');
  const outOption = ctx.values['recovery-key-out'];
  // The recovery key exists only in memory until it is written: claim its file before the vault is
  // created (never replacing one), so a bad path stops here with nothing created.
  const keyOut = outOption ? await claimKeyFile(ctx, resolve(outOption)) : null;
  let created: { recoveryKey: string; fingerprint: string } | null = null;
  const manager = new VaultManager({ vaultDir: dir, locale: ctx.locale, stateDir: defaultStateDir(ctx.io.env) });
  try {
    const password = await newPassword(ctx, 'init');
    created = await manager.create(staff, password);
    ctx.io.stdout.write(`${ctx.say('created', { dir, staff })}\n`);
    const shown = `${ctx.say('recoveryShown')}\n${created.recoveryKey}\n${ctx.say('fingerprintShown', { fingerprint: created.fingerprint })}\n`;
    if (!keyOut) {
      ctx.io.stdout.write(shown);
      return 0;
    }
    try {
      // Comment lines (as age allows) keep the fingerprint with the key; --identity reads the key line only.
      // A .pdf name gets the printable recovery sheet (key as text and QR code); anything else the key file.
      await keyOut.write(
        /\.pdf$/i.test(keyOut.path)
          ? recoverySheetPdf({ recoveryKey: created.recoveryKey, vaultName: basename(dir), fingerprint: created.fingerprint, date: new Date() })
          : `# ${ctx.say('fingerprintShown', { fingerprint: created.fingerprint })}\n${created.recoveryKey}\n`,
      );
    } catch {
      // The vault exists now: losing its recovery key is worse than showing it on this terminal.
      ctx.io.stderr.write(`${ctx.say('recoveryNotWritten', { file: keyOut.path })}\n`);
      ctx.io.stdout.write(shown);
      return 1;
    }
    ctx.io.stdout.write(`${ctx.say('recoveryWritten', { file: keyOut.path })}\n${ctx.say('fingerprintShown', { fingerprint: created.fingerprint })}\n`);
    return 0;
  } finally {
    if (keyOut && !created) await keyOut.abandon();
    await manager.close();
  }
}

async function claimKeyFile(ctx: Context, path: string): Promise<RecoveryKeyFile> {
  try {
    return await RecoveryKeyFile.claim(path);
  } catch (err) {
    if (isVaultError(err, 'ALREADY_EXISTS')) throw new CliRefusal('ALREADY_EXISTS', errorText(ctx.locale, 'recoveryKeyFileExists', { file: path }));
    // ENOENT: the folder it would go into does not exist.
    if (isVaultError(err, 'NOT_FOUND')) {
      throw new CliRefusal('NOT_FOUND', errorText(ctx.locale, 'outFolderMissing', { dir: dirname(path), path, option: 'recovery-key-out' }));
    }
    throw err;
  }
}

const CLIENT_FIELD_PROBLEMS: Record<string, CliKey> = { name: 'badName', creditCode: 'badCreditCode', label: 'badLabel' };

/** The option that gives each client field (for messages naming it). */
const CLIENT_FIELD_OPTIONS = {
  name: 'name',
  creditCode: 'credit-code',
  label: 'label',
  contactPerson: 'contact',
  phone: 'phone',
  address: 'address',
  bankAccount: 'bank-account',
  notes: 'notes',
} as const;

async function clientAdd(ctx: Context): Promise<number> {
  const given = Object.entries(CLIENT_FIELD_OPTIONS).flatMap(([field, option]) => {
    const value = field === 'name' ? required(ctx, 'name') : ctx.values[option];
    return value ? [[field, value] as const] : [];
  });
  const input = clientInputSchema.safeParse(Object.fromEntries(given));
  if (!input.success) {
    // zod's own words are English: each field's problem is said here, naming its option.
    const fields = [...new Set(input.error.issues.map((i) => String(i.path[0] ?? '')))];
    throw new UsageError(
      fields
        .map((field) => {
          const key = CLIENT_FIELD_PROBLEMS[field];
          if (key) return ctx.say(key, { value: ctx.values['credit-code'] ?? '' });
          return ctx.say('badOption', { option: CLIENT_FIELD_OPTIONS[field as keyof typeof CLIENT_FIELD_OPTIONS] ?? field });
        })
        .join('；'),
    );
  }
  return withSession(ctx, async (session) => {
    const client = session.clients.create(input.data);
    ctx.io.stdout.write(`${client.id}\n`);
    return 0;
  });
}

async function clientList(ctx: Context, session: VaultSession): Promise<number> {
  const wanted = ctx.values.status ?? 'active';
  const status = CLIENT_STATUSES.find((s) => s === wanted);
  if (!status) throw new UsageError(ctx.say('badClientStatus', { status: wanted }));
  const items = [];
  for (let offset = 0; ; offset += 500) {
    const page = session.clients.list({ query: '', label: null, status, sort: 'name', offset, limit: 500 });
    items.push(...page.items);
    if (items.length >= page.total || page.items.length === 0) break;
  }
  if (ctx.values.json) printJson(ctx, items);
  else for (const c of items) printRow(ctx, c.endedOn ? [c.id, c.name, c.creditCode, c.endedOn] : [c.id, c.name, c.creditCode]);
  return 0;
}

const CHECK_KINDS = ['database', 'blob', 'orphan', 'missing', 'audit'] as const;

async function check(ctx: Context, session: VaultSession): Promise<number> {
  const report = await checkVault(session.vault);
  if (report.ok) {
    ctx.io.stdout.write(`${ctx.say('checkOk', { documents: report.documents })}\n`);
    return 0;
  }
  ctx.io.stdout.write(`${ctx.say('checkFailed', { count: report.problems.length })}\n`);
  for (const p of report.problems) {
    const kind = (CHECK_KINDS as readonly string[]).includes(p.kind) ? ctx.say(`checkKind_${p.kind}`) : p.kind;
    const code = isErrorCode(p.code) ? p.code : 'CORRUPT';
    const message = errorMessage(code, ctx.locale, { what: localizeDetail(p.what, ctx.locale) });
    ctx.io.stdout.write(`${ctx.say('checkProblem', { kind, message })}\n`);
  }
  return 4;
}

async function passwd(ctx: Context, session: VaultSession): Promise<number> {
  const password = await newPassword(ctx, 'new');
  try {
    // The password that opened this command's session was just checked: the new one must meet the firm's policy.
    await session.passwords.setOwn(password);
  } finally {
    password.fill(0);
  }
  ctx.io.stdout.write(`${ctx.say('passwordChanged', { staff: session.vault.staff.name })}\n`);
  return 0;
}

function positiveInt(ctx: Context, name: 'clients' | 'documents' | 'seed', fallback: number, max: number): number {
  const raw = ctx.values[name];
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n < 1 || n > max) throw new UsageError(ctx.say('badNumber', { name }));
  return n;
}

async function demo(ctx: Context, session: VaultSession): Promise<number> {
  const result = await seedSampleData(session, {
    clients: positiveInt(ctx, 'clients', 36, 100_000),
    documents: positiveInt(ctx, 'documents', 180, 1_000_000),
    seed: positiveInt(ctx, 'seed', 20261126, 2 ** 31),
  });
  ctx.io.stdout.write(`${ctx.say('demoDone', { clients: result.clients, documents: result.documents })}\n`);
  return 0;
}
