import { describe, expect, it } from 'vitest';
import {
  acceptsUnsigned,
  mayRestore,
  needsAcceptance,
  NOTHING_CHECKED,
  refusedSignature,
  restoreCheck,
  signatureFromRefusal,
  type RestoreCheck,
  type RestoreCheckEvent,
  type SignatureSeen,
} from '../../../src/renderer/src/backup/restore-signature';
import type { BackupVerified } from '../../../src/shared/domain';
import type { ErrorData } from '../../../src/shared/errors';

const FINGERPRINT = '3F2A 91C0 7B4E 0D19 55AA 8C21 E6F0 4B37 9D02 A1C8';
const OTHER_FINGERPRINT = '0000 1111 2222 3333 4444 5555 6666 7777 8888 9999';

function verified(patch: Partial<BackupVerified> = {}): BackupVerified {
  return {
    path: '/mnt/backup/a.zdbk',
    createdAt: '2024-05-01T10:00:00.000Z',
    vaultId: 'v1',
    sameVault: true,
    consistency: 'snapshot',
    entries: 12,
    bytes: 2048,
    appVersion: '0.1.0',
    signature: 'this-vault',
    signedBy: 'master',
    fingerprint: FINGERPRINT,
    ...patch,
  };
}

const THIS_VAULT = verified();
const BY_PC = verified({ signedBy: '前台电脑' });
const UNSIGNED = verified({ signature: 'unsigned', signedBy: null });
const OLD_UNSIGNED = verified({ signature: 'unsigned', signedBy: null, fingerprint: null });
const OTHER_VAULT = verified({ signature: 'other-vault', fingerprint: OTHER_FINGERPRINT });
const UNKNOWN = verified({ signature: 'unknown', fingerprint: OTHER_FINGERPRINT });
const ANOTHER_VAULTS_BACKUP = verified({ sameVault: false, vaultId: 'v2', signature: 'other-vault', fingerprint: OTHER_FINGERPRINT });

const refusal = (detail?: ErrorData['detail']): ErrorData => ({ code: 'BACKUP_UNSIGNED', message: 'not this vault', ...(detail ? { detail } : {}) });
const WRONG_KEY: ErrorData = { code: 'BACKUP_WRONG_KEY', message: 'wrong key' };

const checked = (v: BackupVerified, accepted = false): RestoreCheck => ({ ...restoreCheck(NOTHING_CHECKED, { type: 'verified', verified: v }), accepted });
const REFUSED: RestoreCheck = { verified: null, seen: { signature: 'unsigned', signedBy: null, fingerprint: FINGERPRINT }, accepted: false };

describe('signatureFromRefusal', () => {
  it.each<[string, ErrorData, SignatureSeen | null]>([
    ['an unsigned backup, with its fingerprint', refusal({ signature: 'unsigned', fingerprint: FINGERPRINT }), { signature: 'unsigned', signedBy: null, fingerprint: FINGERPRINT }],
    ['another vault’s', refusal({ signature: 'other-vault', fingerprint: OTHER_FINGERPRINT }), { signature: 'other-vault', signedBy: null, fingerprint: OTHER_FINGERPRINT }],
    ['a signer nobody can place', refusal({ signature: 'unknown', fingerprint: OTHER_FINGERPRINT }), { signature: 'unknown', signedBy: null, fingerprint: OTHER_FINGERPRINT }],
    ['a version-2 backup (no fingerprint)', refusal({ signature: 'unsigned' }), { signature: 'unsigned', signedBy: null, fingerprint: null }],
    // A refusal never means "this vault": whatever else it says is shown as the least trusted.
    ['an unknown signature value', refusal({ signature: 'forged-by-mallory', fingerprint: FINGERPRINT }), { signature: 'unsigned', signedBy: null, fingerprint: FINGERPRINT }],
    ['a refusal claiming this vault', refusal({ signature: 'this-vault' }), { signature: 'unsigned', signedBy: null, fingerprint: null }],
    ['a non-string signature', refusal({ signature: 3 }), { signature: 'unsigned', signedBy: null, fingerprint: null }],
    ['no detail at all', refusal(), { signature: 'unsigned', signedBy: null, fingerprint: null }],
    ['an empty or non-string fingerprint', refusal({ signature: 'other-vault', fingerprint: '' }), { signature: 'other-vault', signedBy: null, fingerprint: null }],
    ['a numeric fingerprint', refusal({ signature: 'other-vault', fingerprint: 42 }), { signature: 'other-vault', signedBy: null, fingerprint: null }],
    ['another error, even with a signature in its detail', { code: 'TAMPERED', message: 'x', detail: { signature: 'unsigned' } }, null],
    ['a wrong key', WRONG_KEY, null],
  ])('%s', (_what, error, seen) => {
    expect(signatureFromRefusal(error)).toEqual(seen);
    expect(refusedSignature(error)).toBe(seen?.signature ?? null);
  });
});

describe('needsAcceptance', () => {
  it.each([
    ['this-vault', false],
    ['other-vault', true],
    ['unknown', true],
    ['unsigned', true],
  ] as const)('%s → %s', (signature, needed) => {
    expect(needsAcceptance({ signature, signedBy: null, fingerprint: null })).toBe(needed);
  });
});

