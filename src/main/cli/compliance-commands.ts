import { resolve } from 'node:path';
import { daySchema } from '../../shared/staff-compliance';
import type { VaultSession } from '../core/vault/session';
import { UsageError, printJson, printRow, required, staffNamed, withSession, type Context } from './context';
import { outFile } from './out-path';

/** `zhangdun staff nda|training|ack|nda-policy|compliance`: the staff page's 保密协议 and 培训 on the command line. */

function day(ctx: Context, option: 'signed' | 'expires' | 'date'): string {
  const value = required(ctx, option);
  if (!daySchema.safeParse(value).success) throw new UsageError(ctx.say('badDay', { option: `--${option}` }));
  return value;
}

export async function staffNda(ctx: Context, session: VaultSession): Promise<number> {
  const target = staffNamed(ctx, 'name', (name) => session.staff.byName(name));
  const signedOn = day(ctx, 'signed');
  const expiresOn = day(ctx, 'expires');
  if (expiresOn < signedOn) throw new UsageError(ctx.say('ndaExpiresBeforeSigned'));
  const scan = ctx.values.scan;
  const record = await session.compliance.recordNda({
    staffId: target.id,
    signedOn,
    expiresOn,
    policyVersion: ctx.values['policy-version'] ?? null,
    scanPath: scan ? resolve(scan) : null,
  });
  if (ctx.values.json) printJson(ctx, record);
  else ctx.io.stdout.write(`${ctx.say('ndaRecorded', { staff: target.name, expires: expiresOn })}\n`);
  return 0;
}

export async function staffTraining(ctx: Context, session: VaultSession): Promise<number> {
  const target = staffNamed(ctx, 'name', (name) => session.staff.byName(name));
  const heldOn = day(ctx, 'date');
  const topic = required(ctx, 'topic');
  const record = session.compliance.recordTraining({ staffId: target.id, heldOn, topic, note: ctx.values.note ?? '' });
  if (ctx.values.json) printJson(ctx, record);
  else ctx.io.stdout.write(`${ctx.say('trainingRecorded', { staff: target.name, date: heldOn })}\n`);
  return 0;
}

export async function staffAck(ctx: Context, session: VaultSession): Promise<number> {
  const target = staffNamed(ctx, 'name', (name) => session.staff.byName(name));
  const acknowledgedOn = day(ctx, 'date');
  const version = required(ctx, 'policy-version');
  const ack = session.compliance.acknowledgePolicy({ staffId: target.id, version, acknowledgedOn });
  if (ctx.values.json) printJson(ctx, ack);
  else ctx.io.stdout.write(`${ctx.say('ackRecorded', { staff: target.name, version })}\n`);
  return 0;
}

/** `--grace N` switches the rule on with N days of grace; `--off` switches it off. */
export async function staffNdaPolicy(ctx: Context, session: VaultSession): Promise<number> {
  const off = ctx.values.off ?? false;
  const grace = ctx.values.grace;
  if (off === (grace !== undefined)) throw new UsageError(ctx.say('ndaPolicyUsage'));
  const days = grace === undefined ? 0 : Number(grace);
  if (!Number.isSafeInteger(days) || days < 0 || days > 365) throw new UsageError(ctx.say('ndaPolicyUsage'));
  const policy = await session.compliance.setPolicy({ required: !off, graceDays: days });
  ctx.io.stdout.write(`${policy ? ctx.say('ndaPolicyOn', { days: policy.graceDays }) : ctx.say('ndaPolicyOff')}\n`);
  return 0;
}

/** Everyone's standing: name, role, state, expiry, deadline, training sessions, last one, policy version. */
export async function staffCompliance(ctx: Context, session: VaultSession): Promise<number> {
  const view = session.compliance.view();
  if (ctx.values.json) printJson(ctx, view);
  else {
    for (const s of view.staff) {
      printRow(ctx, [s.name, s.role, s.standing.state, s.standing.expires ?? '-', s.standing.deadline ?? '-', s.trainings, s.lastTraining ?? '-', s.policyVersion ?? '-']);
    }
  }
  return 0;
}

/** `zhangdun report compliance --out FILE.pdf [--json FILE]`: the self-check as a PDF, and as JSON where asked. */
export async function reportCompliance(ctx: Context): Promise<number> {
  const out = await outFile(ctx, 'out');
  // `--json` is the tool's boolean switch: here it takes the file that follows it.
  let json: string | null = null;
  if (ctx.values.json) {
    const [path, ...extra] = ctx.rest;
    if (!path || extra.length > 0) throw new UsageError(ctx.say('complianceJsonUsage'));
    json = resolve(path);
  } else if (ctx.rest.length > 0) {
    throw new UsageError(ctx.say('complianceJsonUsage'));
  }
  return withSession(ctx, async (session) => {
    const saved = await session.selfCheck.save(async () => out, json);
    if (!saved.cancelled) {
      ctx.io.stderr.write(`${ctx.say('reportWritten', { path: saved.path })}\n`);
      if (json) ctx.io.stderr.write(`${ctx.say('reportWritten', { path: json })}\n`);
    }
    return 0;
  });
}
