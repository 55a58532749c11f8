import { listLabel, missingApprovals, type DestructionList } from '../../shared/retention';
import { VaultError } from '../core/errors';
import type { VaultSession } from '../core/vault/session';
import { printJson, printRow, required, withSession, type Context } from './context';
import { outFile } from './out-path';

/**
 * `zhangdun retention list|destroy`: the 销毁清册 on the command line.
 * list: what has passed its retention, and the lists with their state.
 * destroy: without --id, draws up a list of everything past retention and approves it as this staff
 * member; with --id, approves that list (when this person has not yet), and once it is fully
 * approved and --out is given, carries it out and writes the destruction certificate there.
 */

export async function retentionList(ctx: Context, session: VaultSession): Promise<number> {
  const candidates = session.destruction.candidates();
  const lists = session.destruction.lists();
  if (ctx.values.json) {
    printJson(ctx, { candidates, lists: lists.map((l) => ({ ...l, label: listLabel(l.id) })) });
    return 0;
  }
  ctx.io.stdout.write(`${ctx.say('retentionCandidates', { count: candidates.length })}\n`);
  for (const i of candidates) printRow(ctx, [i.documentId, i.clientName, i.name, i.category, i.periodYear ?? '-', i.keepUntil]);
  ctx.io.stdout.write(`${ctx.say('retentionLists', { count: lists.length })}\n`);
  for (const l of lists) printRow(ctx, [listLabel(l.id), l.id, ctx.say(stateKey(l)), l.items.length, l.approvals.map((a) => a.name).join(',') || '-', l.createdAt]);
  return 0;
}

export async function retentionDestroy(ctx: Context): Promise<number> {
  const out = typeof ctx.values.out === 'string' ? await outFile(ctx, 'out') : null;
  return withSession(ctx, async (session) => {
    const wanted = ctx.values.id;
    let list: DestructionList;
    if (typeof wanted !== 'string' || wanted === '') {
      list = session.destruction.approve(session.destruction.create().id);
      ctx.io.stdout.write(`${ctx.say('retentionDrawnUp', { list: listLabel(list.id), id: list.id, count: list.items.length })}\n`);
    } else {
      list = findList(session, wanted);
      if (list.state === 'open' && !list.approvals.some((a) => a.staffId === session.vault.staff.id)) {
        list = session.destruction.approve(list.id);
        ctx.io.stdout.write(`${ctx.say('retentionApproved', { list: listLabel(list.id) })}\n`);
      }
    }
    const missing = missingApprovals(list);
    if (list.state === 'open') {
      ctx.io.stdout.write(`${ctx.say('retentionWaiting', { list: listLabel(list.id), roles: missing.map((r) => ctx.say(r === 'owner' ? 'roleOwner' : 'roleAdmin')).join('、') })}\n`);
      return 0;
    }
    if (!out) {
      if (list.state === 'approved') ctx.io.stdout.write(`${ctx.say('retentionReady', { list: listLabel(list.id), id: list.id })}\n`);
      return 0;
    }
    if (list.state === 'approved') {
      list = await session.destruction.carryOut(list.id);
      const destroyed = list.items.filter((i) => i.outcome === 'destroyed').length;
      ctx.io.stdout.write(`${ctx.say('retentionDestroyed', { list: listLabel(list.id), destroyed, kept: list.items.length - destroyed })}\n`);
    }
    const saved = await session.destruction.saveCertificate(list.id, async () => out);
    if (!saved.cancelled) ctx.io.stderr.write(`${ctx.say('reportWritten', { path: saved.path })}\n`);
    if (ctx.values.json) printJson(ctx, list);
    return 0;
  });
}

/**
 * `zhangdun retention hold|release --client ID [--doc ID] --reason TEXT`: a legal hold on everything of a
 * client, or on one document (owners and admins; recorded). release lifts it (the reason says why).
 */
export async function retentionHold(ctx: Context, session: VaultSession, hold: boolean): Promise<number> {
  const clientId = required(ctx, 'client');
  const reason = required(ctx, 'reason');
  const docId = typeof ctx.values.doc === 'string' && ctx.values.doc !== '' ? ctx.values.doc : null;
  if (docId) {
    // The document must be the named client's: another client's is as unknown here as one that never existed.
    if (session.vault.view.documents.byId(docId)?.clientId !== clientId) throw new VaultError('NOT_FOUND', { what: 'document' });
    const after = session.retention.holdDocument(docId, hold ? reason : null);
    ctx.io.stdout.write(`${ctx.say(hold ? 'retentionHeld' : 'retentionReleased', { what: docId })}\n`);
    if (ctx.values.json) printJson(ctx, after);
    return 0;
  }
  const after = session.retention.holdClient(clientId, hold ? reason : null);
  ctx.io.stdout.write(`${ctx.say(hold ? 'retentionHeld' : 'retentionReleased', { what: clientId })}\n`);
  if (ctx.values.json) printJson(ctx, after);
  return 0;
}

function findList(session: VaultSession, wanted: string): DestructionList {
  const key = wanted.trim().toUpperCase();
  const found = session.destruction.lists().find((l) => l.id.toUpperCase() === key || listLabel(l.id) === key);
  if (!found) throw new VaultError('NOT_FOUND', { what: wanted });
  return found;
}

function stateKey(l: DestructionList): 'retentionStateOpen' | 'retentionStateApproved' | 'retentionStateDone' | 'retentionStateCancelled' {
  switch (l.state) {
    case 'open':
      return 'retentionStateOpen';
    case 'approved':
      return 'retentionStateApproved';
    case 'done':
      return 'retentionStateDone';
    case 'cancelled':
      return 'retentionStateCancelled';
    default: {
      const unreachable: never = l.state;
      return unreachable;
    }
  }
}
