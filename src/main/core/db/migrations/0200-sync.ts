import type { Migration } from '../migrate';

/**
 * What a PC keeps about its sync with a server (core/sync/). Empty, and never
 * touched by a write, until the vault is published or joined: the queue of
 * local changes is the write sequence itself (everything above `pushed_seq`).
 *
 * - sync_config: this PC's device id; the server URL and credentials sealed
 *   under a key from the master key (`sealed`, where an owner or admin
 *   published or joined). Never in the clear.
 * - sync_server_wraps: the same URL age-encrypted to each member's recipient
 *   (so a member without the master key can sync from any PC with the
 *   vault), signed by whoever wrote it (a member on the roster).
 * - sync_state: counters (pushed_seq, pulled_server_seq, dev_seq).
 * - sync_pulled: local write numbers of rows that came from the server, and
 *   the device each came from, so they are not pushed back.
 * - sync_devices: the last counter seen from each device (replays go back).
 * - sync_history: revisions that lost a conflict, kept for a person to see;
 *   `pushed` 0 while a local loser still has to reach the server.
 * - sync_tombstones: the revision each deletion sent or received covers (an
 *   older revision arriving later does not bring the record back).
 * - sync_wraps_sent: client key wraps already pushed.
 * - sync_problems: rows refused (not signed by a member, tampered, replayed,
 *   a device's rows missing in between):
 *   ids and numbers only.
 */
export const migration0200: Migration = {
  version: 200,
  name: 'sync',
  up: (db) => {
    db.exec(`
      CREATE TABLE sync_config (
        id             INTEGER PRIMARY KEY CHECK (id = 1),
        device         TEXT NOT NULL,
        sealed         BLOB,
        published_at   TEXT NOT NULL
      ) STRICT;
      CREATE TABLE sync_server_wraps (
        holder   TEXT PRIMARY KEY,
        wrapped  BLOB NOT NULL,
        signer   TEXT NOT NULL,
        sig      BLOB NOT NULL
      ) STRICT;
      CREATE TABLE sync_state (name TEXT PRIMARY KEY, value INTEGER NOT NULL) STRICT;
      CREATE TABLE sync_pulled (seq INTEGER PRIMARY KEY, device TEXT NOT NULL) STRICT;
      CREATE TABLE sync_devices (device TEXT PRIMARY KEY, dev_seq INTEGER NOT NULL) STRICT;
      CREATE TABLE sync_history (
        kind         TEXT NOT NULL,
        id           TEXT NOT NULL,
        client_id    TEXT NOT NULL,
        rev          INTEGER NOT NULL,
        key_version  INTEGER NOT NULL,
        author       TEXT NOT NULL,
        blob_id      TEXT,
        wrapped_key  BLOB,
        size         INTEGER,
        dup_tag      BLOB,
        body         BLOB NOT NULL,
        sig          BLOB NOT NULL,
        pushed       INTEGER NOT NULL CHECK (pushed IN (0, 1)),
        at           TEXT NOT NULL,
        PRIMARY KEY (kind, id, rev, sig)
      ) STRICT;
      CREATE TABLE sync_tombstones (
        kind  TEXT NOT NULL,
        id    TEXT NOT NULL,
        rev   INTEGER NOT NULL,
        PRIMARY KEY (kind, id)
      ) STRICT;
      CREATE TABLE sync_wraps_sent (
        client_id  TEXT NOT NULL,
        version    INTEGER NOT NULL,
        holder     TEXT NOT NULL,
        PRIMARY KEY (client_id, version, holder)
      ) STRICT;
      CREATE TABLE sync_problems (
        n           INTEGER PRIMARY KEY,
        at          TEXT NOT NULL,
        problem     TEXT NOT NULL CHECK (problem IN ('not-member', 'tampered', 'malformed', 'replay', 'withheld')),
        server_seq  INTEGER NOT NULL,
        what        TEXT NOT NULL
      ) STRICT;
    `);
  },
};
