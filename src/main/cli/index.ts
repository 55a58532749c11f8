import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { clientInputSchema } from '../../shared/contract';
import { exitCodeFor } from '../../shared/errors';
import { errorMessage, localeFrom, type Locale } from '../../shared/messages';
import { mapSqliteError } from '../core/db/database';
import { isVaultError } from '../core/errors';
import { checkVault } from '../core/services/check-service';
import { seedSampleData } from '../core/demo/seed-vault';
import { VaultManager } from '../core/vault/vault-manager';
import type { VaultSession } from '../core/vault/session';
import { OPTIONS, UsageError, newPassword, required, withSession, type CliIo, type Context, type Parsed } from './context';
import { auditList, grant, offboard, reportAccess, revoke, staffAdd, staffList, staffRole } from './staff-commands';
import { backupMain } from './backup-commands';
import { cliText, type CliKey } from './text';
import { RecoveryKeyFile } from './recovery-key-file';

export type { CliIo } from './context';

export async function main(argv: string[], io: CliIo = process): Promise<number> {
  // `backup …` parses its own options and help (backup-commands.ts).
  if (argv[0] === 'backup') return backupMain(argv.slice(1), io);
  let locale: Locale = localeFrom(io.env.LANG);
  const say = (key: CliKey, values?: Record<string, string | number>) => cliText(locale, key, values);
  try {
    let parsed: Parsed;
    try {
      parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
    } catch (err) {
      throw new UsageError((err as Error).message);
    }
    const { values, positionals } = parsed;
    if (values.lang) locale = localeFrom(values.lang);
    if (values.help || positionals.length === 0) {
      io.stdout.write(`${say('help')}\n`);
      return positionals.length === 0 && !values.help ? 2 : 0;
    }
    const command = positionals.slice(0, ['client', 'doc', 'audit', 'staff', 'report', 'backup'].includes(positionals[0] ?? '') ? 2 : 1).join(' ');
    const rest = positionals.slice(command.split(' ').length);
    const ctx: Context = { values, rest, io, locale, say };
    switch (command) {
      case 'init':
        return await init(ctx);
      case 'client add':
        return await withSession(ctx, (s) => clientAdd(ctx, s));
      case 'client list':
        return await withSession(ctx, (s) => clientList(ctx, s));
      case 'doc import':
        return await withSession(ctx, (s) => docImport(ctx, s));
      case 'doc list':
        return await withSession(ctx, (s) => docList(ctx, s));
      case 'doc export':
        return await withSession(ctx, (s) => docExport(ctx, s));
      case 'check':
        return await withSession(ctx, (s) => check(ctx, s));
      case 'passwd':
        return await withSession(ctx, (s) => passwd(ctx, s));
      case 'audit verify':
        return await withSession(ctx, (s) => auditVerify(ctx, s));
      case 'audit list':
        return await withSession(ctx, (s) => auditList(ctx, s));
      case 'staff add':
        return await withSession(ctx, (s) => staffAdd(ctx, s));
      case 'staff list':
        return await withSession(ctx, (s) => staffList(ctx, s));
      case 'staff role':
        return await withSession(ctx, (s) => staffRole(ctx, s));
      case 'grant':
        return await withSession(ctx, (s) => grant(ctx, s));
      case 'revoke':
        return await withSession(ctx, (s) => revoke(ctx, s));
      case 'offboard':
        return await withSession(ctx, (s) => offboard(ctx, s));
      case 'report access':
        return await withSession(ctx, (s) => reportAccess(ctx, s));
      case 'demo':
        return await withSession(ctx, (s) => demo(ctx, s));
      default:
        throw new UsageError(say('unknownCommand', { name: command }));
    }
  } catch (caught) {
    const err = mapSqliteError(caught, 'vault.db');
    if (err instanceof UsageError) {
      io.stderr.write(`${say('usage', { reason: err.message })}\n`);
      return 2;
    }
    if (isVaultError(err)) {
      io.stderr.write(`${errorMessage(err.code, locale, err.values)}\n`);
      return exitCodeFor(err.code);
    }
    // Unexpected: report the kind only, never data that could hold secrets.
    io.stderr.write(`${errorMessage('INTERNAL', locale)} (${(err as Error)?.name ?? 'Error'})\n`);
    return 1;
  }
}

async function init(ctx: Context): Promise<number> {
  const dir = resolve(required(ctx, 'vault'));
  const staff = required(ctx, 'staff');
  const outOption = ctx.values['recovery-key-out'];
  // The recovery key exists only in memory until it is written: claim its file before the vault is
  // created (never replacing one), so a bad path stops here with nothing created.
  const keyOut = outOption ? await RecoveryKeyFile.claim(resolve(outOption)) : null;
  let created: { recoveryKey: string } | null = null;
  const manager = new VaultManager({ vaultDir: dir, locale: ctx.locale });
  try {
    const password = await newPassword(ctx, 'ZHANGDUN_PASSWORD', true);
    created = await manager.create(staff, password);
    ctx.io.stdout.write(`${ctx.say('created', { dir, staff })}\n`);
    if (!keyOut) {
      ctx.io.stdout.write(`${ctx.say('recoveryShown')}\n${created.recoveryKey}\n`);
      return 0;
    }
    try {
      await keyOut.write(`${created.recoveryKey}\n`);
    } catch {
      // The vault exists now: losing its recovery key is worse than showing it on this terminal.
      ctx.io.stderr.write(`${ctx.say('recoveryNotWritten', { file: keyOut.path })}\n`);
      ctx.io.stdout.write(`${ctx.say('recoveryShown')}\n${created.recoveryKey}\n`);
      return 1;
    }
    ctx.io.stdout.write(`${ctx.say('recoveryWritten', { file: keyOut.path })}\n`);
    return 0;
  } finally {
    if (keyOut && !created) await keyOut.abandon();
    await manager.close();
  }
}

