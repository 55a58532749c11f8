import { mkdtempSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { openEncryptedDatabase, type Db } from '../../../../src/main/core/db/database';
import { MIGRATIONS, migrate, schemaVersion } from '../../../../src/main/core/db/migrate';

let dir: string | undefined;
let db: Db | undefined;
afterEach(() => {
  if (db?.open) db.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

it('0140 indexes the audit log by staff member and client, and by time, and the rules’ queries use them', () => {
  dir = mkdtempSync(join(tmpdir(), 'zd-mig140-'));
  db = openEncryptedDatabase(join(dir, 'v.db'), randomBytes(32));
  migrate(db, MIGRATIONS.filter((m) => m.version < 140));
  const before = db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'index' AND tbl_name = 'audit_log'").get() as { n: number };
  migrate(db, MIGRATIONS.filter((m) => m.version <= 140));
  expect(schemaVersion(db)).toBe(140);
  const names = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'audit_log'").all() as { name: string }[]).map((r) => r.name);
  expect(names).toEqual(expect.arrayContaining(['audit_log_actor_client', 'audit_log_at']));
  expect(names).toHaveLength(before.n + 2);
  const plan = (sql: string) => (db!.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[]).map((r) => r.detail).join(' ');
  expect(plan("SELECT 1 FROM audit_log WHERE actor_id = 'a' AND client_id = 'c' AND seq < 9 LIMIT 1")).toContain('audit_log_actor_client');
  expect(plan("SELECT seq FROM audit_log INDEXED BY audit_log_at WHERE at >= '2024-01-01' ORDER BY seq")).toContain('audit_log_at');
});
