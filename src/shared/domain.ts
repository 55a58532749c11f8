/** Domain types shared by main and renderer. */

import type { OfficeModel } from './office-preview';
import type { NdaNotice } from './staff-compliance';

export const ROLES = ['owner', 'admin', 'accountant', 'auditor'] as const;
export type Role = (typeof ROLES)[number];

export const LABELS = ['public', 'internal', 'confidential', 'secret'] as const;
/** 公开 / 内部 / 机密 / 绝密 */
export type Label = (typeof LABELS)[number];

export const TAXPAYER_TYPES = ['general', 'small'] as const;
/** 一般纳税人 / 小规模纳税人 */
export type TaxpayerType = (typeof TAXPAYER_TYPES)[number];

/** ended: 已解除委托 — handed back, kept only until its documents' retention ends (see shared/handback.ts). */
export const CLIENT_STATUSES = ['active', 'archived', 'ended'] as const;
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
  /** Why the vault last locked in this run (set only while locked), so the unlock screen can say so. */
  lastLockReason?: LockReason;
  /**
   * Something this unlock found that the person should know (set while unlocked): the vault was
   * restored from a backup since they last opened it; an owner accepted an older vault; or their own
   * record of it outside the folder had been altered (so this unlock could not check for a rollback).
   */
  notice?: UnlockNotice;
  /** Signed in with a temporary password from a reset: they must set their own before anything else. */
  mustChangePassword?: true;
  /** Owners and admins: alerts nobody has acknowledged yet, counted at unlock (set while unlocked, when there are any). */
  openAlerts?: number;
  /** Confidentiality agreements: the signed-in member's own reminder; owners and admins, how many need attention (set while unlocked, when any). */
  nda?: NdaNotice;
}

export const UNLOCK_NOTICES = ['restored', 'rollback-accepted', 'anchor-forged'] as const;
export type UnlockNotice = (typeof UNLOCK_NOTICES)[number];

/** What a long unlock is doing: converting a vault from an earlier version, or bringing the person's own copy up to date. */
export interface UnlockProgress {
  phase: 'upgrade' | 'view';
  done: number;
  total: number;
}

export interface VaultCreated {
  /** The age recovery identity, shown exactly once for the owner to print and lock away. */
  recoveryKey: string;
  /** The vault's signing fingerprint, printed with the recovery key: backups and the vault itself can be checked against it years later. */
  fingerprint: string;
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
  /** 服务期: the first and last day the firm keeps the client's books (YYYY-MM-DD), either open. */
  serviceStart: string | null;
  serviceEnd: string | null;
  /** 负责会计: the responsible staff member's name; null when none is assigned (or they left the roster). */
  assignedStaffName: string | null;
  updatedAt: string;
  sample: boolean;
  /** 解除委托: the day the engagement ended (YYYY-MM-DD), when status is 'ended'. */
  endedOn: string | null;
}

export interface ClientDetail extends ClientSummary {
  address: string | null;
  bankAccountMasked: string | null;
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

/** Whether what is inside a document has been read: not yet, text found, none, a scan awaiting OCR, unreadable, a type not read. */
export type DocumentTextStatus = 'pending' | 'ok' | 'empty' | 'needs-ocr' | 'failed' | 'unsupported';

/** The background reading of documents' content, as the header shows it. */
export interface IndexProgress {
  pending: number;
  done: number;
  running: boolean;
  paused: boolean;
}

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
  /** Its record's revision: a batch sends it back so main can refuse a document changed meanwhile. */
  rev: number;
  /** Whether its content was read (for search), and whether it looked damaged (已导入，但文件可能已损坏). */
  textStatus: DocumentTextStatus;
  damaged: boolean;
  /** Why reading failed or stopped short (timeout, too-large, encrypted, zip-bomb…), null where nothing went wrong. */
  textReason: string | null;
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
  /** A Word or Excel file's content as main read it (in a capped worker), for the renderer to draw. */
  office?: OfficeModel;
}

/**
 * Largest file the renderer hands over by drag and drop: the same number as
 * the contract's MAX_DROPPED_BYTES (a test keeps them equal), here so the
 * renderer can check sizes without bundling zod.
 */
export const DROP_IMPORT_MAX_BYTES = 64 * 1024 * 1024;

/** A file picked in 导入文件 / 导入文件夹, as the renderer sees it: never its path. */
export interface PickedFile {
  name: string;
  /** Sub-folder below a picked folder ("凭证/2024"), or "" (files, or a folder's top). */
  folder: string;
  size: number;
}

