import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openPlainDatabase, type Db } from '../../../../src/main/core/db/database';
import { isVaultError } from '../../../../src/main/core/errors';
import { withMappedErrors } from '../../../../src/main/core/repositories/mapped-db';

let dir: string;
let raw: Db;
let db: Db;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'zd-mapped-'));
  raw = openPlainDatabase(join(dir, 'p.db'));
  raw.exec('CREATE TABLE t (n INTEGER PRIMARY KEY)');
  for (let n = 1; n <= 5; n++) raw.prepare('INSERT INTO t VALUES (?)').run(n);
  db = withMappedErrors(raw);
});
afterEach(() => {
  raw.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the repositories’ view of the database', () => {
  it('compiles each statement once and hands it out again', () => {
    const sql = 'SELECT n FROM t WHERE n = ?';
    const a = db.prepare(sql);
    const b = db.prepare(sql);
    expect(a).toBe(b);
    expect(b.get(3)).toEqual({ n: 3 });
  });

  it('gives a fresh statement while the cached one is still iterating', () => {
    const sql = 'SELECT n FROM t ORDER BY n';
    const seen: number[][] = [];
    for (const row of db.prepare(sql).iterate() as IterableIterator<{ n: number }>) {
      seen.push([row.n, (db.prepare(sql).all() as { n: number }[]).length]);
    }
    expect(seen).toEqual([1, 2, 3, 4, 5].map((n) => [n, 5]));
    // Breaking out of a loop frees the statement for the next caller.
    for (const row of db.prepare(sql).iterate()) {
      void row;
      break;
    }
    expect(db.prepare(sql).all()).toHaveLength(5);
  });

  it('still maps the errors of a cached statement', () => {
    const insert = 'INSERT INTO t VALUES (?)';
    db.prepare(insert).run(6);
    raw.pragma('query_only = 1');
    let caught: unknown;
    try {
      db.prepare(insert).run(7);
    } catch (err) {
      caught = err;
    }
    expect(isVaultError(caught, 'READ_ONLY')).toBe(true);
  });
});
