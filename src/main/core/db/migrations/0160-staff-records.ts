import type { Migration } from '../migrate';

/**
 * Firm-level records about staff (core/people/): confidentiality agreements
 * ('nda', with the signed scan's blob), training sessions ('training') and
 * policy acknowledgements ('ack'). The fields are sealed under each record's
 * own key (`body`), wrapped under the firm key from the master key
 * (`wrapped_key`; `wrapped_next` while a new master key is being adopted).
 * The days stay in the clear for the lists and the compliance self-check;
 * the expiry the unlock gate reads is in the signed roster, not here.
 */
export const migration0160: Migration = {
  version: 160,
  name: 'staff-records',
  up: (db) => {
    db.exec(`
      CREATE TABLE staff_records (
        id           TEXT PRIMARY KEY,
        staff_id     TEXT NOT NULL REFERENCES staff(id),
        kind         TEXT NOT NULL CHECK (kind IN ('nda', 'training', 'ack')),
        day          TEXT NOT NULL,
        until_day    TEXT,
        blob_id      TEXT UNIQUE,
        wrapped_key  BLOB NOT NULL,
        wrapped_next BLOB,
        body         BLOB NOT NULL,
        created_at   TEXT NOT NULL,
        created_by   TEXT
      ) STRICT;
      CREATE INDEX staff_records_staff ON staff_records(staff_id, kind, day);
    `);
  },
};