/** What a dialog picked, held in main under a one-time token until imported. */
export type PickedBatch = { cancelled: true } | { cancelled: false; token: string; files: PickedFile[] };

export type ExportResult = { cancelled: true } | { cancelled: false; path: string; size: number };

/** A few words around a phrase found inside a document; `match` is the phrase as the document writes it. */
export interface TextSnippet {
  before: string;
  match: string;
  after: string;
}

export interface SearchHit {
  clients: ClientSummary[];
  /** Found by name, category, tags, notes or period; or by what is inside (then with the snippet around the phrase). */
  documents: (DocumentMeta & { clientName: string; snippet: TextSnippet | null })[];
  /** By title and login only: the view holds no secret to search. */
  credentials: import('./credentials').CredentialSummary[];
}

/**
 * Why the vault locked. Passed to VaultManager.lock and on to its listeners,
 * so the audit log can record it. 'app-closed' is the app closing the vault on exit.
 */
export const LOCK_REASONS = ['idle', 'screen-lock', 'suspend', 'user-switch', 'window-closed', 'manual', 'app-closed'] as const;
export type LockReason = (typeof LOCK_REASONS)[number];

/** Bounds of the idle timeout, in minutes. */
export const IDLE_MINUTES_MIN = 1;
export const IDLE_MINUTES_MAX = 240;

/** A staff member's lock triggers; each is a separate switch. Manual lock is always available. */
export interface LockSettings {
  /** Lock after `idleMinutes` without keyboard or mouse input anywhere on the PC (system idle time). */
  idleLock: boolean;
  idleMinutes: number;
  lockOnScreenLock: boolean;
  lockOnSuspend: boolean;
  lockOnUserSwitch: boolean;
  /** Lock when the last window closes. */
  lockOnWindowClose: boolean;
  /** Hide vault windows from screen capture (Windows and macOS only; no effect on Linux). */
  contentProtection: boolean;
}

export const DEFAULT_LOCK_SETTINGS: Readonly<LockSettings> = Object.freeze({
  idleLock: true,
  idleMinutes: 5,
  lockOnScreenLock: true,
  lockOnSuspend: true,
  lockOnUserSwitch: true,
  lockOnWindowClose: true,
  contentProtection: true,
});

/**
 * The owner's floor under every staff member's lock settings. A maximum idle
 * timeout also makes the idle lock mandatory (switching it off would be an
 * unbounded timeout).
 */
export interface LockPolicy {
  /** null: staff choose freely within IDLE_MINUTES_MIN..IDLE_MINUTES_MAX (or switch the idle lock off). */
  maxIdleMinutes: number | null;
  requireScreenLock: boolean;
  requireSuspend: boolean;
  requireUserSwitch: boolean;
  requireWindowClose: boolean;
  requireContentProtection: boolean;
}

export const DEFAULT_LOCK_POLICY: Readonly<LockPolicy> = Object.freeze({
  maxIdleMinutes: null,
  requireScreenLock: false,
  requireSuspend: false,
  requireUserSwitch: false,
  requireWindowClose: false,
  requireContentProtection: false,
});

/** What the settings page shows: the staff member's own choices, the owner's floor, and what applies. */
export interface LockSettingsView {
  staff: LockSettings;
  policy: LockPolicy;
  /** The staff settings after the policy floor: what the app actually enforces. */
  effective: LockSettings;
  /** Only the owner may change the policy. */
  canEditPolicy: boolean;
}

/** Text copied from the vault is cleared from the clipboard after this long (and on lock). */
export const CLIPBOARD_CLEAR_SECONDS = 30;
/** Largest text (UTF-8 bytes) the clipboard channel accepts. */
export const CLIPBOARD_MAX_BYTES = 4096;

export interface ClipboardCopied {
  /** Seconds until main clears the clipboard, unless something else was copied meanwhile. */
  clearAfterSeconds: number;
}

/** How often scheduled backups run. */
export const BACKUP_KINDS = ['daily', 'weekly'] as const;
export type BackupKind = (typeof BACKUP_KINDS)[number];

/** A native age X25519 recipient (age1 + 58 characters), the only kind every age implementation reads. */
export const AGE_RECIPIENT_PATTERN = /^age1[02-9ac-hj-np-z]{58}$/;

/** Grandfather-father-son: the newest backup of each of the last N days, M ISO weeks and K months is kept. */
export interface BackupRetention {
  daily: number;
  weekly: number;
  monthly: number;
}

export const DEFAULT_BACKUP_RETENTION: Readonly<BackupRetention> = Object.freeze({ daily: 7, weekly: 4, monthly: 12 });

