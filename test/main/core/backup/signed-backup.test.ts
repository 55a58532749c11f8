/**
 * Signed backups: who signed a backup, and whether the person restoring can
 * tell it is their own vault's. A backup built or altered by someone else —
 * even one encrypted to the firm's public recovery recipient — is refused
 * unless the owner accepts it knowingly.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isBackupError } from '../../../../src/main/core/backup/backup-errors';
import { checkManifestSignature } from '../../../../src/main/core/backup/backup-signature';
import { createBackup } from '../../../../src/main/core/backup/create-backup';
import { checkBackup } from '../../../../src/main/core/backup/read-backup';
import { restoreBackup } from '../../../../src/main/core/backup/restore-backup';
import { parseKeyFile, vaultSigningRoot } from '../../../../src/main/core/keys/key-file';
import { vaultFingerprint } from '../../../../src/main/core/keys/vault-statements';
import { APP_VERSION, atRestSigner, copyVault, makeVault, openWithRecovery, type TestVault } from './fixtures';

let root: string;
let template: TestVault;
let other: TestVault;
let n = 0;
const fresh = (name: string) => join(root, `${name}-${++n}`);

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'zd-signed-backup-'));
  template = await makeVault(join(root, 'firm'), [1_000, 70_000]);
  other = await makeVault(join(root, 'other'), [500]);
}, 120_000);
afterAll(() => rmSync(root, { recursive: true, force: true }));

const keyFileText = (vault: TestVault) => readFile(join(vault.dir, 'vault.key'), 'utf8');

describe('who signed a backup', () => {
  it('a snapshot made with the master key is signed by it; the recovery key, the pinned root and the sheet’s fingerprint each say this vault', async () => {
    const live = copyVault(template, fresh('live'));
    const vault = await openWithRecovery(live.dir, live.identity);
    const out = fresh('snapshot.zdbk');
    try {
      await createBackup({ vault }, { out, appVersion: APP_VERSION });
    } finally {
      await vault.close();
    }
    const file = parseKeyFile(await keyFileText(live));
    const fingerprint = vaultFingerprint(file);
    const byRecovery = await checkBackup(out, { identity: live.identity }, {});
    expect(byRecovery.signature).toEqual({ kind: 'signed', whose: 'this-vault', by: 'master', label: null, fingerprint });
    expect((await checkBackup(out, { identity: live.identity }, { pinnedRoot: vaultSigningRoot(file) })).signature).toMatchObject({ whose: 'this-vault' });
    expect((await checkBackup(out, { identity: live.identity }, { fingerprint: fingerprint.toLowerCase() })).signature).toMatchObject({ whose: 'this-vault' });
    // Another vault's pinned root or fingerprint: not this one (the fingerprint wins over the recovery key's binding).
    const otherFile = parseKeyFile(await keyFileText(other));
    expect((await checkBackup(out, { identity: live.identity }, { pinnedRoot: vaultSigningRoot(otherFile) })).signature).toMatchObject({ whose: 'other-vault' });
    expect((await checkBackup(out, { identity: live.identity }, { fingerprint: vaultFingerprint(otherFile) })).signature).toMatchObject({ whose: 'other-vault' });
  });

  it('a copy at rest is signed by this PC’s backup signer, endorsed in the roster; without one it is unsigned', async () => {
    const live = copyVault(template, fresh('live'));
    const signed = fresh('signed.zdbk');
    await createBackup({ vaultDir: live.dir }, { out: signed, appVersion: APP_VERSION, signer: await atRestSigner(live) });
    expect((await checkBackup(signed, { identity: live.identity }, {})).signature).toMatchObject({ kind: 'signed', whose: 'this-vault', by: 'backup-signer' });
    const unsigned = fresh('unsigned.zdbk');
    await createBackup({ vaultDir: live.dir }, { out: unsigned, appVersion: APP_VERSION });
    expect((await checkBackup(unsigned, { identity: live.identity }, {})).signature).toEqual({ kind: 'unsigned', fingerprint: vaultFingerprint(parseKeyFile(await keyFileText(live))) });
  });

  it('another vault’s backup, signed by its own master, is another vault’s to whoever knows this one', async () => {
    const vault = await openWithRecovery(other.dir, other.identity);
    const out = fresh('other.zdbk');
    try {
      await createBackup({ vault }, { out, appVersion: APP_VERSION });
    } finally {
      await vault.close();
    }
    const firmRoot = vaultSigningRoot(parseKeyFile(await keyFileText(template)));
    expect((await checkBackup(out, { identity: other.identity }, { pinnedRoot: firmRoot })).signature).toMatchObject({ kind: 'signed', whose: 'other-vault' });
  });
});

describe('restoring', () => {
  it('an unsigned backup is refused with its fingerprint, and restored only when accepted; nothing is left behind', async () => {
    const live = copyVault(template, fresh('live'));
    const out = fresh('unsigned.zdbk');
    await createBackup({ vaultDir: live.dir }, { out, appVersion: APP_VERSION });
    const to = fresh('restored');
    const refused = await restoreBackup(out, { identity: live.identity }, to).then(
      () => null,
      (e: unknown) => e,
    );
    expect(isBackupError(refused, 'unsigned')).toBe(true);
    expect(refused).toMatchObject({ code: 'BACKUP_UNSIGNED', values: { signature: 'unsigned', fingerprint: vaultFingerprint(parseKeyFile(await keyFileText(live))) } });
    expect(existsSync(to)).toBe(false);
    expect(readdirSync(root).filter((name) => name.includes('.restoring-'))).toEqual([]);
    const restored = await restoreBackup(out, { identity: live.identity }, to, { acceptUnsigned: true });
    expect(restored.signature.kind).toBe('unsigned');
    expect(restored.check.ok).toBe(true);
  });

  it('a signed backup of this vault restores without asking', async () => {
    const live = copyVault(template, fresh('live'));
    const out = fresh('signed.zdbk');
    await createBackup({ vaultDir: live.dir }, { out, appVersion: APP_VERSION, signer: await atRestSigner(live) });
    const restored = await restoreBackup(out, { identity: live.identity }, fresh('restored'));
    expect(restored.signature).toMatchObject({ kind: 'signed', whose: 'this-vault' });
  });
});

describe('altered or forged manifests', () => {
  async function signedManifest(live: TestVault) {
    const out = fresh('m.zdbk');
    const created = await createBackup({ vaultDir: live.dir }, { out, appVersion: APP_VERSION, signer: await atRestSigner(live) });
    return { manifest: created.manifest, keyText: await keyFileText(live) };
  }

  it('any change to a signed manifest (a date, an entry’s hash to match swapped contents) is a forgery', async () => {
    const live = copyVault(template, fresh('live'));
    const { manifest, keyText } = await signedManifest(live);
    expect(checkManifestSignature(manifest, keyText, { recoveryIdentity: live.identity })).toMatchObject({ whose: 'this-vault' });
    const later = { ...manifest, createdAt: '2030-01-01T00:00:00.000Z' };
    expect(() => checkManifestSignature(later, keyText, {})).toThrow(expect.objectContaining({ reason: 'forged', code: 'TAMPERED' }));
    const swapped = { ...manifest, entries: manifest.entries.map((e) => (e.name === 'vault.db' ? { ...e, sha256: 'ab'.repeat(32) } : e)) };
    expect(() => checkManifestSignature(swapped, keyText, {})).toThrow(expect.objectContaining({ reason: 'forged' }));
  });

  it('a signature stripped leaves an unsigned backup; one moved to another vault’s manifest does not verify', async () => {
    const live = copyVault(template, fresh('live'));
    const { manifest, keyText } = await signedManifest(live);
    const { signature, ...stripped } = manifest;
    expect(checkManifestSignature(stripped, keyText, {})).toMatchObject({ kind: 'unsigned' });
    // The firm's signature on the other vault's manifest, with the other vault's vault.key: refused.
    const otherKey = await keyFileText(other);
    const moved = { ...stripped, vaultId: other.vaultId, signature };
    expect(() => checkManifestSignature(moved, otherKey, {})).toThrow(expect.objectContaining({ reason: 'forged' }));
    // And a vault.key that is not the manifest's vault: refused before any signature is looked at.
    expect(() => checkManifestSignature(manifest, otherKey, {})).toThrow(expect.objectContaining({ reason: 'forged' }));
  });
});
