import { createHmac, hkdfSync } from 'node:crypto';
import { open } from '../../crypto/aead';
import { canonicalJson } from '../../crypto/canonical-json';
import { equalHex } from '../client-keys';
import { wipe } from '../keyring';

/**
 * Version-2 primitives, read only to convert a vault to version 3 (see
 * vault/upgrade-v3.ts): the master check and recipient endorsements (HMACs
 * under master-key subkeys), and the two client fields sealed one by one.
 */
/** Fields of a client stored encrypted under its client key. */
export const SENSITIVE_FIELDS = ['phone', 'bankAccount'] as const;
export type SensitiveField = (typeof SENSITIVE_FIELDS)[number];

const MASTER_LABELS = {
  /** Lets a master-key holder recognise the current master key (and a forged one). */
  check: 'zhangdun/v2/master-check',
  /** Endorses a staff member's age recipient, so grants cannot be redirected. */
  endorsement: 'zhangdun/v2/staff-endorsement',
} as const;

function masterSubkey(masterKey: Buffer, vaultId: string, label: keyof typeof MASTER_LABELS): Buffer {
  return Buffer.from(hkdfSync('sha256', masterKey, Buffer.from(vaultId, 'hex'), MASTER_LABELS[label], 32));
}

function hmacHex(key: Buffer, text: string): string {
  try {
    return createHmac('sha256', key).update(text).digest('hex');
  } finally {
    wipe(key);
  }
}

/** A value only the holder of this master key can compute: stored to detect a substituted master key. */
export function masterCheck(masterKey: Buffer, vaultId: string): string {
  return hmacHex(masterSubkey(masterKey, vaultId, 'check'), `zhangdun/v2/master-check\0${vaultId}`);
}

/**
 * Binds a staff member's age recipient to their staff id under the master key.
 * Every staff member holds the common key and could rewrite the key file; the
 * endorsement stops them from swapping a colleague's recipient for their own.
 */
export function endorseRecipient(masterKey: Buffer, vaultId: string, staffId: string, recipient: string): string {
  return hmacHex(masterSubkey(masterKey, vaultId, 'endorsement'), canonicalJson({ vaultId, staffId, recipient }));
}

export function endorsementValid(masterKey: Buffer, vaultId: string, staffId: string, recipient: string, endorsement: string): boolean {
  return equalHex(endorseRecipient(masterKey, vaultId, staffId, recipient), endorsement);
}

function fieldAd(clientId: string, field: SensitiveField, version: number): Buffer {
  return Buffer.from(`zhangdun/v2/client-field\0${clientId}\0${field}\0${version}`);
}

/** The field's text, or undefined when it does not open (wrong key, moved or altered). */
export function openField(clientKey: Buffer, clientId: string, field: SensitiveField, version: number, sealed: Buffer | null): string | null | undefined {
  if (sealed === null) return null;
  const plain = open(clientKey, sealed, fieldAd(clientId, field, version));
  if (!plain) return undefined;
  try {
    return plain.toString('utf8');
  } finally {
    wipe(plain);
  }
}
