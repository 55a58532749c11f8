import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { RECOVERY_TAIL_ATTEMPTS, RECOVERY_TAIL_LENGTH } from '../../../shared/first-run';

/**
 * Confirming the recovery key by its last characters, right after creation.
 * The vault never keeps the recovery key (only its public recipient), so
 * after creation nothing on disk can check part of it. What this holds, in
 * memory only and only for the session that created the vault (a lock ends
 * it), until the confirmation or a few wrong tries,
 * is an HMAC of the last characters under a random key made for it. Later
 * (another session, after a restart) the whole key is asked for instead, and
 * checked against the recipient (first-run-service.ts).
 */
export class RecoveryTailCheck {
  private pending: { session: WeakRef<object>; key: Buffer; mac: Buffer; attemptsLeft: number } | null = null;

  /** At creation: remembers (a MAC of) the new key's tail for the session creation opened. */
  remember(session: object, recoveryKey: string): void {
    this.forget();
    const key = randomBytes(32);
    this.pending = { session: new WeakRef(session), key, mac: mac(key, tailOf(recoveryKey)), attemptsLeft: RECOVERY_TAIL_ATTEMPTS };
  }

  /** Only in that same session: after a lock (a new session) the whole key is needed. */
  available(session: object): boolean {
    return this.pending?.session.deref() === session && this.pending.attemptsLeft > 0;
  }

  /** True when `tail` is the key's tail (then it is forgotten); a wrong one uses up a try. */
  check(session: object, tail: string): boolean {
    const pending = this.pending;
    if (!pending || !this.available(session)) return false;
    const ok = timingSafeEqual(mac(pending.key, tail.toUpperCase()), pending.mac);
    if (ok) this.forget();
    else if (--pending.attemptsLeft <= 0) this.forget();
    return ok;
  }

  attemptsLeft(session: object): number {
    return this.available(session) ? this.pending!.attemptsLeft : 0;
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
