import { randomBytes } from 'node:crypto';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { newBlobId } from '../../../../src/main/core/blobs/blob-store';
import { META_BLOB_SWEEP } from '../../../../src/main/core/repositories/blob-intent-repo';
import { DocumentRecordRepo } from '../../../../src/main/core/repositories/record-repos';
import { checkVault } from '../../../../src/main/core/services/check-service';
import { clientInput, createTestVault, openWithRecovery, sessionOf, useTempDirs } from '../../../helpers/vault-fixture';
import { backdate } from '../../../helpers/retention';

/** What a crash leaves: a complete blob file under its final name, and no row. */
async function strayBlob(vault: Awaited<ReturnType<typeof openWithRecovery>>): Promise<string> {
  const blobId = newBlobId();
  await vault.blobs.writeFromBuffer(blobId, randomBytes(32), Buffer.from('半途而废的导入'));
  return blobId;
}

describe('the orphan sweep at open', () => {
  const fresh = useTempDirs('zd-sweep-');

  it('removes a blob whose import never committed, from its recorded intent alone', async () => {
    const dir = join(fresh(), 'vault');
    const { vault, recoveryIdentity } = await createTestVault(dir);
    const s = sessionOf(vault);
    const clientId = s.clients.create(clientInput({ name: '莆田木兰溪贸易有限公司' })).id;
    const source = join(dir, '..', 'a.txt');
    writeFileSync(source, '留下的凭证');
    const [kept] = await s.documents.importFiles(clientId, [source]);
    // The import path records the intent before writing; here the crash comes after the blob is written.
    const orphan = newBlobId();
    vault.write(() => vault.repos.blobIntents.add([orphan]));
    await vault.blobs.writeFromBuffer(orphan, randomBytes(32), Buffer.from('未提交'));
    await vault.close();

    const full = vi.spyOn(DocumentRecordRepo.prototype, 'blobIds');
    const reopened = await openWithRecovery(dir, recoveryIdentity);
    try {
      expect(existsSync(reopened.blobs.pathFor(orphan))).toBe(false);
      expect(reopened.repos.blobIntents.all()).toEqual([]);
      // The open did not read every document to find it.
      expect(full).not.toHaveBeenCalled();
      expect(kept?.status).toBe('imported');
      expect(sessionOf(reopened).documents.list(clientId)).toHaveLength(1);
      expect((await checkVault(reopened)).problems).toEqual([]);
    } finally {
      full.mockRestore();
      await reopened.close();
    }
  });

  it('leaves no intent behind after imports, duplicates, failures and deletes', async () => {
    const dir = join(fresh(), 'vault');
    const { vault } = await createTestVault(dir);
    try {
      const s = sessionOf(vault);
      const clientId = s.clients.create(clientInput({ name: '南平武夷山茶业有限公司' })).id;
      const a = join(dir, '..', 'a.txt');
      const b = join(dir, '..', 'b.txt');
      writeFileSync(a, '同一份');
      writeFileSync(b, '同一份');
      const outcomes = await s.documents.importFiles(clientId, [a, b, join(dir, '..', 'missing.pdf')]);
      expect(outcomes.map((o) => o.status)).toEqual(['imported', 'duplicate', 'failed']);
      expect(vault.repos.blobIntents.all()).toEqual([]);
      const imported = outcomes[0]!.status === 'imported' ? outcomes[0]!.documentId : '';
      backdate(s.documents, imported);
      await s.documents.deletePermanently(imported);
      expect(vault.repos.blobIntents.all()).toEqual([]);
      expect((await vault.blobs.list())).toEqual([]);
    } finally {
      await vault.close();
    }
  });

  it('a vault from before intents gets one full sweep, then sweeps intents only', async () => {
    const dir = join(fresh(), 'vault');
    const { vault, recoveryIdentity } = await createTestVault(dir);
    const stray = await strayBlob(vault);
    // What migration 0070 sets on a vault that already held documents.
    vault.write(() => vault.repos.meta.set(META_BLOB_SWEEP, 'full'));
    await vault.close();

    const first = await openWithRecovery(dir, recoveryIdentity);
    expect(existsSync(first.blobs.pathFor(stray))).toBe(false);
    expect(first.repos.meta.get(META_BLOB_SWEEP)).toBeNull();
    // Without an intent or the flag, a stray blob is for `check` to report, not for the open to find.
    const later = await strayBlob(first);
    await first.close();
    const second = await openWithRecovery(dir, recoveryIdentity);
    try {
      expect(existsSync(second.blobs.pathFor(later))).toBe(true);
      expect((await checkVault(second)).problems).toEqual([{ kind: 'orphan', what: `blob ${later}`, code: 'CORRUPT' }]);
    } finally {
      await second.close();
    }
  });
});
