import type { Db } from '../db/database';

export interface DocumentRow {
  id: string;
  clientId: string;
  blobId: string;
  wrappedKey: Buffer;
  name: string;
  category: string;
  periodYear: number | null;
  periodMonth: number | null;
  tags: string;
  notes: string;
  size: number;
  sha256: string;
  mime: string;
  status: 'active' | 'trashed';
  sample: number;
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
  trashedAt: string | null;
}

const COLUMNS = `id, client_id AS clientId, blob_id AS blobId, wrapped_key AS wrappedKey, name, category,
  period_year AS periodYear, period_month AS periodMonth, tags, notes, size, sha256, mime, status, sample,
  created_by AS createdBy, created_at AS createdAt, updated_at AS updatedAt, trashed_at AS trashedAt`;

export class DocumentRepo {
  constructor(private readonly db: Db) {}

  insert(row: DocumentRow): void {
    this.db
      .prepare(
        `INSERT INTO documents (id, client_id, blob_id, wrapped_key, name, category, period_year, period_month, tags,
          notes, size, sha256, mime, status, sample, created_by, created_at, updated_at, trashed_at)
         VALUES (@id, @clientId, @blobId, @wrappedKey, @name, @category, @periodYear, @periodMonth, @tags,
          @notes, @size, @sha256, @mime, @status, @sample, @createdBy, @createdAt, @updatedAt, @trashedAt)`,
      )
      .run(row);
  }

  byId(id: string): DocumentRow | null {
    return (this.db.prepare(`SELECT ${COLUMNS} FROM documents WHERE id = ?`).get(id) as DocumentRow | undefined) ?? null;
  }

  byClient(clientId: string, status: DocumentRow['status'] = 'active'): DocumentRow[] {
    return this.db
      .prepare(`SELECT ${COLUMNS} FROM documents WHERE client_id = ? AND status = ? ORDER BY created_at, id`)
      .all(clientId, status) as DocumentRow[];
  }

  byHash(clientId: string, sha256: string): DocumentRow | null {
    return (
      (this.db
        .prepare(`SELECT ${COLUMNS} FROM documents WHERE client_id = ? AND sha256 = ? AND status = 'active' LIMIT 1`)
        .get(clientId, sha256) as DocumentRow | undefined) ?? null
    );
  }

  rename(id: string, name: string, now: string): boolean {
    return this.db.prepare('UPDATE documents SET name = ?, updated_at = ? WHERE id = ?').run(name, now, id).changes === 1;
  }

  setStatus(id: string, status: DocumentRow['status'], now: string): boolean {
    return (
      this.db
        .prepare('UPDATE documents SET status = ?, updated_at = ?, trashed_at = ? WHERE id = ?')
        .run(status, now, status === 'trashed' ? now : null, id).changes === 1
    );
  }

  delete(id: string): boolean {
    return this.db.prepare('DELETE FROM documents WHERE id = ?').run(id).changes === 1;
  }

  /** Blob ids referenced by any row, for the orphan sweep and the full check. */
  allBlobRefs(): { id: string; blobId: string; wrappedKey: Buffer; size: number; sha256: string }[] {
    return this.db
      .prepare('SELECT id, blob_id AS blobId, wrapped_key AS wrappedKey, size, sha256 FROM documents')
      .all() as { id: string; blobId: string; wrappedKey: Buffer; size: number; sha256: string }[];
  }
}
