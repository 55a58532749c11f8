import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBackup } from '../../../../src/main/core/backup/create-backup';
import { readBackup, verifyBackup } from '../../../../src/main/core/backup/read-backup';
import { replaceVault, restoreBackup } from '../../../../src/main/core/backup/restore-backup';
import { isBackupError } from '../../../../src/main/core/backup/backup-errors';
import { newRecoveryIdentity } from '../../../../src/main/core/keys/age-keys';
import { isVaultError } from '../../../../src/main/core/errors';
import { checkVault } from '../../../../src/main/core/services/check-service';
import { DocumentService } from '../../../../src/main/core/services/document-service';
import { APP_VERSION, atRestSigner, copyVault, exportAll, makeVault, openWithRecovery, treeHashes, type TestVault } from './fixtures';

let root: string;
let template: TestVault;
let n = 0;
const fresh = (name: string) => join(root, `${name}-${++n}`);

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'zd-backup-rt-'));
  // Sizes around the 64 KiB chunk edges of both the blob format and age, plus an empty document.
  template = await makeVault(root, [0, 1, 65_535, 65_536, 65_537, 300_000, 1_500_000]);
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('backup round trip', () => {
  it('backs up a locked vault without a password, restores it to a new folder, and every document exports byte-identical', async () => {
    const live = copyVault(template, fresh('live'));
    const before = treeHashes(live.dir);
    const out = join(root, 'locked.zdbk');
    const created = await createBackup({ vaultDir: live.dir }, { signer: await atRestSigner(live), out, appVersion: APP_VERSION });
    expect(created.manifest).toMatchObject({ format: 'zhangdun-backup', formatVersion: 1, vaultId: live.vaultId, consistency: 'at-rest', auditHead: null, appVersion: APP_VERSION });
    expect(created.manifest.entries.map((e) => e.name).slice(0, 2)).toEqual(['vault.key', 'vault.db']);
    expect(created.manifest.entries.filter((e) => e.name.startsWith('blobs/'))).toHaveLength(template.documents.size);
    // The live vault is untouched and its lock released.
    expect(treeHashes(live.dir)).toEqual(before);
    expect(existsSync(join(live.dir, 'vault.in-use'))).toBe(false);
    expect(readdirSync(root).filter((f) => f.includes('.partial-'))).toEqual([]);

    const to = fresh('restored');
    const restored = await restoreBackup(out, { identity: live.identity }, to);
    expect(restored.check).toMatchObject({ ok: true, documents: template.documents.size });
    // Made at rest, signed by this PC's backup signer, which the vault's roster endorses; the recovery key knows its vault.
    expect(restored.signature).toMatchObject({ kind: 'signed', whose: 'this-vault', by: 'backup-signer' });
    expect(readdirSync(root).filter((f) => f.includes('.restoring-'))).toEqual([]);
    const vault = await openWithRecovery(to, live.identity);
    try {
      expect((await checkVault(vault)).ok).toBe(true);
      expect(await exportAll(vault, fresh('export'))).toEqual(template.documents);
    } finally {
      await vault.close();
    }
  });

  it('backs up an open vault from a snapshot that stays encrypted, and a document deleted mid-backup does not tear it', async () => {
    const live = copyVault(template, fresh('live'));
    const vault = await openWithRecovery(live.dir, live.identity);
    const out = join(root, 'open.zdbk');
    // A clock past the documents' retention (filed this year, kept 30 years): deleting is what this is about.
    const docs = new DocumentService(vault, () => 'zh-CN', () => new Date('2100-01-01T00:00:00Z'));
    const victim = [...template.documents.keys()][3] ?? '';
    let deleted = false;
    const headAtSnapshot = vault.audit.head();
    expect(headAtSnapshot).not.toBeNull();
    try {
      const created = await createBackup({ vault }, {
        out,
        appVersion: APP_VERSION,
        onProgress: (phase) => {
          // Permanently delete a document (row and blob) once the snapshot was taken.
          if (phase === 'hashing' && !deleted) {
            deleted = true;
            void docs.deletePermanently(victim);
          }
        },
      });
      expect(created.manifest.consistency).toBe('snapshot');
      // The audit head of the snapshot, not of the live chain the deletion extended afterwards.
      expect(created.manifest.auditHead).toEqual({ seq: headAtSnapshot?.seq, mac: headAtSnapshot?.hash });
      expect(vault.audit.head()?.seq).toBeGreaterThan(headAtSnapshot?.seq ?? Infinity);
      expect(deleted).toBe(true);
      expect(vault.repos.documentRecords.byId(victim)).toBeNull();
      // The work folder with the database snapshot and blob links is gone.
      expect(readdirSync(live.dir).filter((f) => f.startsWith('.backup-work-'))).toEqual([]);
    } finally {
      await vault.close();
    }
    expect(vault.isOpen).toBe(false);
    // The archived database is the VACUUM INTO snapshot: SQLCipher-encrypted, no SQLite header, no plaintext.
    const parts: Buffer[] = [];
    await readBackup(out, { identity: live.identity }, {
      onEntry: async (entry, body) => {
        for await (const piece of body) if (entry.name === 'vault.db') parts.push(Buffer.from(piece));
      },
    });
    const db = Buffer.concat(parts);
    expect(db.length).toBeGreaterThan(4096);
    expect(db.includes(Buffer.from('SQLite format 3\0', 'latin1'))).toBe(false);
    expect(db.includes(Buffer.from('福州闽江', 'utf8'))).toBe(false);
    const to = fresh('restored');
    await restoreBackup(out, { identity: live.identity }, to);
    const back = await openWithRecovery(to, live.identity);
    try {
      // The backup holds the vault as it was at the snapshot, the deleted document included.
      expect(await exportAll(back, fresh('export'))).toEqual(template.documents);
    } finally {
      await back.close();
    }
  });

  it('refuses a non-empty target folder and an existing backup file, touching neither', async () => {
    const live = copyVault(template, fresh('live'));
    const out = join(root, 'refuse.zdbk');
    await createBackup({ vaultDir: live.dir }, { signer: await atRestSigner(live), out, appVersion: APP_VERSION });
    const bytes = readFileSync(out);
    await expect(createBackup({ vaultDir: live.dir }, { signer: await atRestSigner(live), out, appVersion: APP_VERSION })).rejects.toSatisfy((e) => isVaultError(e, 'ALREADY_EXISTS'));
    expect(readFileSync(out).equals(bytes)).toBe(true);
    const to = fresh('occupied');
    mkdirSync(to);
    writeFileSync(join(to, 'notes.txt'), 'x');
    await expect(restoreBackup(out, { identity: live.identity }, to)).rejects.toSatisfy((e) => isVaultError(e, 'ALREADY_EXISTS'));
    expect(readdirSync(to)).toEqual(['notes.txt']);
  });

  it('encrypts to the recovery recipient and extra recipients, or to a passphrase only', async () => {
    const live = copyVault(template, fresh('live'));
    const extra = await newRecoveryIdentity();
    const out = join(root, 'extra.zdbk');
    await createBackup({ vaultDir: live.dir }, { signer: await atRestSigner(live), out, appVersion: APP_VERSION, recipients: [extra.recipient] });
    expect((await verifyBackup(out, { identity: live.identity })).vaultId).toBe(live.vaultId);
    expect((await verifyBackup(out, { identity: extra.identity })).vaultId).toBe(live.vaultId);

    const pass = join(root, 'pass.zdbk');
    await createBackup({ vaultDir: live.dir }, { signer: await atRestSigner(live), out: pass, appVersion: APP_VERSION, passphrase: 'correct horse battery staple', scryptWorkFactor: 10 });
    expect((await verifyBackup(pass, { passphrase: 'correct horse battery staple' })).vaultId).toBe(live.vaultId);
    await expect(verifyBackup(pass, { identity: live.identity })).rejects.toSatisfy((e) => isBackupError(e, 'needs-passphrase'));
    // A passphrase backup restores with the passphrase; the restored vault is checked with the recovery key.
    const to = fresh('from-pass');
    const restored = await restoreBackup(pass, { passphrase: 'correct horse battery staple' }, to, { open: { recoveryIdentity: live.identity } });
    expect(restored.check.ok).toBe(true);
  });

  it('puts a restored vault in place of the live one, keeping the previous folder', async () => {
    const live = copyVault(template, fresh('live'));
    const out = join(root, 'replace.zdbk');
    await createBackup({ vaultDir: live.dir }, { signer: await atRestSigner(live), out, appVersion: APP_VERSION });
    const liveBefore = treeHashes(live.dir);
    const to = fresh('restored');
    await restoreBackup(out, { identity: live.identity }, to);
    const restoredTree = treeHashes(to);
    const epochOf = (dir: string) => (JSON.parse(readFileSync(join(dir, 'vault.key'), 'utf8')) as { body: { roster: { epoch: string } } }).body.roster.epoch;
    const epochBefore = epochOf(to);
    const { previous } = await replaceVault(live.dir, to, { recoveryIdentity: live.identity }, { now: new Date(2025, 2, 1, 9, 30, 0) });
    expect(previous).toBe(`${live.dir}.before-restore-20250301-093000`);
    expect(treeHashes(previous ?? '')).toEqual(liveBefore);
    // Everything as restored, but for the roster: re-signed with a new epoch (staff who saw the live vault are told it
    // was restored), whose version vault.db records as well.
    const { 'vault.key': _key, 'vault.db': _db, ...restoredRest } = restoredTree;
    const { 'vault.key': _newKey, 'vault.db': _newDb, ...liveRest } = treeHashes(live.dir);
    void [_key, _db, _newKey, _newDb];
    expect(liveRest).toEqual(restoredRest);
    expect(epochOf(live.dir)).not.toBe(epochBefore);
    expect(existsSync(to)).toBe(false);
    const vault = await openWithRecovery(live.dir, live.identity);
    await vault.close();

    // Another vault's backup does not replace this one unless asked.
    const other = await makeVault(fresh('other-root'), [10]);
    const liveNow = treeHashes(live.dir);
    await expect(replaceVault(live.dir, other.dir, { recoveryIdentity: other.identity })).rejects.toSatisfy((e) => isVaultError(e, 'INVALID_INPUT'));
    expect(treeHashes(live.dir)).toEqual(liveNow);
  });
});
