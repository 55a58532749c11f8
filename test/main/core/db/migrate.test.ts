import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openEncryptedDatabase, type Db } from '../../../../src/main/core/db/database';
import { LATEST_SCHEMA_VERSION, MIGRATIONS, migrate, schemaVersion, type Migration } from '../../../../src/main/core/db/migrate';
import { isVaultError } from '../../../../src/main/core/errors';

let dir: string;
let db: Db;
const key = randomBytes(32);

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'zd-mig-'));
  db = openEncryptedDatabase(join(dir, 'v.db'), key);
});
afterEach(() => {
  if (db.open) db.close();
  rmSync(dir, { recursive: true, force: true });
});

const tables = () => (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[]).map((r) => r.name);

describe('migrations', () => {
  it('are numbered with gaps, strictly increasing', () => {
    const versions = MIGRATIONS.map((m) => m.version);
    expect(versions).toEqual([...versions].sort((a, b) => a - b));
    for (const v of versions) expect(v % 10).toBe(0);
  });

  it('0010 creates meta, staff, clients and documents with their constraints', () => {
    migrate(db, MIGRATIONS.filter((m) => m.version <= 10));
    expect(schemaVersion(db)).toBe(10);
    expect(tables()).toEqual(expect.arrayContaining(['clients', 'documents', 'meta', 'staff']));
    const now = new Date().toISOString();
    db.prepare("INSERT INTO staff (id, name, name_key, role, created_at) VALUES ('s', '张', '张', 'owner', ?)").run(now);
    expect(() => db.prepare("INSERT INTO staff (id, name, name_key, role, created_at) VALUES ('t', 'x', 'x', 'boss', ?)").run(now)).toThrow();
    expect(() =>
      db.prepare("INSERT INTO documents (id, client_id, blob_id, wrapped_key, name, size, sha256, created_at, updated_at) VALUES ('d', 'nope', 'b', x'00', 'n', 0, 'h', ?, ?)").run(now, now),
    ).toThrow(/FOREIGN KEY/);
  });

  it('0040 adds client keys, encrypted sensitive columns and key versions, and drops the plaintext columns', () => {
    migrate(db, MIGRATIONS.filter((m) => m.version <= 40));
    expect(schemaVersion(db)).toBe(40);
    expect(tables()).toContain('client_keys');
    const columns = (table: string) => (db.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[]).map((c) => c.name);
    expect(columns('clients')).toEqual(expect.arrayContaining(['key_version', 'phone_enc', 'bank_account_enc']));
    expect(columns('clients')).not.toContain('phone');
    expect(columns('clients')).not.toContain('bank_account');
    expect(columns('documents')).toContain('key_version');
    const now = new Date().toISOString();
    db.prepare("INSERT INTO clients (id, name, created_at, updated_at) VALUES ('c', '甲', ?, ?)").run(now, now);
    const insert = db.prepare("INSERT INTO client_keys (client_id, version, holder, wrapped, created_at) VALUES ('c', ?, ?, x'00', ?)");
    insert.run(1, 'master', now);
    insert.run(1, 'a'.repeat(32), now);
    expect(() => insert.run(1, 'master', now)).toThrow(/UNIQUE|PRIMARY/);
    expect(() => insert.run(0, 'master-next', now)).toThrow(/CHECK/);
    expect(() => insert.run(2, 'somebody', now)).toThrow(/CHECK/);
    expect(() => db.prepare("INSERT INTO client_keys (client_id, version, holder, wrapped, created_at) VALUES ('nope', 1, 'master', x'00', ?)").run(now)).toThrow(/FOREIGN KEY/);
  });

  it('0040 refuses a database that already holds clients (pre-release data cannot be re-encrypted without keys)', () => {
    migrate(db, MIGRATIONS.filter((m) => m.version <= 30));
    const now = new Date().toISOString();
    db.prepare("INSERT INTO clients (id, name, phone, created_at, updated_at) VALUES ('c', '甲', '13800000000', ?, ?)").run(now, now);
    expect(() => migrate(db)).toThrow(expect.objectContaining({ code: 'UNSUPPORTED_VERSION' }) as Error);
    expect(schemaVersion(db)).toBe(30);
    expect(tables()).not.toContain('client_keys');
  });

  it('0030 keeps settings per scope and key, as valid JSON, with only the policy and staff scopes', () => {
    migrate(db, MIGRATIONS.filter((m) => m.version <= 30));
    expect(tables()).toContain('settings');
    const now = new Date().toISOString();
    const insert = (scope: string, key: string, value: string) =>
      db.prepare('INSERT INTO settings (scope, key, value, updated_at) VALUES (?, ?, ?, ?)').run(scope, key, value, now);
    insert('policy', 'lock', '{"maxIdleMinutes":5}');
    insert('staff:abc', 'lock', '{}');
    expect(() => insert('policy', 'lock', '{}')).toThrow(/UNIQUE|PRIMARY/);
    expect(() => insert('firm', 'lock', '{}')).toThrow(/CHECK/);
    expect(() => insert('staff:', 'lock', '{}')).toThrow(/CHECK/);
    expect(() => insert('policy', '', '{}')).toThrow(/CHECK/);
    expect(() => insert('policy', 'x'.repeat(65), '{}')).toThrow(/CHECK/);
    expect(() => insert('policy', 'broken', '{not json')).toThrow(/CHECK/);
    expect(() => db.prepare("INSERT INTO settings (scope, key, value, updated_at, updated_by) VALUES ('policy', 'k', '1', ?, 'nobody')").run(now)).toThrow(/FOREIGN KEY/);
  });

  it('0080 on a vault holding nothing yet: the sealed tables only, client keys pointing at client records', () => {
    migrate(db);
    const all = tables();
    expect(all).toEqual(expect.arrayContaining(['client_records', 'document_records', 'tombstones', 'audit_log', 'counters', 'client_keys']));
    for (const old of ['clients', 'documents', 'audit_events', 'document_search', 'client_search']) expect(all).not.toContain(old);
    expect(db.prepare("SELECT value FROM meta WHERE key = 'upgrade'").get()).toBeUndefined();
    const now = new Date().toISOString();
    expect(() => db.prepare("INSERT INTO client_keys (client_id, version, holder, wrapped, created_at) VALUES ('nope', 1, 'master', x'00', ?)").run(now)).toThrow(/FOREIGN KEY/);
    db.prepare("INSERT INTO client_records (id, key_version, rev, seq, author, body, sig) VALUES ('c', 1, 1, 1, 'a', x'00', x'00')").run();
    db.prepare("INSERT INTO client_keys (client_id, version, holder, wrapped, created_at) VALUES ('c', 1, 'master', x'00', ?)").run(now);
    expect(() => db.prepare("INSERT INTO client_records (id, key_version, rev, seq, author, body, sig) VALUES ('d', 1, 1, 1, 'a', x'00', x'00')").run()).toThrow(/UNIQUE/);
    expect(() => db.prepare("INSERT INTO audit_log (at, action, outcome, machine, detail_hash, roster_version, signer, prev, sig) VALUES ('t', 'x', 'maybe', 'pc', x'00', 1, 's', x'00', x'00')").run()).toThrow(/CHECK/);
  });

  it('0080 on a vault that holds data keeps the old tables, marked for the keyed conversion', () => {
    migrate(db, MIGRATIONS.filter((m) => m.version <= 70));
    const now = new Date().toISOString();
    db.prepare("INSERT INTO clients (id, name, key_version, created_at, updated_at) VALUES ('c', '福州闽江', 1, ?, ?)").run(now, now);
    migrate(db);
    expect(tables()).toEqual(expect.arrayContaining(['clients', 'documents', 'audit_events', 'client_records', 'audit_log']));
    expect(db.prepare("SELECT value FROM meta WHERE key = 'upgrade'").get()).toEqual({ value: 'v3' });
  });

  it('0020 creates the append-only audit table with its outcome constraint', () => {
    migrate(db, MIGRATIONS.filter((m) => m.version <= 20));
    expect(tables()).toContain('audit_events');
    const insert = (outcome: string) =>
      db.prepare("INSERT INTO audit_events (at, action, outcome, machine, mac) VALUES ('t', 'unlock', ?, 'pc', x'00')").run(outcome);
    insert('success');
    expect(() => insert('maybe')).toThrow();
  });

  it('0050 indexes the rows that exist when it runs', () => {
    migrate(db, MIGRATIONS.filter((m) => m.version <= 40));
    const now = new Date().toISOString();
    db.prepare("INSERT INTO clients (id, name, key_version, created_at, updated_at) VALUES ('c', '福州闽江', 1, ?, ?)").run(now, now);
    db.prepare("INSERT INTO documents (id, client_id, blob_id, wrapped_key, key_version, name, size, sha256, created_at, updated_at) VALUES ('d', 'c', 'b', x'00', 1, '2025年 银行对账单.pdf', 0, 'h', ?, ?)").run(now, now);
    migrate(db);
    const hit = db.prepare("SELECT rowid FROM document_search WHERE document_search MATCH '\"对账\"'").all();
    expect(hit).toHaveLength(1);
    expect(db.prepare("SELECT rowid FROM client_search WHERE client_search MATCH '\"闽江\"'").all()).toHaveLength(1);
  });

  it('0060 orders each period by its newest documents', () => {
    migrate(db, MIGRATIONS.filter((m) => m.version <= 60));
    const plan = (sql: string) => (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[]).map((r) => r.detail).join(' | ');
    const month = plan("SELECT id FROM documents WHERE period_year = 2024 AND period_month = 3 AND status = 'active' ORDER BY updated_at DESC LIMIT 50");
    expect(month).toContain('documents_period_updated');
    expect(month).not.toContain('TEMP B-TREE');
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'documents_period'").get()).toBeUndefined();
  });

  it('0070 asks for one full blob sweep only where documents already exist', () => {
    migrate(db, MIGRATIONS.filter((m) => m.version <= 60));
    const now = new Date().toISOString();
    db.prepare("INSERT INTO clients (id, name, key_version, created_at, updated_at) VALUES ('c', '福州闽江', 1, ?, ?)").run(now, now);
    db.prepare("INSERT INTO documents (id, client_id, blob_id, wrapped_key, key_version, name, size, sha256, created_at, updated_at) VALUES ('d', 'c', 'b', x'00', 1, 'x.pdf', 0, 'h', ?, ?)").run(now, now);
    migrate(db);
    expect(db.prepare("SELECT value FROM meta WHERE key = 'blob_sweep'").get()).toEqual({ value: 'full' });
    expect(tables()).toContain('blob_intents');
  });

  it('0070 on an empty vault needs no full sweep', () => {
    migrate(db);
    expect(db.prepare("SELECT value FROM meta WHERE key = 'blob_sweep'").get()).toBeUndefined();
  });

  it('0090 adds the sealed credential records on a vault at 0080, keeping what it holds', () => {
    migrate(db, MIGRATIONS.filter((m) => m.version <= 80));
    db.prepare("INSERT INTO client_records (id, key_version, rev, seq, author, body, sig) VALUES ('c1', 1, 1, 1, 'a', x'00', x'00')").run();
    migrate(db);
    expect(tables()).toContain('credential_records');
    expect((db.prepare('SELECT count(*) AS n FROM client_records').get() as { n: number }).n).toBe(1);
    const put = db.prepare("INSERT INTO credential_records (id, client_id, key_version, rev, seq, author, body, file, sig) VALUES (?, ?, 1, 1, ?, 'a', x'00', NULL, x'00')");
    put.run('k1', 'c1', 2);
    // A credential belongs to an existing client, and takes its own write sequence number.
    expect(() => put.run('k2', 'nobody', 3)).toThrow();
    expect(() => put.run('k3', 'c1', 2)).toThrow();
  });

  it('0100 adds the sealed text records, each belonging to an existing document', () => {
    migrate(db, MIGRATIONS.filter((m) => m.version <= 90));
    db.prepare("INSERT INTO client_records (id, key_version, rev, seq, author, body, sig) VALUES ('c1', 1, 1, 1, 'a', x'00', x'00')").run();
    db.prepare("INSERT INTO document_records (id, client_id, blob_id, wrapped_key, key_version, size, dup_tag, rev, seq, author, body, sig) VALUES ('d1', 'c1', 'b1', x'00', 1, 1, x'00', 1, 2, 'a', x'00', x'00')").run();
    migrate(db);
    const put = db.prepare("INSERT INTO text_records (id, client_id, key_version, rev, seq, author, body, sig) VALUES (?, 'c1', 1, 1, ?, 'a', x'00', x'00')");
    put.run('d1', 3);
    expect(() => put.run('no-such-document', 4)).toThrow();
    // A document cannot go while its text is there (the record store deletes the text first).
    expect(() => db.prepare("DELETE FROM document_records WHERE id = 'd1'").run()).toThrow();
  });

  it('brings a new database to the latest version and is idempotent', () => {
    expect(migrate(db)).toBe(LATEST_SCHEMA_VERSION);
    expect(migrate(db)).toBe(LATEST_SCHEMA_VERSION);
  });

  it('refuses a database from a newer version', () => {
    migrate(db);
    db.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 10}`);
    expect(() => migrate(db)).toThrow(expect.objectContaining({ code: 'FUTURE_VERSION' }) as Error);
  });

  it('applies each step in a transaction: a failing step leaves the previous version intact', () => {
    const broken: Migration = {
      version: 9990,
      name: 'broken',
      up: (d) => {
        d.exec('CREATE TABLE half_done (x)');
        throw new Error('boom');
      },
    };
    migrate(db);
    expect(() => migrate(db, [...MIGRATIONS, broken])).toThrow('boom');
    expect(schemaVersion(db)).toBe(LATEST_SCHEMA_VERSION);
    expect(tables()).not.toContain('half_done');
  });

  it('uses the SQLCipher page cipher with WAL, full sync and foreign keys', () => {
    expect(db.pragma('cipher', { simple: true })).toBe('sqlcipher');
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('temp_store', { simple: true })).toBe(2);
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(10000);
  });

  it('refuses the wrong key as tampered data', () => {
    migrate(db);
    db.close();
    let err: unknown;
    try {
      openEncryptedDatabase(join(dir, 'v.db'), randomBytes(32)).close();
    } catch (e) {
      err = e;
    }
    expect(isVaultError(err, 'TAMPERED')).toBe(true);
  });
});
