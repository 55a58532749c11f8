import type { BackupVerified } from '../../../shared/domain';
import type { ErrorData } from '../../../shared/errors';

export type BackupSignature = BackupVerified['signature'];
/** Every verdict but this vault's: what a BACKUP_UNSIGNED refusal can say. */
export type UntrustedSignature = Exclude<BackupSignature, 'this-vault'>;

/** Who signed a backup, as the restore form shows it: from a verify, or from a restore refused as BACKUP_UNSIGNED. */
export interface SignatureSeen {
  signature: BackupSignature;
  /** 'master', a backup PC's label, or null (unsigned, or not said by a refusal). */
  signedBy: string | null;
  fingerprint: string | null;
}

const UNTRUSTED: readonly UntrustedSignature[] = ['other-vault', 'unknown', 'unsigned'];

export function signatureOf(verified: BackupVerified): SignatureSeen {
  return { signature: verified.signature, signedBy: verified.signedBy, fingerprint: verified.fingerprint };
}

/**
 * The signature a BACKUP_UNSIGNED refusal names; null for any other error.
 * A refusal always means "not this vault's": anything unrecognised is taken
 * as the least trusted, 'unsigned'.
 */
export function refusedSignature(error: ErrorData): UntrustedSignature | null {
  if (error.code !== 'BACKUP_UNSIGNED') return null;
  const said = error.detail?.['signature'];
  return UNTRUSTED.find((s) => s === said) ?? 'unsigned';
}

/** The verdict a BACKUP_UNSIGNED refusal carries in its detail; null for any other error. */
export function signatureFromRefusal(error: ErrorData): SignatureSeen | null {
  const signature = refusedSignature(error);
  if (!signature) return null;
  const fingerprint = error.detail?.['fingerprint'];
  return { signature, signedBy: null, fingerprint: typeof fingerprint === 'string' && fingerprint.length > 0 ? fingerprint : null };
}

/** Only a backup signed by this vault is restored without the owner's deliberate acceptance. */
export function needsAcceptance(seen: SignatureSeen): boolean {
  return seen.signature !== 'this-vault';
}

/** What the restore form knows about the chosen backup. */
export interface RestoreCheck {
  verified: BackupVerified | null;
  seen: SignatureSeen | null;
  /** The owner ticked 我已核对来源，仍要恢复 for this verdict. */
  accepted: boolean;
}

/**
 * Whether 恢复 may be pressed: a verdict is known (verified, or a refusal said
 * who signed), nothing is running, the backup is not known to be of another
 * vault (main would refuse it even accepted), and anything not this vault's
 * is accepted.
 */
export function mayRestore(check: RestoreCheck, busy: boolean): boolean {
  if (!check.seen || busy || check.verified?.sameVault === false) return false;
  return !needsAcceptance(check.seen) || check.accepted;
}

/** Whether the restore request carries acceptUnsigned: only for a verdict that needs it and was accepted. */
export function acceptsUnsigned(check: RestoreCheck): boolean {
  return check.seen !== null && needsAcceptance(check.seen) && check.accepted;
}

export type RestoreCheckEvent =
  /** Another file or key, or a new verify starting: everything known is dropped. */
  | { type: 'reset' }
  | { type: 'verified'; verified: BackupVerified }
  /** A verify or restore failed. */
  | { type: 'failed'; error: ErrorData }
  | { type: 'accept'; accepted: boolean };

export const NOTHING_CHECKED: RestoreCheck = { verified: null, seen: null, accepted: false };

export function restoreCheck(state: RestoreCheck, event: RestoreCheckEvent): RestoreCheck {
  switch (event.type) {
    case 'reset':
      return NOTHING_CHECKED;
    case 'verified':
      return { verified: event.verified, seen: signatureOf(event.verified), accepted: false };
    case 'failed': {
      // Refused as not this vault's (the file changed since the verify): what the refusal said replaces the
      // earlier verify, and acceptance is asked for that. Any other failure leaves the verdict as it was.
      const refused = signatureFromRefusal(event.error);
      return refused ? { verified: null, seen: refused, accepted: false } : state;
    }
    case 'accept':
      return state.seen && needsAcceptance(state.seen) ? { ...state, accepted: event.accepted } : state;
    default: {
      const unreachable: never = event;
      return unreachable;
    }
  }
}
