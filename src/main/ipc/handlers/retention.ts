import { saveTargetPicker } from '../dialogs';
import type { IpcRouter } from '../router';
import type { HandlerDeps } from './deps';

/** 保管期限, legal holds and the 销毁清册 (the services check every permission). */
export function registerRetentionHandlers(router: IpcRouter, { manager, dialogs }: Pick<HandlerDeps, 'manager' | 'dialogs'>): void {
  const pickSaveTarget = saveTargetPicker(dialogs);
  router.handle('retentionPeriodsGet', () => manager.withSession((s) => s.retention.periods()));
  router.handle('retentionPeriodSet', (req) => manager.withSession((s) => s.retention.setPeriod(req.rule, req.years)));
  router.handle('docRetention', (req) => manager.withSession((s) => s.retention.ofDocument(req.id)));
  router.handle('docHold', (req) => manager.withSession((s) => s.retention.holdDocument(req.id, req.reason)));
  router.handle('clientHoldGet', (req) => manager.withSession((s) => s.retention.clientHold(req.clientId)));
  router.handle('clientHold', (req) => manager.withSession((s) => s.retention.holdClient(req.clientId, req.reason)));
  router.handle('clientHandback', (req) => manager.withSession((s) => s.handback.handback(req, pickSaveTarget)));
  router.handle('clientEnd', (req) => manager.withSession((s) => s.handback.end(req)));
  router.handle('destructionCandidates', () => manager.withSession((s) => s.destruction.candidates()));
  router.handle('destructionLists', () => manager.withSession((s) => s.destruction.lists()));
  router.handle('destructionCreate', (req) => manager.withSession((s) => s.destruction.create(req.documentIds ?? undefined)));
  router.handle('destructionApprove', (req) => manager.withSession((s) => s.destruction.approve(req.id)));
  router.handle('destructionCancel', (req) => manager.withSession((s) => s.destruction.cancel(req.id)));
  router.handle('destructionExecute', (req) => manager.withSession((s) => s.destruction.carryOut(req.id)));
  router.handle('destructionCertificate', (req) => manager.withSession((s) => s.destruction.saveCertificate(req.id, pickSaveTarget)));
}
