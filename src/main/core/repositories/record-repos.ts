import type { Db } from '../db/database';

/**
 * SQL for the sealed records in vault.db (see records/record-seal.ts). The
 * bodies are opaque here: sealing and opening happen in records/record-store.ts.
 */

export interface SealedClientRow {
  id: string;
  keyVersion: number;
  rev: number;
  seq: number;
  author: string;
  body: Buffer;
  sig: Buffer;
}

export interface SealedDocumentRow extends SealedClientRow {
  clientId: string;
  blobId: string;
  wrappedKey: Buffer;
  size: number;
  dupTag: Buffer;
}

export interface Tombstone {
  kind: string;
  id: string;
  clientId: string;
  seq: number;
}

const CLIENT_COLUMNS = 'id, key_version AS keyVersion, rev, seq, author, body, sig';
const DOCUMENT_COLUMNS = `id, client_id AS clientId, blob_id AS blobId, wrapped_key AS wrappedKey, key_version AS keyVersion, size,
  dup_tag AS dupTag, rev, seq, author, body, sig`;

/** The write sequence every record change takes a number from (views catch up by it). */
export class SeqRepo {
  constructor(private readonly db: Db) {}

  next(): number {
    return (this.db.prepare("UPDATE counters SET value = value + 1 WHERE name = 'seq' RETURNING value").get() as { value: number }).value;
  }

  current(): number {
    return (this.db.prepare("SELECT value FROM counters WHERE name = 'seq'").get() as { value: number } | undefined)?.value ?? 0;
  }

  tombstone(kind: string, id: string, clientId: string, seq: number): void {
    this.db
      .prepare('INSERT INTO tombstones (kind, id, client_id, seq) VALUES (?, ?, ?, ?) ON CONFLICT(kind, id) DO UPDATE SET seq = excluded.seq')
      .run(kind, id, clientId, seq);
  }

  tombstonesSince(seq: number): Tombstone[] {
    return this.db.prepare('SELECT kind, id, client_id AS clientId, seq FROM tombstones WHERE seq > ? ORDER BY seq').all(seq) as Tombstone[];
  }
}

export class ClientRecordRepo {
  constructor(private readonly db: Db) {}

  put(row: SealedClientRow): void {
    this.db
      .prepare(
        `INSERT INTO client_records (id, key_version, rev, seq, author, body, sig) VALUES (@id, @keyVersion, @rev, @seq, @author, @body, @sig)
         ON CONFLICT(id) DO UPDATE SET key_version = excluded.key_version, rev = excluded.rev, seq = excluded.seq,
           author = excluded.author, body = excluded.body, sig = excluded.sig`,
      )
      .run(row);
  }

  byId(id: string): SealedClientRow | null {
    return (this.db.prepare(`SELECT ${CLIENT_COLUMNS} FROM client_records WHERE id = ?`).get(id) as SealedClientRow | undefined) ?? null;
  }

  delete(id: string): boolean {
    return this.db.prepare('DELETE FROM client_records WHERE id = ?').run(id).changes === 1;
  }

  /** Every client's id and current key version (no bodies): the set a view is compared with. */
  versions(): Map<string, number> {
    const rows = this.db.prepare('SELECT id, key_version AS v FROM client_records').all() as { id: string; v: number }[];
    return new Map(rows.map((r) => [r.id, r.v]));
  }

  ids(): string[] {
    return (this.db.prepare('SELECT id FROM client_records ORDER BY id').all() as { id: string }[]).map((r) => r.id);
  }

  changedSince(seq: number): SealedClientRow[] {
    return this.db.prepare(`SELECT ${CLIENT_COLUMNS} FROM client_records WHERE seq > ? ORDER BY seq`).all(seq) as SealedClientRow[];
  }

  count(): number {
    return (this.db.prepare('SELECT count(*) AS n FROM client_records').get() as { n: number }).n;
  }
}

export class DocumentRecordRepo {
  constructor(private readonly db: Db) {}

