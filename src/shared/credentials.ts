/**
 * A client's credentials: the tax-bureau, bank, social-security … logins a firm
 * keeps for its clients. Each is a record of its client, sealed under the
 * client's key; secrets never travel to the renderer except on an audited
 * reveal, and copies go through main.
 */

/** 电子税务局 / 自然人电子税务局（扣缴端） / 社保 / 公积金 / 网银与U盾 / CA数字证书 / 工商年报 / 其他 */
export const CREDENTIAL_KINDS = ['etax', 'etax-individual', 'social-security', 'housing-fund', 'bank', 'certificate', 'annual-report', 'other'] as const;
export type CredentialKind = (typeof CREDENTIAL_KINDS)[number];

/** The secret fields a credential may hold; masked everywhere, revealed or copied one at a time. */
export const CREDENTIAL_SECRETS = ['password', 'pin', 'certPassword'] as const;
export type CredentialSecret = (typeof CREDENTIAL_SECRETS)[number];

/** The plain fields a template shows. */
export const CREDENTIAL_FIELDS = ['login', 'url', 'phone', 'expiresOn'] as const;
export type CredentialField = (typeof CREDENTIAL_FIELDS)[number];

export interface CredentialTemplate {
  kind: CredentialKind;
  /** The plain fields offered, in order. */
  fields: readonly CredentialField[];
  secrets: readonly CredentialSecret[];
  /** Whether a certificate file (.pfx …) is expected. */
  certificate: boolean;
  /** Whether a TOTP seed is offered. */
  totp: boolean;
  /** The generator preset that fits the site's rules. */
  generator: PasswordPreset;
  /** The site's usual address, filled in as a suggestion. */
  url: string | null;
}

export const CREDENTIAL_TEMPLATES: Readonly<Record<CredentialKind, CredentialTemplate>> = Object.freeze({
  etax: { kind: 'etax', fields: ['login', 'phone', 'url'], secrets: ['password'], certificate: false, totp: false, generator: 'etax', url: 'https://etax.chinatax.gov.cn' },
  'etax-individual': { kind: 'etax-individual', fields: ['login', 'url'], secrets: ['password'], certificate: false, totp: false, generator: 'etax', url: null },
  'social-security': { kind: 'social-security', fields: ['login', 'phone', 'url'], secrets: ['password'], certificate: false, totp: false, generator: 'standard', url: null },
  'housing-fund': { kind: 'housing-fund', fields: ['login', 'phone', 'url'], secrets: ['password'], certificate: false, totp: false, generator: 'standard', url: null },
  bank: { kind: 'bank', fields: ['login', 'phone', 'url', 'expiresOn'], secrets: ['password', 'pin'], certificate: false, totp: true, generator: 'bank', url: null },
  certificate: { kind: 'certificate', fields: ['login', 'expiresOn'], secrets: ['certPassword'], certificate: true, totp: false, generator: 'pin6', url: null },
  'annual-report': { kind: 'annual-report', fields: ['login', 'phone', 'url'], secrets: ['password'], certificate: false, totp: false, generator: 'standard', url: 'https://www.gsxt.gov.cn' },
  other: { kind: 'other', fields: ['login', 'url', 'phone', 'expiresOn'], secrets: ['password', 'pin'], certificate: true, totp: true, generator: 'standard', url: null },
});

/** Generator presets for the rules these sites impose. */
export const PASSWORD_PRESETS = ['standard', 'etax', 'bank', 'pin6', 'custom'] as const;
export type PasswordPreset = (typeof PASSWORD_PRESETS)[number];

export interface PasswordRules {
  length: number;
  lower: boolean;
  upper: boolean;
  digits: boolean;
  symbols: boolean;
  /** Leave out characters people misread (0 O o 1 l I). */
  avoidAmbiguous: boolean;
}

export const PASSWORD_LENGTH_MIN = 4;
export const PASSWORD_LENGTH_MAX = 64;

