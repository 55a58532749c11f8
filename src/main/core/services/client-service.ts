import { randomBytes } from 'node:crypto';
import type { ClientInput, ClientListQuery } from '../../../shared/contract';
import type { ClientDetail, ClientPage, ClientSummary, RevealableField, Revealed } from '../../../shared/domain';
import { VaultError } from '../errors';
import type { ClientRow } from '../repositories/client-repo';
import type { OpenVault } from '../vault';
import { maskAccount, maskPhone } from './masking';

export class ClientService {
  constructor(
    private readonly vault: OpenVault,
    private readonly now: () => Date = () => new Date(),
  ) {}

  list(query: ClientListQuery): ClientPage {
    this.vault.assertOpen();
    const { rows, total } = this.vault.repos.clients.page(query);
    return { items: rows.map(toSummary), total };
  }

  create(input: ClientInput, options: { sample?: boolean } = {}): ClientDetail {
    this.vault.assertOpen();
    const creditCode = input.creditCode?.toUpperCase() ?? null;
    if (creditCode && this.vault.repos.clients.byCreditCode(creditCode)) {
      throw new VaultError('ALREADY_EXISTS', { what: creditCode });
    }
    const now = this.now().toISOString();
    const row: ClientRow = {
      id: randomBytes(16).toString('hex'),
      name: input.name,
      creditCode,
      taxpayerType: input.taxpayerType,
      contactPerson: input.contactPerson,
      phone: input.phone,
      address: input.address,
      bankAccount: input.bankAccount,
      serviceStart: input.serviceStart,
      serviceEnd: input.serviceEnd,
      assignedStaff: this.vault.staff.id,
      notes: input.notes,
      label: input.label,
      status: 'active',
      sample: options.sample ? 1 : 0,
      createdAt: now,
      updatedAt: now,
    };
    this.vault.db.transaction(() => {
      this.vault.repos.clients.insert(row);
      this.vault.audit.record({ action: 'client.create', clientId: row.id, detail: { label: row.label } });
    })();
    return toDetail(row);
  }

  get(id: string): ClientDetail {
    this.vault.assertOpen();
    const row = this.vault.repos.clients.byId(id);
    if (!row) throw new VaultError('NOT_FOUND', { what: 'client' });
    return toDetail(row);
  }

  update(id: string, input: ClientInput): ClientDetail {
    const row = this.requireRow(id);
    const creditCode = input.creditCode?.toUpperCase() ?? null;
    const clash = creditCode ? this.vault.repos.clients.byCreditCode(creditCode) : null;
    if (clash && clash.id !== id) throw new VaultError('ALREADY_EXISTS', { what: creditCode ?? '' });
    const next: ClientRow = { ...row, ...input, creditCode, updatedAt: this.now().toISOString() };
    const changed = (Object.keys(input) as (keyof ClientInput)[]).filter((k) => (k === 'creditCode' ? creditCode : input[k]) !== row[k]);
    this.vault.db.transaction(() => {
      this.vault.repos.clients.update(next);
      // Which fields changed, never their values.
      this.vault.audit.record({ action: 'client.update', clientId: id, detail: { fields: changed.join(',') } });
    })();
    return toDetail(next);
  }

  /** Archiving hides a client from daily lists without deleting anything. */
  setArchived(id: string, archived: boolean): ClientDetail {
    const row = this.requireRow(id);
    const next: ClientRow = { ...row, status: archived ? 'archived' : 'active', updatedAt: this.now().toISOString() };
    this.vault.db.transaction(() => {
      this.vault.repos.clients.update(next);
      this.vault.audit.record({ action: 'client.archive', clientId: id, detail: { archived } });
    })();
    return toDetail(next);
  }

  /** One masked field in clear, on demand. */
  reveal(id: string, field: RevealableField): Revealed {
    const row = this.requireRow(id);
    this.vault.audit.record({ action: 'client.reveal', clientId: id, detail: { field } });
    return { field, value: field === 'phone' ? row.phone : row.bankAccount };
  }

  /** The raw row, for services that need unmasked fields (never sent to lists). */
  requireRow(id: string): ClientRow {
    this.vault.assertOpen();
    const row = this.vault.repos.clients.byId(id);
    if (!row) throw new VaultError('NOT_FOUND', { what: 'client' });
    return row;
  }
}

export function toSummary(row: ClientRow): ClientSummary {
  return {
    id: row.id,
    name: row.name,
    creditCode: row.creditCode,
    taxpayerType: row.taxpayerType,
    contactPerson: row.contactPerson,
    phoneMasked: maskPhone(row.phone),
    label: row.label,
    status: row.status,
    updatedAt: row.updatedAt,
    sample: row.sample === 1,
  };
}

function toDetail(row: ClientRow): ClientDetail {
  return {
    ...toSummary(row),
    address: row.address,
    bankAccountMasked: maskAccount(row.bankAccount),
    serviceStart: row.serviceStart,
    serviceEnd: row.serviceEnd,
    notes: row.notes,
    createdAt: row.createdAt,
  };
}