/**
 * The backup schedule as the owner edits it. Kept in plain JSON beside the
 * vault (it must be readable while the vault is locked), so it holds no secrets.
 */
export interface BackupScheduleSettings {
  enabled: boolean;
  /** An absolute folder: an external drive or a network share. */
  folder: string;
  kind: BackupKind;
  /** 0–23, local time. */
  hour: number;
  /** 0 = Sunday … 6 = Saturday; used by weekly schedules. */
  weekday: number;
  retention: BackupRetention;
  /** Extra age recipients (age1…) besides the firm's recovery key, e.g. an off-site partner. */
  recipients: string[];
}

/**
 * Why backups need someone's attention: none yet, the last one failed, none for two periods, a run was missed,
 * the schedule file is unreadable, or it is not signed by this vault's master key (changed by someone else, or
 * saved before schedules were signed): then it is not run until an owner or admin saves it again.
 */
export type BackupAttention = 'never' | 'failed' | 'overdue' | 'missed' | 'schedule-invalid' | 'schedule-unsigned';

export type BackupRunPhase = 'starting' | 'hashing' | 'writing' | 'verifying';

/** A backup running now, as the progress bar shows it. */
export interface BackupRun {
  trigger: 'manual' | 'scheduled';
  phase: BackupRunPhase;
  /** 0–100 within the whole run; null when unknown (scheduled runs report none). */
  percent: number | null;
  startedAt: string;
  cancelling: boolean;
}

export interface BackupAttemptInfo {
  at: string;
  ok: boolean;
  file: string | null;
  code: import('./errors').ErrorCode | null;
  /** The backup problem (e.g. 'truncated'), when there was one. */
  reason: string | null;
}

/** What the 备份 page and the banner after unlock show. Empty for staff who may not back up. */
export interface BackupStatusView {
  canCreate: boolean;
  canRestore: boolean;
  schedule: BackupScheduleSettings | null;
  lastSuccess: { at: string; file: string; bytes: number } | null;
  lastAttempt: BackupAttemptInfo | null;
  consecutiveFailures: number;
  attention: BackupAttention | null;
  /** A scheduled time that passed while the app was closed (or the PC slept), and when the catch-up run started. */
  missed: { slot: string; ranAt: string } | null;
  /** The header warns when the newest verified backup is older than this many days (the firm's setting). */
  warnAfterDays: number;
  /** What the header warns of (never backed up, or too long ago); null when a recent verified backup exists. */
  ageWarning: import('./first-run').BackupAgeWarning | null;
  nextDue: string | null;
  running: BackupRun | null;
  /** With 'schedule-unsigned': what the file says now, shown for the owner to judge, never run and never put in the form. */
  untrustedSchedule: BackupScheduleSettings | null;
}

export interface BackupFileInfo {
  name: string;
  path: string;
  createdAt: string;
  size: number;
}

/** This vault's backups in a folder, newest first. `error` when the folder cannot be read (drive not connected). */
export interface BackupListing {
  folder: string | null;
  files: BackupFileInfo[];
  error: import('./errors').ErrorCode | null;
}

export type BackupCreated = { cancelled: true } | { cancelled: false; path: string; bytes: number; createdAt: string };

export type FolderPicked = { cancelled: true } | { cancelled: false; folder: string };

export type BackupFilePicked = { cancelled: true } | { cancelled: false; path: string; name: string; size: number };

/** A backup that decrypted and checked end to end with the recovery key. */
export interface BackupVerified {
  path: string;
  createdAt: string;
  vaultId: string;
  /** Whether it is a backup of the vault open now (only those are restored here). */
  sameVault: boolean;
  consistency: 'at-rest' | 'snapshot';
  entries: number;
  bytes: number;
  appVersion: string;
  /**
   * Who signed it: this vault (its master key, or a backup signer it endorsed), another vault, a vault nobody
   * here can place, or nobody. Only 'this-vault' is restored without the owner's explicit acceptance.
   */
  signature: 'this-vault' | 'other-vault' | 'unknown' | 'unsigned';
  /** 'master', or the label of the PC whose backup signer signed it; null when unsigned. */
  signedBy: string | null;
  /** The signing fingerprint of the vault.key inside, to compare with the recovery key sheet; null for a version-2 backup. */
  fingerprint: string | null;
}

/** After a restore the vault is locked: staff sign in again with their own passwords. */
export interface BackupRestored {
  /** Where the vault as it was before the restore was kept. */
  previous: string | null;
  status: VaultStatus;
}
