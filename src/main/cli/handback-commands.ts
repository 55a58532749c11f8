import { clientHandbackSchema } from '../../shared/handback';
import type { VaultSession } from '../core/vault/session';
import { fileIn, outTarget } from './out-path';
import { UsageError, printJson, required, withSession, type Context } from './context';

/**
 * `zhangdun client end`: 解除委托 on the command line. Writes the hand-back package (every live
 * document, the profile, with --with-credentials the credentials and with --with-access-report the
 * access report) to --out, encrypted to a generated passphrase (printed once on standard output) or
 * to --recipient age1…; then the client becomes 已解除委托 (read-only, every grant revoked).
 */
export async function clientEnd(ctx: Context): Promise<number> {
  const recipient = ctx.values.recipient;
  const parsed = clientHandbackSchema.safeParse({
    clientId: required(ctx, 'client'),
    withCredentials: ctx.values['with-credentials'] === true,
    withAccessReport: ctx.values['with-access-report'] === true,
    reason: required(ctx, 'reason'),
    encryption: recipient ? { kind: 'recipient', recipient } : { kind: 'passphrase' },
  });
  if (!parsed.success) {
    const field = String(parsed.error.issues[0]?.path[0] ?? '');
    throw new UsageError(ctx.say('handbackBadInput', { field: field === 'encryption' ? '--recipient' : `--${field === 'clientId' ? 'client' : field}` }));
  }
  const target = await outTarget(ctx);
  return withSession(ctx, async (session: VaultSession) => {
    const result = await session.handback.handback(parsed.data, (name) => fileIn(ctx, target, name));
    if (result.cancelled) return 0;
    ctx.io.stderr.write(`${ctx.say('handbackWritten', { path: result.path, documents: result.documents, files: result.files.length })}\n`);
    const ending = await session.handback.end({ clientId: parsed.data.clientId, reason: parsed.data.reason, handbackId: result.handbackId });
    ctx.io.stderr.write(`${ctx.say('clientEnded', { on: ending.on })}\n`);
    if (ctx.values.json) {
      printJson(ctx, { handbackId: result.handbackId, path: result.path, size: result.size, documents: result.documents, files: result.files, ending, passphrase: result.passphrase });
    } else if (result.passphrase) {
      ctx.io.stdout.write(`${ctx.say('handbackPassphrase', { passphrase: result.passphrase })}\n`);
    } else {
      ctx.io.stdout.write(`${result.handbackId}\n`);
    }
    return 0;
  });
}
