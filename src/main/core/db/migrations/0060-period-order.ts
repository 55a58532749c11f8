import type { Migration } from '../migrate';

/**
 * A search for an accounting period ("2024年3月") wants that period's newest
 * active documents. Ordered by (period, status, updated_at), the index gives
 * them in order without reading the other rows of the period, which lie all
 * over the table; it replaces the index on the period alone.
 */
export const migration0060: Migration = {
  version: 60,
  name: 'period-order',
  up: (db) => {
    db.exec(`
      DROP INDEX documents_period;
      CREATE INDEX documents_period_updated ON documents(period_year, period_month, status, updated_at);
    `);
  },
};