  put(row: SealedDocumentRow): void {
    this.db
      .prepare(
        `INSERT INTO document_records (id, client_id, blob_id, wrapped_key, key_version, size, dup_tag, rev, seq, author, body, sig)
         VALUES (@id, @clientId, @blobId, @wrappedKey, @keyVersion, @size, @dupTag, @rev, @seq, @author, @body, @sig)
         ON CONFLICT(id) DO UPDATE SET wrapped_key = excluded.wrapped_key, key_version = excluded.key_version, dup_tag = excluded.dup_tag,
           rev = excluded.rev, seq = excluded.seq, author = excluded.author, body = excluded.body, sig = excluded.sig`,
      )
      .run(row);
  }

  byId(id: string): SealedDocumentRow | null {
    return (this.db.prepare(`SELECT ${DOCUMENT_COLUMNS} FROM document_records WHERE id = ?`).get(id) as SealedDocumentRow | undefined) ?? null;
  }

  byClient(clientId: string): SealedDocumentRow[] {
    return this.db.prepare(`SELECT ${DOCUMENT_COLUMNS} FROM document_records WHERE client_id = ? ORDER BY seq`).all(clientId) as SealedDocumentRow[];
  }

  /** Documents of a client with this duplicate tag (a keyed content hash: see record-seal.ts). */
  byDupTag(clientId: string, dupTag: Buffer): SealedDocumentRow[] {
    return this.db.prepare(`SELECT ${DOCUMENT_COLUMNS} FROM document_records WHERE client_id = ? AND dup_tag = ?`).all(clientId, dupTag) as SealedDocumentRow[];
  }

  changedSince(seq: number): SealedDocumentRow[] {
    return this.db.prepare(`SELECT ${DOCUMENT_COLUMNS} FROM document_records WHERE seq > ? ORDER BY seq`).all(seq) as SealedDocumentRow[];
  }

  delete(id: string): boolean {
    return this.db.prepare('DELETE FROM document_records WHERE id = ?').run(id).changes === 1;
  }

  /** Every blob id a row references, read one row at a time (no keys, no other columns). */
  blobIds(): Set<string> {
    const ids = new Set<string>();
    for (const row of this.db.prepare('SELECT blob_id AS b FROM document_records').iterate() as IterableIterator<{ b: string }>) ids.add(row.b);
    return ids;
  }

  /** Every document's id, client, blob and size: what the full check walks. */
  blobRefs(): { id: string; clientId: string; blobId: string; size: number }[] {
    return this.db.prepare('SELECT id, client_id AS clientId, blob_id AS blobId, size FROM document_records ORDER BY id').all() as {
      id: string;
      clientId: string;
      blobId: string;
      size: number;
    }[];
  }

  count(): number {
    return (this.db.prepare('SELECT count(*) AS n FROM document_records').get() as { n: number }).n;
  }
}

export interface SealedCredentialRow extends SealedClientRow {
  clientId: string;
  /** The attached certificate, sealed under the same key (kind 'credential-file'); null when none. */
  file: Buffer | null;
}

const CREDENTIAL_COLUMNS = 'id, client_id AS clientId, key_version AS keyVersion, rev, seq, author, body, file, sig';

export class CredentialRecordRepo {
  constructor(private readonly db: Db) {}

  put(row: SealedCredentialRow): void {
    this.db
      .prepare(
        `INSERT INTO credential_records (id, client_id, key_version, rev, seq, author, body, file, sig)
         VALUES (@id, @clientId, @keyVersion, @rev, @seq, @author, @body, @file, @sig)
         ON CONFLICT(id) DO UPDATE SET key_version = excluded.key_version, rev = excluded.rev, seq = excluded.seq,
           author = excluded.author, body = excluded.body, file = excluded.file, sig = excluded.sig`,
      )
      .run(row);
  }

