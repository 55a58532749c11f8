import { saveTargetPicker } from '../dialogs';
import type { IpcRouter } from '../router';
import type { HandlerDeps } from './deps';

/** The audit log, its CSV export, the client access report and the compliance self-check (the services check the permission). */
export function registerAuditHandlers(router: IpcRouter, { manager, dialogs }: Pick<HandlerDeps, 'manager' | 'dialogs'>): void {
  const pickSaveTarget = saveTargetPicker(dialogs);
  router.handle('auditList', (req) => manager.withSession((s) => s.audit.list(req)));
  router.handle('auditExportCsv', (req) => manager.withSession((s) => s.audit.exportCsv(req, pickSaveTarget)));
  router.handle('reportCompliance', () => manager.withSession((s) => s.selfCheck.save(pickSaveTarget)));
  router.handle('reportAccess', (req) => manager.withSession((s) => s.reports.saveAccessReport(req.clientId, req, pickSaveTarget)));
}