describe('restoreCheck', () => {
  const states: [string, RestoreCheck][] = [
    ['nothing checked', NOTHING_CHECKED],
    ['verified, this vault', checked(THIS_VAULT)],
    ['verified unsigned, not accepted', checked(UNSIGNED)],
    ['verified unsigned, accepted', checked(UNSIGNED, true)],
    ['refused by restore', REFUSED],
    ['refused by restore, accepted', { ...REFUSED, accepted: true }],
  ];

  it.each(states)('reset from %s forgets everything', (_name, state) => {
    expect(restoreCheck(state, { type: 'reset' })).toEqual(NOTHING_CHECKED);
  });

  it.each(states)('a verify from %s replaces the verdict, not accepted', (_name, state) => {
    expect(restoreCheck(state, { type: 'verified', verified: OTHER_VAULT })).toEqual({
      verified: OTHER_VAULT,
      seen: { signature: 'other-vault', signedBy: 'master', fingerprint: OTHER_FINGERPRINT },
      accepted: false,
    });
    expect(restoreCheck(state, { type: 'verified', verified: BY_PC })).toEqual({
      verified: BY_PC,
      seen: { signature: 'this-vault', signedBy: '前台电脑', fingerprint: FINGERPRINT },
      accepted: false,
    });
  });

  it.each(states)('a BACKUP_UNSIGNED refusal from %s shows what it said and asks acceptance again', (_name, state) => {
    expect(restoreCheck(state, { type: 'failed', error: refusal({ signature: 'unknown', fingerprint: OTHER_FINGERPRINT }) })).toEqual({
      verified: null,
      seen: { signature: 'unknown', signedBy: null, fingerprint: OTHER_FINGERPRINT },
      accepted: false,
    });
  });

  it.each(states)('any other failure from %s leaves the state as it was', (_name, state) => {
    expect(restoreCheck(state, { type: 'failed', error: WRONG_KEY })).toBe(state);
    expect(restoreCheck(state, { type: 'failed', error: { code: 'VAULT_BUSY', message: 'busy', detail: { holder: 'backup' } } })).toBe(state);
  });

  it.each<[string, RestoreCheck, RestoreCheckEvent, boolean]>([
    ['nothing checked', NOTHING_CHECKED, { type: 'accept', accepted: true }, false],
    ['this vault (nothing to accept)', checked(THIS_VAULT), { type: 'accept', accepted: true }, false],
    ['unsigned', checked(UNSIGNED), { type: 'accept', accepted: true }, true],
    ['unsigned, unticked again', checked(UNSIGNED, true), { type: 'accept', accepted: false }, false],
    ['another vault', checked(OTHER_VAULT), { type: 'accept', accepted: true }, true],
    ['unknown signer', checked(UNKNOWN), { type: 'accept', accepted: true }, true],
    ['refused by restore', REFUSED, { type: 'accept', accepted: true }, true],
  ])('accepting on %s', (_name, state, event, accepted) => {
    const next = restoreCheck(state, event);
    expect(next.accepted).toBe(accepted);
    expect(next.seen).toBe(state.seen);
    expect(next.verified).toBe(state.verified);
  });
});

describe('mayRestore and acceptsUnsigned', () => {
  it.each<[string, RestoreCheck, boolean, boolean, boolean]>([
    // name, check, busy → may restore, sends acceptUnsigned
    ['nothing checked', NOTHING_CHECKED, false, false, false],
    ['this vault (master)', checked(THIS_VAULT), false, true, false],
    ['this vault (a backup PC)', checked(BY_PC), false, true, false],
    ['this vault, while verifying or restoring', checked(THIS_VAULT), true, false, false],
    ['unsigned, not accepted', checked(UNSIGNED), false, false, false],
    ['unsigned, accepted', checked(UNSIGNED, true), false, true, true],
    ['unsigned, accepted, busy', checked(UNSIGNED, true), true, false, true],
    ['a version-2 backup, accepted', checked(OLD_UNSIGNED, true), false, true, true],
    ['other vault, not accepted', checked(OTHER_VAULT), false, false, false],
    ['other vault, accepted', checked(OTHER_VAULT, true), false, true, true],
    ['unknown signer, not accepted', checked(UNKNOWN), false, false, false],
    ['unknown signer, accepted', checked(UNKNOWN, true), false, true, true],
    // Main refuses a backup of another vault (another vaultId) even when accepted.
    ['a backup of another vault, accepted', checked(ANOTHER_VAULTS_BACKUP, true), false, false, true],
    ['refused by restore, not accepted', REFUSED, false, false, false],
    ['refused by restore, accepted', { ...REFUSED, accepted: true }, false, true, true],
    // Accepted never sticks to this vault's verdict (the reducer ignores it), and would not be sent.
    ['this vault with a stray accepted flag', checked(THIS_VAULT, true), false, true, false],
  ])('%s', (_name, check, busy, may, sends) => {
    expect(mayRestore(check, busy)).toBe(may);
    expect(acceptsUnsigned(check)).toBe(sends);
  });
});
