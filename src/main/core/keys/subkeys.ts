import { hkdfSync } from 'node:crypto';

/**
 * The keys every staff member's session needs derive from the common key
 * with HKDF-SHA256 and a distinct label, salted with the vault id; no key is
 * used for two purposes. (Labels keep their v1 names: a v1 vault key and a
 * common key derive the same way, and tools that open vault.db by hand rely
 * on it.) Client data is not under any of these: see crypto/client-keys.ts.
 */
export const SUBKEY_LABELS = {
  /** SQLCipher page key of vault.db. */
  database: 'zhangdun/v1/database',
  /** Authenticates the key file header. */
  headerMac: 'zhangdun/v1/key-file-mac',
  /** Chains the audit log MACs. */
  audit: 'zhangdun/v1/audit',
} as const;

export type SubkeyName = keyof typeof SUBKEY_LABELS;

export function deriveSubkey(commonKey: Buffer, vaultId: Buffer, name: SubkeyName): Buffer {
  return Buffer.from(hkdfSync('sha256', commonKey, vaultId, SUBKEY_LABELS[name], 32));
}
