import { join } from 'node:path';

/** Files inside a vault directory. */
export function vaultPaths(dir: string) {
  return {
    dir,
    keyFile: join(dir, 'vault.key'),
    database: join(dir, 'vault.db'),
    blobs: join(dir, 'blobs'),
    /** Each staff member's own decrypted copy (see view/view-db.ts); left out of backups. */
    views: join(dir, 'views'),
    throttle: join(dir, 'unlock-throttle.json'),
    claim: join(dir, 'vault.in-use'),
  };
}

export type VaultPaths = ReturnType<typeof vaultPaths>;
