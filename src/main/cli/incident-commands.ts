import type { VaultSession } from '../core/vault/session';
import type { IncidentSummary } from '../../shared/incidents';
import { outFile } from './out-path';
import { UsageError, printJson, printRow, required, type Context } from './context';

/** `zhangdun incident list|open|export|close`: the incident register on the command line (owners and admins). */

export async function incidentList(ctx: Context, session: VaultSession): Promise<number> {
  const items = session.incidents.list();
  if (ctx.values.json) printJson(ctx, items);
  else for (const i of items) printRow(ctx, [i.id, i.openedAt, ctx.say(i.status === 'open' ? 'incidentOpenState' : 'incidentClosedState'), i.alert ?? '-', i.title]);
  return 0;
}

export async function incidentOpen(ctx: Context, session: VaultSession): Promise<number> {
  const alert = Number(required(ctx, 'alert'));
  if (!Number.isSafeInteger(alert) || alert < 1) throw new UsageError(ctx.say('badAlertId'));
  const incident = session.incidents.openFromAlert(alert);
  if (ctx.values.json) printJson(ctx, incident);
  else ctx.io.stdout.write(`${incident.id}\n`);
  return 0;
}

/** The client's notice (--client) or the regulator's report, as it stands (edited or generated), as a PDF; recorded. */
export async function incidentExport(ctx: Context, session: VaultSession): Promise<number> {
  const incident = incidentNamed(ctx, session);
  const client = ctx.values.client;
  const out = await outFile(ctx, 'out');
  const saved = await session.incidents.exportDraft(incident.id, client ? `client:${client}` : 'regulator', async () => out);
  if (!saved.cancelled) ctx.io.stderr.write(`${ctx.say('reportWritten', { path: saved.path })}\n`);
  return 0;
}

export async function incidentClose(ctx: Context, session: VaultSession): Promise<number> {
  const incident = incidentNamed(ctx, session);
  session.incidents.close(incident.id, required(ctx, 'cause'), required(ctx, 'lessons'));
  ctx.io.stdout.write(`${ctx.say('incidentClosed', { id: incident.id })}\n`);
  return 0;
}

/** --id: the whole id, or as much of its start as names one incident (the audit log shows the first 8 characters). */
function incidentNamed(ctx: Context, session: VaultSession): IncidentSummary {
  const id = required(ctx, 'id').toLowerCase();
  const matches = id.length >= 8 ? session.incidents.list().filter((i) => i.id.startsWith(id)) : [];
  if (matches.length !== 1) throw new UsageError(ctx.say('badIncidentId', { id }));
  return matches[0]!;
}
