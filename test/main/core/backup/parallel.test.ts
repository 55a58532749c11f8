import { createHash } from 'node:crypto';
import { appendFileSync, existsSync, promises as fsp, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encryptTo } from '../../../../src/main/core/backup/format/age-file';
import { isBackupError } from '../../../../src/main/core/backup/backup-errors';
import { createBackup, type BackupPhase } from '../../../../src/main/core/backup/create-backup';
import { MANIFEST_NAME, encodeManifest, type Manifest } from '../../../../src/main/core/backup/format/manifest';
import { verifyBackup } from '../../../../src/main/core/backup/read-backup';
import { restoreBackup } from '../../../../src/main/core/backup/restore-backup';
import { writeTar, type TarSource } from '../../../../src/main/core/backup/format/tar';
import { isVaultError } from '../../../../src/main/core/errors';
import { APP_VERSION, copyVault, makeVault, type TestVault } from './fixtures';

/**
 * The backup's passes hash on worker threads, read ahead and check digests
 * that arrive late. These tests would catch a parallel path that lets a
 * changed file through, names the wrong entry, or differs from a plain
 * SHA-256; the worker hands bytes over in 1 MiB stages, so entries below,
 * at and across that size are covered.
 */
const MiB = 1024 * 1024;

let root: string;
let template: TestVault;
let good: { file: string; manifest: Manifest };
let n = 0;
const fresh = (name: string) => join(root, `${name}-${++n}`);
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const pathOf = (vault: TestVault, name: string) => join(vault.dir, ...name.split('/'));

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'zd-backup-parallel-'));
  template = await makeVault(root, [0, 1, 40_000, 300_000, MiB - 100, MiB, MiB + 100, 3 * MiB + 5]);
  const file = join(root, 'good.zdbk');
  good = { file, manifest: (await createBackup({ vaultDir: template.dir }, { out: file, appVersion: APP_VERSION })).manifest };
}, 60_000);
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** The blob entries of the good backup, smallest first. */
function blobs(): { name: string; size: number }[] {
  return good.manifest.entries.filter((e) => e.name.startsWith('blobs/')).sort((a, b) => a.size - b.size);
}

function leftovers(dir: string): string[] {
  return readdirSync(dir).filter((f) => f.includes('.partial-'));
}

/** Runs an at-rest backup of a copy of the vault; `meddle` runs once the first pass has hashed every file. */
async function backupChangedAfterHashing(meddle: (vault: TestVault) => void): Promise<unknown> {
  const vault = copyVault(template, fresh('live'));
  const out = fresh('changed.zdbk');
  let meddled = false;
  const error = await createBackup(
    { vaultDir: vault.dir },
    {
      out,
      appVersion: APP_VERSION,
      onProgress: (phase, done, total) => {
        if (phase === 'hashing' && done === total && !meddled) {
          meddled = true;
          meddle(vault);
        }
      },
    },
  ).then(
    () => null,
    (e: unknown) => e,
  );
  expect(meddled).toBe(true);
  expect(existsSync(out)).toBe(false);
  expect(leftovers(root)).toEqual([]);
  return error;
}

function flipByte(path: string, at: number): void {
  const bytes = readFileSync(path);
  bytes[at] = (bytes[at] ?? 0) ^ 0x01;
  writeFileSync(path, bytes);
}

/** A backup of the template whose tar holds `alter`ed bytes for some entries, sealed properly: only the hashes can tell. */
async function craftBackup(alter: (name: string, bytes: Buffer) => Buffer): Promise<string> {
  const manifestBytes = encodeManifest(good.manifest);
  const sources: TarSource[] = [{ name: MANIFEST_NAME, size: manifestBytes.length, data: async function* () { yield manifestBytes; } }];
  for (const entry of good.manifest.entries) {
    const bytes = alter(entry.name, readFileSync(pathOf(template, entry.name)));
    sources.push({ name: entry.name, size: entry.size, data: async function* () { for (let i = 0; i < bytes.length; i += 100_000) yield bytes.subarray(i, i + 100_000); } });
  }
  const file = fresh('crafted.zdbk');
  const handle = await fsp.open(file, 'wx');
  try {
    await encryptTo(writeTar(sources, 0), handle, { recipients: [template.recipient] });
  } finally {
    await handle.close();
  }
  return file;
}

