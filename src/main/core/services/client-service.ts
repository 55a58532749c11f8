import { randomBytes } from 'node:crypto';
import type { ClientInput, ClientListQuery } from '../../../shared/contract';
import type { ClientDetail, ClientPage, ClientSummary, RevealableField, Revealed } from '../../../shared/domain';
import { CLIENT_KEY_BYTES, openField, sealField, wrapClientKeyForMaster, type SensitiveField } from '../keys/client-keys';
import { VaultError } from '../errors';
import type { ClientRow } from '../repositories/client-repo';
import type { OpenVault } from '../vault/open-vault';
import { maskAccount, maskPhone } from './masking';

/** The sensitive fields of a client, decrypted. */
export interface ClientSecrets {
  phone: string | null;
  bankAccount: string | null;
}

const ENCRYPTED: Record<SensitiveField, 'phoneEnc' | 'bankAccountEnc'> = { phone: 'phoneEnc', bankAccount: 'bankAccountEnc' };

export class ClientService {
  constructor(
    private readonly vault: OpenVault,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Owners and admins see every client; everyone else only the clients granted to them. */
  list(query: ClientListQuery): ClientPage {
    this.vault.guard.require('client.list');
    const { rows, total } = this.vault.repos.clients.page(query, this.vault.guard.visibleTo());
    return { items: rows.map((row) => this.summaryOf(row)), total };
  }

  /** A new client with its own random client key (version 1), wrapped for the master key. */
  create(input: ClientInput, options: { sample?: boolean } = {}): ClientDetail {
    this.vault.guard.require('client.create');
    const master = this.vault.clientKeys.masterKey;
    if (!master) throw new VaultError('PERMISSION_DENIED');
    const creditCode = input.creditCode?.toUpperCase() ?? null;
    if (creditCode && this.vault.repos.clients.byCreditCode(creditCode)) {
      throw new VaultError('ALREADY_EXISTS', { what: creditCode });
    }
    const now = this.now().toISOString();
    const id = randomBytes(16).toString('hex');
    const clientKey = randomBytes(CLIENT_KEY_BYTES);
    const version = 1;
    const row: ClientRow = {
      id,
      name: input.name,
      creditCode,
      taxpayerType: input.taxpayerType,
      contactPerson: input.contactPerson,
      address: input.address,
      serviceStart: input.serviceStart,
      serviceEnd: input.serviceEnd,
      assignedStaff: this.vault.staff.id,
      notes: input.notes,
      label: input.label,
      status: 'active',
      sample: options.sample ? 1 : 0,
      keyVersion: version,
      phoneEnc: sealField(clientKey, id, 'phone', version, input.phone),
      bankAccountEnc: sealField(clientKey, id, 'bankAccount', version, input.bankAccount),
      createdAt: now,
      updatedAt: now,
    };
    try {
      this.vault.write(() => {
        this.vault.repos.clients.insert(row);
        const wrap = { clientId: id, version, grantedBy: this.vault.staff.id, createdAt: now };
        this.vault.repos.clientKeys.insert({ ...wrap, holder: 'master', wrapped: wrapClientKeyForMaster(master, id, version, clientKey) });
        // The master key is being replaced right now: the new one must reach this client too.
        const next = this.vault.clientKeys.nextMasterKey;
        if (next) this.vault.repos.clientKeys.insert({ ...wrap, holder: 'master-next', wrapped: wrapClientKeyForMaster(next, id, version, clientKey) });
        this.vault.audit.record({ action: 'client.create', clientId: row.id, detail: { label: row.label } });
      });
    } catch (err) {
      clientKey.fill(0);
      throw err;
    }
    this.vault.clientKeys.remember(id, version, clientKey);
    return toDetail(row, { phone: input.phone, bankAccount: input.bankAccount });
  }

  /** One client's details (sensitive fields masked); recorded as a view. */
  get(id: string): ClientDetail {
    const row = this.vault.guard.requireClient('client.view', id);
    const detail = toDetail(row, this.secretsOf(row));
    this.vault.audit.record({ action: 'client.view', clientId: id });
    return detail;
  }

  update(id: string, input: ClientInput): ClientDetail {
    const row = this.vault.guard.requireClient('client.edit', id);
    const key = this.keyOf(row);
    const before = this.secretsOf(row);
    const creditCode = input.creditCode?.toUpperCase() ?? null;
    const clash = creditCode ? this.vault.repos.clients.byCreditCode(creditCode) : null;
    if (clash && clash.id !== id) throw new VaultError('ALREADY_EXISTS', { what: creditCode ?? '' });
    const { phone, bankAccount, ...plain } = input;
    const next: ClientRow = {
      ...row,
      ...plain,
      creditCode,
      phoneEnc: sealField(key, id, 'phone', row.keyVersion, phone),
      bankAccountEnc: sealField(key, id, 'bankAccount', row.keyVersion, bankAccount),
      updatedAt: this.now().toISOString(),
    };
    const old: Record<keyof ClientInput, unknown> = { ...row, ...before };
    const changed = (Object.keys(input) as (keyof ClientInput)[]).filter((k) => (k === 'creditCode' ? creditCode : input[k]) !== old[k]);
    this.vault.write(() => {
      this.vault.repos.clients.update(next);
      // Which fields changed, never their values.
      this.vault.audit.record({ action: 'client.update', clientId: id, detail: { fields: changed.join(',') } });
    });
    return toDetail(next, { phone, bankAccount });
  }

  /** Archiving hides a client from daily lists without deleting anything. */
  setArchived(id: string, archived: boolean): ClientDetail {
    const row = this.vault.guard.requireClient('client.archive', id);
    const next: ClientRow = { ...row, status: archived ? 'archived' : 'active', updatedAt: this.now().toISOString() };
    this.vault.write(() => {
      this.vault.repos.clients.update(next);
      this.vault.audit.record({ action: 'client.archive', clientId: id, detail: { archived } });
    });
    return toDetail(next, this.secretsOf(next));
  }

  /** One masked field in clear, on demand, recorded. */
  reveal(id: string, field: RevealableField): Revealed {
    const row = this.vault.guard.requireClient('client.reveal', id);
    const value = this.secretsOf(row)[field];
    this.vault.audit.record({ action: 'client.reveal', clientId: id, detail: { field } });
    return { field, value };
  }

  /** The row of a client the session may see (NOT_FOUND otherwise), for services that act on it. */
  requireRow(id: string): ClientRow {
    return this.vault.guard.requireClient('client.view', id);
  }

  /** A list entry: masked phone, or none when this session holds no key for the client. */
  summaryOf(row: ClientRow): ClientSummary {
    const key = this.vault.clientKeys.key(row.id, row.keyVersion);
    const phone = key ? openField(key, row.id, 'phone', row.keyVersion, row.phoneEnc) : null;
    return toSummary(row, phone ?? null);
  }

  /** Decrypts the sensitive fields under the client's current key; TAMPERED if they do not open. */
  secretsOf(row: ClientRow): ClientSecrets {
    const key = this.keyOf(row);
    const out: ClientSecrets = { phone: null, bankAccount: null };
    for (const field of ['phone', 'bankAccount'] as const) {
      const value = openField(key, row.id, field, row.keyVersion, row[ENCRYPTED[field]]);
      if (value === undefined) throw new VaultError('TAMPERED', { what: `client ${row.id} ${field}` });
      out[field] = value;
    }
    return out;
  }

  private keyOf(row: ClientRow): Buffer {
    const key = this.vault.clientKeys.key(row.id, row.keyVersion);
    if (!key) throw new VaultError('NOT_FOUND', { what: 'client' });
    return key;
  }
}

export function toSummary(row: ClientRow, phone: string | null): ClientSummary {
  return {
    id: row.id,
    name: row.name,
    creditCode: row.creditCode,
    taxpayerType: row.taxpayerType,
    contactPerson: row.contactPerson,
    phoneMasked: maskPhone(phone),
    label: row.label,
    status: row.status,
    updatedAt: row.updatedAt,
    sample: row.sample === 1,
  };
}

function toDetail(row: ClientRow, secrets: ClientSecrets): ClientDetail {
  return {
    ...toSummary(row, secrets.phone),
    address: row.address,
    bankAccountMasked: maskAccount(secrets.bankAccount),
    serviceStart: row.serviceStart,
    serviceEnd: row.serviceEnd,
    notes: row.notes,
    createdAt: row.createdAt,
  };
}
