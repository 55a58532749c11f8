import type { Migration } from '../migrate';

/**
 * The audit log: one row per security-relevant action, each MAC-chained to the
 * previous one (see core/audit/audit-chain.ts). Rows are never updated.
 */
export const migration0020: Migration = {
  version: 20,
  name: 'audit',
  up: (db) => {
    db.exec(`
      CREATE TABLE audit_events (
        seq          INTEGER PRIMARY KEY,
        at           TEXT NOT NULL,
        staff_id     TEXT,
        staff_name   TEXT,
        role         TEXT,
        action       TEXT NOT NULL,
        client_id    TEXT,
        document_id  TEXT,
        outcome      TEXT NOT NULL CHECK (outcome IN ('success','failure','denied')),
        machine      TEXT NOT NULL,
        detail       TEXT NOT NULL DEFAULT '{}',
        mac          BLOB NOT NULL
      ) STRICT;
      CREATE INDEX audit_client ON audit_events(client_id, seq);
      CREATE INDEX audit_staff ON audit_events(staff_id, seq);
      CREATE INDEX audit_document ON audit_events(document_id, seq);
    `);
  },
};
