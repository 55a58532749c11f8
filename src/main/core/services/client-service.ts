import { randomBytes } from 'node:crypto';
import { holdOfColumn } from '../records/legal-hold';
import type { LegalHold } from '../../../shared/retention';
import type { ClientInput, ClientListQuery } from '../../../shared/contract';
import type { ClientDetail, ClientPage, ClientSummary, RevealableField, Revealed } from '../../../shared/domain';
import { CLIENT_KEY_BYTES, wrapClientKeyForMaster } from '../keys/client-keys';
import { VaultError } from '../errors';
import { endingOfColumn, type ClientRecord } from '../records/client-record';
import type { ClientEnding } from '../../../shared/handback';
import type { ClientRow } from '../repositories/client-view-repo';
import type { OpenVault } from '../vault/open-vault';
import { clientRowOf } from '../view/view-sync';
import { maskAccount, maskPhone } from './masking';

/** The sensitive fields of a client, decrypted. */
export interface ClientSecrets {
  phone: string | null;
  bankAccount: string | null;
}

/** A client's record as the view row holds it. */
export function recordOf(row: ClientRow): ClientRecord {
  return {
    name: row.name,
    creditCode: row.creditCode,
    taxpayerType: row.taxpayerType,
    contactPerson: row.contactPerson,
    phone: row.phone,
    address: row.address,
    bankAccount: row.bankAccount,
    serviceStart: row.serviceStart,
    serviceEnd: row.serviceEnd,
    assignedStaff: row.assignedStaff,
    notes: row.notes,
    label: row.label,
    status: row.status,
    sample: row.sample === 1,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    ...holdOf(row.legalHold),
    ...endedOf(row.ended),
  };
}

/** The record's ended field as a view row holds it: present only once the engagement has ended. */
function endedOf(column: string | null | undefined): { ended?: ClientEnding } {
  const ended = endingOfColumn(column);
  return ended ? { ended } : {};
}

/** The record's legalHold field as a view row holds it: present only when there is a hold (older records have none). */
export function holdOf(column: string | null | undefined): { legalHold?: LegalHold } {
  const hold = holdOfColumn(column);
  return hold ? { legalHold: hold } : {};
}


/** The parts of an open vault this service uses. */
export type ClientVault = Pick<OpenVault, 'audit' | 'clientKeys' | 'guard' | 'records' | 'repos' | 'staff' | 'view' | 'write'>;

