import { localDay, ndaStanding, type NdaPolicy, type NdaStanding } from '../../../shared/staff-compliance';
import { VaultError } from '../errors';
import type { KeyFile } from '../keys/key-file';

/** The owner's rule as the signed roster carries it (null: off). */
export function rosterNdaPolicy(file: KeyFile): NdaPolicy | null {
  return file.body.roster.ndaPolicy ?? null;
}

/** Where a member stands today, from the signed roster alone (what the unlock can read before vault.db opens). */
export function rosterNdaStanding(file: KeyFile, staffId: string, now: Date): NdaStanding | null {
  const member = file.body.roster.members.find((m) => m.staffId === staffId);
  if (!member) return null;
  return ndaStanding(member.role, member.ndaExpires ?? null, rosterNdaPolicy(file), localDay(now));
}

/**
 * The unlock's NDA gate: refuses (NDA_REQUIRED) a member whose agreement has
 * run out, or who never had one, past the owner's grace period. Owners are
 * exempt (never locked out of their own vault); the recovery key opens as the
 * owner. Everything it reads is under the roster's signature.
 */
export function assertNdaOnFile(file: KeyFile, staffId: string, now: Date): void {
  const standing = rosterNdaStanding(file, staffId, now);
  if (standing?.state === 'blocked') throw new VaultError('NDA_REQUIRED', { deadline: standing.deadline ?? '' });
}
