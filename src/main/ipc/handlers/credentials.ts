import { CERTIFICATE_MAX_BYTES } from '../../core/credentials/credential-service';
import { VaultError } from '../../core/errors';
import { writeFileDurable } from '../../core/fs/durable';
import { sanitizeFileName } from '../../core/fs/file-names';
import { readLimited } from '../../core/fs/read-limited';
import { ifPicked, pickOneFile } from '../dialogs';
import type { IpcRouter } from '../router';
import type { HandlerDeps } from './deps';

/** Largest sheet read for a credential import. */
export const CREDENTIAL_SHEET_MAX_BYTES = 20 * 1024 * 1024;

/** A client's credentials: list, edit, reveal, copy through main's clipboard, TOTP, certificates, expiry, rotation, import, export. */
export function registerCredentialHandlers(router: IpcRouter, { manager, dialogs, clipboard }: Pick<HandlerDeps, 'manager' | 'dialogs' | 'clipboard'>): void {
  router.handle('credList', (req) => manager.withSession((s) => s.credentials.list(req.clientId)));
  router.handle('credCreate', (req) => manager.withSession((s) => s.credentials.create(req.clientId, req.credential)));
  router.handle('credUpdate', (req) => manager.withSession((s) => s.credentials.update(req.id, req.credential)));
  router.handle('credDelete', (req) =>
    manager.withSession((s) => {
      s.credentials.delete(req.id);
      return { deleted: true as const };
    }),
  );
  router.handle('credReveal', (req) => manager.withSession((s) => s.credentials.reveal(req.id, req.ref)));
  // Only while unlocked, and the value goes from the sealed record to the clipboard without passing the renderer.
  router.handle('credCopy', (req) =>
    manager.withSession((s) => {
      if (!clipboard) throw new VaultError('INTERNAL');
      return clipboard.copy(s.credentials.secretForCopy(req.id, req.ref));
    }),
  );
  router.handle('credTotp', (req) => manager.withSession((s) => s.credentials.totp(req.id)));
  router.handle('credHistory', (req) => manager.withSession((s) => s.credentials.history(req.id)));
  router.handle('credMarkRotated', (req) => manager.withSession((s) => s.credentials.markRotated(req.id)));
  router.handle('credAttachPick', (req) =>
    manager.withSession(async (s) => {
      s.credentials.get(req.id);
      return ifPicked(pickOneFile(dialogs), async (path) => {
        const { name, bytes } = await readLimited(path, CERTIFICATE_MAX_BYTES);
        try {
          return s.credentials.attachCertificate(req.id, name, bytes);
        } finally {
          bytes.fill(0);
        }
      });
    }),
  );
  router.handle('credRemoveCertificate', (req) => manager.withSession((s) => s.credentials.removeCertificate(req.id)));
  router.handle('credExportCertificate', (req) =>
    manager.withSession(async (s) => {
      const summary = s.credentials.get(req.id);
      if (!summary.certificate) throw new VaultError('NOT_FOUND', { what: 'certificate' });
      return ifPicked(dialogs.pickSaveTarget(sanitizeFileName(summary.certificate.name)), async (target) => {
        const { bytes } = s.credentials.certificateForExport(req.id, req.reason);
        try {
          await writeFileDurable(target, bytes);
          return { cancelled: false as const, path: target, size: bytes.length };
        } finally {
          bytes.fill(0);
        }
      });
    }),
  );
  router.handle('credExpiring', (req) => manager.withSession((s) => s.credentials.expiring(req.days)));
  router.handle('credRotationList', () => manager.withSession((s) => s.credentials.rotationList()));
  router.handle('credHygiene', () => manager.withSession((s) => s.credentials.hygiene()));
  router.handle('credGenerate', (req) => manager.withSession((s) => ({ password: s.credentials.generate(req.preset, req.rules) })));
  router.handle('credImportPick', () =>
    manager.withSession(async (s) =>
      ifPicked(pickOneFile(dialogs), async (path) => {
        const { name, bytes } = await readLimited(path, CREDENTIAL_SHEET_MAX_BYTES);
        try {
          return await s.credentialTransfer.preview(bytes, name);
        } finally {
          bytes.fill(0);
        }
      }),
    ),
  );
  router.handle('credImportRun', (req) => manager.withSession((s) => s.credentialTransfer.run(req.token, req.sheet, req.mapping, req.clientId)));
  router.handle('credExportAll', (req) =>
    manager.withSession(async (s) => {
      s.vault.guard.require('cred.export');
      const day = new Date().toISOString().slice(0, 10);
      return ifPicked(dialogs.pickSaveTarget(`账盾-账号密码-${day}.age`), async (target) => {
        const bytes = await s.credentialTransfer.exportAll(req.reason, req.passphrase);
        await writeFileDurable(target, bytes);
        return { cancelled: false as const, path: target, size: bytes.length };
      });
    }),
  );
}
