import { ifPicked, pickOneFile, saveTargetPicker } from '../dialogs';
import type { IpcRouter } from '../router';
import type { HandlerDeps } from './deps';

/** 保密协议与培训 on the staff page (the service checks the permission). */
export function registerStaffComplianceHandlers(router: IpcRouter, { manager, dialogs }: Pick<HandlerDeps, 'manager' | 'dialogs'>): void {
  const pickSaveTarget = saveTargetPicker(dialogs);
  router.handle('staffComplianceView', () => manager.withSession((s) => s.compliance.view()));
  router.handle('staffComplianceDetail', (req) => manager.withSession((s) => s.compliance.detail(req.staffId)));
  router.handle('staffNdaRecord', (req) =>
    manager.withSession(async (s) => {
      const { pickScan, ...input } = req;
      if (!pickScan) return { cancelled: false as const, record: await s.compliance.recordNda({ ...input, scanPath: null }) };
      // Checked before the dialog: no dialog for a refusal.
      s.compliance.view();
      return ifPicked(pickOneFile(dialogs), async (scanPath) => ({ cancelled: false as const, record: await s.compliance.recordNda({ ...input, scanPath }) }));
    }),
  );
  router.handle('staffTrainingRecord', (req) => manager.withSession((s) => s.compliance.recordTraining(req)));
  router.handle('staffPolicyAck', (req) => manager.withSession((s) => s.compliance.acknowledgePolicy(req)));
  router.handle('staffNdaScanSave', (req) =>
    manager.withSession(async (s) => {
      const name = s.compliance.scanName(req.ndaId);
      return ifPicked(pickSaveTarget(name), async (path) => {
        await s.compliance.exportScan(req.ndaId, path);
        return { cancelled: false as const, path, count: 1 };
      });
    }),
  );
  router.handle('ndaPolicySet', (req) => manager.withSession((s) => s.compliance.setPolicy(req)));
}
