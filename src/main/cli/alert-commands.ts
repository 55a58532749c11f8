import type { VaultSession } from '../core/vault/session';
import { UsageError, printJson, printRow, required, staffNamed, type Context } from './context';

/** `zhangdun alerts list|ack` and `zhangdun staff suspend|unsuspend`: the 警报 page on the command line. */

export async function alertsList(ctx: Context, session: VaultSession): Promise<number> {
  const page = session.alerts.list({ limit: 1000 });
  if (ctx.values.json) printJson(ctx, page);
  else {
    for (const a of page.items) {
      printRow(ctx, [a.seq, a.at, a.severity, a.rule, a.subjectName ?? '-', a.clientName ?? '-', a.ack ? ctx.say('alertAckedState') : ctx.say('alertOpenState')]);
    }
  }
  return 0;
}

export async function alertsAck(ctx: Context, session: VaultSession): Promise<number> {
  const id = Number(required(ctx, 'id'));
  if (!Number.isSafeInteger(id) || id < 1) throw new UsageError(ctx.say('badAlertId'));
  const note = required(ctx, 'note');
  const acked = session.alerts.acknowledge(id, note);
  if (ctx.values.json) printJson(ctx, acked);
  else ctx.io.stdout.write(`${ctx.say('alertAcked', { id })}\n`);
  return 0;
}

export async function staffSuspend(ctx: Context, session: VaultSession, suspended: boolean): Promise<number> {
  const target = staffNamed(ctx, 'name', (name) => session.staff.byName(name));
  if (suspended) await session.alerts.suspend(target.id);
  else await session.alerts.unsuspend(target.id);
  ctx.io.stdout.write(`${ctx.say(suspended ? 'staffSuspended' : 'staffUnsuspended', { staff: target.name })}\n`);
  return 0;
}
