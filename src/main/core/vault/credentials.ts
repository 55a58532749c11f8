import type { KeyFile } from '../keys/key-file';

/** What opens a vault: a staff member's name and password, or the firm's recovery identity. */
export type Credentials = { staffName: string; password: Buffer } | { recoveryIdentity: string };

/** The keys an unlock recovered from vault.key, before the database is opened. */
export interface UnlockedKeys {
  file: KeyFile;
  commonKeys: Map<number, Buffer>;
  masterKey: Buffer | null;
  identity: string | null;
  signingSeed: Buffer;
  /** A staff id, or 'master' (recovery). */
  signerId: string;
  staffId: string | null;
}
