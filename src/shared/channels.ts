/**
 * The names of the IPC operations. Pure data (no zod) so the preload can
 * import it without pulling validation code into the sandboxed renderer.
 */
export const CHANNELS = [
  'appInfo',
  'vaultStatus',
  'vaultCreate',
  'vaultUnlock',
  'vaultUnlockProgress',
  'vaultLock',
  'clientList',
  'clientCreate',
  'clientGet',
  'clientUpdate',
  'clientArchive',
  'clientReveal',
  'docList',
  'docImportPick',
  'docImportBytes',
  'docPreview',
  'docPrint',
  'docExport',
  'docUpdate',
  'docTrash',
  'docRestore',
  'docDelete',
  'search',
  'lockSettingsGet',
  'lockSettingsSet',
  'clipboardCopy',
  'sessionAccess',
  'staffList',
  'staffAdd',
  'staffUpdateRole',
  'grantList',
  'grantAdd',
  'grantRevoke',
  'offboard',
  'auditList',
  'auditExportCsv',
  'reportAccess',
  'backupStatus',
  'backupScheduleSet',
  'backupPickFolder',
  'backupNow',
  'backupProgress',
  'backupCancel',
  'backupList',
  'backupPickFile',
  'backupVerify',
  'backupRestore',
  'backupAcknowledge',
  'credList',
  'credCreate',
  'credUpdate',
  'credDelete',
  'credReveal',
  'credCopy',
  'credTotp',
  'credHistory',
  'credMarkRotated',
  'credAttachPick',
  'credRemoveCertificate',
  'credExportCertificate',
  'credExpiring',
  'credRotationList',
  'credHygiene',
  'credGenerate',
  'credImportPick',
  'credImportRun',
  'credExportAll',
] as const;

export type ChannelName = (typeof CHANNELS)[number];

/** The Electron IPC channel string for an operation. */
export function ipcChannel(name: ChannelName): string {
  return `zhangdun:${name}`;
}

/** The global name under which the preload exposes the bridge. */
export const BRIDGE_KEY = 'zhangdun';
