import { mkdtempSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { openEncryptedDatabase, type Db } from '../../../../src/main/core/db/database';
import { MIGRATIONS, migrate, schemaVersion } from '../../../../src/main/core/db/migrate';
import { SyncRepo } from '../../../../src/main/core/repositories/sync-repo';

let dir: string | undefined;
let db: Db | undefined;
afterEach(() => {
  if (db?.open) db.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

it('0200 adds the sync tables, empty: counters start at zero, nothing is configured', () => {
  dir = mkdtempSync(join(tmpdir(), 'zd-mig200-'));
  db = openEncryptedDatabase(join(dir, 'v.db'), randomBytes(32));
  migrate(db, MIGRATIONS.filter((m) => m.version < 200));
  expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'sync_state'").get()).toBeUndefined();
  migrate(db, MIGRATIONS.filter((m) => m.version <= 200));
  expect(schemaVersion(db)).toBe(200);
  const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'sync_%' ORDER BY name").all() as { name: string }[]).map((t) => t.name);
  expect(tables).toEqual(['sync_config', 'sync_devices', 'sync_history', 'sync_problems', 'sync_pulled', 'sync_server_wraps', 'sync_state', 'sync_tombstones', 'sync_wraps_sent']);
  const repo = new SyncRepo(db);
  expect(repo.config()).toBeNull();
  expect(repo.counter('pushed_seq')).toBe(0);
  repo.setCounter('pushed_seq', 7);
  repo.setCounter('pushed_seq', 9);
  expect(repo.counter('pushed_seq')).toBe(9);
  repo.markPulled(12, 'd'.repeat(32));
  expect(repo.pulledFrom(12)).toBe('d'.repeat(32));
  repo.prunePulled(12);
  expect(repo.pulledFrom(12)).toBeNull();
  expect(() => db!.prepare("INSERT INTO sync_problems (at, problem, server_seq, what) VALUES ('x', 'other', 1, 'x')").run()).toThrow();
  expect(() => db!.prepare("INSERT INTO sync_config (id, device, sealed, published_at) VALUES (2, 'd', x'00', 'x')").run()).toThrow();
});
