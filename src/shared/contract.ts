/**
 * The IPC contract: for every channel, the zod schema of its request and the
 * TypeScript type of its response. Main parses every request from `unknown`
 * with these schemas; the preload only sees the types.
 */
import { z } from 'zod';
import { shareCreateSchema, shareListSchema, type ShareCreateResult, type ShareEntry } from './shares';
import { clientEndSchema, clientHandbackSchema, type ClientEnding, type ClientHandbackResult } from './handback';
import { bulkExportRequestSchema, bulkItemsRequestSchema, bulkUpdateRequestSchema, type BulkExportResult, type BulkOutcome } from './bulk';
import type { ChannelName } from './channels';
import { BACKUP_WARN_DAYS_MAX, BACKUP_WARN_DAYS_MIN, type FirstRunView } from './first-run';
import type {
  AppInfo,
  BackupCreated,
  BackupFilePicked,
  BackupListing,
  BackupRestored,
  BackupRun,
  BackupStatusView,
  BackupVerified,
  ClipboardCopied,
  ClientDetail,
  ClientPage,
  DocumentMeta,
  DocumentPreview,
  ExportResult,
  FolderPicked,
  ImportOutcome,
  IndexProgress,
  PickedBatch,
  LockSettingsView,
  Revealed,
  SearchHit,
  UnlockProgress,
  VaultCreated,
  VaultStatus,
} from './domain';
import {
  AGE_RECIPIENT_PATTERN,
  BACKUP_KINDS,
  CLIENT_STATUSES,
  CLIPBOARD_MAX_BYTES,
  DOCUMENT_STATUSES,
  IDLE_MINUTES_MAX,
  IDLE_MINUTES_MIN,
  LABELS,
  REVEALABLE_FIELDS,
  TAXPAYER_TYPES,
} from './domain';
import { isValidCreditCode } from './credit-code';
import {
  clientExportSchema,
  clientImportCheckSchema,
  clientImportRunSchema,
  type ClientImportCheck,
  type ClientImportPreview,
  type ClientImportReport,
} from './client-import';
import { passwordPolicySchema, type PasswordPolicy } from './password-policy';
import { RETENTION_RULE_IDS, RETENTION_YEARS_MAX, type DestructionItem, type DestructionList, type DocumentRetention, type LegalHold, type RetentionPeriods } from './retention';
import type { AlertEntry, AlertEventRef, AlertPage, AlertSettings } from './alerts';
import { idSchema, instantSchema } from './schema-scalars';
import type { IncidentDetail, IncidentSummary } from './incidents';
import { incidentActionSchema, incidentCloseSchema, incidentDraftSaveSchema, incidentExportSchema, incidentOpenSchema, incidentUpdateSchema } from './incident-schemas';
import { alertAckSchema, alertListSchema, alertSettingsSchema } from './alert-schemas';
import {
  ndaPolicySchema,
  ndaRecordSchema,
  policyAckSchema,
  trainingRecordSchema,
  type NdaPolicy,
  type NdaRecord,
  type PolicyAck,
  type StaffComplianceDetail,
  type StaffComplianceView,
  type TrainingRecord,
} from './staff-compliance';
import type { CredentialImportPreview, CredentialImportRow, CredentialSummary, PasswordHistoryEntry, TotpCode } from './credentials';
import type { ImportProposal } from './document-guess';
import { columnMappingSchema, credentialInputSchema, expiryWindowSchema, generateSchema, secretRefSchema } from './credential-schemas';
import {
  ASSIGNABLE_ROLES,
  AUDIT_ACTIONS,
  AUDIT_OUTCOMES,
  type AuditPage,
  type FileSaved,
  type GrantInfo,
  type OffboardResult,
  type PasswordReset,
  type RecentStaffNames,
  type RevokeResult,
  type SessionAccess,
  type StaffInfo,
} from './access';

const empty = z.object({}).strict();

const retentionYearsSchema = z.union([z.number().int().min(1).max(RETENTION_YEARS_MAX), z.literal('permanent')]);
/** A hold's reason (set), or null (lift). */
const holdReasonSchema = z.string().trim().min(1).max(500).nullable();

