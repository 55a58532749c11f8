import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { RECOVERY_TAIL_ATTEMPTS, RECOVERY_TAIL_LENGTH } from '../../../shared/first-run';

/**
 * Confirming the recovery key by its last characters, right after creation.
 * The vault never keeps the recovery key (only its public recipient), so
 * after creation nothing on disk can check part of it. What this holds, in
 * memory only and only until the confirmation, a lock or a few wrong tries,
 * is an HMAC of the last characters under a random key made for it. Later
 * (another session, after a restart) the whole key is asked for instead, and
 * checked against the recipient (first-run-service.ts).
 */
export class RecoveryTailCheck {
  private pending: { vaultId: string; key: Buffer; mac: Buffer; attemptsLeft: number } | null = null;

  /** At creation: remembers (a MAC of) the new key's tail for this vault. */
  remember(vaultId: string, recoveryKey: string): void {
    const key = randomBytes(32);
    this.pending = { vaultId, key, mac: mac(key, tailOf(recoveryKey)), attemptsLeft: RECOVERY_TAIL_ATTEMPTS };
  }

  available(vaultId: string): boolean {
    return this.pending?.vaultId === vaultId && this.pending.attemptsLeft > 0;
  }

  /** True when `tail` is the key's tail (then it is forgotten); a wrong one uses up a try. */
  check(vaultId: string, tail: string): boolean {
    const pending = this.pending;
    if (!pending || pending.vaultId !== vaultId || pending.attemptsLeft <= 0) return false;
    const ok = timingSafeEqual(mac(pending.key, tail.toUpperCase()), pending.mac);
    if (ok) this.forget();
    else if (--pending.attemptsLeft <= 0) this.forget();
    return ok;
  }

  attemptsLeft(vaultId: string): number {
    return this.available(vaultId) ? this.pending!.attemptsLeft : 0;
  }

  forget(): void {
    this.pending?.key.fill(0);
    this.pending = null;
  }
}

export function tailOf(recoveryKey: string): string {
  return recoveryKey.slice(-RECOVERY_TAIL_LENGTH).toUpperCase();
}

function mac(key: Buffer, text: string): Buffer {
  return createHmac('sha256', key).update(`zhangdun/v1/recovery-tail\0${text}`).digest();
}
