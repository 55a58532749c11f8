import type { Migration } from '../migrate';

/**
 * Settings kept inside the encrypted vault: the owner's policy (scope
 * 'policy') and each staff member's own choices (scope 'staff:<staff id>').
 * One JSON value per (scope, key); the repository parses it back with a schema.
 */
export const migration0030: Migration = {
  version: 30,
  name: 'settings',
  up: (db) => {
    db.exec(`
      CREATE TABLE settings (
        scope       TEXT NOT NULL CHECK (scope = 'policy' OR (scope GLOB 'staff:*' AND length(scope) > 6)),
        key         TEXT NOT NULL CHECK (length(key) BETWEEN 1 AND 64),
        value       TEXT NOT NULL CHECK (json_valid(value)),
        updated_at  TEXT NOT NULL,
        updated_by  TEXT REFERENCES staff(id),
        PRIMARY KEY (scope, key)
      ) STRICT;
    `);
  },
};
