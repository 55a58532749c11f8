import { ASSIGNABLE_ROLES, type AssignableRole } from '../../shared/access';
import { isVaultError } from '../core/errors';
import type { VaultSession } from '../core/vault/session';
import { CliRefusal, errorText } from './cli-errors';
import { UsageError, newPassword, printJson, printRow, required, staffNamed, withSession, type Context } from './context';
import { outFile } from './out-path';
import type { CliKey } from './text';

/** `zhangdun staff|grant|revoke|offboard|report access`: staff, grants and reports. */

function role(ctx: Context): AssignableRole {
  const value = required(ctx, 'role');
  if (!(ASSIGNABLE_ROLES as readonly string[]).includes(value)) throw new UsageError(ctx.say('badRole', { roles: ASSIGNABLE_ROLES.join('|') }));
  return value as AssignableRole;
}

export function roleName(ctx: Context, value: string): string {
  const key = `role_${value}`;
  return ['role_owner', 'role_admin', 'role_accountant', 'role_auditor'].includes(key) ? ctx.say(key as CliKey) : value;
}

export async function staffAdd(ctx: Context, session: VaultSession): Promise<number> {
  const name = required(ctx, 'name');
  const r = role(ctx);
  // Checked before asking for a password nobody will use.
  session.vault.guard.require('staff.manage', { auditAs: 'staff.add' });
  const password = await newPassword(ctx, 'new');
  let added;
  try {
    added = await session.staff.add(name, r, password);
  } catch (err) {
    if (isVaultError(err, 'ALREADY_EXISTS')) throw new CliRefusal('ALREADY_EXISTS', errorText(ctx.locale, 'staffExists', { name }));
    throw err;
  }
  if (ctx.values.json) printJson(ctx, added);
  else ctx.io.stdout.write(`${added.id}\n`);
  return 0;
}

export async function staffList(ctx: Context, session: VaultSession): Promise<number> {
  const staff = session.staff.list();
  if (ctx.values.json) printJson(ctx, staff);
  else for (const s of staff) printRow(ctx, [s.id, s.name, s.role, s.status, s.grantCount]);
  return 0;
}

export async function staffRole(ctx: Context, session: VaultSession): Promise<number> {
  const r = role(ctx);
  const target = staffNamed(ctx, 'name', (name) => session.staff.byName(name));
  const updated = await session.staff.updateRole(target.id, r);
  ctx.io.stdout.write(`${ctx.say('roleChanged', { staff: updated.name, role: roleName(ctx, updated.role) })}\n`);
  return 0;
}

/** `staff reset`: the temporary password comes from ZHANGDUN_NEW_PASSWORD (or its file or prompt); it is not printed. */
export async function staffReset(ctx: Context, session: VaultSession): Promise<number> {
  session.vault.guard.require('staff.manage', { auditAs: 'password.reset' });
  const target = staffNamed(ctx, 'name', (name) => session.staff.byName(name));
  const temporary = await newPassword(ctx, 'new');
  const reset = await session.passwords.reset(target.id, temporary);
  ctx.io.stdout.write(`${ctx.say('staffResetDone', { staff: reset.name, expires: reset.expiresAt })}\n`);
  return 0;
}

export async function grant(ctx: Context, session: VaultSession): Promise<number> {
  session.vault.guard.require('grant.manage');
  const to = staffNamed(ctx, 'to', (name) => session.staff.byName(name));
  const clientId = required(ctx, 'client');
  let granted;
  try {
    granted = await session.access.grant(clientId, to.id);
  } catch (err) {
    if (isVaultError(err, 'ALREADY_EXISTS')) throw new CliRefusal('ALREADY_EXISTS', errorText(ctx.locale, 'alreadyGranted', { staff: to.name, client: clientId }));
    throw err;
  }
  ctx.io.stdout.write(`${ctx.say('granted', { staff: granted.staffName, client: granted.clientName, version: granted.keyVersion })}\n`);
  return 0;
}

export async function revoke(ctx: Context, session: VaultSession): Promise<number> {
  session.vault.guard.require('grant.manage', { auditAs: 'revoke' });
  const from = staffNamed(ctx, 'from', (name) => session.staff.byName(name));
  const clientId = required(ctx, 'client');
  let result;
  try {
    result = await session.access.revoke(clientId, from.id);
  } catch (err) {
    if (isVaultError(err, 'NOT_FOUND') && err.values.what === 'grant') {
      throw new CliRefusal('NOT_FOUND', errorText(ctx.locale, 'notGranted', { staff: from.name, client: clientId }));
    }
    throw err;
  }
  ctx.io.stdout.write(`${ctx.say('revoked', { staff: from.name, version: result.keyVersion })}\n`);
  return 0;
}

/** Prints the report as JSON; --report-out also writes it as a Chinese PDF. */
export async function offboard(ctx: Context): Promise<number> {
  const pdf = ctx.values['report-out'] ? await outFile(ctx, 'report-out') : null;
  return withSession(ctx, async (session) => {
    session.vault.guard.require('staff.offboard', { auditAs: 'offboard' });
    const target = staffNamed(ctx, 'name', (name) => session.staff.byName(name));
    const colleague = staffNamed(ctx, 'handover-to', (name) => session.staff.byName(name));
    const report = await session.staff.offboard(target.id, colleague.id);
    if (pdf) {
      await session.reports.saveOffboardReport(report, pdf);
      ctx.io.stderr.write(`${ctx.say('reportWritten', { path: pdf })}\n`);
    }
    printJson(ctx, report);
    return 0;
  });
}

export async function reportAccess(ctx: Context): Promise<number> {
  const clientId = required(ctx, 'client');
  const out = await outFile(ctx, 'out');
  return withSession(ctx, async (session) => {
    session.vault.guard.require('report.access');
    const saved = await session.reports.saveAccessReport(clientId, {}, async () => out);
    if (!saved.cancelled) ctx.io.stderr.write(`${ctx.say('reportWritten', { path: saved.path })}\n`);
    return 0;
  });
}
