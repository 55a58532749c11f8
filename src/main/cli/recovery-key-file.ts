import { promises as fsp } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { VaultError, fsError } from '../core/errors';

/**
 * The file `init --recovery-key-out` writes the recovery key to. It is
 * created (owner-only, exclusively: an existing file is never replaced)
 * before the vault is, so that a path that cannot be written stops `init`
 * with nothing created, instead of leaving a vault whose only recovery key
 * was never written anywhere.
 */
export class RecoveryKeyFile {
  private constructor(
    readonly path: string,
    private handle: FileHandle | null,
  ) {}

  static async claim(path: string): Promise<RecoveryKeyFile> {
    try {
      const stat = await fsp.stat(path).catch(() => null);
      if (stat) throw new VaultError('ALREADY_EXISTS', { what: path });
      return new RecoveryKeyFile(path, await fsp.open(path, 'wx', 0o600));
    } catch (err) {
      if (err instanceof VaultError) throw err;
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') throw new VaultError('ALREADY_EXISTS', { what: path });
      // ENOENT here means the folder it would go into does not exist.
      throw fsError(err, path);
    }
  }

  /** Writes and syncs the key (text, or the recovery sheet's PDF); the file stays owner-only. */
  async write(content: string | Buffer): Promise<void> {
    const handle = this.handle;
    if (!handle) throw new VaultError('INTERNAL');
    await handle.writeFile(content);
    await handle.sync();
    await handle.close();
    this.handle = null;
  }

  /** The vault was not created: the empty claimed file goes. */
  async abandon(): Promise<void> {
    const handle = this.handle;
    this.handle = null;
    await handle?.close().catch(() => undefined);
    await fsp.rm(this.path, { force: true }).catch(() => undefined);
  }
}
