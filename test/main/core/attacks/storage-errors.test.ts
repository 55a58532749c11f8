/**
 * A full disk and a read-only vault folder: the operation fails with
 * DISK_FULL or READ_ONLY (never an internal error), leaves no half-written
 * blob or export behind, and every document already stored survives intact.
 * Real faults come from a small tmpfs and a read-only bind mount — root
 * ignores permission bits, so chmod 0500 could not make a folder read-only
 * here. The same errors are also injected with spies, which run where
 * mounting is impossible.
 */
import { cpSync, mkdtempSync, promises as fsp, readFileSync, readdirSync, rmSync, rmdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { errorMessage } from '../../../../src/shared/messages';
import { VaultError } from '../../../../src/main/core/errors';
import { checkVault } from '../../../../src/main/core/services/check-service';
import { vaultPaths } from '../../../../src/main/core/vault/layout';
import { VaultManager } from '../../../../src/main/core/vault/vault-manager';
import type { VaultSession } from '../../../../src/main/core/vault/session';
import { listFiles } from '../../../helpers/byte-scan';
import { runCli } from '../../../helpers/cli';
import { bindReadOnly, canMount, fillDisk, mountTmpfs, unmount } from '../../../helpers/mounts';
import {
  STAFF_NAME,
  clientInput,
  openWithRecovery,
  password,
  prepareVault,
  sessionOf,
  sha256File,
  useTempDirs,
  writeIdentityFile,
  type PreparedVault,
} from '../../../helpers/vault-fixture';
import { backdate } from '../../../helpers/retention';

const mountable = canMount();
const MiB = 1024 * 1024;

/** 'ok', the VaultError's code, or what else was thrown: one comparable string per operation. */
async function outcomeOf(fn: () => unknown): Promise<string> {
  try {
    await fn();
    return 'ok';
  } catch (err) {
    if (err instanceof VaultError) return err.code;
    const e = err as { name?: string; code?: string };
    return `non-VaultError ${e?.name ?? typeof err} ${e?.code ?? ''}`.trim();
  }
}

function hashTree(dir: string): Record<string, string> {
  return Object.fromEntries(listFiles(dir).map((f) => [f.slice(dir.length), sha256File(f)]));
}

function errnoError(code: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: injected`), { code });
}

describe('full disk and read-only folder', () => {
  const fresh = useTempDirs('zd-storage-');
  const mounted: string[] = [];
  let template: PreparedVault;

  beforeAll(async () => {
    const root = mkdtempSync(join(tmpdir(), 'zd-storage-template-'));
    template = await prepareVault(root);
    return () => rmSync(root, { recursive: true, force: true });
  });
  afterEach(() => {
    vi.restoreAllMocks();
    for (const dir of mounted.splice(0).reverse()) {
      unmount(dir);
      rmdirSync(dir, { recursive: false });
    }
  });

  /** An empty file system of `bytes`, unmounted after the test. */
  function tmpfs(bytes: number): string {
    const dir = mkdtempSync(join(tmpdir(), 'zd-tmpfs-'));
    mountTmpfs(dir, bytes);
    mounted.push(dir);
    return dir;
  }

  function readOnly(dir: string): void {
    bindReadOnly(dir);
    mounted.push(dir);
  }

  function writable(dir: string): void {
    mounted.splice(mounted.indexOf(dir), 1);
    unmount(dir);
  }

  /** The prepared vault copied into `parent`, unlocked with the recovery identity through a manager. */
  async function openCopy(parent: string): Promise<{ dir: string; manager: VaultManager; session: VaultSession }> {
    const dir = join(parent, 'vault');
    cpSync(template.dir, dir, { recursive: true });
    // A state folder per copy: copies share the template's vault id (see anchors).
    const manager = new VaultManager({ vaultDir: dir, stateDir: join(parent, 'state') });
    await manager.unlockWithRecovery(template.recoveryIdentity);
    return { dir, manager, session: manager.session() };
  }

  /** Reopens the vault: the check passes and both prepared documents export byte for byte. */
  async function expectIntact(dir: string): Promise<void> {
    const out = fresh('out-');
    const vault = await openWithRecovery(dir, template.recoveryIdentity);
    try {
      expect((await checkVault(vault)).problems).toEqual([]);
      for (const doc of [template.big, template.small]) {
        await sessionOf(vault).documents.exportTo(doc.id, join(out, doc.key));
        expect(sha256File(join(out, doc.key))).toBe(doc.sha256);
      }
    } finally {
      await vault.close();
    }
  }

  function source(bytes: number): string {
    const path = join(fresh('src-'), '银行回单.pdf');
    writeFileSync(path, Buffer.alloc(bytes, 0x5a));
    return path;
  }

  describe.skipIf(!mountable)('on a full disk (tmpfs)', () => {
    it('an import fails with DISK_FULL, leaves no partial blob, and stored documents survive', async () => {
      const disk = tmpfs(2 * MiB);
      const { dir, manager, session } = await openCopy(disk);
      const blobs = hashTree(vaultPaths(dir).blobs);
      fillDisk(join(disk, 'filler'));
      expect(await outcomeOf(() => session.documents.importFiles(template.clientId, [source(300_000)]))).toBe('DISK_FULL');
      expect(readdirSync(join(vaultPaths(dir).blobs, '.tmp'))).toEqual([]);
      expect(hashTree(vaultPaths(dir).blobs)).toEqual(blobs);
      expect(session.documents.list(template.clientId).map((d) => d.id).sort()).toEqual([template.big.id, template.small.id].sort());
      rmSync(join(disk, 'filler'));
      await manager.close();
      await expectIntact(dir);
    });

    it('renaming, trashing and adding a client on a full disk fail with DISK_FULL and change nothing', async () => {
      const disk = tmpfs(2 * MiB);
      const { dir, manager, session } = await openCopy(disk);
      fillDisk(join(disk, 'filler'));
      const long = '二〇二四年第一季度增值税纳税申报表及附列资料'.repeat(40);
      const outcomes = {
        rename: await outcomeOf(() => session.documents.rename(template.big.id, `${long}.pdf`)),
        trash: await outcomeOf(() => session.documents.trash(template.small.id)),
        addClient: await outcomeOf(() => session.clients.create(clientInput({ name: '漳州九龙江食品有限公司', notes: long }))),
      };
      rmSync(join(disk, 'filler'));
      const names = session.documents.list(template.clientId).map((d) => d.name).sort();
      await manager.close();
      expect(names).toEqual(['凭证扫描.pdf', '申报表.txt']);
      await expectIntact(dir);
      expect(outcomes).toEqual({ rename: 'DISK_FULL', trash: 'DISK_FULL', addClient: 'DISK_FULL' });
    });

    it('locking a vault on a full disk succeeds, and what was saved before is kept', async () => {
      // Room for the rows twice over: sealed in vault.db, and in the clear (with search terms) in the view.
      const disk = tmpfs(12 * MiB);
      const { dir, manager, session } = await openCopy(disk);
      // Enough new rows that checkpointing the write-ahead log must grow vault.db.
      for (let i = 0; i < 40; i++) session.clients.create(clientInput({ name: `客户${i}号有限公司`, notes: '年度汇算清缴资料'.repeat(300) }));
      session.documents.rename(template.small.id, '申报表-已核对.txt');
      fillDisk(join(disk, 'filler'));
      const locked = await outcomeOf(() => manager.lock());
      rmSync(join(disk, 'filler'));
      await manager.close();
      const vault = await openWithRecovery(dir, template.recoveryIdentity);
      try {
        expect(sessionOf(vault).documents.get(template.small.id).name).toBe('申报表-已核对.txt');
        expect(sessionOf(vault).clients.list({ query: '', label: null, status: 'active', sort: 'name', offset: 0, limit: 100 }).total).toBe(41);
      } finally {
        await vault.close();
      }
      await expectIntact(dir);
      expect(locked).toBe('ok');
    });

    it('an export onto a full disk fails with DISK_FULL and leaves no partial file', async () => {
      const target = tmpfs(256 * 1024);
      const { dir, manager, session } = await openCopy(fresh());
      fillDisk(join(target, 'filler'));
      rmSync(join(target, 'filler'));
      writeFileSync(join(target, 'filler'), Buffer.alloc(150 * 1024));
      expect(await outcomeOf(() => session.documents.exportTo(template.big.id, join(target, '凭证扫描.pdf')))).toBe('DISK_FULL');
      expect(readdirSync(target)).toEqual(['filler']);
      await manager.close();
      await expectIntact(dir);
    });

    it('the CLI reports DISK_FULL (exit 1) for an import on a full disk', async () => {
      const disk = tmpfs(2 * MiB);
      const dir = join(disk, 'vault');
      cpSync(template.dir, dir, { recursive: true });
      const identityFile = writeIdentityFile(fresh(), template.recoveryIdentity);
      const file = source(300_000);
      fillDisk(join(disk, 'filler'));
      const res = await runCli(['doc', 'import', '--vault', dir, '--identity', identityFile, '--client', template.clientId, file]);
      rmSync(join(disk, 'filler'));
      expect({ code: res.code, stderr: res.stderr.trim() }).toEqual({ code: 1, stderr: errorMessage('DISK_FULL', 'zh-CN') });
      await expectIntact(dir);
    });
  });

  // Injected faults reach only this thread: dropped bytes are encrypted here, files from disk on worker
  // threads (whose faults the real mounts above produce).
  describe('a full disk, injected', () => {
    it('ENOSPC in the middle of a blob write is DISK_FULL and leaves nothing behind', async () => {
      const { dir, manager, session } = await openCopy(fresh());
      const probe = await fsp.open(join(dir, 'vault.key'), 'r');
      const fileHandle = Object.getPrototypeOf(probe) as { write: (...args: unknown[]) => Promise<unknown> };
      await probe.close();
      const write = fileHandle.write;
      let calls = 0;
      // Header, first megabyte of chunks, then the disk is full on the second megabyte.
      vi.spyOn(fileHandle, 'write').mockImplementation(function (this: unknown, ...args: unknown[]) {
        if (++calls === 3) return Promise.reject(errnoError('ENOSPC'));
        return write.apply(this, args);
      });
      const outcome = await outcomeOf(() => session.documents.importBytes(template.clientId, '大文件.pdf', readFileSync(source(3_000_000))));
      vi.restoreAllMocks();
      expect(calls).toBeGreaterThanOrEqual(3);
      expect(outcome).toBe('DISK_FULL');
      expect(readdirSync(join(vaultPaths(dir).blobs, '.tmp'))).toEqual([]);
      expect(session.documents.list(template.clientId)).toHaveLength(2);
      await manager.close();
      await expectIntact(dir);
    });
  });

  describe.skipIf(!mountable)('in a read-only folder (read-only bind mount)', () => {
    it('unlocking is refused with READ_ONLY (CLI exit 5) and nothing in the folder changes', async () => {
      const dir = join(fresh(), 'vault');
      cpSync(template.dir, dir, { recursive: true });
      const identityFile = writeIdentityFile(fresh(), template.recoveryIdentity);
      const before = hashTree(dir);
      readOnly(dir);
      const manager = new VaultManager({ vaultDir: dir });
      expect(await outcomeOf(() => manager.unlockWithRecovery(template.recoveryIdentity))).toBe('READ_ONLY');
      expect(await outcomeOf(() => manager.unlock(STAFF_NAME, password()))).toBe('READ_ONLY');
      const res = await runCli(['check', '--vault', dir, '--identity', identityFile]);
      expect({ code: res.code, stderr: res.stderr.trim() }).toEqual({ code: 5, stderr: errorMessage('READ_ONLY', 'zh-CN') });
      writable(dir);
      expect(hashTree(dir)).toEqual(before);
      await expectIntact(dir);
    });

    it('an import into a folder that turned read-only while open is READ_ONLY and loses nothing', async () => {
      const { dir, manager, session } = await openCopy(fresh());
      readOnly(dir);
      expect(await outcomeOf(() => session.documents.importFiles(template.clientId, [source(100_000)]))).toBe('READ_ONLY');
      writable(dir);
      expect(readdirSync(join(vaultPaths(dir).blobs, '.tmp'))).toEqual([]);
      expect(session.documents.list(template.clientId)).toHaveLength(2);
      await manager.close();
      await expectIntact(dir);
    });

    it('deleting permanently in a folder that turned read-only gives READ_ONLY or succeeds, never an internal error', async () => {
      const { dir, manager, session } = await openCopy(fresh());
      backdate(session.documents, template.small.id);
      readOnly(dir);
      const outcome = await outcomeOf(() => session.documents.deletePermanently(template.small.id));
      writable(dir);
      await manager.close();
      const vault = await openWithRecovery(dir, template.recoveryIdentity);
      try {
        expect((await checkVault(vault)).problems).toEqual([]);
        const left = sessionOf(vault).documents.list(template.clientId).map((d) => d.id);
        // Whatever the outcome, it must match what happened: READ_ONLY means the document is still there.
        expect(left.includes(template.small.id)).toBe(outcome === 'READ_ONLY');
      } finally {
        await vault.close();
      }
      expect(['ok', 'READ_ONLY']).toContain(outcome);
    });

    it('a vault locked while its folder was read-only unlocks again once the folder is writable', async () => {
      const { dir, manager } = await openCopy(fresh());
      readOnly(dir);
      await manager.lock();
      writable(dir);
      expect(await outcomeOf(() => manager.unlockWithRecovery(template.recoveryIdentity))).toBe('ok');
      await manager.close();
      await expectIntact(dir);
    });
  });

  describe('a read-only folder, injected', () => {
    it.each(['EROFS', 'EACCES'])('%s when creating a blob is READ_ONLY, with no document added', async (code) => {
      const { dir, manager, session } = await openCopy(fresh());
      const open = fsp.open;
      vi.spyOn(fsp, 'open').mockImplementation((path, ...rest) =>
        String(path).includes(`${sep}.tmp${sep}`) ? Promise.reject(errnoError(code)) : open(path, ...rest),
      );
      const outcome = await outcomeOf(() => session.documents.importBytes(template.clientId, '凭证.pdf', readFileSync(source(100_000))));
      vi.restoreAllMocks();
      expect(outcome).toBe('READ_ONLY');
      expect(session.documents.list(template.clientId)).toHaveLength(2);
      await manager.close();
      await expectIntact(dir);
    });
  });
});