async function clientAdd(ctx: Context, session: VaultSession): Promise<number> {
  const input = clientInputSchema.safeParse({
    name: required(ctx, 'name'),
    ...(ctx.values['credit-code'] ? { creditCode: ctx.values['credit-code'] } : {}),
    ...(ctx.values.label ? { label: ctx.values.label } : {}),
  });
  if (!input.success) throw new UsageError(input.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  const client = session.clients.create(input.data);
  ctx.io.stdout.write(`${client.id}\n`);
  return 0;
}

async function clientList(ctx: Context, session: VaultSession): Promise<number> {
  const items = [];
  for (let offset = 0; ; offset += 500) {
    const page = session.clients.list({ query: '', label: null, status: 'active', sort: 'name', offset, limit: 500 });
    items.push(...page.items);
    if (items.length >= page.total || page.items.length === 0) break;
  }
  if (ctx.values.json) ctx.io.stdout.write(`${JSON.stringify(items, null, 2)}\n`);
  else for (const c of items) ctx.io.stdout.write(`${c.id}\t${c.name}\t${c.creditCode ?? ''}\n`);
  return 0;
}

function parsePeriod(ctx: Context): { periodYear: number | null; periodMonth: number | null } {
  const period = ctx.values.period;
  if (!period) return { periodYear: null, periodMonth: null };
  const match = /^(\d{4})-(\d{1,2})$/.exec(period);
  const month = Number(match?.[2]);
  if (!match || month < 1 || month > 12) throw new UsageError(ctx.say('badPeriod'));
  return { periodYear: Number(match[1]), periodMonth: month };
}

async function docImport(ctx: Context, session: VaultSession): Promise<number> {
  const clientId = required(ctx, 'client');
  if (ctx.rest.length === 0) throw new UsageError(ctx.say('missingOption', { name: 'FILE' }));
  const outcomes = await session.documents.importFiles(
    clientId,
    ctx.rest.map((f) => resolve(f)),
    { ...parsePeriod(ctx), ...(ctx.values.category ? { category: ctx.values.category } : {}), tags: ctx.values.tag ?? [] },
  );
  let exit = 0;
  for (const outcome of outcomes) {
    if (outcome.status === 'imported') ctx.io.stdout.write(`${outcome.documentId}\n`);
    else if (outcome.status === 'duplicate') {
      ctx.io.stdout.write(`${outcome.documentId}\n`);
      ctx.io.stderr.write(`${ctx.say('duplicate', { file: outcome.source, id: outcome.documentId })}\n`);
    } else {
      ctx.io.stderr.write(`${ctx.say('importFailed', { file: outcome.source, message: outcome.message })}\n`);
      if (exit === 0) exit = exitCodeFor(outcome.code);
    }
  }
  return exit;
}

async function docList(ctx: Context, session: VaultSession): Promise<number> {
  const docs = session.documents.list(required(ctx, 'client'));
  if (ctx.values.json) ctx.io.stdout.write(`${JSON.stringify(docs, null, 2)}\n`);
  else for (const d of docs) ctx.io.stdout.write(`${d.id}\t${d.size}\t${d.name}\n`);
  return 0;
}

async function docExport(ctx: Context, session: VaultSession): Promise<number> {
  const out = resolve(required(ctx, 'out'));
  // The same policy and audit record as the app: a reason for confidential and secret clients.
  const result = await session.documents.exportWithPolicy(required(ctx, 'doc'), ctx.values.reason ?? '', async () => out, {
    overwrite: ctx.values.force ?? false,
  });
  if (!result.cancelled) ctx.io.stderr.write(`${ctx.say('exported', { bytes: result.size, path: out })}\n`);
  return 0;
}

async function check(ctx: Context, session: VaultSession): Promise<number> {
  const report = await checkVault(session.vault);
  if (report.ok) {
    ctx.io.stdout.write(`${ctx.say('checkOk', { documents: report.documents })}\n`);
    return 0;
  }
  ctx.io.stdout.write(`${ctx.say('checkFailed', { count: report.problems.length })}\n`);
  for (const p of report.problems) ctx.io.stdout.write(`  [${p.kind}] ${p.what}: ${errorMessage(p.code as 'CORRUPT', ctx.locale, { what: p.what })}\n`);
  return 4;
}

async function passwd(ctx: Context, session: VaultSession): Promise<number> {
  const password = await newPassword(ctx, 'ZHANGDUN_NEW_PASSWORD', false);
  try {
    await session.vault.setPassword(session.vault.staff, password);
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

async function auditVerify(ctx: Context, session: VaultSession): Promise<number> {
  const verdict = session.audit.verify();
  const head = verdict.head ? `#${verdict.head.seq} ${verdict.head.mac}` : '-';
  if (verdict.ok) {
    ctx.io.stdout.write(`${ctx.say('auditOk', { count: verdict.count, head })}\n`);
    return 0;
  }
  ctx.io.stdout.write(`${ctx.say('auditBad', { seq: verdict.firstBadSeq, reason: ctx.say(`auditReason_${verdict.reason}`) })}\n`);
  return 4;
}
