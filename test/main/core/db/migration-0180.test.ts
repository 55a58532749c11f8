import { mkdtempSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { openEncryptedDatabase, type Db } from '../../../../src/main/core/db/database';
import { MIGRATIONS, migrate, schemaVersion } from '../../../../src/main/core/db/migrate';
import { ShareRepo } from '../../../../src/main/core/repositories/share-repo';

let dir: string | undefined;
let db: Db | undefined;
afterEach(() => {
  if (db?.open) db.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

it('0180 adds the share register: a sealed body per share, listed by client newest first', () => {
  dir = mkdtempSync(join(tmpdir(), 'zd-mig180-'));
  db = openEncryptedDatabase(join(dir, 'v.db'), randomBytes(32));
  migrate(db, MIGRATIONS.filter((m) => m.version < 180));
  expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'shares'").get()).toBeUndefined();
  migrate(db, MIGRATIONS.filter((m) => m.version <= 180));
  expect(schemaVersion(db)).toBe(180);
  const cols = (db.prepare('PRAGMA table_info(shares)').all() as { name: string }[]).map((c) => c.name);
  expect(cols).toEqual(['id', 'client_id', 'key_version', 'created_at', 'body']);
  const repo = new ShareRepo(db);
  repo.put({ id: 's1', clientId: 'c', keyVersion: 1, createdAt: '2026-01-01T00:00:00.000Z', body: Buffer.from('a') });
  repo.put({ id: 's2', clientId: 'c', keyVersion: 1, createdAt: '2026-02-01T00:00:00.000Z', body: Buffer.from('b') });
  repo.put({ id: 's3', clientId: 'other', keyVersion: 1, createdAt: '2026-03-01T00:00:00.000Z', body: Buffer.from('c') });
  repo.put({ id: 's1', clientId: 'c', keyVersion: 2, createdAt: '2026-01-01T00:00:00.000Z', body: Buffer.from('resealed') });
  expect(repo.byClient('c').map((r) => [r.id, r.keyVersion, r.body.toString()])).toEqual([
    ['s2', 1, 'b'],
    ['s1', 2, 'resealed'],
  ]);
  expect(() => db!.prepare("INSERT INTO shares (id, client_id, key_version, created_at, body) VALUES ('x', 'c', 0, 'x', x'00')").run()).toThrow();
});
