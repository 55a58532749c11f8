import { randomBytes } from 'node:crypto';
import { constants as fsConstants, copyFileSync, linkSync, mkdirSync, promises as fsp, unlinkSync } from 'node:fs';
import { join, sep } from 'node:path';
import { BlobStore } from '../blobs/blob-store';
import { VaultError, fsError } from '../errors';
import { parseKeyFile, readKeyFile } from '../keys/key-file';
import type { OpenVault } from '../vault/open-vault';
import { vaultPaths } from '../vault/layout';
import { OpenerClaim } from '../vault/opener-claim';
import { blobEntryName, type AuditHead } from './format/manifest';

/** One file to archive: its name in the backup and where to read it now. */
export interface SnapshotEntry {
  name: string;
  path: string;
}

/**
 * A consistent set of vault files, held still until release(): either the
 * closed vault under its lock, or an open vault's database snapshot plus
 * hard links to the blobs it referenced at that instant.
 */
export interface VaultSnapshot {
  vaultId: string;
  recoveryRecipient: string;
  consistency: 'at-rest' | 'snapshot';
  /** Last audit event in the archived database; null at rest (the database cannot be read without a key). */
  auditHead: AuditHead | null;
  entries: SnapshotEntry[];
  release(): Promise<void>;
}

const WORK_PREFIX = '.backup-work-';
const SQLITE_MAGIC = Buffer.from('SQLite format 3\0', 'latin1');

/** Links removed per turn of the event loop when a snapshot is released. */
const UNLINK_BATCH = 256;
/** Work folders of this process's running backups: never swept. */
const activeWork = new Set<string>();

/**
 * The vault closed: take its lock so nobody opens it meanwhile, and copy the
 * files as they are. Needs no password. vault.db was checkpointed when the
 * vault closed; a non-empty vault.db-wal means the last session ended in a
 * crash, and then the WAL is archived too: it holds committed transactions
 * that SQLite replays when the restored vault first opens.
 */
export async function snapshotAtRest(vaultDir: string): Promise<VaultSnapshot> {
  const paths = vaultPaths(vaultDir);
  const keyFile = await readKeyFile(paths.keyFile);
  const lock = await OpenerClaim.acquire(paths.claim);
  try {
    await sweepStaleWork(vaultDir);
    try {
      await fsp.access(paths.database);
    } catch {
      throw new VaultError('CORRUPT', { what: 'vault.db missing' });
    }
    const entries: SnapshotEntry[] = [
      { name: 'vault.key', path: paths.keyFile },
      { name: 'vault.db', path: paths.database },
    ];
    const wal = `${paths.database}-wal`;
    const walSize = await fsp.stat(wal).then((s) => s.size, () => 0);
    if (walSize > 0) entries.push({ name: 'vault.db-wal', path: wal });
    const blobs = new BlobStore(paths.blobs);
    for (const blobId of (await blobs.list()).sort()) entries.push({ name: blobEntryName(blobId), path: blobs.pathFor(blobId) });
    return {
      vaultId: keyFile.body.vaultId,
      recoveryRecipient: keyFile.body.roster.recoveryRecipient,
      consistency: 'at-rest',
      auditHead: null,
      entries,
      release: () => lock.release(),
    };
  } catch (err) {
    await lock.release();
    throw err;
  }
}

/**
 * The vault open in this process (the app unlocked, or the CLI with a
 * password). In one synchronous step, so nothing else in this process runs
 * in between: VACUUM INTO writes a snapshot of the database (SQLite3 Multiple
 * Ciphers attaches the target with the main database's cipher and key, so it
 * is encrypted exactly like vault.db — checked below), the key file is read,
 * and every blob the snapshot references gets a hard link in a work folder
 * inside the vault. A document deleted afterwards loses its name in blobs/
 * but not the link, so the set stays whole. On a file system without hard
 * links the blobs are read in place and a blob deleted meanwhile fails the
 * backup ('vault-changed') rather than tearing it.
 */
