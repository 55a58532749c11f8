import { VaultError } from '../../errors';
import type { Migration } from '../migrate';

/**
 * Staff and grants: per-client keys.
 *
 * - client_keys: each client's key, per version, wrapped once per holder —
 *   'master' (AES-GCM under the master key), 'master-next' (only while the
 *   master key is being replaced) or a staff id (age-encrypted to that staff
 *   member: a grant).
 * - clients.key_version: the client's current key version; phone and bank
 *   account move to phone_enc / bank_account_enc, encrypted under it, and the
 *   plaintext columns are dropped.
 * - documents.key_version: which client key version wraps the file key.
 *
 * Migrations run without keys, so existing clients cannot be re-encrypted
 * here. The vaults that could hold any are pre-release (key file version 1,
 * refused before the database is opened); a database that nevertheless has
 * clients or documents is refused rather than left half-protected.
 */
export const migration0040: Migration = {
  version: 40,
  name: 'client-keys',
  up: (db) => {
    const rows = db.prepare('SELECT (SELECT count(*) FROM clients) + (SELECT count(*) FROM documents) AS n').get() as { n: number };
    if (rows.n > 0) throw new VaultError('UNSUPPORTED_VERSION');
    db.exec(`
      CREATE TABLE client_keys (
        client_id   TEXT NOT NULL REFERENCES clients(id),
        version     INTEGER NOT NULL CHECK (version >= 1),
        holder      TEXT NOT NULL CHECK (holder IN ('master','master-next') OR (length(holder) = 32 AND holder NOT GLOB '*[^0-9a-f]*')),
        wrapped     BLOB NOT NULL,
        granted_by  TEXT REFERENCES staff(id),
        created_at  TEXT NOT NULL,
        PRIMARY KEY (client_id, version, holder)
      ) STRICT;
      CREATE INDEX client_keys_holder ON client_keys(holder, client_id);

      ALTER TABLE clients ADD COLUMN key_version INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE clients ADD COLUMN phone_enc BLOB;
      ALTER TABLE clients ADD COLUMN bank_account_enc BLOB;
      ALTER TABLE clients DROP COLUMN phone;
      ALTER TABLE clients DROP COLUMN bank_account;
      CREATE INDEX clients_assigned ON clients(assigned_staff);

      ALTER TABLE documents ADD COLUMN key_version INTEGER NOT NULL DEFAULT 0;
    `);
  },
};
