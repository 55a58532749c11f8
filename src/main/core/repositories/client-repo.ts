import type { ClientListQuery } from '../../../shared/contract';
import type { ClientStatus, Label, TaxpayerType } from '../../../shared/domain';
import type { Db } from '../db/database';

export interface ClientRow {
  id: string;
  name: string;
  creditCode: string | null;
  taxpayerType: TaxpayerType | null;
  contactPerson: string | null;
  phone: string | null;
  address: string | null;
  bankAccount: string | null;
  serviceStart: string | null;
  serviceEnd: string | null;
  assignedStaff: string | null;
  notes: string | null;
  label: Label;
  status: ClientStatus;
  sample: number;
  createdAt: string;
  updatedAt: string;
}

const COLUMNS = `id, name, credit_code AS creditCode, taxpayer_type AS taxpayerType, contact_person AS contactPerson,
  phone, address, bank_account AS bankAccount, service_start AS serviceStart, service_end AS serviceEnd,
  assigned_staff AS assignedStaff, notes, label, status, sample, created_at AS createdAt, updated_at AS updatedAt`;

/** Sort orders by allowlist: the only identifiers ever interpolated into SQL here. */
const ORDER_BY: Record<ClientListQuery['sort'], string> = {
  name: 'name COLLATE NOCASE ASC, id ASC',
  updatedAt: 'updated_at DESC, id ASC',
};

export class ClientRepo {
  constructor(private readonly db: Db) {}

  insert(row: ClientRow): void {
    this.db
      .prepare(
        `INSERT INTO clients (id, name, credit_code, taxpayer_type, contact_person, phone, address, bank_account,
          service_start, service_end, assigned_staff, notes, label, status, sample, created_at, updated_at)
         VALUES (@id, @name, @creditCode, @taxpayerType, @contactPerson, @phone, @address, @bankAccount,
          @serviceStart, @serviceEnd, @assignedStaff, @notes, @label, @status, @sample, @createdAt, @updatedAt)`,
      )
      .run(row);
  }

  update(row: ClientRow): boolean {
    return (
      this.db
        .prepare(
          `UPDATE clients SET name = @name, credit_code = @creditCode, taxpayer_type = @taxpayerType,
            contact_person = @contactPerson, phone = @phone, address = @address, bank_account = @bankAccount,
            service_start = @serviceStart, service_end = @serviceEnd, assigned_staff = @assignedStaff, notes = @notes,
            label = @label, status = @status, updated_at = @updatedAt
           WHERE id = @id`,
        )
        .run(row).changes === 1
    );
  }

  /** Clients whose name, credit code or contact contains `text`. */
  search(text: string, limit: number): ClientRow[] {
    const like = `%${escapeLike(text)}%`;
    return this.db
      .prepare(
        `SELECT ${COLUMNS} FROM clients
         WHERE name LIKE @like ESCAPE '\\' OR credit_code LIKE @like ESCAPE '\\' OR contact_person LIKE @like ESCAPE '\\'
         ORDER BY status = 'archived', name COLLATE NOCASE LIMIT @limit`,
      )
      .all({ like, limit }) as ClientRow[];
  }

  byId(id: string): ClientRow | null {
    return (this.db.prepare(`SELECT ${COLUMNS} FROM clients WHERE id = ?`).get(id) as ClientRow | undefined) ?? null;
  }

  byCreditCode(code: string): ClientRow | null {
    return (this.db.prepare(`SELECT ${COLUMNS} FROM clients WHERE credit_code = ?`).get(code) as ClientRow | undefined) ?? null;
  }

  page(query: ClientListQuery): { rows: ClientRow[]; total: number } {
    const where = ['status = @status'];
    const params: Record<string, unknown> = { status: query.status, limit: query.limit, offset: query.offset };
    if (query.label) {
      where.push('label = @label');
      params.label = query.label;
    }
    const text = query.query.trim();
    if (text) {
      where.push("(name LIKE @like ESCAPE '\\' OR credit_code LIKE @like ESCAPE '\\' OR contact_person LIKE @like ESCAPE '\\')");
      params.like = `%${escapeLike(text)}%`;
    }
    const clause = where.join(' AND ');
    const total = (this.db.prepare(`SELECT count(*) AS n FROM clients WHERE ${clause}`).get(params) as { n: number }).n;
    const rows = this.db
      .prepare(`SELECT ${COLUMNS} FROM clients WHERE ${clause} ORDER BY ${ORDER_BY[query.sort]} LIMIT @limit OFFSET @offset`)
      .all(params) as ClientRow[];
    return { rows, total };
  }

  all(): ClientRow[] {
    return this.db.prepare(`SELECT ${COLUMNS} FROM clients ORDER BY name`).all() as ClientRow[];
  }
}

export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
