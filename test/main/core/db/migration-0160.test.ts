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

it('0160 adds staff_records: kinds checked, one row per scan blob, tied to a staff member', () => {
  dir = mkdtempSync(join(tmpdir(), 'zd-mig160-'));
  db = openEncryptedDatabase(join(dir, 'v.db'), randomBytes(32));
  migrate(db, MIGRATIONS.filter((m) => m.version < 160));
  db.prepare("INSERT INTO staff (id, name, name_key, role, status, created_at) VALUES ('s1', '李会计', '李会计', 'accountant', 'active', '2026-01-01')").run();
  migrate(db, MIGRATIONS.filter((m) => m.version <= 160));
  expect(schemaVersion(db)).toBe(160);
  const insert = db.prepare(
    "INSERT INTO staff_records (id, staff_id, kind, day, until_day, blob_id, wrapped_key, body, created_at) VALUES (?, ?, ?, '2026-01-05', NULL, ?, x'00', x'00', '2026-01-05')",
  );
  insert.run('r1', 's1', 'nda', 'b1');
  expect(() => insert.run('r2', 's1', 'secret', null)).toThrow(/CHECK/);
  expect(() => insert.run('r3', 's1', 'training', 'b1')).toThrow(/UNIQUE/);
  db.pragma('foreign_keys = ON');
  expect(() => insert.run('r4', 'nobody', 'ack', null)).toThrow(/FOREIGN KEY/);
  const plan = (db.prepare("EXPLAIN QUERY PLAN SELECT id FROM staff_records WHERE staff_id = 's1' AND kind = 'nda' ORDER BY day DESC").all() as { detail: string }[]).map((r) => r.detail).join(' ');
  expect(plan).toContain('staff_records_staff');
});