/** Staff names: printable, trimmed, 1–64 characters. */
export const staffNameSchema = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .regex(/^[^\p{C}]+$/u, 'no control characters');

/** Passwords cross IPC once, as a string; main turns them into a Buffer at once. */
export const passwordSchema = z.string().min(1).max(1024);

export const newPasswordSchema = passwordSchema.min(8, 'at least 8 characters');

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .transform((v) => (v === '' ? null : v))
    .nullable()
    .optional()
    .transform((v) => v ?? null);

export const clientInputSchema = z
  .object({
    name: z.string().trim().min(1).max(200),
    creditCode: optionalText(18).refine((v) => v === null || isValidCreditCode(v), 'invalid credit code'),
    taxpayerType: z.enum(TAXPAYER_TYPES).nullable().optional().transform((v) => v ?? null),
    contactPerson: optionalText(100),
    phone: optionalText(40),
    address: optionalText(300),
    bankAccount: optionalText(60),
    serviceStart: optionalText(10),
    serviceEnd: optionalText(10),
    notes: optionalText(4000),
    label: z.enum(LABELS).default('internal'),
  })
  .strict();

export type ClientInput = z.output<typeof clientInputSchema>;

export const clientListSchema = z
  .object({
    query: z.string().max(200).default(''),
    label: z.enum(LABELS).nullable().default(null),
    status: z.enum(CLIENT_STATUSES).default('active'),
    sort: z.enum(['name', 'updatedAt']).default('name'),
    offset: z.number().int().min(0).default(0),
    limit: z.number().int().min(1).max(500).default(100),
  })
  .strict();

export type ClientListQuery = z.output<typeof clientListSchema>;

export { idSchema };

/** A document or folder name as a person types it: no path separators, no control characters. */
export const fileNameSchema = z
  .string()
  .trim()
  .min(1)
  .max(255)
  .regex(/^[^\\/\p{C}]+$/u, 'no path separators or control characters')
  .refine((v) => v !== '.' && v !== '..', 'not a file name');

const categorySchema = z.string().trim().max(50);
const periodYearSchema = z.number().int().min(1990).max(2200).nullable();
const periodMonthSchema = z.number().int().min(1).max(12).nullable();

export const documentFieldsSchema = z
  .object({
    category: categorySchema.default(''),
    periodYear: periodYearSchema.default(null),
    periodMonth: periodMonthSchema.default(null),
    tags: z.array(z.string().trim().min(1).max(30)).max(20).default([]),
    notes: z.string().max(4000).default(''),
  })
  .strict();

export type DocumentFields = z.output<typeof documentFieldsSchema>;

/** A token for files picked in a dialog and held in main (see docPickFiles). */
export const pickTokenSchema = z.string().regex(/^[0-9a-f]{32}$/, 'malformed token');

/** Files one pick may hold (a folder's walk stops there). */
export const PICK_MAX_FILES = 100_000;

/** One picked file's own category and 所属期, as the import dialog leaves it; null year is 未识别 (no period). */
export const fileOverrideSchema = z
  .object({
    category: categorySchema.nullable().transform((v) => v ?? ''),
    periodYear: periodYearSchema,
    periodMonth: periodMonthSchema,
  })
  .strict();

export type FileOverride = z.output<typeof fileOverrideSchema>;

const idleMinutesSchema = z.number().int().min(IDLE_MINUTES_MIN).max(IDLE_MINUTES_MAX);

/** A staff member's lock settings; always sent whole. */
export const lockSettingsSchema = z
  .object({
    idleLock: z.boolean(),
    idleMinutes: idleMinutesSchema,
    lockOnScreenLock: z.boolean(),
    lockOnSuspend: z.boolean(),
    lockOnUserSwitch: z.boolean(),
    lockOnWindowClose: z.boolean(),
    contentProtection: z.boolean(),
  })
  .strict();

