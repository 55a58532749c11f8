import { resolve } from 'node:path';
import { joinVault } from '../core/sync/join-vault';
import { firstSync, invite, publish, runSync, syncStatus } from '../core/sync/sync-service';
import { defaultStateDir } from '../core/vault/state-dir';
import type { VaultSession } from '../core/vault/session';
import { UsageError, printJson, printRow, required, staffNamed, staffPassword, withSession, type Context } from './context';

/**
 * `zhangdun sync publish|invite|join|run|status`: several PCs, one vault, through a
 * PostgreSQL server that only holds ciphertext (docs/design/multi-pc.md). The server
 * URL (with its password) comes from --server or ZHANGDUN_SYNC_SERVER, and is kept in
 * vault.db sealed, never in the clear.
 */

function serverUrl(ctx: Context): string {
  const url = ctx.values.server ?? ctx.io.env.ZHANGDUN_SYNC_SERVER;
  if (!url) throw new UsageError(ctx.say('syncNoServer'));
  if (!/^postgres(ql)?:\/\//.test(url)) throw new UsageError(ctx.say('syncBadServer'));
  return url;
}

export async function syncPublish(ctx: Context): Promise<number> {
  const url = serverUrl(ctx);
  return withSession(ctx, async (session) => {
    const result = await publish(session.vault, url);
    if (ctx.values.json) printJson(ctx, result);
    else ctx.io.stdout.write(`${ctx.say('syncPublished', { device: result.device, records: result.push.records, blobs: result.push.blobs })}\n`);
    return 0;
  });
}

export async function syncInvite(ctx: Context, session: VaultSession): Promise<number> {
  const member = staffNamed(ctx, 'name', (name) => session.staff.byName(name));
  const hours = ctx.values.hours === undefined ? 24 : Number(ctx.values.hours);
  if (!Number.isInteger(hours) || hours < 1 || hours > 336) throw new UsageError(ctx.say('syncBadHours'));
  const { code, expiresAt } = await invite(session.vault, member.id, hours);
  ctx.io.stderr.write(`${ctx.say('syncInvited', { name: member.name, until: expiresAt })}\n`);
  ctx.io.stdout.write(`${code}\n`);
  return 0;
}

export async function syncJoin(ctx: Context): Promise<number> {
  const url = serverUrl(ctx);
  const code = required(ctx, 'code');
  const staff = required(ctx, 'staff');
  const password = await staffPassword(ctx);
  // One copy for the join's check, one for the unlock after it: each is wiped where it is used.
  const again = Buffer.from(password);
  try {
    await joinVault(resolve(required(ctx, 'vault')), { url, code, staffName: staff, password, stateDir: defaultStateDir(ctx.io.env) });
  } catch (err) {
    again.fill(0);
    throw err;
  }
  return withSession(
    ctx,
    async (session) => {
      const result = await firstSync(session.vault);
      if (ctx.values.json) printJson(ctx, result);
      else ctx.io.stdout.write(`${ctx.say('syncJoined', { records: result.pull.applied, blobs: result.pull.blobs })}\n`);
      return 0;
    },
    { password: again },
  );
}

export async function syncRun(ctx: Context, session: VaultSession): Promise<number> {
  const result = await runSync(session.vault);
  if (ctx.values.json) printJson(ctx, result);
  else {
    ctx.io.stdout.write(`${ctx.say('syncRan', { pushed: result.push.records, pulled: result.pull.applied, kept: result.pull.kept, blobs: result.push.blobs + result.pull.blobs })}\n`);
    if (result.pull.refused > 0) ctx.io.stderr.write(`${ctx.say('syncRefused', { count: result.pull.refused })}\n`);
  }
  return 0;
}

export async function syncStatusCommand(ctx: Context, session: VaultSession): Promise<number> {
  const status = syncStatus(session.vault);
  if (ctx.values.json) {
    printJson(ctx, status);
    return 0;
  }
  if (!status.published) {
    ctx.io.stdout.write(`${ctx.say('syncNotPublished')}\n`);
    return 0;
  }
  ctx.io.stdout.write(`${ctx.say('syncStatusLine', { device: status.device ?? '', pending: status.pending, pulled: status.pulled, problems: status.problems.length })}\n`);
  for (const p of status.problems) printRow(ctx, [p.at, p.problem, p.serverSeq, p.what]);
  if (status.problems.some((p) => p.problem !== 'not-member')) ctx.io.stderr.write(`${ctx.say('syncUntrusted')}\n`);
  return 0;
}
