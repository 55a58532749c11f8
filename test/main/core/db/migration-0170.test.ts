import { mkdtempSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { openEncryptedDatabase, type Db } from '../../../../src/main/core/db/database';
import { MIGRATIONS, migrate, schemaVersion } from '../../../../src/main/core/db/migrate';
import { DestructionRepo } from '../../../../src/main/core/repositories/destruction-repo';

let dir: string | undefined;
let db: Db | undefined;
afterEach(() => {
  if (db?.open) db.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

it('0170 adds the 销毁清册 table: id, when, revision and a sealed body only (no name in a plain column)', () => {
  dir = mkdtempSync(join(tmpdir(), 'zd-mig170-'));
  db = openEncryptedDatabase(join(dir, 'v.db'), randomBytes(32));
  migrate(db, MIGRATIONS.filter((m) => m.version < 170));
  expect(db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'destruction_lists'").get()).toEqual({ n: 0 });
  migrate(db, MIGRATIONS.filter((m) => m.version <= 170));
  expect(schemaVersion(db)).toBe(170);
  const columns = (db.prepare('PRAGMA table_info(destruction_lists)').all() as { name: string; type: string }[]).map((c) => `${c.name} ${c.type}`);
  expect(columns).toEqual(['id TEXT', 'holder TEXT', 'created_at TEXT', 'rev INTEGER', 'body BLOB']);
  // STRICT: a body that is not bytes is refused.
  expect(() => db!.prepare("INSERT INTO destruction_lists VALUES ('a', 'master', 'b', 1, 'text')").run()).toThrow();
  expect(() => db!.prepare("INSERT INTO destruction_lists VALUES ('a', 'someone', 'b', 1, x'00')").run()).toThrow();
  const repo = new DestructionRepo(db);
  repo.put({ id: 'x', holder: 'master', createdAt: '2026-01-01T00:00:00.000Z', rev: 1, body: Buffer.from([1, 2]) });
  repo.put({ id: 'x', holder: 'master', createdAt: '2026-01-01T00:00:00.000Z', rev: 2, body: Buffer.from([3]) });
  repo.put({ id: 'x', holder: 'master-next', createdAt: '2026-01-01T00:00:00.000Z', rev: 2, body: Buffer.from([4]) });
  expect(repo.all()).toEqual([{ id: 'x', holder: 'master', createdAt: '2026-01-01T00:00:00.000Z', rev: 2, body: Buffer.from([3]) }]);
  repo.promoteMasterNext();
  expect(repo.all()).toEqual([{ id: 'x', holder: 'master', createdAt: '2026-01-01T00:00:00.000Z', rev: 2, body: Buffer.from([4]) }]);
  expect(repo.all('master-next')).toEqual([]);
});