/** The owner's lock policy; always sent whole. */
export const lockPolicySchema = z
  .object({
    maxIdleMinutes: idleMinutesSchema.nullable(),
    requireScreenLock: z.boolean(),
    requireSuspend: z.boolean(),
    requireUserSwitch: z.boolean(),
    requireWindowClose: z.boolean(),
    requireContentProtection: z.boolean(),
  })
  .strict();

const utf8Length = (text: string) => new TextEncoder().encode(text).byteLength;

/** Largest file the renderer may hand over by drag and drop; bigger ones go through the file dialog. */
export const MAX_DROPPED_BYTES = 64 * 1024 * 1024;

/** Which audit events: every field optional, combined with AND. */
export const auditFilterSchema = z
  .object({
    staffId: idSchema.nullable().default(null),
    clientId: idSchema.nullable().default(null),
    action: z.enum(AUDIT_ACTIONS).nullable().default(null),
    outcome: z.enum(AUDIT_OUTCOMES).nullable().default(null),
    from: instantSchema.nullable().default(null),
    to: instantSchema.nullable().default(null),
  })
  .strict();

export type AuditFilterInput = z.output<typeof auditFilterSchema>;

/** An absolute path on this PC or a share (/…, C:\…, \\server\share): folders and backup files main is to use. */
export const absolutePathSchema = z
  .string()
  .min(1)
  .max(4096)
  .regex(/^[^\p{C}]+$/u, 'no control characters')
  .refine((v) => /^(\/|[A-Za-z]:[\\/]|\\\\[^\\])/.test(v), 'not an absolute path');

/** The backup schedule, always sent whole. */
export const backupScheduleSchema = z
  .object({
    enabled: z.boolean(),
    folder: absolutePathSchema,
    kind: z.enum(BACKUP_KINDS),
    hour: z.number().int().min(0).max(23),
    weekday: z.number().int().min(0).max(6).default(1),
    retention: z
      .object({
        daily: z.number().int().min(0).max(366),
        weekly: z.number().int().min(0).max(260),
        monthly: z.number().int().min(0).max(600),
      })
      .strict(),
    recipients: z.array(z.string().trim().regex(AGE_RECIPIENT_PATTERN, 'not an age1… recipient')).max(20).default([]),
  })
  .strict();

/** The recovery key as typed or pasted (a line AGE-SECRET-KEY-1…); crosses IPC once and is never stored. */
const recoveryKeyTextSchema = z.string().min(1).max(4096);

interface ChannelSpec<Req extends z.ZodType, Res> {
  request: Req;
  /** Phantom, never set: carries the response type only (boxed, so a response that may be null keeps its null). */
  response?: { readonly type: Res };
}

function channel<Res>() {
  return <Req extends z.ZodType>(request: Req): ChannelSpec<Req, Res> => ({ request });
}

