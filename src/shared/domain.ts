/** Domain types shared by main and renderer. */

export const ROLES = ['owner', 'admin', 'accountant', 'auditor'] as const;
export type Role = (typeof ROLES)[number];

export const LABELS = ['public', 'internal', 'confidential', 'secret'] as const;
/** 公开 / 内部 / 机密 / 绝密 */
export type Label = (typeof LABELS)[number];

export const TAXPAYER_TYPES = ['general', 'small'] as const;
/** 一般纳税人 / 小规模纳税人 */
export type TaxpayerType = (typeof TAXPAYER_TYPES)[number];

export const CLIENT_STATUSES = ['active', 'archived'] as const;
export type ClientStatus = (typeof CLIENT_STATUSES)[number];

export interface AppInfo {
  version: string;
  platform: string;
}

export type VaultState = 'none' | 'locked' | 'unlocked';

export interface SessionStaff {
  id: string;
  name: string;
  role: Role;
}

export interface VaultStatus {
  state: VaultState;
  /** Where the vault lives (a path on this PC); shown so staff know what to back up. */
  vaultPath: string;
  staff: SessionStaff | null;
}

export interface VaultCreated {
  /** The age recovery identity, shown exactly once for the owner to print and lock away. */
  recoveryKey: string;
  status: VaultStatus;
}

export interface ClientSummary {
  id: string;
  name: string;
  creditCode: string | null;
  taxpayerType: TaxpayerType | null;
  contactPerson: string | null;
  /** Masked in lists (e.g. 138****5678); revealed on demand. */
  phoneMasked: string | null;
  label: Label;
  status: ClientStatus;
  updatedAt: string;
  sample: boolean;
}

export interface ClientDetail extends ClientSummary {
  address: string | null;
  bankAccountMasked: string | null;
  serviceStart: string | null;
  serviceEnd: string | null;
  notes: string | null;
  createdAt: string;
}

export interface ClientPage {
  items: ClientSummary[];
  total: number;
}

export const DOCUMENT_STATUSES = ['active', 'trashed'] as const;
export type DocumentStatus = (typeof DOCUMENT_STATUSES)[number];

/** Suggested categories (资料类别); any text is allowed. */
export const DOCUMENT_CATEGORIES = ['凭证', '银行对账单', '纳税申报表', '合同', '营业执照', '财务报表', '其他'] as const;

export interface DocumentMeta {
  id: string;
  clientId: string;
  name: string;
  category: string;
  periodYear: number | null;
  periodMonth: number | null;
  tags: string[];
  notes: string;
  size: number;
  sha256: string;
  mime: string;
  status: DocumentStatus;
  sample: boolean;
  createdAt: string;
  updatedAt: string;
}

/** One file's outcome in an import batch: the batch never stops at one bad file. */
export type ImportOutcome =
  | { source: string; status: 'imported'; documentId: string }
  | { source: string; status: 'duplicate'; documentId: string }
  | { source: string; status: 'failed'; code: import('./errors').ErrorCode; message: string };

/** Fields masked in lists and revealed one at a time, each reveal recorded. */
export const REVEALABLE_FIELDS = ['phone', 'bankAccount'] as const;
export type RevealableField = (typeof REVEALABLE_FIELDS)[number];

export interface Revealed {
  field: RevealableField;
  value: string | null;
}

export interface DocumentPreview {
  id: string;
  name: string;
  mime: string;
  /** Decrypted bytes, sent only when the renderer asks for this preview. */
  data: Uint8Array;
}

export type ImportBatch = { cancelled: true } | { cancelled: false; outcomes: ImportOutcome[] };

export type ExportResult = { cancelled: true } | { cancelled: false; path: string; size: number };

export interface SearchHit {
  clients: ClientSummary[];
  documents: (DocumentMeta & { clientName: string })[];
}
