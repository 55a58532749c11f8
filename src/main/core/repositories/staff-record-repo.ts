import type { Db } from '../db/database';

export type StaffRecordKind = 'nda' | 'training' | 'ack';

export interface StaffRecordRow {
  id: string;
  staffId: string;
  kind: StaffRecordKind;
  /** Signed on, held on, acknowledged on (YYYY-MM-DD). */
  day: string;
  /** An agreement's last day. */
  untilDay: string | null;
  blobId: string | null;
  wrappedKey: Buffer;
  body: Buffer;
  createdAt: string;
  createdBy: string | null;
}

const COLUMNS = `id, staff_id AS staffId, kind, day, until_day AS untilDay, blob_id AS blobId, wrapped_key AS wrappedKey, body,
  created_at AS createdAt, created_by AS createdBy`;

/** Firm-level records about staff (agreements, training, acknowledgements): see migration 0160. */
export class StaffRecordRepo {
  constructor(private readonly db: Db) {}

  insert(row: StaffRecordRow): void {
    this.db
      .prepare(
        `INSERT INTO staff_records (id, staff_id, kind, day, until_day, blob_id, wrapped_key, body, created_at, created_by)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(row.id, row.staffId, row.kind, row.day, row.untilDay, row.blobId, row.wrappedKey, row.body, row.createdAt, row.createdBy);
  }

  byId(id: string): StaffRecordRow | null {
    return (this.db.prepare(`SELECT ${COLUMNS} FROM staff_records WHERE id = ?`).get(id) as StaffRecordRow | undefined) ?? null;
  }

  /** A staff member's records of one kind, latest day first. */
  ofStaff(staffId: string, kind: StaffRecordKind): StaffRecordRow[] {
    return this.db.prepare(`SELECT ${COLUMNS} FROM staff_records WHERE staff_id = ? AND kind = ? ORDER BY day DESC, created_at DESC`).all(staffId, kind) as StaffRecordRow[];
  }

  /** Every record of a kind (the staff page's and the self-check's counts). */
  allOf(kind: StaffRecordKind): StaffRecordRow[] {
    return this.db.prepare(`SELECT ${COLUMNS} FROM staff_records WHERE kind = ? ORDER BY day DESC, created_at DESC`).all(kind) as StaffRecordRow[];
  }

  /** The scans' blobs: kept by the orphan sweep and the backup, checked by `check`. */
  blobIds(): Set<string> {
    const ids = new Set<string>();
    for (const row of this.db.prepare('SELECT blob_id AS b FROM staff_records WHERE blob_id IS NOT NULL').iterate() as IterableIterator<{ b: string }>) ids.add(row.b);
    return ids;
  }

  // ---- a new master key (see AccessService.replaceMasterAndRotateAll) ----

  /** Every record's id and current wrap, to be rewrapped under the next master key. */
  wraps(): { id: string; wrappedKey: Buffer }[] {
    return this.db.prepare('SELECT id, wrapped_key AS wrappedKey FROM staff_records').all() as { id: string; wrappedKey: Buffer }[];
  }

  setNext(id: string, wrapped: Buffer): void {
    this.db.prepare('UPDATE staff_records SET wrapped_next = ? WHERE id = ?').run(wrapped, id);
  }

  clearNext(): void {
    this.db.prepare('UPDATE staff_records SET wrapped_next = NULL WHERE wrapped_next IS NOT NULL').run();
  }

  /** The next master key is vault.key's now: its wraps become the current ones. */
  promoteNext(): void {
    this.db.prepare('UPDATE staff_records SET wrapped_key = wrapped_next, wrapped_next = NULL WHERE wrapped_next IS NOT NULL').run();
  }
}