export const contract = {
  appInfo: channel<AppInfo>()(empty),
  vaultStatus: channel<VaultStatus>()(empty),
  vaultCreate: channel<VaultCreated>()(
    z.object({ staffName: staffNameSchema, password: newPasswordSchema }).strict(),
  ),
  /**
   * acceptRollback: an owner or admin who has checked why the vault is older than they last saw it opens it
   * anyway (a new epoch, recorded); anyone else is refused with ROLLED_BACK again.
   */
  vaultUnlock: channel<VaultStatus>()(
    z.object({ staffName: staffNameSchema, password: passwordSchema, acceptRollback: z.boolean().default(false) }).strict(),
  ),
  /** Polled while an unlock runs; null unless it is converting an older vault or bringing the person's view up to date. */
  vaultUnlockProgress: channel<UnlockProgress | null>()(empty),
  vaultLock: channel<VaultStatus>()(empty),
  clientList: channel<ClientPage>()(clientListSchema),
  clientCreate: channel<ClientDetail>()(clientInputSchema),
  clientGet: channel<ClientDetail>()(z.object({ id: idSchema }).strict()),
  clientUpdate: channel<ClientDetail>()(z.object({ id: idSchema, client: clientInputSchema }).strict()),
  clientArchive: channel<ClientDetail>()(z.object({ id: idSchema, archived: z.boolean() }).strict()),
  clientReveal: channel<Revealed>()(z.object({ id: idSchema, field: z.enum(REVEALABLE_FIELDS) }).strict()),
  /** The open-file dialog, then the client list read and checked for the preview (nothing written yet). */
  clientImportPick: channel<ClientImportPreview | { cancelled: true }>()(empty),
  /** The previewed rows checked again with a changed mapping or sheet. */
  clientImportCheck: channel<ClientImportCheck>()(clientImportCheckSchema),
  clientImportRun: channel<ClientImportReport>()(clientImportRunSchema),
  /** The client list as .xlsx, with a reason; main asks where to save. */
  clientExport: channel<ExportResult>()(clientExportSchema),
  docList: channel<DocumentMeta[]>()(
    z.object({ clientId: idSchema, status: z.enum(DOCUMENT_STATUSES).default('active') }).strict(),
  ),
  /** 导入文件 / 导入文件夹: the dialog, then the picked files' names and sizes under a one-time token (paths stay in main). */
  docPickFiles: channel<PickedBatch>()(z.object({ clientId: idSchema, mode: z.enum(['files', 'folder']) }).strict()),
  /** The 所属期 and category one picked file's name and text suggest (by its place in the pick); nothing is stored. */
  docPickPropose: channel<ImportProposal>()(
    z.object({ clientId: idSchema, token: pickTokenSchema, index: z.number().int().min(0).max(PICK_MAX_FILES - 1) }).strict(),
  ),
  /** Imports a pick once: the batch's fields, and each file's own category and 所属期 (one per picked file, in order). */
  docPickImport: channel<ImportOutcome[]>()(
    z
      .object({
        clientId: idSchema,
        token: pickTokenSchema,
        fields: documentFieldsSchema,
        files: z.array(fileOverrideSchema).min(1).max(PICK_MAX_FILES),
      })
      .strict(),
  ),
  docImportBytes: channel<ImportOutcome>()(
    z
      .object({
        clientId: idSchema,
        name: fileNameSchema,
        data: z.instanceof(Uint8Array).refine((d) => d.byteLength <= MAX_DROPPED_BYTES, 'file too large to drop'),
        fields: documentFieldsSchema,
      })
      .strict(),
  ),
  /** The 所属期 and category a dropped file's name and text suggest, before it is imported; nothing is stored. */
  docPropose: channel<ImportProposal>()(
    z
      .object({
        clientId: idSchema,
        name: fileNameSchema,
        data: z.instanceof(Uint8Array).refine((d) => d.byteLength <= MAX_DROPPED_BYTES, 'file too large to drop'),
      })
      .strict(),
  ),
  docPreview: channel<DocumentPreview>()(z.object({ id: idSchema }).strict()),
  /** Recorded in the audit log before the renderer prints a preview. */
  docPrint: channel<{ recorded: true }>()(z.object({ id: idSchema }).strict()),
  docExport: channel<ExportResult>()(z.object({ id: idSchema, reason: z.string().trim().max(500).default('') }).strict()),
  docUpdate: channel<DocumentMeta>()(
    z.object({ id: idSchema, name: fileNameSchema, fields: documentFieldsSchema }).strict(),
  ),
  docTrash: channel<DocumentMeta>()(z.object({ id: idSchema }).strict()),
  docRestore: channel<DocumentMeta>()(z.object({ id: idSchema }).strict()),
  docDelete: channel<{ deleted: true }>()(z.object({ id: idSchema }).strict()),
  /** 批量: each document as its single action would (permission, record, audit with the batch id); failures reported per document. */
  docBulkUpdate: channel<BulkOutcome>()(bulkUpdateRequestSchema),
  docBulkTrash: channel<BulkOutcome>()(bulkItemsRequestSchema),
  docBulkRestore: channel<BulkOutcome>()(bulkItemsRequestSchema),
  /** 打包导出: one .zip through the save dialog; one reason for the batch when a client is 机密/绝密. */
  docBulkExport: channel<BulkExportResult>()(bulkExportRequestSchema),
  /** 分享给外部: one client's documents as an encrypted, watermarked package through the save dialog; the passphrase comes back once. */
  shareCreate: channel<ShareCreateResult>()(shareCreateSchema),
  /** The client's share register (分享记录), newest first. */
  shareList: channel<ShareEntry[]>()(shareListSchema),
  /** 解除委托 (owners and admins): the hand-back package of everything of a client through the save dialog; the passphrase comes back once. */
  clientHandback: channel<ClientHandbackResult>()(clientHandbackSchema),
  /** 解除委托: the client becomes 已解除委托 (read-only, grants revoked, kept until its retention ends). */
  clientEnd: channel<ClientEnding>()(clientEndSchema),
  search: channel<SearchHit>()(z.object({ query: z.string().max(200) }).strict()),
  lockSettingsGet: channel<LockSettingsView>()(empty),
  lockSettingsSet: channel<LockSettingsView>()(
    z
      .object({ staff: lockSettingsSchema.optional(), policy: lockPolicySchema.optional() })
      .strict()
      .refine((req) => req.staff !== undefined || req.policy !== undefined, 'nothing to set'),
  ),
  clipboardCopy: channel<ClipboardCopied>()(
    z
      .object({
        text: z
          .string()
          .min(1)
          .refine((text) => utf8Length(text) <= CLIPBOARD_MAX_BYTES, 'text too long to copy'),
      })
      .strict(),
  ),
  sessionAccess: channel<SessionAccess>()(empty),
  staffList: channel<StaffInfo[]>()(empty),
  staffAdd: channel<StaffInfo>()(
    z.object({ name: staffNameSchema, role: z.enum(ASSIGNABLE_ROLES), password: newPasswordSchema }).strict(),
  ),
  staffUpdateRole: channel<StaffInfo>()(z.object({ staffId: idSchema, role: z.enum(ASSIGNABLE_ROLES) }).strict()),
  /** The grants on one client, or those of one staff member: exactly one of the two. */
  grantList: channel<GrantInfo[]>()(
    z
      .object({ clientId: idSchema.optional(), staffId: idSchema.optional() })
      .strict()
      .refine((r) => (r.clientId === undefined) !== (r.staffId === undefined), 'give clientId or staffId'),
  ),
  grantAdd: channel<GrantInfo>()(
    z.object({ clientId: idSchema, staffId: idSchema, assign: z.boolean().default(false) }).strict(),
  ),
  grantRevoke: channel<RevokeResult>()(z.object({ clientId: idSchema, staffId: idSchema }).strict()),
  /** Offboards; with saveReport main asks where to save the PDF report (a cancelled dialog still offboards). */
  offboard: channel<OffboardResult>()(
    z.object({ staffId: idSchema, handoverToId: idSchema, saveReport: z.boolean().default(true) }).strict(),
  ),
  /** Who unlocked this vault on this PC before (last first): the unlock screen's picker. Answers while locked. */
  vaultStaffNames: channel<RecentStaffNames>()(empty),
  /** The firm's password policy (also while a reset's new password is being chosen). */
  passwordPolicyGet: channel<PasswordPolicy>()(empty),
  passwordPolicySet: channel<PasswordPolicy>()(passwordPolicySchema),
  /**
   * A new password of one's own: `current` is checked, except right after unlocking with a reset's temporary
   * password (the forced change), where it is not asked. The policy applies.
   */
  passwordChange: channel<VaultStatus>()(
    z.object({ current: passwordSchema.nullable().default(null), next: newPasswordSchema }).strict(),
  ),
  /** Resets a colleague's password: the temporary password, shown once, and when it expires. */
  staffResetPassword: channel<PasswordReset>()(z.object({ staffId: idSchema }).strict()),
  auditList: channel<AuditPage>()(
    auditFilterSchema.extend({
      offset: z.number().int().min(0).default(0),
      limit: z.number().int().min(1).max(500).default(100),
    }),
  ),
  /** Main asks where to save (save dialog) and writes the CSV. */
  auditExportCsv: channel<FileSaved>()(auditFilterSchema),
  /** 客户信息访问报告 as PDF, written where the save dialog says. */
  /** Owners and admins: the compliance self-check as a PDF where the save dialog says, with its JSON beside it (recorded). */
  reportCompliance: channel<FileSaved>()(empty),
  reportAccess: channel<FileSaved>()(
    z.object({ clientId: idSchema, from: instantSchema.nullable().default(null), to: instantSchema.nullable().default(null) }).strict(),
  ),
  /** Last backup, schedule, what needs attention, a run in progress (empty for staff who may not back up). */
  backupStatus: channel<BackupStatusView>()(empty),
  backupScheduleSet: channel<BackupStatusView>()(backupScheduleSchema),
  /** The folder dialog, for the schedule's folder. */
  backupPickFolder: channel<FolderPicked>()(empty),
  /** Writes and verifies a backup now; without a folder main asks with the folder dialog. Resolves when done. */
  backupNow: channel<BackupCreated>()(z.object({ folder: absolutePathSchema.optional() }).strict()),
  /** Polled while a backup runs; null when none does. */
  backupProgress: channel<BackupRun | null>()(empty),
  backupCancel: channel<{ cancelling: boolean }>()(empty),
  /** This vault's backups in a folder (default: the schedule's). */
  backupList: channel<BackupListing>()(z.object({ folder: absolutePathSchema.optional() }).strict()),
  /** The open-file dialog, for a backup file to restore. */
  backupPickFile: channel<BackupFilePicked>()(empty),
  backupVerify: channel<BackupVerified>()(z.object({ path: absolutePathSchema, recoveryKey: recoveryKeyTextSchema }).strict()),
  /** Restores beside the vault, then puts it in place of the live vault (kept as …before-restore-…) and locks. */
  backupRestore: channel<BackupRestored>()(
    // acceptUnsigned: the owner, warned, restores a backup not signed by this vault.
    z.object({ path: absolutePathSchema, recoveryKey: recoveryKeyTextSchema, acceptUnsigned: z.boolean().default(false) }).strict(),
  ),
  /** The missed-run notice was seen. */
  backupAcknowledge: channel<BackupStatusView>()(empty),
  /** After how many days without a verified backup the header warns. */
  backupWarnDaysSet: channel<BackupStatusView>()(z.object({ days: z.number().int().min(BACKUP_WARN_DAYS_MIN).max(BACKUP_WARN_DAYS_MAX) }).strict()),
  /** 首次使用清单 (owners and admins). */
  firstRunStatus: channel<FirstRunView>()(empty),
  /** The recovery key confirmed saved: the whole key (any spacing), or right after creation its last characters. */
  firstRunConfirmRecoveryKey: channel<FirstRunView>()(z.object({ text: recoveryKeyTextSchema }).strict()),
  /** The same with the key read by main from a file the person picks (the sheet's PDF, a key file); the key stays in main. */
  firstRunConfirmRecoveryKeyFile: channel<FirstRunView | { cancelled: true }>()(empty),
  /** The recovery sheet (PDF: key, QR code, vault, date, instructions); main asks where to save. Only this vault's key. */
  recoverySheetSave: channel<ExportResult>()(z.object({ recoveryKey: recoveryKeyTextSchema }).strict()),
  /** The open-file dialog, then the recovery key read from the file (the sheet's PDF, a key file) for the restore form. */
  recoveryKeyReadFile: channel<{ cancelled: true } | { cancelled: false; recoveryKey: string }>()(empty),
  /** A client's credentials (no secret values). */
  credList: channel<CredentialSummary[]>()(z.object({ clientId: idSchema }).strict()),
  credCreate: channel<CredentialSummary>()(z.object({ clientId: idSchema, credential: credentialInputSchema }).strict()),
  credUpdate: channel<CredentialSummary>()(z.object({ id: idSchema, credential: credentialInputSchema }).strict()),
  credDelete: channel<{ deleted: true }>()(z.object({ id: idSchema }).strict()),
  /** One secret in clear, recorded. */
  credReveal: channel<{ value: string }>()(z.object({ id: idSchema, ref: secretRefSchema }).strict()),
  /** Main puts the secret on the guarded clipboard itself (cleared after 30 s and at lock); the renderer never sees it. */
  credCopy: channel<ClipboardCopied>()(z.object({ id: idSchema, ref: secretRefSchema }).strict()),
  credTotp: channel<TotpCode>()(z.object({ id: idSchema }).strict()),
  credHistory: channel<PasswordHistoryEntry[]>()(z.object({ id: idSchema }).strict()),
  /** The password was changed at the site: 待更换 cleared, who and when recorded. */
  credMarkRotated: channel<CredentialSummary>()(z.object({ id: idSchema }).strict()),
  /** The open-file dialog, then the file attached as the credential's certificate. */
  credAttachPick: channel<CredentialSummary | { cancelled: true }>()(z.object({ id: idSchema }).strict()),
  credRemoveCertificate: channel<CredentialSummary>()(z.object({ id: idSchema }).strict()),
  /** Always with a reason; main asks where to save. */
  credExportCertificate: channel<ExportResult>()(z.object({ id: idSchema, reason: z.string().trim().min(1).max(500) }).strict()),
  /** What expires within the window (and what has expired), across the clients the session holds. */
  credExpiring: channel<CredentialSummary[]>()(z.object({ days: expiryWindowSchema }).strict()),
  /** Credentials someone who left could have seen (待更换). */
  credRotationList: channel<CredentialSummary[]>()(empty),
  credHygiene: channel<{ weak: CredentialSummary[]; reused: CredentialSummary[] }>()(empty),
  credGenerate: channel<{ password: string }>()(generateSchema),
  /** The open-file dialog, then the sheet read for the mapping dialog (nothing written yet). */
  credImportPick: channel<CredentialImportPreview | { cancelled: true }>()(empty),
  credImportRun: channel<CredentialImportRow[]>()(
    z
      .object({ token: idSchema, sheet: z.number().int().min(0).max(100).default(0), mapping: columnMappingSchema, clientId: idSchema.nullable().default(null) })
      .strict(),
  ),
  /** The owner's export of every credential, as an age file under a passphrase; main asks where to save. */
  /** The background reading of documents' content (null where this app reads none). */
  indexStatus: channel<IndexProgress | null>()(empty),
  /** Pauses or resumes it (a lock stops it; the next unlock starts it again unless paused in that session). */
  indexPause: channel<IndexProgress | null>()(z.object({ paused: z.boolean() }).strict()),
  credExportAll: channel<ExportResult>()(
    z.object({ reason: z.string().trim().min(1).max(500), passphrase: z.string().min(12).max(1024) }).strict(),
  ),
  /** Owners and admins: the alerts the rules raised, newest first, with how many are open. */
  alertList: channel<AlertPage>()(alertListSchema),
  /** The audit events an alert was raised on. */
  alertEvents: channel<AlertEventRef[]>()(z.object({ seq: z.number().int().min(1) }).strict()),
  /** Acknowledged with a note (recorded). */
  alertAck: channel<AlertEntry>()(alertAckSchema),
  /** The staff member's unlock is refused until lifted (the signed roster); `alert`: the alert it was done from. */
  staffSuspend: channel<{ suspended: true }>()(z.object({ staffId: idSchema, alert: z.number().int().min(1).nullable().default(null) }).strict()),
  staffUnsuspend: channel<{ suspended: false }>()(z.object({ staffId: idSchema }).strict()),
  alertSettingsGet: channel<AlertSettings>()(empty),
  /** The owner's thresholds; always sent whole. */
  alertSettingsSet: channel<AlertSettings>()(alertSettingsSchema),
  /** Owners and admins: the incident register, newest first. */
  incidentList: channel<IncidentSummary[]>()(empty),
  /** One incident: its timeline from the audit log, the affected clients, the notification drafts. */
  incidentGet: channel<IncidentDetail>()(z.object({ id: idSchema }).strict()),
  /** Opened from an alert (prefilled) or by hand (recorded). */
  incidentOpen: channel<IncidentDetail>()(incidentOpenSchema),
  /** Title, scope (staff, clients, window) or the firm's contact; refused once closed. */
  incidentUpdate: channel<IncidentDetail>()(incidentUpdateSchema),
  /** An action taken, added to the timeline. */
  incidentAction: channel<IncidentDetail>()(incidentActionSchema),
  /** A notification draft as edited (empty: back to the generated text). */
  incidentDraftSave: channel<IncidentDetail>()(incidentDraftSaveSchema),
  /** A notification draft as a PDF, written where the save dialog says (recorded). */
  incidentExport: channel<FileSaved>()(incidentExportSchema),
  /** Closed with a cause and lessons learned; read-only from then on. */
  incidentClose: channel<IncidentDetail>()(incidentCloseSchema),
  /** Owners and admins: each active staff member's agreement standing, training count, policy version; the owner's rule. */
  staffComplianceView: channel<StaffComplianceView>()(empty),
  /** One staff member's agreements, training sessions and acknowledgement (opened with the master key). */
  staffComplianceDetail: channel<StaffComplianceDetail>()(z.object({ staffId: idSchema }).strict()),
  /** Records a signed agreement; `pickScan`: the signed scan is chosen in the open dialog (cancelled: nothing recorded). */
  staffNdaRecord: channel<{ cancelled: true } | { cancelled: false; record: NdaRecord }>()(ndaRecordSchema),
  staffTrainingRecord: channel<TrainingRecord>()(trainingRecordSchema),
  staffPolicyAck: channel<PolicyAck>()(policyAckSchema),
  /** Saves an agreement's scan where the save dialog says (recorded). */
  staffNdaScanSave: channel<FileSaved>()(z.object({ ndaId: idSchema }).strict()),
  /** The owner: a valid agreement required to unlock (with grace days), or not. */
  ndaPolicySet: channel<NdaPolicy | null>()(ndaPolicySchema),
  /** 保管期限 of each rule (the legal defaults unless the owner set longer ones). */
  retentionPeriodsGet: channel<RetentionPeriods>()(empty),
  /** The owner: one rule's period, never below the legal minimum (recorded). */
  retentionPeriodSet: channel<RetentionPeriods>()(z.object({ rule: z.enum(RETENTION_RULE_IDS), years: retentionYearsSchema }).strict()),
  /** A document's keep-until date and holds (its properties). */
  docRetention: channel<DocumentRetention>()(z.object({ id: idSchema }).strict()),
  /** Owners and admins: set (a reason) or lift (null) a legal hold on a document. */
  docHold: channel<DocumentRetention>()(z.object({ id: idSchema, reason: holdReasonSchema }).strict()),
  clientHoldGet: channel<LegalHold | null>()(z.object({ clientId: idSchema }).strict()),
  /** Owners and admins: a legal hold on everything of a client. */
  clientHold: channel<LegalHold | null>()(z.object({ clientId: idSchema, reason: holdReasonSchema }).strict()),
  /** 销毁清册 (owners and admins): what has passed retention, the lists, and each step. */
  destructionCandidates: channel<DestructionItem[]>()(empty),
  destructionLists: channel<DestructionList[]>()(empty),
  destructionCreate: channel<DestructionList>()(z.object({ documentIds: z.array(idSchema).min(1).max(10_000).nullable().default(null) }).strict()),
  destructionApprove: channel<DestructionList>()(z.object({ id: idSchema }).strict()),
  destructionCancel: channel<DestructionList>()(z.object({ id: idSchema }).strict()),
  destructionExecute: channel<DestructionList>()(z.object({ id: idSchema }).strict()),
  /** The certificate PDF of a list carried out; main asks where to save. */
  destructionCertificate: channel<FileSaved>()(z.object({ id: idSchema }).strict()),
} satisfies { [K in ChannelName]: ChannelSpec<z.ZodType, unknown> };

export type Contract = typeof contract;
/** What the renderer passes (schema input: defaults may be omitted). */
export type RequestOf<K extends ChannelName> = z.input<Contract[K]['request']>;
/** What the handler receives after parsing. */
export type ParsedRequestOf<K extends ChannelName> = z.output<Contract[K]['request']>;
/** What the channel's handler answers: the type given to `channel<Res>()`. */
export type ResponseOf<K extends ChannelName> = NonNullable<Contract[K]['response']>['type'];
