import { hkdfSync } from 'node:crypto';

/**
 * Every key used for data derives from the vault key with HKDF-SHA256 and a
 * distinct label, salted with the vault id; no key is used for two purposes.
 */
export const SUBKEY_LABELS = {
  /** SQLCipher page key of vault.db. */
  database: 'zhangdun/v1/database',
  /** Authenticates the key file header. */
  headerMac: 'zhangdun/v1/key-file-mac',
  /** Wraps per-document file keys (replaced by per-client keys for granted clients). */
  documents: 'zhangdun/v1/documents',
  /** Chains the audit log MACs. */
  audit: 'zhangdun/v1/audit',
} as const;

export type SubkeyName = keyof typeof SUBKEY_LABELS;

export function deriveSubkey(vaultKey: Buffer, vaultId: Buffer, name: SubkeyName): Buffer {
  return Buffer.from(hkdfSync('sha256', vaultKey, vaultId, SUBKEY_LABELS[name], 32));
}
