import { CLIENT_SHEET_MAX_BYTES } from '../../core/clients/client-transfer';
import { writeFileDurable } from '../../core/fs/durable';
import { readLimited } from '../../core/fs/read-limited';
import { ifPicked, pickOneFile } from '../dialogs';
import type { IpcRouter } from '../router';
import type { HandlerDeps } from './deps';


/** 导入客户 (pick, preview, check again, run) and 导出客户清单. */
export function registerClientTransferHandlers(router: IpcRouter, { manager, dialogs }: Pick<HandlerDeps, 'manager' | 'dialogs'>): void {
  router.handle('clientImportPick', () =>
    manager.withSession(async (s) => {
      // Refused before the dialog opens: staff who may not create clients are not asked for a file.
      s.vault.guard.require('client.create');
      return ifPicked(pickOneFile(dialogs), async (path) => {
        const { name, bytes } = await readLimited(path, CLIENT_SHEET_MAX_BYTES);
        try {
          return await s.clientTransfer.preview(bytes, name);
        } finally {
          bytes.fill(0);
        }
      });
    }),
  );
  router.handle('clientImportCheck', (req) => manager.withSession((s) => s.clientTransfer.check(req.token, req.sheet, req.mapping)));
  router.handle('clientImportRun', (req) => manager.withSession((s) => s.clientTransfer.run(req.token, req.sheet, req.mapping, req.skip)));
  router.handle('clientExport', (req) =>
    manager.withSession(async (s) => {
      s.vault.guard.require('client.export');
      const day = new Date().toISOString().slice(0, 10);
      return ifPicked(dialogs.pickSaveTarget(`客户清单-${day}.xlsx`), async (target) => {
        const { bytes } = await s.clientTransfer.exportXlsx(req.reason);
        await writeFileDurable(target, bytes);
        return { cancelled: false as const, path: target, size: bytes.length };
      });
    }),
  );
}
