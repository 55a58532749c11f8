import type { Db } from '../db/database';

/** 'master' and 'master-next' wrap with the master key; any other holder is a staff id (a grant). */
export type KeyHolder = 'master' | 'master-next' | (string & {});

export interface ClientKeyRow {
  clientId: string;
  version: number;
  holder: KeyHolder;
  wrapped: Buffer;
  grantedBy: string | null;
  createdAt: string;
}

export interface GrantRow {
  clientId: string;
  staffId: string;
  staffName: string;
  version: number;
  grantedBy: string | null;
  createdAt: string;
}

const COLUMNS = 'client_id AS clientId, version, holder, wrapped, granted_by AS grantedBy, created_at AS createdAt';
const GRANT_COLUMNS = `k.client_id AS clientId, k.holder AS staffId, s.name AS staffName, k.version,
  k.granted_by AS grantedBy, k.created_at AS createdAt`;
const GRANT_FROM = `client_keys k JOIN client_records c ON c.id = k.client_id AND c.key_version = k.version
  JOIN staff s ON s.id = k.holder`;

export class ClientKeyRepo {
  constructor(private readonly db: Db) {}

  insert(row: ClientKeyRow): void {
    this.db
      .prepare(
        `INSERT INTO client_keys (client_id, version, holder, wrapped, granted_by, created_at)
         VALUES (@clientId, @version, @holder, @wrapped, @grantedBy, @createdAt)`,
      )
      .run(row);
  }

  get(clientId: string, version: number, holder: KeyHolder): ClientKeyRow | null {
    return (
      (this.db
        .prepare(`SELECT ${COLUMNS} FROM client_keys WHERE client_id = ? AND version = ? AND holder = ?`)
        .get(clientId, version, holder) as ClientKeyRow | undefined) ?? null
    );
  }

  /** The client's current key version (null: no such client). */
  currentVersion(clientId: string): number | null {
    const row = this.db.prepare('SELECT key_version AS v FROM client_records WHERE id = ?').get(clientId) as { v: number } | undefined;
    return row?.v ?? null;
  }

  /** Every wrap held by one holder (a staff member's grants, all versions). */
  byHolder(holder: KeyHolder): ClientKeyRow[] {
    return this.db.prepare(`SELECT ${COLUMNS} FROM client_keys WHERE holder = ? ORDER BY client_id, version`).all(holder) as ClientKeyRow[];
  }

  /** Staff ids holding a grant on the client's given version. */
  grantees(clientId: string, version: number): string[] {
    return (
      this.db
        .prepare(`SELECT holder FROM client_keys WHERE client_id = ? AND version = ? AND holder NOT IN ('master','master-next') ORDER BY holder`)
        .all(clientId, version) as { holder: string }[]
    ).map((r) => r.holder);
  }

  grantsOfClient(clientId: string): GrantRow[] {
    return this.db.prepare(`SELECT ${GRANT_COLUMNS} FROM ${GRANT_FROM} WHERE k.client_id = ? ORDER BY s.name, k.holder`).all(clientId) as GrantRow[];
  }

  grantsOfStaff(staffId: string): GrantRow[] {
    return this.db.prepare(`SELECT ${GRANT_COLUMNS} FROM ${GRANT_FROM} WHERE k.holder = ? ORDER BY k.client_id`).all(staffId) as GrantRow[];
  }

  /** Clients on whose current key version the staff member holds a grant. */
  clientsGrantedTo(staffId: string): string[] {
    return (
      this.db
        .prepare('SELECT k.client_id AS id FROM client_keys k JOIN client_records c ON c.id = k.client_id AND c.key_version = k.version WHERE k.holder = ?')
        .all(staffId) as { id: string }[]
    ).map((r) => r.id);
  }

  /** Clients with a wrap still held by a disabled or deleted staff member (an interrupted offboarding). */
  clientsWithInactiveHolders(): string[] {
    return (
      this.db
        .prepare(
          `SELECT DISTINCT client_id AS id FROM client_keys WHERE holder NOT IN ('master','master-next')
           AND holder NOT IN (SELECT id FROM staff WHERE status = 'active') ORDER BY client_id`,
        )
        .all() as { id: string }[]
    ).map((r) => r.id);
  }

  /** How many clients each staff member holds a current grant on. */
  grantCounts(): Map<string, number> {
    const rows = this.db
      .prepare(
        `SELECT k.holder AS staffId, count(*) AS n FROM client_keys k JOIN client_records c ON c.id = k.client_id AND c.key_version = k.version
         WHERE k.holder NOT IN ('master','master-next') GROUP BY k.holder`,
      )
      .all() as { staffId: string; n: number }[];
    return new Map(rows.map((r) => [r.staffId, r.n]));
  }

  /** A grant rewrapped for the same holder (their identity changed at a password reset). */
  replaceWrapped(clientId: string, version: number, holder: KeyHolder, wrapped: Buffer): void {
    this.db.prepare('UPDATE client_keys SET wrapped = ? WHERE client_id = ? AND version = ? AND holder = ?').run(wrapped, clientId, version, holder);
  }

  deleteHolder(clientId: string, holder: KeyHolder): number {
    return this.db.prepare('DELETE FROM client_keys WHERE client_id = ? AND holder = ?').run(clientId, holder).changes;
  }

  /** Crypto-erasure of a client: every wrap of every version, for every holder. */
  deleteClient(clientId: string): number {
    return this.db.prepare('DELETE FROM client_keys WHERE client_id = ?').run(clientId).changes;
  }

  /** After a rotation: drops every wrap of older versions, for every holder. */
  deleteVersionsBelow(clientId: string, version: number): number {
    return this.db.prepare('DELETE FROM client_keys WHERE client_id = ? AND version < ?').run(clientId, version).changes;
  }

  /** The master wraps of every client's current version, for replacing the master key. */
  currentMasterWraps(): ClientKeyRow[] {
    return this.db
      .prepare(
        `SELECT k.client_id AS clientId, k.version, k.holder, k.wrapped, k.granted_by AS grantedBy, k.created_at AS createdAt
         FROM client_keys k JOIN client_records c ON c.id = k.client_id AND c.key_version = k.version WHERE k.holder = 'master'`,
      )
      .all() as ClientKeyRow[];
  }

  deleteAllHolder(holder: 'master' | 'master-next'): number {
    return this.db.prepare('DELETE FROM client_keys WHERE holder = ?').run(holder).changes;
  }

  /** Second half of replacing the master key: the new wraps become the master wraps. */
  promoteMasterNext(): void {
    this.db.prepare("DELETE FROM client_keys WHERE holder = 'master'").run();
    this.db.prepare("UPDATE client_keys SET holder = 'master' WHERE holder = 'master-next'").run();
  }
}
