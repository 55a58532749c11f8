import type { Db } from '../db/database';

/**
 * vault.db's side of the sync (tables of migration 0200, and the reads of
 * sealed records and key wraps a push needs). Nothing here runs before the
 * vault is published or joined.
 */

/** A client or document record as vault.db holds it (documents fill the blob columns). */
export interface LocalRecord {
  kind: 'client' | 'document';
  id: string;
  clientId: string;
  rev: number;
  keyVersion: number;
  author: string;
  blobId: string | null;
  wrappedKey: Buffer | null;
  size: number | null;
  dupTag: Buffer | null;
  body: Buffer;
  sig: Buffer;
  seq: number;
}

export interface SyncConfigRow {
  device: string;
  sealed: Buffer | null;
  publishedAt: string;
}

export interface WrapRow {
  clientId: string;
  version: number;
  holder: string;
  wrapped: Buffer;
  grantedBy: string | null;
}

export type SyncProblem = 'not-member' | 'tampered' | 'malformed' | 'replay' | 'withheld';

export const SYNC_COUNTERS = ['pushed_seq', 'pulled_server_seq', 'dev_seq'] as const;
export type SyncCounter = (typeof SYNC_COUNTERS)[number];

const CLIENT_AS_LOCAL = `'client' AS kind, id, id AS clientId, rev, key_version AS keyVersion, author, NULL AS blobId, NULL AS wrappedKey,
  NULL AS size, NULL AS dupTag, body, sig, seq`;
const DOCUMENT_AS_LOCAL = `'document' AS kind, id, client_id AS clientId, rev, key_version AS keyVersion, author, blob_id AS blobId,
  wrapped_key AS wrappedKey, size, dup_tag AS dupTag, body, sig, seq`;
const HISTORY_COLUMNS = `kind, id, client_id AS clientId, rev, key_version AS keyVersion, author, blob_id AS blobId, wrapped_key AS wrappedKey,
  size, dup_tag AS dupTag, body, sig, 0 AS seq`;

export class SyncRepo {
  constructor(private readonly db: Db) {}

  config(): SyncConfigRow | null {
    return (
      (this.db
        .prepare('SELECT device, sealed, published_at AS publishedAt FROM sync_config WHERE id = 1')
        .get() as SyncConfigRow | undefined) ?? null
    );
  }

  setConfig(row: SyncConfigRow): void {
    this.db
      .prepare(
        `INSERT INTO sync_config (id, device, sealed, published_at) VALUES (1, @device, @sealed, @publishedAt)
         ON CONFLICT(id) DO UPDATE SET device = excluded.device, sealed = excluded.sealed, published_at = excluded.published_at`,
      )
      .run(row);
  }

  serverWrap(holder: string): { wrapped: Buffer; signer: string; sig: Buffer } | null {
    return (this.db.prepare('SELECT wrapped, signer, sig FROM sync_server_wraps WHERE holder = ?').get(holder) as { wrapped: Buffer; signer: string; sig: Buffer } | undefined) ?? null;
  }

  serverWrapHolders(): Set<string> {
    return new Set((this.db.prepare('SELECT holder FROM sync_server_wraps').all() as { holder: string }[]).map((r) => r.holder));
  }

  putServerWrap(holder: string, wrapped: Buffer, signer: string, sig: Buffer): void {
    this.db
      .prepare('INSERT INTO sync_server_wraps (holder, wrapped, signer, sig) VALUES (?, ?, ?, ?) ON CONFLICT(holder) DO UPDATE SET wrapped = excluded.wrapped, signer = excluded.signer, sig = excluded.sig')
      .run(holder, wrapped, signer, sig);
  }

  counter(name: SyncCounter): number {
    return (this.db.prepare('SELECT value FROM sync_state WHERE name = ?').get(name) as { value: number } | undefined)?.value ?? 0;
  }

  setCounter(name: SyncCounter, value: number): void {
    this.db.prepare('INSERT INTO sync_state (name, value) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET value = excluded.value').run(name, value);
  }

  /** Local writes above `seq` that did not come from the server, clients before documents of the same number range. */
  unpushedRecords(seq: number): LocalRecord[] {
    const notPulled = 'seq > ? AND seq NOT IN (SELECT seq FROM sync_pulled)';
    const clients = this.db.prepare(`SELECT ${CLIENT_AS_LOCAL} FROM client_records WHERE ${notPulled}`).all(seq) as LocalRecord[];
    const docs = this.db.prepare(`SELECT ${DOCUMENT_AS_LOCAL} FROM document_records WHERE ${notPulled}`).all(seq) as LocalRecord[];
    return [...clients, ...docs].sort((a, b) => a.seq - b.seq);
  }

  local(kind: LocalRecord['kind'], id: string): LocalRecord | null {
    const sql = kind === 'client' ? `SELECT ${CLIENT_AS_LOCAL} FROM client_records WHERE id = ?` : `SELECT ${DOCUMENT_AS_LOCAL} FROM document_records WHERE id = ?`;
    return (this.db.prepare(sql).get(id) as LocalRecord | undefined) ?? null;
  }

  /** Document deletions written here above `seq` (not ones that came from the server). */
  unpushedTombstones(seq: number): { kind: string; id: string; clientId: string; seq: number }[] {
    return this.db
      .prepare(
        `SELECT kind, id, client_id AS clientId, seq FROM tombstones WHERE kind = 'document' AND seq > ? AND seq NOT IN (SELECT seq FROM sync_pulled) ORDER BY seq`,
      )
      .all(seq) as { kind: string; id: string; clientId: string; seq: number }[];
  }

