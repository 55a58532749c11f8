import { mkdtempSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { openEncryptedDatabase, type Db } from '../../../../src/main/core/db/database';
import { MIGRATIONS, migrate, schemaVersion } from '../../../../src/main/core/db/migrate';
import { IncidentRepo } from '../../../../src/main/core/repositories/incident-repo';

let dir: string | undefined;
let db: Db | undefined;
afterEach(() => {
  if (db?.open) db.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

it('0150 adds the incidents table: one sealed body per incident and master key holder, promoted like the wraps', () => {
  dir = mkdtempSync(join(tmpdir(), 'zd-mig150-'));
  db = openEncryptedDatabase(join(dir, 'v.db'), randomBytes(32));
  migrate(db, MIGRATIONS.filter((m) => m.version < 150));
  expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'incidents'").get()).toBeUndefined();
  migrate(db, MIGRATIONS.filter((m) => m.version <= 150));
  expect(schemaVersion(db)).toBe(150);
  const cols = (db.prepare('PRAGMA table_info(incidents)').all() as { name: string }[]).map((c) => c.name);
  expect(cols).toEqual(['id', 'holder', 'rev', 'opened_at', 'body']);
  const repo = new IncidentRepo(db);
  const row = { id: 'a'.repeat(32), rev: 1, openedAt: '2026-01-01T00:00:00.000Z', body: Buffer.from('old') };
  repo.put({ ...row, holder: 'master' });
  expect(() => db!.prepare("INSERT INTO incidents (id, holder, rev, opened_at, body) VALUES ('b', 'someone', 1, 'x', x'00')").run()).toThrow();
  repo.put({ ...row, holder: 'master-next', body: Buffer.from('new') });
  repo.promoteMasterNext();
  expect(repo.all('master').map((r) => r.body.toString())).toEqual(['new']);
  expect(repo.all('master-next')).toEqual([]);
});
