import { promises as fsp } from 'node:fs';
import { resolve } from 'node:path';
import { AUDIT_ACTIONS } from '../../shared/access';
import { AUDIT_WORDS, auditActor, auditDetails } from '../../shared/audit-details';
import { checkHead, signHead, type HeadCheck } from '../core/audit/head-statement';
import { fsError } from '../core/errors';
import type { VaultSession } from '../core/vault/session';
import { CliRefusal, errorText } from './cli-errors';
import { UsageError, printJson, printRow, required, withSession, type Context } from './context';
import { AUDIT_REASONS } from './core-details';
import { newFile } from './out-path';
import type { CliKey } from './text';

/** `zhangdun audit verify|head|list`: the audit log, its chain, and signed statements of its head. */

const ANCHOR_REASONS: Record<Extract<HeadCheck, { ok: false }>['reason'], CliKey> = {
  malformed: 'anchorReason_malformed',
  'other-vault': 'anchorReason_otherVault',
  signature: 'anchorReason_signature',
  missing: 'anchorReason_missing',
  different: 'anchorReason_different',
};

/** A statement is a few hundred bytes: anything much larger is not one (and is not read into memory whole). */
const MAX_STATEMENT_BYTES = 64 * 1024;

/** The statement --anchor names, read before the vault is opened; text that is not JSON is left to checkHead to call malformed. */
async function readAnchor(ctx: Context, file: string): Promise<{ path: string; statement: unknown }> {
  const path = resolve(file);
  const stat = await fsp.stat(path).catch(() => null);
  if (!stat?.isFile()) throw new CliRefusal('NOT_FOUND', errorText(ctx.locale, 'anchorFileMissing', { file: path }));
  if (stat.size > MAX_STATEMENT_BYTES) return { path, statement: null };
  try {
    return { path, statement: JSON.parse(await fsp.readFile(path, 'utf8')) as unknown };
  } catch {
    return { path, statement: null };
  }
}

/** The chain, and with --anchor whether the log still holds the event a signed head statement names. */
export async function auditVerify(ctx: Context): Promise<number> {
  const anchor = ctx.values.anchor !== undefined ? await readAnchor(ctx, required(ctx, 'anchor')) : null;
  return withSession(ctx, async (session) => {
    const verdict = session.audit.verify();
    let exit = 0;
    if (verdict.ok) {
      const head = verdict.head ? `#${verdict.head.seq} ${verdict.head.hash}` : '-';
      ctx.io.stdout.write(`${ctx.say('auditOk', { count: verdict.count, head })}\n`);
    } else {
      const reason: string = String(verdict.reason);
      const known = (AUDIT_REASONS as readonly string[]).includes(reason) ? ctx.say(`auditReason_${reason as (typeof AUDIT_REASONS)[number]}`) : reason;
      ctx.io.stdout.write(`${ctx.say('auditBad', { seq: verdict.firstBadSeq, reason: known })}\n`);
      exit = 4;
    }
    if (anchor) {
      const checked = checkHead(session.vault, anchor.statement);
      if (checked.ok) {
        ctx.io.stdout.write(`${ctx.say('anchorOk', { path: anchor.path, seq: checked.seq })}\n`);
      } else {
        const reason = ctx.say(ANCHOR_REASONS[checked.reason], { seq: checked.seq ?? '?' });
        ctx.io.stdout.write(`${ctx.say('anchorBad', { path: anchor.path, reason })}\n`);
        exit = 4;
      }
    }
    return exit;
  });
}

/** Writes the log's head, signed with this person's key, to a new file (never replacing one). */
export async function auditHead(ctx: Context): Promise<number> {
  const out = await newFile(ctx, 'out');
  return withSession(ctx, async (session) => {
    session.vault.guard.require('audit.view');
    const statement = signHead(session.vault);
    await writeNew(ctx, out, `${JSON.stringify(statement, null, 2)}\n`);
    ctx.io.stdout.write(`${ctx.say('headWritten', { seq: statement.seq, hash: statement.hash, path: out })}\n`);
    return 0;
  });
}

/** Creates `path` (exclusively: a file that appeared meanwhile is left alone) and syncs it; a failed write leaves nothing behind. */
async function writeNew(ctx: Context, path: string, text: string): Promise<void> {
  let handle;
  try {
    handle = await fsp.open(path, 'wx', 0o644);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') throw new CliRefusal('ALREADY_EXISTS', errorText(ctx.locale, 'backupOutExists', { path }));
    throw fsError(err, path);
  }
  try {
    await handle.writeFile(text, 'utf8');
    await handle.sync();
  } catch (err) {
    await handle.close().catch(() => undefined);
    await fsp.rm(path, { force: true });
    throw fsError(err, path);
  }
  await handle.close();
}

export async function auditList(ctx: Context, session: VaultSession): Promise<number> {
  const action = ctx.values.action ?? null;
  if (action !== null && !(AUDIT_ACTIONS as readonly string[]).includes(action)) throw new UsageError(ctx.say('badAction', { name: action }));
  const events = session.audit.listAll({ clientId: ctx.values.client ?? null, action });
  if (ctx.values.json) printJson(ctx, events);
  else {
    // The tried name stands in for the actor of a failed unlock; the last column is the detail in words.
    const words = AUDIT_WORDS[ctx.locale];
    for (const e of events) printRow(ctx, [e.seq, e.at, e.staffName ?? (e.action === 'unlock.failed' ? auditActor(e, words) : '-'), e.action, e.outcome, e.clientId, e.documentId, auditDetails(e, words)]);
  }
  return 0;
}