export async function snapshotOpenVault(vault: OpenVault): Promise<VaultSnapshot> {
  vault.assertOpen();
  const dir = vault.paths.dir;
  await sweepStaleWork(dir);
  const work = join(dir, `${WORK_PREFIX}${process.pid}-${randomBytes(6).toString('hex')}`);
  activeWork.add(work);
  let pinned: string[] = [];
  const release = async () => {
    await removeLinks(pinned);
    // Empty now, unless something unexpected is left: then the recursive rm.
    const emptied = await fsp.rmdir(join(work, 'blobs')).then(() => fsp.rmdir(work)).then(() => true, () => false);
    if (!emptied) await fsp.rm(work, { recursive: true, force: true });
    activeWork.delete(work);
  };
  try {
    const { entries, auditHead } = takeSnapshot(vault, work);
    pinned = entries.map((e) => e.path).filter((path) => path.startsWith(`${work}${sep}`));
    const head = Buffer.alloc(SQLITE_MAGIC.length);
    const handle = await fsp.open(join(work, 'vault.db'), 'r');
    try {
      await handle.read(head, 0, head.length, 0);
    } finally {
      await handle.close();
    }
    // Never archive (or leave) a plaintext image of the database.
    if (head.equals(SQLITE_MAGIC)) throw new Error('VACUUM INTO wrote an unencrypted database');
    const keyFile = parseKeyFile(await fsp.readFile(join(work, 'vault.key'), 'utf8'));
    if (keyFile.body.vaultId !== vault.vaultId) throw new VaultError('TAMPERED', { what: 'vault.key' });
    return { vaultId: vault.vaultId, recoveryRecipient: keyFile.body.roster.recoveryRecipient, consistency: 'snapshot', auditHead, entries, release };
  } catch (err) {
    await release();
    throw fsError(err, 'backup');
  }
}

function takeSnapshot(vault: OpenVault, work: string): { entries: SnapshotEntry[]; auditHead: AuditHead | null } {
  mkdirSync(work, { mode: 0o700 });
  const dbCopy = join(work, 'vault.db');
  vault.db.prepare('VACUUM INTO ?').run(dbCopy);
  // Read in the same step, so it is the last event the snapshot holds.
  const auditHead = vault.audit.head();
  const keyCopy = join(work, 'vault.key');
  linkOrCopy(vault.paths.keyFile, keyCopy);
  const entries: SnapshotEntry[] = [
    { name: 'vault.key', path: keyCopy },
    { name: 'vault.db', path: dbCopy },
  ];
  const blobIds = [...vault.repos.documentRecords.blobIds(), ...vault.repos.staffRecords.blobIds()].sort();
  let canLink = true;
  // One flat folder of links (blob ids are hex): a folder per prefix, as blobs/ has, costs a
  // directory creation each, which on some disks costs more than all the links together.
  const pins = join(work, 'blobs');
  mkdirSync(pins, { mode: 0o700 });
  for (const blobId of blobIds) {
    const live = vault.blobs.pathFor(blobId);
    let path = live;
    if (canLink) {
      const pinned = join(pins, blobId);
      try {
        linkSync(live, pinned);
        path = pinned;
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code === 'ENOENT') throw new VaultError('CORRUPT', { what: `missing blob ${blobId}` });
        canLink = false;
      }
    }
    entries.push({ name: blobEntryName(blobId), path });
  }
  return { entries, auditHead: auditHead ? { seq: auditHead.seq, mac: auditHead.hash } : null };
}

/**
 * Unlinks the work folder's files: blocking calls, a few hundred at a time
 * between turns of the event loop. Each is a plain system call, where an
 * fs/promises unlink (as a recursive rm makes, after an lstat) costs a round
 * trip through libuv's pool; with a thousand blobs that was most of the time.
 * The folders go after it.
 */
async function removeLinks(paths: readonly string[]): Promise<void> {
  for (let start = 0; start < paths.length; start += UNLINK_BATCH) {
    if (start > 0) await new Promise((resolve) => setImmediate(resolve));
    for (const path of paths.slice(start, start + UNLINK_BATCH)) {
      try {
        unlinkSync(path);
      } catch {
        // Whatever could not go now, the rm after it (or the next sweep) retries.
      }
    }
  }
}

/** vault.key is replaced by rename when a password changes, so a link (or a copy) keeps the version read now. */
function linkOrCopy(from: string, to: string): void {
  try {
    linkSync(from, to);
  } catch {
    copyFileSync(from, to, fsConstants.COPYFILE_EXCL);
  }
}

/** Removes work folders left by a backup that was killed: those of dead processes, or ours that no backup holds. */
async function sweepStaleWork(vaultDir: string): Promise<void> {
  let names: string[];
  try {
    names = await fsp.readdir(vaultDir);
  } catch {
    return;
  }
  for (const name of names) {
    if (!name.startsWith(WORK_PREFIX)) continue;
    const path = join(vaultDir, name);
    const pid = Number(name.slice(WORK_PREFIX.length).split('-')[0]);
    const mine = pid === process.pid;
    if ((mine && !activeWork.has(path)) || (!mine && !isAlive(pid))) await fsp.rm(path, { recursive: true, force: true });
  }
}

function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
