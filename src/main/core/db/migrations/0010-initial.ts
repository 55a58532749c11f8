import type { Migration } from '../migrate';

/** Vault metadata, staff, clients and documents. */
export const migration0010: Migration = {
  version: 10,
  name: 'initial',
  up: (db) => {
    db.exec(`
      CREATE TABLE meta (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
      ) STRICT;

      CREATE TABLE staff (
        id          TEXT PRIMARY KEY,
        name        TEXT NOT NULL,
        name_key    TEXT NOT NULL UNIQUE,
        role        TEXT NOT NULL CHECK (role IN ('owner','admin','accountant','auditor')),
        status      TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active','disabled')),
        created_at  TEXT NOT NULL
      ) STRICT;

      CREATE TABLE clients (
        id              TEXT PRIMARY KEY,
        name            TEXT NOT NULL,
        credit_code     TEXT,
        taxpayer_type   TEXT CHECK (taxpayer_type IN ('general','small')),
        contact_person  TEXT,
        phone           TEXT,
        address         TEXT,
        bank_account    TEXT,
        service_start   TEXT,
        service_end     TEXT,
        assigned_staff  TEXT REFERENCES staff(id),
        notes           TEXT,
        label           TEXT NOT NULL DEFAULT 'internal' CHECK (label IN ('public','internal','confidential','secret')),
        status          TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active','archived')),
        sample          INTEGER NOT NULL DEFAULT 0,
        created_at      TEXT NOT NULL,
        updated_at      TEXT NOT NULL
      ) STRICT;
      CREATE INDEX clients_name ON clients(status, name);
      CREATE INDEX clients_updated ON clients(status, updated_at);
      CREATE UNIQUE INDEX clients_credit_code ON clients(credit_code) WHERE credit_code IS NOT NULL;

      CREATE TABLE documents (
        id            TEXT PRIMARY KEY,
        client_id     TEXT NOT NULL REFERENCES clients(id),
        blob_id       TEXT NOT NULL UNIQUE,
        wrapped_key   BLOB NOT NULL,
        name          TEXT NOT NULL,
        category      TEXT NOT NULL DEFAULT '',
        period_year   INTEGER,
        period_month  INTEGER CHECK (period_month BETWEEN 1 AND 12),
        tags          TEXT NOT NULL DEFAULT '[]',
        notes         TEXT NOT NULL DEFAULT '',
        size          INTEGER NOT NULL,
        sha256        TEXT NOT NULL,
        mime          TEXT NOT NULL DEFAULT 'application/octet-stream',
        status        TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active','trashed')),
        sample        INTEGER NOT NULL DEFAULT 0,
        created_by    TEXT REFERENCES staff(id),
        created_at    TEXT NOT NULL,
        updated_at    TEXT NOT NULL,
        trashed_at    TEXT
      ) STRICT;
      CREATE INDEX documents_client ON documents(client_id, status, created_at);
      CREATE INDEX documents_hash ON documents(client_id, sha256);
    `);
  },
};
