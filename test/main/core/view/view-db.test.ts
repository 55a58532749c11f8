/**
 * A view is made in one transaction, and a view left half made (tables at
 * schema version 0, by an earlier version killed while making it) is made
 * again rather than failing every later unlock.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { closeDatabase, openEncryptedDatabase } from '../../../../src/main/core/db/database';
import { createViewSchema, openViewDb } from '../../../../src/main/core/view/view-db';

const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});
const identity = { vaultId: 'a'.repeat(32), owner: 'b'.repeat(32) };

function place() {
  const dir = mkdtempSync(join(tmpdir(), 'zd-view-'));
  made.push(dir);
  mkdirSync(join(dir, 'views'));
  return { path: join(dir, 'views', 'owner.db'), key: randomBytes(32) };
}

describe('making a view', () => {
  it('one left half made (tables, but schema version 0) is removed and made whole', async () => {
    const { path, key } = place();
    const first = await openViewDb(path, key, identity);
    closeDatabase(first.db);
    // As a kill between the tables and the version would have left it.
    const half = openEncryptedDatabase(path, key);
    half.pragma('user_version = 0');
    half.exec('DELETE FROM view_meta');
    closeDatabase(half);

    const again = await openViewDb(path, key, identity);
    try {
      expect(again.fresh).toBe(true);
      expect(again.db.prepare('SELECT value FROM view_meta WHERE key = ?').pluck().get('owner')).toBe(identity.owner);
    } finally {
      closeDatabase(again.db);
    }
  });

  it('is all or nothing: a failure part way leaves no table behind', async () => {
    const { path, key } = place();
    const db = openEncryptedDatabase(path, key);
    try {
      // client_search comes last in the schema: with one already there it fails after making every other
      // table, which would all remain were the schema not one transaction.
      db.exec('CREATE TABLE client_search (x)');
      expect(() => createViewSchema(db, identity)).toThrow();
      const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all();
      expect(tables).toEqual(['client_search']);
      expect(db.pragma('user_version', { simple: true })).toBe(0);
    } finally {
      closeDatabase(db);
    }
  });
});
