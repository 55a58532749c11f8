import { sanitizeFileName } from '../../core/fs/file-names';
import { saveTargetPicker } from '../dialogs';
import type { IpcRouter } from '../router';
import type { HandlerDeps } from './deps';

/** Staff, their grants on clients, and offboarding (every service checks the signed-in staff member's permission). */
export function registerStaffHandlers(router: IpcRouter, { manager, dialogs }: Pick<HandlerDeps, 'manager' | 'dialogs'>): void {
  const pickSaveTarget = saveTargetPicker(dialogs);
  router.handle('staffList', () => manager.withSession((s) => s.staff.list()));
  router.handle('staffAdd', (req) => manager.withSession((s) => s.staff.add(req.name, req.role, Buffer.from(req.password, 'utf8'))));
  router.handle('staffUpdateRole', (req) => manager.withSession((s) => s.staff.updateRole(req.staffId, req.role)));
  router.handle('grantList', (req) =>
    manager.withSession((s) => (req.clientId ? s.access.grantsOfClient(req.clientId) : s.access.grantsOfStaff(req.staffId ?? ''))),
  );
  router.handle('grantAdd', (req) => manager.withSession((s) => s.access.grant(req.clientId, req.staffId, { assign: req.assign })));
  router.handle('grantRevoke', (req) => manager.withSession((s) => s.access.revoke(req.clientId, req.staffId)));
  // Offboarding happens first; a cancelled save dialog only means no report file.
  router.handle('offboard', (req) =>
    manager.withSession(async (s) => {
      const report = await s.staff.offboard(req.staffId, req.handoverToId);
      if (!req.saveReport) return { report, reportPath: null };
      const target = await pickSaveTarget(sanitizeFileName(`离职交接报告-${report.staff.name}.pdf`));
      if (target) await s.reports.saveOffboardReport(report, target);
      return { report, reportPath: target };
    }),
  );
}
