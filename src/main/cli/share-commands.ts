import { shareCreateSchema } from '../../shared/shares';
import type { VaultSession } from '../core/vault/session';
import { fileIn, outTarget } from './out-path';
import { UsageError, printJson, printRow, required, withSession, type Context } from './context';

/**
 * `zhangdun share create|list`: 对外分享 on the command line. create writes the
 * encrypted package (to a generated passphrase, printed once on standard
 * error, or to --recipient age1…) and records it in the client's share register.
 */
export async function shareCreate(ctx: Context): Promise<number> {
  const recipient = ctx.values.recipient;
  const parsed = shareCreateSchema.safeParse({
    clientId: required(ctx, 'client'),
    documentIds: ctx.rest,
    recipient: required(ctx, 'to'),
    purpose: required(ctx, 'reason'),
    until: required(ctx, 'until'),
    encryption: recipient ? { kind: 'recipient', recipient } : { kind: 'passphrase' },
  });
  if (!parsed.success) {
    const field = String(parsed.error.issues[0]?.path[0] ?? '');
    throw new UsageError(ctx.say('shareBadInput', { field: field === 'documentIds' ? 'DOC…' : field === 'encryption' ? '--recipient' : field === 'purpose' ? '--reason' : `--${field === 'recipient' ? 'to' : field}` }));
  }
  const target = await outTarget(ctx);
  return withSession(ctx, async (session) => {
    const result = await session.shares.create(parsed.data, (name) => fileIn(ctx, target, name));
    if (result.cancelled) return 0;
    if (result.passphrase) ctx.io.stderr.write(`${ctx.say('sharePassphrase', { passphrase: result.passphrase })}\n`);
    const unmarked = result.share.files.filter((f) => !f.watermarked).length;
    ctx.io.stderr.write(`${ctx.say('shareWritten', { path: result.path, count: result.share.files.length, unmarked, until: result.share.until })}\n`);
    if (ctx.values.json) printJson(ctx, result.share);
    else ctx.io.stdout.write(`${result.share.id}\n`);
    return 0;
  });
}

export async function shareList(ctx: Context, session: VaultSession): Promise<number> {
  const entries = session.shares.list(required(ctx, 'client'));
  if (ctx.values.json) printJson(ctx, entries);
  else for (const e of entries) printRow(ctx, [e.id, e.createdAt, e.createdBy.name, e.recipient, e.until, String(e.files.length), e.purpose]);
  return 0;
}
