import type { Migration } from '../migrate';

/**
 * What the alert rules ask the audit log as events are written
 * (core/alerts/): whether a staff member touched a client before (the first
 * access rule, once per staff member and client), and the recent tail read
 * back at unlock to rebuild the rules' windows.
 */
export const migration0140: Migration = {
  version: 140,
  name: 'audit-watch',
  up: (db) => {
    db.exec(`
      CREATE INDEX audit_log_actor_client ON audit_log(actor_id, client_id, seq);
      CREATE INDEX audit_log_at ON audit_log(at);
    `);
  },
};
