import type { IpcRouter } from '../router';
import type { HandlerDeps } from './deps';

/** The 警报 page: alerts, their events, acknowledgement, suspending staff, the owner's thresholds (the service checks the permission). */
export function registerAlertHandlers(router: IpcRouter, { manager }: Pick<HandlerDeps, 'manager'>): void {
  router.handle('alertList', (req) => manager.withSession((s) => s.alerts.list(req)));
  router.handle('alertEvents', (req) => manager.withSession((s) => s.alerts.events(req.seq)));
  router.handle('alertAck', (req) => manager.withSession((s) => s.alerts.acknowledge(req.seq, req.note)));
  router.handle('staffSuspend', (req) =>
    manager.withSession(async (s) => {
      await s.alerts.suspend(req.staffId, req.alert);
      return { suspended: true as const };
    }),
  );
  router.handle('staffUnsuspend', (req) =>
    manager.withSession(async (s) => {
      await s.alerts.unsuspend(req.staffId);
      return { suspended: false as const };
    }),
  );
  router.handle('alertSettingsGet', () => manager.withSession((s) => s.alerts.settings()));
  router.handle('alertSettingsSet', (req) => manager.withSession((s) => s.alerts.setSettings(req)));
}
