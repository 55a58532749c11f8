import { ifPicked, saveTargetPicker } from '../dialogs';
import type { IpcRouter } from '../router';
import type { HandlerDeps } from './deps';

/** A client's documents: list, import (dialog or dropped bytes), preview, print, export, edit, trash (one or many); and search. */
export function registerDocumentHandlers(router: IpcRouter, { manager, dialogs }: Pick<HandlerDeps, 'manager' | 'dialogs'>): void {
  const pickSaveTarget = saveTargetPicker(dialogs);
  router.handle('docList', (req) => manager.withSession((s) => s.documents.list(req.clientId, req.status)));
  router.handle('docPickFiles', (req) =>
    manager.withSession(async (s) => {
      // Refused before any dialog opens when the session may not import into this client.
      s.documents.assertCanImport(req.clientId);
      if (req.mode === 'folder') return ifPicked(dialogs.pickFolder(), (folder) => s.picked.hold(req.clientId, { folder }));
      return ifPicked(dialogs.pickFiles(), (files) => s.picked.hold(req.clientId, { files }));
    }),
  );
  router.handle('docPickPropose', (req) => manager.withSession((s) => s.picked.propose(req.clientId, req.token, req.index)));
  router.handle('docPickImport', (req) =>
    manager.withSession(async (s) => {
      const outcomes = await s.picked.import(req.clientId, req.token, req.fields, req.files);
      s.indexContent();
      return outcomes;
    }),
  );
  router.handle('docImportBytes', (req) =>
    manager.withSession(async (s) => {
      const outcome = await s.documents.importBytes(req.clientId, req.name, req.data, req.fields);
      s.indexContent();
      return outcome;
    }),
  );
  router.handle('docPropose', (req) => manager.withSession((s) => s.proposeImport(req.clientId, req.name, Buffer.from(req.data.buffer, req.data.byteOffset, req.data.byteLength))));
  router.handle('indexStatus', () => manager.withSession((s) => s.content?.progress() ?? null));
  router.handle('indexPause', (req) =>
    manager.withSession((s) => {
      if (req.paused) s.content?.pause();
      else s.content?.resume();
      return s.content?.progress() ?? null;
    }),
  );
  router.handle('docPreview', (req) => manager.withSession((s) => s.documents.preview(req.id)));
  router.handle('docPrint', (req) =>
    manager.withSession((s) => {
      s.documents.recordPrint(req.id);
      return { recorded: true };
    }),
  );
  router.handle('docExport', (req) => manager.withSession((s) => s.documents.exportWithPolicy(req.id, req.reason, pickSaveTarget)));
  router.handle('docUpdate', (req) => manager.withSession((s) => s.documents.update(req.id, req.name, req.fields)));
  router.handle('docTrash', (req) => manager.withSession((s) => s.documents.trash(req.id)));
  router.handle('docRestore', (req) => manager.withSession((s) => s.documents.restore(req.id)));
  router.handle('docDelete', (req) =>
    manager.withSession(async (s) => {
      await s.documents.deletePermanently(req.id);
      return { deleted: true };
    }),
  );
  router.handle('docBulkUpdate', (req) => manager.withSession((s) => s.bulk.update(req.items, req.change)));
  router.handle('docBulkTrash', (req) => manager.withSession((s) => s.bulk.trash(req.items)));
  router.handle('docBulkRestore', (req) => manager.withSession((s) => s.bulk.restore(req.items)));
  router.handle('docBulkExport', (req) => manager.withSession((s) => s.archive.export(req.ids, req.reason, pickSaveTarget)));
  router.handle('shareCreate', (req) => manager.withSession((s) => s.shares.create(req, pickSaveTarget)));
  router.handle('shareList', (req) => manager.withSession((s) => s.shares.list(req.clientId)));
  router.handle('search', (req) => manager.withSession((s) => s.search.search(req.query)));
}