  /** The revision a deletion of this record covers (0: none known). */
  tombstoneRev(kind: string, id: string): number {
    return (this.db.prepare('SELECT rev FROM sync_tombstones WHERE kind = ? AND id = ?').get(kind, id) as { rev: number } | undefined)?.rev ?? 0;
  }

  setTombstoneRev(kind: string, id: string, rev: number): void {
    this.db
      .prepare('INSERT INTO sync_tombstones (kind, id, rev) VALUES (?, ?, ?) ON CONFLICT(kind, id) DO UPDATE SET rev = max(rev, excluded.rev)')
      .run(kind, id, rev);
  }

  markPulled(seq: number, device: string): void {
    this.db.prepare('INSERT OR IGNORE INTO sync_pulled (seq, device) VALUES (?, ?)').run(seq, device);
  }

  /** The device a row written at `seq` came from; null when it was written on this PC (or pulled before the last push). */
  pulledFrom(seq: number): string | null {
    return (this.db.prepare('SELECT device FROM sync_pulled WHERE seq = ?').get(seq) as { device: string } | undefined)?.device ?? null;
  }

  /** Forgets pulled numbers at or below what has been pushed (no longer looked at). */
  prunePulled(upTo: number): void {
    this.db.prepare('DELETE FROM sync_pulled WHERE seq <= ?').run(upTo);
  }

  deviceSeq(device: string): number {
    return (this.db.prepare('SELECT dev_seq AS n FROM sync_devices WHERE device = ?').get(device) as { n: number } | undefined)?.n ?? 0;
  }

  setDeviceSeq(device: string, devSeq: number): void {
    this.db.prepare('INSERT INTO sync_devices (device, dev_seq) VALUES (?, ?) ON CONFLICT(device) DO UPDATE SET dev_seq = excluded.dev_seq').run(device, devSeq);
  }

  addHistory(r: Omit<LocalRecord, 'seq'>, pushed: boolean, at: string): void {
    this.db
      .prepare(
        `INSERT OR IGNORE INTO sync_history (kind, id, client_id, rev, key_version, author, blob_id, wrapped_key, size, dup_tag, body, sig, pushed, at)
         VALUES (@kind, @id, @clientId, @rev, @keyVersion, @author, @blobId, @wrappedKey, @size, @dupTag, @body, @sig, @pushed, @at)`,
      )
      .run({ ...r, pushed: pushed ? 1 : 0, at });
  }

  /** Revisions that lost a conflict on this PC and have not reached the server yet. */
  unpushedHistory(): LocalRecord[] {
    return this.db.prepare(`SELECT ${HISTORY_COLUMNS} FROM sync_history WHERE pushed = 0 ORDER BY at`).all() as LocalRecord[];
  }

  markHistoryPushed(r: Pick<LocalRecord, 'kind' | 'id' | 'rev' | 'sig'>): void {
    this.db.prepare('UPDATE sync_history SET pushed = 1 WHERE kind = ? AND id = ? AND rev = ? AND sig = ?').run(r.kind, r.id, r.rev, r.sig);
  }

  history(kind: LocalRecord['kind'], id: string): LocalRecord[] {
    return this.db.prepare(`SELECT ${HISTORY_COLUMNS} FROM sync_history WHERE kind = ? AND id = ? ORDER BY rev, author, sig`).all(kind, id) as LocalRecord[];
  }

  unsentWraps(): WrapRow[] {
    return this.db
      .prepare(
        `SELECT k.client_id AS clientId, k.version, k.holder, k.wrapped, k.granted_by AS grantedBy FROM client_keys k
         LEFT JOIN sync_wraps_sent s ON s.client_id = k.client_id AND s.version = k.version AND s.holder = k.holder
         WHERE s.client_id IS NULL AND k.holder <> 'master-next' ORDER BY k.client_id, k.version, k.holder`,
      )
      .all() as WrapRow[];
  }

  markWrapSent(w: Pick<WrapRow, 'clientId' | 'version' | 'holder'>): void {
    this.db.prepare('INSERT OR IGNORE INTO sync_wraps_sent (client_id, version, holder) VALUES (?, ?, ?)').run(w.clientId, w.version, w.holder);
  }

  /** A pulled wrap, unless this PC already holds one for that client, version and holder. False: it was there. */
  insertWrap(w: WrapRow, createdAt: string): boolean {
    const known = this.db.prepare('SELECT 1 FROM staff WHERE id = ?').get(w.grantedBy) !== undefined;
    const changes = this.db
      .prepare('INSERT OR IGNORE INTO client_keys (client_id, version, holder, wrapped, granted_by, created_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(w.clientId, w.version, w.holder, w.wrapped, known ? w.grantedBy : null, createdAt).changes;
    this.markWrapSent(w);
    return changes === 1;
  }

  clientExists(id: string): boolean {
    return this.db.prepare('SELECT 1 FROM client_records WHERE id = ?').get(id) !== undefined;
  }

  addProblem(problem: SyncProblem, serverSeq: number, what: string, at: string): void {
    this.db.prepare('INSERT INTO sync_problems (at, problem, server_seq, what) VALUES (?, ?, ?, ?)').run(at, problem, serverSeq, what);
  }

  problems(): { at: string; problem: SyncProblem; serverSeq: number; what: string }[] {
    return this.db.prepare('SELECT at, problem, server_seq AS serverSeq, what FROM sync_problems ORDER BY n').all() as {
      at: string;
      problem: SyncProblem;
      serverSeq: number;
      what: string;
    }[];
  }
}
