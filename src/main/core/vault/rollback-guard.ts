import { eventHash } from '../audit/audit-event';
import { readAnchor, writeAnchor } from './anchors';
import type { OpenVault } from './open-vault';

/**
 * Compares the vault with what this person saw of it last time (their
 * anchor, kept in their own profile): an older roster, a shorter audit log,
 * or a different event where the last one seen stood, means the folder was
 * rolled back or the log rewritten. A new epoch (a restore from backup, an
 * owner accepting a rollback: both signed with the master key) resets the
 * comparison, with a notice.
 */
export type AnchorVerdict =
  | { kind: 'first' }
  | { kind: 'ok' }
  | { kind: 'new-epoch' }
  | { kind: 'forged' }
  | { kind: 'rollback'; what: 'vault.key' | 'audit log' };

/** Whose anchor: the staff member's (keyed by their identity), or the recovery key's (keyed by the master key). */
export function anchorHolder(vault: OpenVault): { id: string; secret: string | Buffer } {
  if (vault.identity) return { id: vault.staff.id, secret: vault.identity };
  return { id: 'recovery', secret: vault.clientKeys.masterKey! };
}

export async function checkAnchor(vault: OpenVault): Promise<AnchorVerdict> {
  const holder = anchorHolder(vault);
  const read = await readAnchor(vault.stateDir, vault.vaultId, holder.id, holder.secret);
  if (read.state === 'none') return { kind: 'first' };
  if (read.state === 'forged') return { kind: 'forged' };
  const { anchor } = read;
  const roster = vault.keyFile.body.roster;
  if (anchor.epoch !== roster.epoch) return { kind: 'new-epoch' };
  if (roster.version < anchor.rosterVersion) return { kind: 'rollback', what: 'vault.key' };
  if (anchor.audit) {
    const seen = vault.repos.audit.bySeq(anchor.audit.seq);
    if (!seen || eventHash(vault.vaultId, seen).toString('hex') !== anchor.audit.hash) return { kind: 'rollback', what: 'audit log' };
  }
  return { kind: 'ok' };
}

/** Records what this person sees now (at unlock and at lock). */
export async function recordAnchor(vault: OpenVault, now = new Date()): Promise<void> {
  const holder = anchorHolder(vault);
  const roster = vault.keyFile.body.roster;
  await writeAnchor(vault.stateDir, vault.vaultId, holder.id, holder.secret, {
    epoch: roster.epoch,
    rosterVersion: roster.version,
    audit: vault.audit.head(),
    at: now.toISOString(),
  });
}
