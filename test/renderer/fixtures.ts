/** Small, valid domain objects for store tests; each call returns a fresh copy. */
import type { AuditEntry, StaffInfo } from '../../src/shared/access';
import type { CredentialSummary } from '../../src/shared/credentials';
import type { BackupStatusView, ClientDetail, ClientSummary, DocumentMeta, VaultStatus } from '../../src/shared/domain';

/** A 32-hex id, as main makes them, distinct per number. */
export function id(n: number): string {
  return n.toString(16).padStart(32, '0');
}

export function clientSummary(n: number, name = `客户${n}`): ClientSummary {
  return {
    id: id(n),
    name,
    creditCode: null,
    taxpayerType: 'small',
    contactPerson: null,
    phoneMasked: '138****5678',
    label: 'internal',
    status: 'active',
    serviceStart: null,
    serviceEnd: null,
    assignedStaffName: null,
    updatedAt: '2024-05-01T00:00:00.000Z',
    sample: false,
    endedOn: null,
  };
}

export function clientDetail(n: number, patch: Partial<ClientDetail> = {}): ClientDetail {
  return {
    ...clientSummary(n),
    address: '北京市',
    bankAccountMasked: '6222 **** 0001',
    serviceStart: null,
    serviceEnd: null,
    notes: null,
    createdAt: '2024-01-01T00:00:00.000Z',
    ...patch,
  };
}

export function documentMeta(n: number, clientN: number, patch: Partial<DocumentMeta> = {}): DocumentMeta {
  return {
    id: id(1000 + n),
    clientId: id(clientN),
    name: `凭证${n}.pdf`,
    category: '凭证',
    periodYear: 2024,
    periodMonth: 4,
    tags: [],
    notes: '',
    size: 1024,
    sha256: 'a'.repeat(64),
    mime: 'application/pdf',
    status: 'active',
    sample: false,
    createdAt: '2024-05-01T00:00:00.000Z',
    updatedAt: '2024-05-01T00:00:00.000Z',
    rev: 1,
    textStatus: 'ok',
    textReason: null,
    damaged: false,
    ...patch,
  };
}

export function staffInfo(n: number, patch: Partial<StaffInfo> = {}): StaffInfo {
  return { id: id(500 + n), name: `员工${n}`, role: 'accountant', status: 'active', createdAt: '2024-01-01T00:00:00.000Z', grantCount: 0, assignedCount: 0, ...patch };
}

export function auditEntry(seq: number): AuditEntry {
  return {
    seq,
    at: '2024-05-01T08:00:00.000Z',
    staffId: id(501),
    staffName: '员工1',
    role: 'accountant',
    action: 'client.view',
    outcome: 'success',
    clientId: id(1),
    clientName: '客户1',
    documentId: null,
    documentName: null,
    machine: 'PC-1',
    detail: {},
  };
}

export function vaultStatus(state: VaultStatus['state']): VaultStatus {
  return {
    state,
    vaultPath: '/home/office/zhangdun',
    staff: state === 'unlocked' ? { id: id(501), name: '老板', role: 'owner' } : null,
  };
}

export function backupView(patch: Partial<BackupStatusView> = {}): BackupStatusView {
  return {
    canCreate: true,
    canRestore: true,
    schedule: null,
    lastSuccess: null,
    lastAttempt: null,
    consecutiveFailures: 0,
    attention: 'never',
    missed: null,
    warnAfterDays: 7,
    ageWarning: { kind: 'never' },
    nextDue: null,
    running: null,
    untrustedSchedule: null,
    ...patch,
  };
}

export function credentialSummary(n: number, clientN: number, patch: Partial<CredentialSummary> = {}): CredentialSummary {
  return {
    id: id(2000 + n),
    clientId: id(clientN),
    clientName: `客户${clientN}`,
    kind: 'etax',
    title: `电子税务局${n}`,
    login: `login${n}`,
    url: null,
    phoneMasked: null,
    expiresOn: null,
    secrets: ['password'],
    hasTotp: false,
    certificate: null,
    custom: [],
    notes: '',
    rotationDue: [],
    lastRotation: null,
    strength: 3,
    reusedWith: [],
    historyCount: 0,
    createdAt: '2024-05-01T00:00:00.000Z',
    updatedAt: '2024-05-01T00:00:00.000Z',
    ...patch,
  };
}
