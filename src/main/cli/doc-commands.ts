import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { exitCodeFor, type ErrorCode } from '../../shared/errors';
import { ERROR_MESSAGES, interpolate, type Locale } from '../../shared/messages';
import { importLimitOf } from '../core/services/settings-service';
import type { VaultSession } from '../core/vault/session';
import { localizeDetail } from './core-details';
import { UsageError, printJson, printRow, required, withSession, type Context } from './context';
import { fileIn, outTarget } from './out-path';
import { printable } from './terminal-text';

/** `zhangdun doc import|list|export`. */

function parsePeriod(ctx: Context): { periodYear: number | null; periodMonth: number | null } {
  const period = ctx.values.period;
  if (!period) return { periodYear: null, periodMonth: null };
  const match = /^(\d{4})-(\d{1,2})$/.exec(period);
  const month = Number(match?.[2]);
  if (!match || month < 1 || month > 12) throw new UsageError(ctx.say('badPeriod'));
  return { periodYear: Number(match[1]), periodMonth: month };
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * An import outcome's message arrives already worded by the core (`输入无效：x is a folder`):
 * its placeholders are read back from the template and put into `locale` one by one.
 */
export function relocalize(code: ErrorCode, message: string, locale: Locale): string {
  const template = ERROR_MESSAGES[locale][code];
  const names: string[] = [];
  const pattern = template
    .split(/(\{\{\w+\}\})/)
    .map((part) => {
      const name = /^\{\{(\w+)\}\}$/.exec(part)?.[1];
      if (!name) return escapeRegExp(part);
      names.push(name);
      return '(.+)';
    })
    .join('');
  const match = new RegExp(`^${pattern}$`, 's').exec(message);
  if (!match || names.length === 0) return printable(message);
  const values = Object.fromEntries(names.map((name, i) => [name, printable(localizeDetail(match[i + 1]!, locale))]));
  return interpolate(template, values);
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** The core's reasons for refusing a file (symlink, not a regular file, too large), each said with what to do about it. */
function refusal(ctx: Context, session: VaultSession, message: string): string | null {
  if (message.endsWith('a symbolic link (not followed)')) return ctx.say('importSymlink');
  if (message.endsWith('not a regular file')) return ctx.say('importNotRegular');
  if (message.endsWith('larger than the import limit')) return ctx.say('importTooLarge', { limit: sizeText(ctx, importLimitOf(session.vault)) });
  return null;
}

const MiB = 1024 * 1024;
const sizeText = (ctx: Context, bytes: number) => (bytes >= MiB ? `${Number((bytes / MiB).toFixed(1))} MiB` : ctx.say('byteCount', { count: bytes }));

async function importFiles(ctx: Context, session: VaultSession): Promise<number> {
  const clientId = required(ctx, 'client');
  const outcomes = await session.documents.importFiles(
    clientId,
    ctx.rest.map((f) => resolve(f)),
    {
      ...parsePeriod(ctx),
      ...(ctx.values.category ? { category: ctx.values.category } : {}),
      ...(ctx.values.notes ? { notes: ctx.values.notes } : {}),
      tags: ctx.values.tag ?? [],
      followSymlinks: ctx.values['follow-symlinks'] ?? false,
    },
  );
  let exit = 0;
  for (const outcome of outcomes) {
    if (outcome.status === 'imported') ctx.io.stdout.write(`${outcome.documentId}\n`);
    else if (outcome.status === 'duplicate') {
      ctx.io.stdout.write(`${outcome.documentId}\n`);
      ctx.io.stderr.write(`${ctx.say('duplicate', { file: outcome.source, id: outcome.documentId })}\n`);
    } else {
      const message =
        outcome.code === 'NOT_FOUND'
          ? ctx.say('importMissing')
          : outcome.code === 'INVALID_INPUT' && isFolder(outcome.source)
            ? ctx.say('importIsFolder')
            : ((outcome.code === 'INVALID_INPUT' ? refusal(ctx, session, outcome.message) : null) ?? relocalize(outcome.code, outcome.message, ctx.locale));
      ctx.io.stderr.write(`${ctx.say('importFailed', { file: outcome.source, message })}\n`);
      if (exit === 0) exit = exitCodeFor(outcome.code);
    }
  }
  return exit;
}

export async function docImport(ctx: Context): Promise<number> {
  // Checked before the password is asked for and the vault opened.
  required(ctx, 'client');
  if (ctx.rest.length === 0) throw new UsageError(ctx.say('missingFiles'));
  parsePeriod(ctx);
  return withSession(ctx, (session) => importFiles(ctx, session));
}

export async function docList(ctx: Context): Promise<number> {
  const clientId = required(ctx, 'client');
  return withSession(ctx, async (session) => {
    const docs = session.documents.list(clientId);
    if (ctx.values.json) printJson(ctx, docs);
    else for (const d of docs) printRow(ctx, [d.id, d.size, d.name]);
    return 0;
  });
}

/**
 * `--out` may name a new file, an existing one (replaced only with --force),
 * or a folder, which receives the document under its own name.
 */
export async function docExport(ctx: Context): Promise<number> {
  const id = required(ctx, 'doc');
  const target = await outTarget(ctx);
  return withSession(ctx, async (session) => {
    // The same policy and audit record as the app: a reason for confidential and secret clients.
    const result = await session.documents.exportWithPolicy(id, ctx.values.reason ?? '', (name) => fileIn(ctx, target, name), {
      overwrite: ctx.values.force ?? false,
    });
    if (!result.cancelled) ctx.io.stderr.write(`${ctx.say('exported', { bytes: result.size, path: result.path })}\n`);
    return 0;
  });
}
