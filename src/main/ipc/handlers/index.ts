/**
 * Every channel's handler, registered by domain. Handlers are thin: the router
 * has parsed the request with the channel's schema; each calls one service and
 * answers the channel's response type.
 */
import { BackupService } from '../../core/backup/backup-service';
import { RecoveryTailCheck } from '../../core/first-run/recovery-tail';
import type { IpcRouter } from '../router';
import { registerAlertHandlers } from './alerts';
import { registerRetentionHandlers } from './retention';
import { registerAuditHandlers } from './audit';
import { registerIncidentHandlers } from './incidents';
import { registerBackupHandlers } from './backup';
import { registerClientHandlers } from './clients';
import { registerClientTransferHandlers } from './client-transfer';
import { registerCredentialHandlers } from './credentials';
import type { HandlerDeps } from './deps';
import { registerFirstRunHandlers } from './first-run';
import { registerDocumentHandlers } from './documents';
import { registerPasswordHandlers } from './passwords';
import { registerSettingsHandlers } from './settings';
import { registerStaffHandlers } from './staff';
import { registerStaffComplianceHandlers } from './staff-compliance';
import { registerVaultHandlers } from './vault';

export type { ClipboardService, HandlerDeps } from './deps';
export type { FileDialogs } from '../dialogs';

export function registerHandlers(router: IpcRouter, deps: HandlerDeps): IpcRouter {
  const backup = deps.backup ?? new BackupService({ manager: deps.manager, appVersion: deps.appInfo.version });
  // The new recovery key's last characters, held (as a MAC) in the creating session until confirmed.
  const tails = new RecoveryTailCheck();
  registerVaultHandlers(router, { ...deps, onCreated: (session, recoveryKey) => tails.remember(session, recoveryKey) });
  registerClientHandlers(router, deps);
  registerClientTransferHandlers(router, deps);
  registerDocumentHandlers(router, deps);
  registerCredentialHandlers(router, deps);
  registerSettingsHandlers(router, deps);
  registerStaffHandlers(router, deps);
  registerStaffComplianceHandlers(router, deps);
  registerPasswordHandlers(router, deps);
  registerAuditHandlers(router, deps);
  registerAlertHandlers(router, deps);
  registerIncidentHandlers(router, deps);
  registerRetentionHandlers(router, deps);
  registerBackupHandlers(router, backup, deps);
  registerFirstRunHandlers(router, backup, tails, deps);
  return router;
}
