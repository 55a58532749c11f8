/**
 * The server's tables (PostgreSQL), version by version. Applied by a client
 * when it publishes or syncs (server-repository.ts, one transaction under an
 * advisory lock); a server whose schema is newer than this client knows is
 * refused (FUTURE_VERSION), never written to.
 *
 * What the server holds, and nothing else: opaque ids (random hex), versions,
 * key ids, sizes, timestamps, signatures, public keys and ciphertext. Every
 * pushed row carries the device that pushed it and that device's own counter
 * (`dev_seq`), bound by the pusher's signature over an envelope
 * (sync-envelope.ts), so a replayed or reordered row is caught by the PCs.
 * One sequence (`zd_seq`) numbers rows of every pulled table: a pull asks for
 * everything above the last number it saw, in order. Pushes take an advisory
 * lock for their transaction, so numbers become visible in order (a pull never
 * skips a number a slower transaction commits later).
 */
export interface ServerMigration {
  version: number;
  sql: string;
}

export const SERVER_MIGRATIONS: readonly ServerMigration[] = [
  {
    version: 1,
    sql: `
      CREATE SEQUENCE zd_seq;

      CREATE TABLE devices (
        device_id     text PRIMARY KEY CHECK (device_id ~ '^[0-9a-f]{32}$'),
        member        text NOT NULL,
        public_key    bytea,
        enrolled_by   text,
        enrolled_at   timestamptz NOT NULL DEFAULT now(),
        revoked_at    timestamptz
      );

      CREATE TABLE records (
        server_seq     bigint PRIMARY KEY DEFAULT nextval('zd_seq'),
        device         text NOT NULL,
        dev_seq        bigint NOT NULL,
        kind           text NOT NULL,
        id             text NOT NULL,
        client_id      text NOT NULL,
        rev            integer NOT NULL,
        key_version    integer NOT NULL,
        author         text NOT NULL,
        pusher         text NOT NULL,
        blob_id        text,
        blob_hash      text,
        wrapped_key    bytea,
        size           bigint,
        dup_tag        bytea,
        body           bytea NOT NULL,
        sig            bytea NOT NULL,
        roster_version integer NOT NULL,
        env_sig        bytea NOT NULL,
        received_at    timestamptz NOT NULL DEFAULT now(),
        UNIQUE (device, dev_seq),
        UNIQUE (kind, id, rev, sig)
      );
      CREATE INDEX records_id ON records (kind, id);

      CREATE TABLE tombstones (
        server_seq     bigint PRIMARY KEY DEFAULT nextval('zd_seq'),
        device         text NOT NULL,
        dev_seq        bigint NOT NULL,
        kind           text NOT NULL,
        id             text NOT NULL,
        client_id      text NOT NULL,
        rev            integer NOT NULL,
        pusher         text NOT NULL,
        roster_version integer NOT NULL,
        env_sig        bytea NOT NULL,
        received_at    timestamptz NOT NULL DEFAULT now(),
        UNIQUE (device, dev_seq),
        UNIQUE (kind, id, rev)
      );

      CREATE TABLE key_wraps (
        server_seq     bigint PRIMARY KEY DEFAULT nextval('zd_seq'),
        device         text NOT NULL,
        dev_seq        bigint NOT NULL,
        client_id      text NOT NULL,
        key_version    integer NOT NULL,
        holder         text NOT NULL,
        wrapped        bytea NOT NULL,
        granted_by     text,
        pusher         text NOT NULL,
        roster_version integer NOT NULL,
        env_sig        bytea NOT NULL,
        received_at    timestamptz NOT NULL DEFAULT now(),
        UNIQUE (device, dev_seq),
        UNIQUE (client_id, key_version, holder)
      );

      CREATE TABLE rosters (
        version     integer PRIMARY KEY,
        epoch       text NOT NULL,
        roster      jsonb NOT NULL,
        signature   bytea NOT NULL,
        received_at timestamptz NOT NULL DEFAULT now()
      );

      CREATE TABLE key_file_parts (
        slot_id     text PRIMARY KEY,
        part        bytea NOT NULL,
        received_at timestamptz NOT NULL DEFAULT now()
      );

      CREATE TABLE join_codes (
        code_id     text PRIMARY KEY,
        member      text NOT NULL,
        expires_at  timestamptz NOT NULL,
        used_at     timestamptz,
        used_by     text
      );

      CREATE TABLE blobs (
        hash        text PRIMARY KEY CHECK (hash ~ '^[0-9a-f]{64}$'),
        size        bigint NOT NULL,
        chunk_size  integer NOT NULL,
        complete    boolean NOT NULL DEFAULT false,
        created_at  timestamptz NOT NULL DEFAULT now()
      );
      CREATE TABLE blob_chunks (
        hash   text NOT NULL REFERENCES blobs(hash),
        n      integer NOT NULL,
        data   bytea NOT NULL,
        PRIMARY KEY (hash, n)
      );

      CREATE TABLE audit (
        server_seq   bigint PRIMARY KEY DEFAULT nextval('zd_seq'),
        device       text NOT NULL,
        chain_seq    bigint NOT NULL,
        event        bytea NOT NULL,
        signer       text NOT NULL,
        sig          bytea NOT NULL,
        prev         bytea NOT NULL,
        received_at  timestamptz NOT NULL DEFAULT now(),
        UNIQUE (device, chain_seq)
      );

      CREATE TABLE heads (
        device       text NOT NULL,
        seq          bigint NOT NULL,
        head         bytea NOT NULL,
        signer       text NOT NULL,
        sig          bytea NOT NULL,
        received_at  timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (device, seq)
      );

      CREATE FUNCTION zd_notify() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('zd_sync', TG_TABLE_NAME);
        RETURN NULL;
      END $$;
      CREATE TRIGGER records_notify AFTER INSERT ON records FOR EACH STATEMENT EXECUTE FUNCTION zd_notify();
      CREATE TRIGGER tombstones_notify AFTER INSERT ON tombstones FOR EACH STATEMENT EXECUTE FUNCTION zd_notify();
      CREATE TRIGGER key_wraps_notify AFTER INSERT ON key_wraps FOR EACH STATEMENT EXECUTE FUNCTION zd_notify();
    `,
  },
];

export const SERVER_SCHEMA_VERSION = SERVER_MIGRATIONS[SERVER_MIGRATIONS.length - 1]?.version ?? 0;

/** The tables a sync fills (the marker scan reads every one of them). */
export const SERVER_TABLES = ['devices', 'records', 'tombstones', 'key_wraps', 'rosters', 'key_file_parts', 'join_codes', 'blobs', 'blob_chunks', 'audit', 'heads', 'zd_schema'] as const;
