import { VaultError } from '../../core/errors';
import type { IpcRouter } from '../router';
import type { HandlerDeps } from './deps';

/** Client records, revealing a masked field, and copying it to the guarded clipboard. */
export function registerClientHandlers(router: IpcRouter, { manager, clipboard }: Pick<HandlerDeps, 'manager' | 'clipboard'>): void {
  router.handle('clientList', (req) => manager.withSession((s) => s.clients.list(req)));
  router.handle('clientCreate', (req) => manager.withSession((s) => s.clients.create(req)));
  router.handle('clientGet', (req) => manager.withSession((s) => s.clients.get(req.id)));
  router.handle('clientUpdate', (req) => manager.withSession((s) => s.clients.update(req.id, req.client)));
  router.handle('clientArchive', (req) => manager.withSession((s) => s.clients.setArchived(req.id, req.archived)));
  router.handle('clientReveal', (req) => manager.withSession((s) => s.clients.reveal(req.id, req.field)));
  // Only while unlocked: nothing copied from the vault reaches the clipboard after a lock.
  router.handle('clipboardCopy', (req) =>
    manager.withSession(() => {
      if (!clipboard) throw new VaultError('INTERNAL');
      return clipboard.copy(req.text);
    }),
  );
}
