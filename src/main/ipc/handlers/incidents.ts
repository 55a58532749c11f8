import { saveTargetPicker } from '../dialogs';
import type { IpcRouter } from '../router';
import type { HandlerDeps } from './deps';

/** The incident register (the service checks the permission and the master key). */
export function registerIncidentHandlers(router: IpcRouter, { manager, dialogs }: Pick<HandlerDeps, 'manager' | 'dialogs'>): void {
  const pickSaveTarget = saveTargetPicker(dialogs);
  router.handle('incidentList', () => manager.withSession((s) => s.incidents.list()));
  router.handle('incidentGet', (req) => manager.withSession((s) => s.incidents.get(req.id)));
  router.handle('incidentOpen', (req) => manager.withSession((s) => ('alert' in req ? s.incidents.openFromAlert(req.alert) : s.incidents.open(req.title, req.scope))));
  router.handle('incidentUpdate', ({ id, ...change }) => manager.withSession((s) => s.incidents.update(id, change)));
  router.handle('incidentAction', (req) => manager.withSession((s) => s.incidents.addAction(req.id, req.text)));
  router.handle('incidentDraftSave', (req) => manager.withSession((s) => s.incidents.saveDraft(req.id, req.target, req.text)));
  router.handle('incidentExport', (req) => manager.withSession((s) => s.incidents.exportDraft(req.id, req.target, pickSaveTarget)));
  router.handle('incidentClose', (req) => manager.withSession((s) => s.incidents.close(req.id, req.cause, req.lessons)));
}