  byId(id: string): SealedCredentialRow | null {
    return (this.db.prepare(`SELECT ${CREDENTIAL_COLUMNS} FROM credential_records WHERE id = ?`).get(id) as SealedCredentialRow | undefined) ?? null;
  }

  byClient(clientId: string): SealedCredentialRow[] {
    return this.db.prepare(`SELECT ${CREDENTIAL_COLUMNS} FROM credential_records WHERE client_id = ? ORDER BY seq`).all(clientId) as SealedCredentialRow[];
  }

  changedSince(seq: number): SealedCredentialRow[] {
    return this.db.prepare(`SELECT ${CREDENTIAL_COLUMNS} FROM credential_records WHERE seq > ? ORDER BY seq`).all(seq) as SealedCredentialRow[];
  }

  delete(id: string): boolean {
    return this.db.prepare('DELETE FROM credential_records WHERE id = ?').run(id).changes === 1;
  }

  count(): number {
    return (this.db.prepare('SELECT count(*) AS n FROM credential_records').get() as { n: number }).n;
  }
}

export interface SealedTextRow extends SealedClientRow {
  clientId: string;
}

const TEXT_COLUMNS = 'id, client_id AS clientId, key_version AS keyVersion, rev, seq, author, body, sig';

/** The sealed text read from inside documents (one per document, keyed by its id). */
export class TextRecordRepo {
  constructor(private readonly db: Db) {}

  put(row: SealedTextRow): void {
    this.db
      .prepare(
        `INSERT INTO text_records (id, client_id, key_version, rev, seq, author, body, sig)
         VALUES (@id, @clientId, @keyVersion, @rev, @seq, @author, @body, @sig)
         ON CONFLICT(id) DO UPDATE SET key_version = excluded.key_version, rev = excluded.rev, seq = excluded.seq,
           author = excluded.author, body = excluded.body, sig = excluded.sig`,
      )
      .run(row);
  }

  byId(id: string): SealedTextRow | null {
    return (this.db.prepare(`SELECT ${TEXT_COLUMNS} FROM text_records WHERE id = ?`).get(id) as SealedTextRow | undefined) ?? null;
  }

  byClient(clientId: string): SealedTextRow[] {
    return this.db.prepare(`SELECT ${TEXT_COLUMNS} FROM text_records WHERE client_id = ? ORDER BY seq`).all(clientId) as SealedTextRow[];
  }

  changedSince(seq: number): SealedTextRow[] {
    return this.db.prepare(`SELECT ${TEXT_COLUMNS} FROM text_records WHERE seq > ? ORDER BY seq`).all(seq) as SealedTextRow[];
  }

  /** Documents of the given clients with no text record yet, oldest first: the indexer's queue. */
  unread(clientIds: readonly string[], limit: number): { id: string; clientId: string }[] {
    if (clientIds.length === 0) return [];
    const rows = this.db
      .prepare(
        `SELECT d.id, d.client_id AS clientId FROM document_records d LEFT JOIN text_records t ON t.id = d.id
         WHERE t.id IS NULL AND d.client_id IN (SELECT value FROM json_each(?)) ORDER BY d.seq LIMIT ?`,
      )
      .all(JSON.stringify(clientIds), limit) as { id: string; clientId: string }[];
    return rows;
  }

  unreadCount(clientIds: readonly string[]): number {
    if (clientIds.length === 0) return 0;
    return (
      this.db
        .prepare(
          `SELECT count(*) AS n FROM document_records d LEFT JOIN text_records t ON t.id = d.id
           WHERE t.id IS NULL AND d.client_id IN (SELECT value FROM json_each(?))`,
        )
        .get(JSON.stringify(clientIds)) as { n: number }
    ).n;
  }

  delete(id: string): boolean {
    return this.db.prepare('DELETE FROM text_records WHERE id = ?').run(id).changes === 1;
  }

  count(): number {
    return (this.db.prepare('SELECT count(*) AS n FROM text_records').get() as { n: number }).n;
  }
}
