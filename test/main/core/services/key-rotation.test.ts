import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { VaultManager } from '../../../../src/main/core/vault/vault-manager';
import { clientInputSchema } from '../../../../src/shared/contract';

const pw = (s: string) => Buffer.from(s, 'utf8');
let root: string;
let m: VaultManager;
let clientId: string;
let docId: string;
let recovery: string;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'zd-rotation-'));
  m = new VaultManager({ vaultDir: join(root, 'vault') });
  recovery = (await m.create('张所长', pw('owner password 1'))).recoveryKey;
  const s = m.session();
  await s.staff.add('王主管', 'admin', pw('admin password 1'));
  clientId = s.clients.create(clientInputSchema.parse({ name: '福州闽江财税咨询有限公司', phone: '13912345678' })).id;
  const f = join(root, 'a.txt');
  writeFileSync(f, '三月凭证');
  const [o] = await s.documents.importFiles(clientId, [f]);
  docId = o?.status === 'imported' ? o.documentId : '';
});
afterAll(async () => {
  await m.close();
  rmSync(root, { recursive: true, force: true });
});

describe('replacing the master key survives a crash at any step', () => {
  it('vault.key already names the new key but vault.db did not promote its wraps: the next open finishes, the next unlock rotates', async () => {
    const s = m.session();
    const wang = s.staff.byName('王主管');
    // The promotion step "crashes" once: vault.key is written, vault.db still has master + master-next.
    const promote = vi.spyOn(s.vault.repos.clientKeys, 'promoteMasterNext').mockImplementationOnce(() => {
      throw new Error('power cut');
    });
    await expect(s.staff.offboard(wang.id, s.vault.staff.id)).rejects.toThrow('power cut');
    promote.mockRestore();
    const pending = s.vault.db.prepare("SELECT holder FROM client_keys WHERE client_id = ? ORDER BY holder").all(clientId) as { holder: string }[];
    expect(pending.map((r) => r.holder)).toEqual(['master', 'master-next']);
    expect(s.vault.repos.meta.get('rotation_pending')).toBe('offboard');
    await m.lock();

    // Opening with the password: vault.key's master signing key is the one vault.db recorded as next, so the open promotes…
    await m.unlock('张所长', pw('owner password 1'));
    const after = m.session();
    // …and the unlock finishes the owed rotation of every client key.
    expect(after.vault.repos.meta.get('rotation_pending')).toBeNull();
    expect(after.vault.repos.meta.get('master_next_signing_key')).toBeNull();
    // …and the common key the departed admin held was replaced too (owed since the crash).
    expect(after.vault.repos.meta.get('common_rotation_pending')).toBeNull();
    expect(after.vault.keyFile.body.roster.commonKeyVersion).toBe(2);
    expect(after.vault.repos.clientKeys.currentVersion(clientId)).toBe(2);
    expect((after.vault.db.prepare('SELECT holder FROM client_keys WHERE client_id = ?').all(clientId) as { holder: string }[]).map((r) => r.holder)).toEqual(['master']);
    expect(new TextDecoder().decode((await after.documents.preview(docId)).data)).toBe('三月凭证');
    expect(after.clients.reveal(clientId, 'phone').value).toBe('13912345678');
    await m.lock();
    await m.unlockWithRecovery(recovery);
    expect((await m.session().documents.preview(docId)).name).toBe('a.txt');
    await m.lock();
    await expect(m.unlock('王主管', pw('admin password 1'))).rejects.toSatisfy((e) => (e as { code?: string }).code === 'WRONG_CREDENTIALS');
  });
});
