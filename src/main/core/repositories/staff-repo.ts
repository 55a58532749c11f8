import type { Role } from '../../../shared/domain';
import type { Db } from '../db/database';

export interface StaffRow {
  id: string;
  name: string;
  role: Role;
  status: 'active' | 'disabled';
  createdAt: string;
}

const COLUMNS = 'id, name, role, status, created_at AS createdAt';

export class StaffRepo {
  constructor(private readonly db: Db) {}

  insert(row: StaffRow & { nameKey: string }): void {
    this.db
      .prepare('INSERT INTO staff (id, name, name_key, role, status, created_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(row.id, row.name, row.nameKey, row.role, row.status, row.createdAt);
  }

  byId(id: string): StaffRow | null {
    return (this.db.prepare(`SELECT ${COLUMNS} FROM staff WHERE id = ?`).get(id) as StaffRow | undefined) ?? null;
  }

  byNameKey(nameKey: string): StaffRow | null {
    return (this.db.prepare(`SELECT ${COLUMNS} FROM staff WHERE name_key = ?`).get(nameKey) as StaffRow | undefined) ?? null;
  }

  setRole(id: string, role: Role): boolean {
    return this.db.prepare('UPDATE staff SET role = ? WHERE id = ?').run(role, id).changes === 1;
  }

  setStatus(id: string, status: StaffRow['status']): boolean {
    return this.db.prepare('UPDATE staff SET status = ? WHERE id = ?').run(status, id).changes === 1;
  }

  all(): StaffRow[] {
    return this.db.prepare(`SELECT ${COLUMNS} FROM staff ORDER BY created_at`).all() as StaffRow[];
  }
}
