import { createHmac } from 'node:crypto';
import type { CredentialKind, CredentialSummary, StrengthScore } from '../../../shared/credentials';
import type { Db } from '../db/database';
import { escapeLike } from './client-view-repo';

/** What a view keeps of a credential: everything but the secret values, seed, old values and file (phone unmasked, for reveal-free masking). */
export type CredentialViewSummary = Pick<
  CredentialSummary,
  'url' | 'secrets' | 'hasTotp' | 'certificate' | 'custom' | 'notes' | 'rotationDue' | 'lastRotation' | 'historyCount' | 'createdAt'
> & { phone: string | null };

export interface CredentialRow {
  id: string;
  clientId: string;
  keyVersion: number;
  rev: number;
  kind: CredentialKind;
  title: string;
  login: string | null;
  expiresOn: string | null;
  rotationDue: number;
  strength: StrengthScore | null;
  reuseTag: Buffer | null;
  summary: string;
  updatedAt: string;
}

/** A row as written: the password is turned into a strength and a keyed tag here and not kept. */
export type CredentialRowInput = Omit<CredentialRow, 'reuseTag'> & { password: string | null };

const COLUMNS = `id, client_id AS clientId, key_version AS keyVersion, rev, kind, title, login, expires_on AS expiresOn,
  rotation_due AS rotationDue, strength, reuse_tag AS reuseTag, summary, updated_at AS updatedAt`;

export function summaryOf(row: CredentialRow): CredentialViewSummary {
  return JSON.parse(row.summary) as CredentialViewSummary;
}

/** Credentials as a staff member's view holds them (see view/view-db.ts): only of clients they can read. */
export class CredentialViewRepo {
  private hygieneKey: Buffer | null = null;

  constructor(private readonly db: Db) {}

  /**
   * A password's tag for finding reuse: keyed with this view's own random key, so equal passwords match
   * within the view and the tag tells nobody without the view anything.
   */
  private tag(password: string): Buffer {
    if (!this.hygieneKey) {
      const row = this.db.prepare("SELECT value FROM view_meta WHERE key = 'hygiene_key'").get() as { value: string } | undefined;
      if (!row) throw new Error('view has no hygiene key');
      this.hygieneKey = Buffer.from(row.value, 'hex');
    }
    return createHmac('sha256', this.hygieneKey).update(password, 'utf8').digest().subarray(0, 16);
  }

  upsert(input: CredentialRowInput): void {
    const { password, ...row } = input;
    const reuseTag = password ? this.tag(password) : null;
    this.db
      .prepare(
        `INSERT INTO credentials (id, client_id, key_version, rev, kind, title, login, expires_on, rotation_due, strength, reuse_tag, summary, updated_at)
         VALUES (@id, @clientId, @keyVersion, @rev, @kind, @title, @login, @expiresOn, @rotationDue, @strength, @reuseTag, @summary, @updatedAt)
         ON CONFLICT(id) DO UPDATE SET key_version = excluded.key_version, rev = excluded.rev, kind = excluded.kind, title = excluded.title,
           login = excluded.login, expires_on = excluded.expires_on, rotation_due = excluded.rotation_due, strength = excluded.strength,
           reuse_tag = excluded.reuse_tag, summary = excluded.summary, updated_at = excluded.updated_at`,
      )
      .run({ ...row, reuseTag });
  }

  byId(id: string): CredentialRow | null {
    return (this.db.prepare(`SELECT ${COLUMNS} FROM credentials WHERE id = ?`).get(id) as CredentialRow | undefined) ?? null;
  }

  byClient(clientId: string): CredentialRow[] {
    return this.db.prepare(`SELECT ${COLUMNS} FROM credentials WHERE client_id = ? ORDER BY title COLLATE NOCASE, id`).all(clientId) as CredentialRow[];
  }

  /** Credentials expiring on or before `until` (YYYY-MM-DD), soonest first (already expired ones included). */
  expiringBy(until: string): CredentialRow[] {
    return this.db.prepare(`SELECT ${COLUMNS} FROM credentials WHERE expires_on IS NOT NULL AND expires_on <= ? ORDER BY expires_on, id`).all(until) as CredentialRow[];
  }

  /** Credentials someone who left could have seen, not yet marked changed. */
  rotationDue(): CredentialRow[] {
    return this.db.prepare(`SELECT ${COLUMNS} FROM credentials WHERE rotation_due > 0 ORDER BY client_id, title COLLATE NOCASE, id`).all() as CredentialRow[];
  }

  /** Other credentials with the same password tag. */
  sharingPassword(id: string): CredentialRow[] {
    return this.db
      .prepare(`SELECT ${COLUMNS} FROM credentials WHERE reuse_tag = (SELECT reuse_tag FROM credentials WHERE id = ?) AND id <> ? ORDER BY client_id, id`)
      .all(id, id) as CredentialRow[];
  }

  /** Ids of credentials whose password another credential also has. */
  reusedIds(): Set<string> {
    const rows = this.db
      .prepare('SELECT id FROM credentials WHERE reuse_tag IN (SELECT reuse_tag FROM credentials WHERE reuse_tag IS NOT NULL GROUP BY reuse_tag HAVING count(*) > 1)')
      .all() as { id: string }[];
    return new Set(rows.map((r) => r.id));
  }

  /** Credentials whose password's strength is `max` or lower. */
  weak(max: number): CredentialRow[] {
    return this.db.prepare(`SELECT ${COLUMNS} FROM credentials WHERE strength IS NOT NULL AND strength <= ? ORDER BY client_id, title COLLATE NOCASE, id`).all(max) as CredentialRow[];
  }

  /** Credentials whose title or login contains `text` (never their secrets: the view holds none). */
  search(text: string, limit: number): CredentialRow[] {
    const like = `%${escapeLike(text)}%`;
    return this.db
      .prepare(`SELECT ${COLUMNS} FROM credentials WHERE title LIKE @like ESCAPE '\\' OR login LIKE @like ESCAPE '\\' ORDER BY updated_at DESC, id LIMIT @limit`)
      .all({ like, limit }) as CredentialRow[];
  }

  count(): number {
    return (this.db.prepare('SELECT count(*) AS n FROM credentials').get() as { n: number }).n;
  }

  delete(id: string): boolean {
    return this.db.prepare('DELETE FROM credentials WHERE id = ?').run(id).changes === 1;
  }

  removeClient(clientId: string): void {
    this.db.prepare('DELETE FROM credentials WHERE client_id = ?').run(clientId);
  }

  removeAll(): void {
    this.db.prepare('DELETE FROM credentials').run();
  }
}