describe('backup passes in parallel', () => {
  it('the manifest holds the same size and SHA-256 as a plain one-by-one hash of every file', () => {
    expect(good.manifest.entries.length).toBeGreaterThan(8);
    for (const entry of good.manifest.entries) {
      const bytes = readFileSync(pathOf(template, entry.name));
      expect({ name: entry.name, size: entry.size, sha256: entry.sha256 }).toEqual({ name: entry.name, size: bytes.length, sha256: sha256(bytes) });
    }
    // Blobs below, at and beyond the 1 MiB stage, so the worker's packing and splitting are both used.
    const sizes = blobs().map((b) => b.size);
    expect(sizes.some((s) => s < 100_000)).toBe(true);
    expect(sizes.some((s) => s > 3 * MiB)).toBe(true);
  });

  it('a small file changed between hashing and writing fails the backup as vault-changed, naming it', async () => {
    const target = blobs().find((b) => b.size > 1000 && b.size < 100_000);
    if (!target) throw new Error('fixture');
    const error = await backupChangedAfterHashing((vault) => flipByte(pathOf(vault, target.name), 700));
    expect(isBackupError(error, 'vault-changed'), String(error)).toBe(true);
    expect(error).toMatchObject({ detail: target.name, code: 'CANCELLED' });
  });

  it('a large file changed between hashing and writing (in its third MiB) fails the backup as vault-changed, naming it', async () => {
    const target = blobs().at(-1);
    if (!target || target.size < 3 * MiB) throw new Error('fixture');
    const error = await backupChangedAfterHashing((vault) => flipByte(pathOf(vault, target.name), 2 * MiB + 12_345));
    expect(isBackupError(error, 'vault-changed'), String(error)).toBe(true);
    expect(error).toMatchObject({ detail: target.name });
  });

  it('a file that grew, shrank or went missing between the passes fails the backup as vault-changed', async () => {
    const [small, , , , , , mid] = blobs().filter((b) => b.size > 0);
    if (!small || !mid) throw new Error('fixture');
    const grew = await backupChangedAfterHashing((vault) => appendFileSync(pathOf(vault, mid.name), 'x'));
    expect(grew).toMatchObject({ reason: 'vault-changed', detail: mid.name });
    const shrank = await backupChangedAfterHashing((vault) => {
      const path = pathOf(vault, small.name);
      writeFileSync(path, readFileSync(path).subarray(1));
    });
    expect(shrank).toMatchObject({ reason: 'vault-changed', detail: small.name });
    const gone = await backupChangedAfterHashing((vault) => unlinkSync(pathOf(vault, mid.name)));
    expect(isBackupError(gone, 'vault-changed'), String(gone)).toBe(true);
  });

  it('verification names the entry whose bytes differ from the manifest, small or large, and the first of two', async () => {
    const entries = blobs();
    const small = entries.find((b) => b.size > 1000 && b.size < 100_000);
    const large = entries.at(-1);
    if (!small || !large) throw new Error('fixture');
    const flip = (targets: string[], at: (size: number) => number) => (name: string, bytes: Buffer) => {
      if (!targets.includes(name)) return bytes;
      const out = Buffer.from(bytes);
      const i = at(out.length);
      out[i] = (out[i] ?? 0) ^ 0x80;
      return out;
    };
    const key = { identity: template.identity };
    for (const target of [small, large]) {
      const file = await craftBackup(flip([target.name], (size) => Math.floor(size * 0.7)));
      await expect(verifyBackup(file, key)).rejects.toSatisfy((e) => isBackupError(e, 'damaged') && e.detail === target.name);
      const to = fresh('restore');
      await expect(restoreBackup(file, key, to)).rejects.toSatisfy((e) => isBackupError(e, 'damaged') && e.detail === target.name);
      expect(existsSync(to)).toBe(false);
      expect(readdirSync(root).filter((f) => f.includes('.restoring-'))).toEqual([]);
    }
    // Both damaged: the one earlier in the archive is named, as a one-by-one check would.
    const first = good.manifest.entries.find((e) => e.name === small.name || e.name === large.name);
    const both = await craftBackup(flip([small.name, large.name], () => 0));
    await expect(verifyBackup(both, key)).rejects.toSatisfy((e) => isBackupError(e, 'damaged') && e.detail === first?.name);
    // The untouched archive verifies.
    await expect(verifyBackup(await craftBackup((_, bytes) => bytes), key)).resolves.toEqual(good.manifest);
  });

  it('cancels promptly in every pass, leaving neither the file nor a partial', async () => {
    for (const phase of ['hashing', 'writing', 'verifying'] as BackupPhase[]) {
      const controller = new AbortController();
      const out = fresh(`cancel-${phase}.zdbk`);
      const seen: BackupPhase[] = [];
      const error = await createBackup(
        { vaultDir: template.dir },
        {
          out,
          appVersion: APP_VERSION,
          signal: controller.signal,
          onProgress: (p) => {
            if (!seen.includes(p)) seen.push(p);
            if (p === phase && !controller.signal.aborted) controller.abort();
          },
        },
      ).then(
        () => null,
        (e: unknown) => e,
      );
      expect(isVaultError(error, 'CANCELLED'), `${phase}: ${String(error)}`).toBe(true);
      // Promptly: no later pass began after the abort.
      expect(seen.at(-1)).toBe(phase);
      expect(existsSync(out)).toBe(false);
      expect(leftovers(root)).toEqual([]);
    }
    // Cancelled while held at the start of a pass (where the app's 取消 meets a run the tests hold).
    const controller = new AbortController();
    const out = fresh('cancel-held.zdbk');
    const phases: BackupPhase[] = [];
    const held = createBackup(
      { vaultDir: template.dir },
      {
        out,
        appVersion: APP_VERSION,
        signal: controller.signal,
        beforePhase: async (p) => {
          phases.push(p);
          if (p === 'writing') controller.abort();
        },
      },
    ).then(
      () => null,
      (e: unknown) => e,
    );
    expect(isVaultError(await held, 'CANCELLED')).toBe(true);
    expect(phases).toEqual(['hashing', 'writing']);
    expect(existsSync(out)).toBe(false);
    expect(leftovers(root)).toEqual([]);
    // The vault is untouched and free for the next backup.
    const again = fresh('after-cancel.zdbk');
    await createBackup({ vaultDir: template.dir }, { out: again, appVersion: APP_VERSION });
    expect(statSync(again).size).toBeGreaterThan(0);
  });
});
