import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { ASSIGNABLE_ROLES, AUDIT_ACTIONS, type AssignableRole } from '../../shared/access';
import { VaultError } from '../core/errors';
import type { VaultSession } from '../core/vault/session';
import { UsageError, newPassword, required, type Context } from './context';

/** `zhangdun staff|grant|revoke|offboard|audit list|report access`: staff, grants, the audit log and reports. */

function role(ctx: Context): AssignableRole {
  const value = required(ctx, 'role');
  if (!(ASSIGNABLE_ROLES as readonly string[]).includes(value)) throw new UsageError(ctx.say('badRole', { roles: ASSIGNABLE_ROLES.join('|') }));
  return value as AssignableRole;
}

function json(ctx: Context, value: unknown): void {
  ctx.io.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** An output file that must not silently replace an existing one. */
function outPath(ctx: Context, name: 'out' | 'report-out'): string {
  const out = resolve(required(ctx, name));
  if (existsSync(out) && !ctx.values.force) throw new VaultError('ALREADY_EXISTS', { what: out });
  return out;
}

export async function staffAdd(ctx: Context, session: VaultSession): Promise<number> {
  const name = required(ctx, 'name');
  const r = role(ctx);
  // Checked before asking for a password nobody will use.
  session.vault.guard.require('staff.manage', { auditAs: 'staff.add' });
  const password = await newPassword(ctx, 'ZHANGDUN_NEW_PASSWORD', false);
  const added = await session.staff.add(name, r, password);
  if (ctx.values.json) json(ctx, added);
  else ctx.io.stdout.write(`${added.id}\n`);
  return 0;
}

export async function staffList(ctx: Context, session: VaultSession): Promise<number> {
  const staff = session.staff.list();
  if (ctx.values.json) json(ctx, staff);
  else for (const s of staff) ctx.io.stdout.write(`${s.id}\t${s.name}\t${s.role}\t${s.status}\t${s.grantCount}\n`);
  return 0;
}

export async function staffRole(ctx: Context, session: VaultSession): Promise<number> {
  const target = session.staff.byName(required(ctx, 'name'));
  const updated = await session.staff.updateRole(target.id, role(ctx));
  ctx.io.stdout.write(`${ctx.say('roleChanged', { staff: updated.name, role: updated.role })}\n`);
  return 0;
}

export async function grant(ctx: Context, session: VaultSession): Promise<number> {
  session.vault.guard.require('grant.manage');
  const to = session.staff.byName(required(ctx, 'to'));
  const granted = await session.access.grant(required(ctx, 'client'), to.id);
  ctx.io.stdout.write(`${ctx.say('granted', { staff: granted.staffName, client: granted.clientName, version: granted.keyVersion })}\n`);
  return 0;
}

export async function revoke(ctx: Context, session: VaultSession): Promise<number> {
  session.vault.guard.require('grant.manage', { auditAs: 'revoke' });
  const from = session.staff.byName(required(ctx, 'from'));
  const result = await session.access.revoke(required(ctx, 'client'), from.id);
  ctx.io.stdout.write(`${ctx.say('revoked', { staff: from.name, version: result.keyVersion })}\n`);
  return 0;
}

/** Prints the report as JSON; --report-out also writes it as a Chinese PDF. */
export async function offboard(ctx: Context, session: VaultSession): Promise<number> {
  session.vault.guard.require('staff.offboard', { auditAs: 'offboard' });
  const target = session.staff.byName(required(ctx, 'name'));
  const colleague = session.staff.byName(required(ctx, 'handover-to'));
  const pdf = ctx.values['report-out'] ? outPath(ctx, 'report-out') : null;
  const report = await session.staff.offboard(target.id, colleague.id);
  if (pdf) {
    await session.reports.saveOffboardReport(report, pdf);
    ctx.io.stderr.write(`${ctx.say('reportWritten', { path: pdf })}\n`);
  }
  json(ctx, report);
  return 0;
}

export async function auditList(ctx: Context, session: VaultSession): Promise<number> {
  const action = ctx.values.action ?? null;
  if (action !== null && !(AUDIT_ACTIONS as readonly string[]).includes(action)) throw new UsageError(ctx.say('badAction', { name: action }));
  const events = session.audit.listAll({ clientId: ctx.values.client ?? null, action });
  if (ctx.values.json) json(ctx, events);
  else for (const e of events) ctx.io.stdout.write(`${e.seq}\t${e.at}\t${e.staffName ?? '-'}\t${e.action}\t${e.outcome}\t${e.clientId ?? ''}\t${e.documentId ?? ''}\n`);
  return 0;
}

export async function reportAccess(ctx: Context, session: VaultSession): Promise<number> {
  session.vault.guard.require('report.access');
  const out = outPath(ctx, 'out');
  const saved = await session.reports.saveAccessReport(required(ctx, 'client'), {}, async () => out);
  if (!saved.cancelled) ctx.io.stderr.write(`${ctx.say('reportWritten', { path: saved.path })}\n`);
  return 0;
}