/** Strength 0 (guessed at once) … 4 (strong). */
export type StrengthScore = 0 | 1 | 2 | 3 | 4;

/** A custom field: a name and a value, masked like a secret when `secret`. */
export interface CredentialCustomField {
  name: string;
  value: string;
  secret: boolean;
}

export const CREDENTIAL_CUSTOM_MAX = 20;

/** Why a credential must be changed: someone who could see it lost access. */
export interface RotationDue {
  since: string;
  reason: 'offboard' | 'revoke';
  staffId: string;
  staffName: string;
}

export interface RotationDone {
  at: string;
  byId: string;
  byName: string;
  /** The names of those whose departure it answered. */
  forNames: string[];
}

/** What lists and the client page show: no secret values, only whether each is set. */
export interface CredentialSummary {
  id: string;
  clientId: string;
  clientName: string;
  kind: CredentialKind;
  title: string;
  login: string | null;
  url: string | null;
  /** Masked (138****5678). */
  phoneMasked: string | null;
  expiresOn: string | null;
  secrets: CredentialSecret[];
  hasTotp: boolean;
  certificate: { name: string; size: number } | null;
  /** Secret custom fields come with an empty value. */
  custom: CredentialCustomField[];
  notes: string;
  rotationDue: RotationDue[];
  lastRotation: RotationDone | null;
  /** The password's strength (null when there is none). */
  strength: StrengthScore | null;
  /** Other credentials (of any client this session holds) with the same password. */
  reusedWith: { id: string; clientId: string; clientName: string; title: string }[];
  historyCount: number;
  createdAt: string;
  updatedAt: string;
}

/** What a person types or an import supplies. Empty strings mean "not set". */
export interface CredentialInput {
  kind: CredentialKind;
  title: string;
  login: string | null;
  url: string | null;
  /** Undefined keeps the stored number on an edit (lists only ever show it masked). */
  phone?: string | null;
  expiresOn: string | null;
  notes: string;
  /** A secret field sent with an empty value keeps the stored value of the secret field of that name. */
  custom: CredentialCustomField[];
  /** New values of the secrets; a key left out keeps what is stored, null clears it. */
  secrets: Partial<Record<CredentialSecret, string | null>>;
  /** An otpauth:// URI or a base32 seed; undefined keeps, null clears. */
  totp?: string | null;
}

export interface TotpCode {
  code: string;
  /** Seconds until this code expires. */
  remaining: number;
  period: number;
}

export interface PasswordHistoryEntry {
  secret: CredentialSecret;
  changedAt: string;
  changedBy: string;
}

/** One row of an import's report. */
export type CredentialImportRow =
  | { row: number; status: 'imported'; credentialId: string; clientId: string; title: string }
  | { row: number; status: 'skipped'; reason: string }
  | { row: number; status: 'failed'; code: import('./errors').ErrorCode; message: string };

export const EXPIRY_WINDOWS = [30, 60, 90] as const;
export type ExpiryWindow = (typeof EXPIRY_WINDOWS)[number];

/** Expiry reminders at unlock cover this many days. */
export const EXPIRY_REMINDER_DAYS = 30;

/** Which sheet column holds each field of an import (null: none). */
export interface CredentialColumnMapping {
  client: number | null;
  kind: number | null;
  title: number | null;
  login: number | null;
  password: number | null;
  pin: number | null;
  certPassword: number | null;
  phone: number | null;
  url: number | null;
  expiresOn: number | null;
  notes: number | null;
  totp: number | null;
}

export type CredentialSheetFormat = 'bitwarden' | 'keepass' | 'sheet';

/** A file read for import, before anything is written: what the mapping dialog shows. */
export interface CredentialImportPreview {
  token: string;
  fileName: string;
  format: CredentialSheetFormat;
  sheets: { name: string; header: string[]; rows: number; sample: string[][] }[];
  /** Suggested for the first sheet. */
  mapping: CredentialColumnMapping;
}
