import { existsSync, mkdtempSync, promises as fsp, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encryptTo } from '../../../../src/main/core/backup/format/age-file';
import { isBackupError, type BackupProblem } from '../../../../src/main/core/backup/backup-errors';
import { createBackup } from '../../../../src/main/core/backup/create-backup';
import { encodeManifest, type Manifest } from '../../../../src/main/core/backup/format/manifest';
import { verifyBackup } from '../../../../src/main/core/backup/read-backup';
import { restoreBackup } from '../../../../src/main/core/backup/restore-backup';
import { writeTar } from '../../../../src/main/core/backup/format/tar';
import { newRecoveryIdentity } from '../../../../src/main/core/keys/age-keys';
import { exitCodeFor } from '../../../../src/shared/errors';
import { APP_VERSION, makeVault, treeHashes, type TestVault } from './fixtures';

let root: string;
let vault: TestVault;
let backup: Buffer;
let manifest: Manifest;
let headerLength: number;
let n = 0;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'zd-backup-damage-'));
  vault = await makeVault(root, [200_000, 700_000, 1_000_000, 5]);
  const out = join(root, 'good.zdbk');
  manifest = (await createBackup({ vaultDir: vault.dir }, { out, appVersion: APP_VERSION })).manifest;
  backup = readFileSync(out);
  headerLength = backup.indexOf('\n--- ') + 1;
  headerLength = backup.indexOf(0x0a, headerLength) + 1;
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

function writeVariant(bytes: Buffer): string {
  const path = join(root, `variant-${++n}.zdbk`);
  writeFileSync(path, bytes);
  return path;
}

/**
 * Restores `file`: it must fail for one of `reasons`, with an error code that maps to CLI exit `exit`
 * (3 key, 4 damaged, 1 other), leaving no target folder and no work folder.
 */
async function expectRefused(file: string, key: { identity: string } | { passphrase: string }, reasons: BackupProblem[], exit?: number): Promise<void> {
  const to = join(root, `target-${++n}`);
  const error = await restoreBackup(file, key, to).then(
    () => null,
    (e: unknown) => e,
  );
  expect(isBackupError(error), `${String(error)}`).toBe(true);
  if (!isBackupError(error)) return;
  expect(reasons, `${file}: ${error.reason}`).toContain(error.reason);
  if (exit !== undefined) expect(exitCodeFor(error.code)).toBe(exit);
  expect(existsSync(to)).toBe(false);
  expect(readdirSync(root).filter((f) => f.includes('.restoring-'))).toEqual([]);
}

/** Sampled positions: every 7th header byte, the nonce, each age chunk's start, middle and tag, and the very end. */
function samplePositions(): number[] {
  const positions = new Set<number>();
  for (let i = 0; i < headerLength; i += 7) positions.add(i);
  positions.add(headerLength - 1);
  positions.add(headerLength);
  positions.add(headerLength + 15);
  const sealed = 65_536 + 16;
  for (let start = headerLength + 16; start < backup.length; start += sealed) {
    for (const offset of [0, 32_768, sealed - 1]) if (start + offset < backup.length) positions.add(start + offset);
  }
  positions.add(backup.length - 1);
  return [...positions].sort((a, b) => a - b);
}