export class ClientService {
  constructor(
    private readonly vault: ClientVault,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Owners and admins see every client; everyone else only the clients granted to them (their view holds no other). */
  list(query: ClientListQuery): ClientPage {
    this.vault.guard.require('client.list');
    const { rows, total } = this.vault.view.clients.page(query);
    const name = staffNames(this.vault);
    return { items: rows.map((row) => toSummary(row, name)), total };
  }

  /** A new client with its own random client key (version 1), wrapped for the master key; every field sealed under it. */
  create(input: ClientInput, options: { sample?: boolean } = {}): ClientDetail {
    this.vault.guard.require('client.create');
    const master = this.vault.clientKeys.masterKey;
    if (!master) throw new VaultError('PERMISSION_DENIED');
    const creditCode = input.creditCode?.toUpperCase() ?? null;
    this.assertCreditCodeFree(creditCode, null);
    const now = this.now().toISOString();
    const id = randomBytes(16).toString('hex');
    const clientKey = randomBytes(CLIENT_KEY_BYTES);
    const version = 1;
    const record: ClientRecord = {
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
      sample: options.sample ?? false,
      createdAt: now,
      updatedAt: now,
    };
    this.vault.clientKeys.remember(id, version, clientKey);
    return this.vault.write(() => {
      // The record first: client_keys refers to it.
      const data = this.vault.records.putClient(id, record, version, 1);
      const wrap = { clientId: id, version, grantedBy: this.vault.staff.id, createdAt: now };
      this.vault.repos.clientKeys.insert({ ...wrap, holder: 'master', wrapped: wrapClientKeyForMaster(master, id, version, clientKey) });
      // The master key is being replaced right now: the new one must reach this client too.
      const next = this.vault.clientKeys.nextMasterKey;
      if (next) this.vault.repos.clientKeys.insert({ ...wrap, holder: 'master-next', wrapped: wrapClientKeyForMaster(next, id, version, clientKey) });
      this.vault.audit.record({ action: 'client.create', clientId: id, detail: { label: record.label } });
      return toDetail(clientRowOf(data), staffNames(this.vault));
    });
  }

  /** One client's details (sensitive fields masked); recorded as a view. */
  get(id: string): ClientDetail {
    const row = this.vault.guard.requireClient('client.view', id);
    this.vault.audit.record({ action: 'client.view', clientId: id });
    return toDetail(row, staffNames(this.vault));
  }

  update(id: string, input: ClientInput): ClientDetail {
    const row = this.vault.guard.requireClient('client.edit', id);
    const creditCode = input.creditCode?.toUpperCase() ?? null;
    this.assertCreditCodeFree(creditCode, id);
    const before = recordOf(row);
    const next: ClientRecord = { ...before, ...input, creditCode, updatedAt: this.now().toISOString() };
    const changed = (Object.keys(input) as (keyof ClientInput)[]).filter((k) => next[k] !== before[k]);
    return this.vault.write(() => {
      const data = this.vault.records.putClient(id, next, row.keyVersion, row.rev + 1);
      // Which fields changed, never their values (and even that is sealed under the client's key).
      this.vault.audit.record({ action: 'client.update', clientId: id, detail: { fields: changed.join(',') } });
      return toDetail(clientRowOf(data), staffNames(this.vault));
    });
  }

  /** Archiving hides a client from daily lists without deleting anything. */
  setArchived(id: string, archived: boolean): ClientDetail {
    const row = this.vault.guard.requireClient('client.archive', id);
    const next: ClientRecord = { ...recordOf(row), status: archived ? 'archived' : 'active', updatedAt: this.now().toISOString() };
    return this.vault.write(() => {
      const data = this.vault.records.putClient(id, next, row.keyVersion, row.rev + 1);
      this.vault.audit.record({ action: 'client.archive', clientId: id, detail: { archived } });
      return toDetail(clientRowOf(data), staffNames(this.vault));
    });
  }

  /** One masked field in clear, on demand, recorded. */
  reveal(id: string, field: RevealableField): Revealed {
    const row = this.vault.guard.requireClient('client.reveal', id);
    this.vault.audit.record({ action: 'client.reveal', clientId: id, detail: { field } });
    return { field, value: row[field] };
  }

  /** The row of a client the session may see (NOT_FOUND otherwise), for services that act on it. */
  requireRow(id: string): ClientRow {
    return this.vault.guard.requireClient('client.view', id);
  }

  /**
   * A credit code names one company: refused when another client the
   * session can see has it. (One it cannot see is not looked at: it holds no
   * key to read it, and the refusal would tell it the client exists.)
   */
  private assertCreditCodeFree(code: string | null, self: string | null): void {
    if (!code) return;
    const clash = this.vault.view.clients.byCreditCode(code);
    // The clash is named (and its id given, for a link to it): it is a client this session already sees.
    if (clash && clash.id !== self) throw new VaultError('ALREADY_EXISTS', { what: `${code}（${clash.name}）`, clientId: clash.id, clientName: clash.name, creditCode: code });
  }
}

/** Staff id → name, read once per answer (the roster is small); unknown ids give null. */
export type StaffNames = (id: string | null) => string | null;

export function staffNames(vault: Pick<OpenVault, 'repos'>): StaffNames {
  let names: Map<string, string> | null = null;
  return (id) => {
    if (id === null) return null;
    names ??= new Map(vault.repos.staff.all().map((s) => [s.id, s.name]));
    return names.get(id) ?? null;
  };
}

export function toSummary(row: ClientRow, staffName: StaffNames): ClientSummary {
  return {
    id: row.id,
    name: row.name,
    creditCode: row.creditCode,
    taxpayerType: row.taxpayerType,
    contactPerson: row.contactPerson,
    phoneMasked: maskPhone(row.phone),
    label: row.label,
    status: row.status,
    serviceStart: row.serviceStart,
    serviceEnd: row.serviceEnd,
    assignedStaffName: staffName(row.assignedStaff),
    updatedAt: row.updatedAt,
    sample: row.sample === 1,
    endedOn: endingOfColumn(row.ended)?.on ?? null,
  };
}

function toDetail(row: ClientRow, staffName: StaffNames): ClientDetail {
  return {
    ...toSummary(row, staffName),
    address: row.address,
    bankAccountMasked: maskAccount(row.bankAccount),
    notes: row.notes,
    createdAt: row.createdAt,
  };
}