describe('a damaged backup is refused before anything restored is used', () => {
  it('detects a flipped byte anywhere: in the payload as damaged, in the header as damaged or (in a stanza) as a key that does not match', async () => {
    const before = treeHashes(vault.dir);
    const positions = samplePositions();
    expect(positions.length).toBeGreaterThan(40);
    for (const position of positions) {
      const bytes = Buffer.from(backup);
      bytes[position] = (bytes[position] ?? 0) ^ (1 << position % 8);
      const file = writeVariant(bytes);
      if (position >= headerLength) await expectRefused(file, { identity: vault.identity }, ['damaged'], 4);
      else await expectRefused(file, { identity: vault.identity }, ['damaged', 'wrong-key', 'not-a-backup']);
      rmSync(file);
    }
    expect(treeHashes(vault.dir)).toEqual(before);
    // About 110 restores: 18 s with the machine busy, over a minute with the suite and a CPU hog beside it.
  }, 240_000);

  it('detects a file cut at any length as truncated', async () => {
    const sealed = 65_536 + 16;
    const lengths = new Set([0, 1, 10, headerLength - 1, headerLength, headerLength + 16, headerLength + 17, headerLength + 16 + 600]);
    for (let end = headerLength + 16 + sealed; end < backup.length; end += sealed) {
      lengths.add(end);
      lengths.add(end + 8);
      lengths.add(end - 5_000);
    }
    lengths.add(backup.length - 1);
    for (const length of [...lengths].sort((a, b) => a - b)) {
      const file = writeVariant(backup.subarray(0, length));
      await expectRefused(file, { identity: vault.identity }, ['truncated'], 4);
      rmSync(file);
    }
  });

  it('tells a cut file (CORRUPT) from an altered one (TAMPERED) by code as well as by reason', async () => {
    const codeOf = (bytes: Buffer) => verifyBackup(writeVariant(bytes), { identity: vault.identity }).then(() => null, (e: unknown) => (isBackupError(e) ? e.code : String(e)));
    expect(await codeOf(backup.subarray(0, backup.length - 70_000))).toBe('CORRUPT');
    const altered = Buffer.from(backup);
    altered[backup.length - 70_000] = (altered[backup.length - 70_000] ?? 0) ^ 0x10;
    expect(await codeOf(altered)).toBe('TAMPERED');
  });

  it('refuses bytes appended after the end as damaged', async () => {
    await expectRefused(writeVariant(Buffer.concat([backup, Buffer.from('x')])), { identity: vault.identity }, ['damaged'], 4);
    await expectRefused(writeVariant(Buffer.concat([backup, Buffer.alloc(65_552)])), { identity: vault.identity }, ['damaged'], 4);
  });

  it('tells a wrong identity, a wrong passphrase and the wrong kind of key apart', async () => {
    const file = writeVariant(backup);
    const stranger = await newRecoveryIdentity();
    await expectRefused(file, { identity: stranger.identity }, ['wrong-key'], 3);
    await expectRefused(file, { passphrase: 'correct horse battery staple' }, ['needs-identity'], 3);
    const pass = join(root, 'pass.zdbk');
    await createBackup({ vaultDir: vault.dir }, { out: pass, appVersion: APP_VERSION, passphrase: 'correct horse battery staple', scryptWorkFactor: 10 });
    await expect(restoreBackup(pass, { passphrase: 'wrong horse battery staple' }, join(root, 'x'), { open: { recoveryIdentity: vault.identity } })).rejects.toSatisfy(
      (e) => isBackupError(e, 'wrong-passphrase'),
    );
    expect(existsSync(join(root, 'x'))).toBe(false);
    await expect(verifyBackup(pass, { identity: vault.identity })).rejects.toSatisfy((e) => isBackupError(e, 'needs-passphrase'));
  });

  it('refuses a backup from a future format version before reading its entries, and non-backups as such', async () => {
    const craft = async (manifestValue: unknown, firstName = 'manifest.json') => {
      const body = encodeManifest(manifestValue as Manifest);
      const path = join(root, `crafted-${++n}.zdbk`);
      const handle = await fsp.open(path, 'w');
      try {
        await encryptTo(writeTar([{ name: firstName, size: body.length, data: async function* () { yield body; } }], 0), handle, { recipients: [vault.recipient] });
      } finally {
        await handle.close();
      }
      return path;
    };
    const future = await craft({ ...manifest, formatVersion: 2, entries: [{ name: 'hologram.bin', size: 1, sha256: '0' }] });
    await expectRefused(future, { identity: vault.identity }, ['future-version'], 1);
    await expect(verifyBackup(future, { identity: vault.identity })).rejects.toSatisfy((e) => isBackupError(e, 'future-version'));
    await expectRefused(await craft({ hello: 'world' }), { identity: vault.identity }, ['not-a-backup'], 4);
    await expectRefused(await craft(manifest, 'vault.db'), { identity: vault.identity }, ['not-a-backup'], 4);
    await expectRefused(writeVariant(Buffer.from('PK\x03\x04 definitely a zip file')), { identity: vault.identity }, ['not-a-backup'], 4);
  });
});
