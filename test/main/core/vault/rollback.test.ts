/**
 * Anchors outside the folder: each person's unlock records the roster
 * version and audit head they saw, in their own state folder, and a later
 * unlock that finds the vault older raises the alarm instead of continuing.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isVaultError } from '../../../../src/main/core/errors';
import { replaceVault } from '../../../../src/main/core/backup/restore-backup';
import { META_BLOB_SWEEP } from '../../../../src/main/core/repositories/blob-intent-repo';
import { openVault } from '../../../../src/main/core/vault/unlock-vault';
import { VaultManager } from '../../../../src/main/core/vault/vault-manager';
import { clientInputSchema } from '../../../../src/shared/contract';

const pw = (s: string) => Buffer.from(s, 'utf8');
const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function setup() {
  const root = mkdtempSync(join(tmpdir(), 'zd-rollback-'));
  made.push(root);
  const vaultDir = join(root, 'vault');
  const stateDir = join(root, 'state');
  const m = new VaultManager({ vaultDir, stateDir });
  const recovery = (await m.create('王所长', pw('owner password 1'))).recoveryKey;
  await m.session().staff.add('李会计', 'accountant', pw('accountant pw 1'));
  await m.lock();
  return { root, vaultDir, stateDir, m, recovery };
}

/** The owner adds 孙会计 (a newer roster), then the vault.key from before it is put back. */
async function setupWithOlderKeyPutBack() {
  const site = await setup();
  const { root, vaultDir, m } = site;
  const oldKey = join(root, 'old.key');
  writeFileSync(oldKey, readFileSync(join(vaultDir, 'vault.key')));
  await m.unlock('王所长', pw('owner password 1'));
  await m.session().staff.add('孙会计', 'accountant', pw('accountant pw 2'));
  await m.lock();
  writeFileSync(join(vaultDir, 'vault.key'), readFileSync(oldKey));
  return site;
}

const code = (p: Promise<unknown>) => p.then(() => 'ok', (e: unknown) => (isVaultError(e) ? e.code : String(e)));
const snapshot = (from: string, to: string) => cpSync(from, to, { recursive: true });

describe('a vault older than its users saw it', () => {
  it('a vault.db put back from an older copy is refused as ROLLED_BACK to whoever saw later, recorded, and an owner can accept it (a new epoch)', async () => {
    const { root, vaultDir, m } = await setup();
    const old = join(root, 'old');
    snapshot(vaultDir, old);
    await m.unlock('王所长', pw('owner password 1'));
    const client = m.session().clients.create(clientInputSchema.parse({ name: '后来新增的客户' }));
    await m.lock();
    await m.unlock('李会计', pw('accountant pw 1'));
    await m.lock();
    // The insider puts yesterday's database back (same common key: nobody was offboarded in between).
    cpSync(join(old, 'vault.db'), join(vaultDir, 'vault.db'));
    expect(await code(m.unlock('李会计', pw('accountant pw 1')))).toBe('ROLLED_BACK');
    // Only the master key can accept: an accountant asking to is refused just the same.
    expect(await code(m.unlock('李会计', pw('accountant pw 1'), { acceptRollback: true }))).toBe('ROLLED_BACK');
    expect(await code(m.unlock('王所长', pw('owner password 1')))).toBe('ROLLED_BACK');
    await m.unlock('王所长', pw('owner password 1'), { acceptRollback: true });
    expect(m.status().notice).toBe('rollback-accepted');
    const s = m.session();
    // The owner's view had the newer client: a view ahead of vault.db is made again from it.
    expect(() => s.clients.get(client.id)).toThrow();
    expect(s.clients.list({ query: '', label: null, status: 'active', sort: 'name', offset: 0, limit: 100 }).total).toBe(0);
    const alarms = s.audit.listAll({ action: 'vault.rollback' });
    // Kept on this PC while the vault could not be trusted, written once it could: who was refused, and what was older.
    const li = s.staff.byName('李会计').id;
    const owner = s.staff.byName('王所长').id;
    expect(alarms.map((e) => [e.detail.staffId, e.outcome, e.detail.what])).toEqual([
      [li, 'denied', 'audit log'],
      [li, 'denied', 'audit log'],
      [owner, 'denied', 'audit log'],
    ]);
    expect(s.audit.listAll({ action: 'vault.rollback.accept' })).toHaveLength(1);
    await m.lock();
    // Accepted: a new epoch, so the accountant is told rather than refused.
    await m.unlock('李会计', pw('accountant pw 1'));
    expect(m.status().notice).toBe('restored');
    await m.close();
  });

  it('a refused rollback derives nothing from the older database first: no blob file is swept against it', async () => {
    const { root, vaultDir, m } = await setup();
    await m.unlock('王所长', pw('owner password 1'));
    // The older copy carries the mark that asks the next unlock for a full orphan sweep.
    m.session().vault.write(() => m.session().vault.repos.meta.set(META_BLOB_SWEEP, '1'));
    const client = m.session().clients.create(clientInputSchema.parse({ name: '福州闽江财税咨询有限公司' }));
    await m.lock();
    const old = join(root, 'old');
    snapshot(vaultDir, old);
    await m.unlock('王所长', pw('owner password 1'));
    const source = join(root, 'statement.txt');
    writeFileSync(source, '二〇二六年十一月银行对账单');
    const [imported] = await m.session().documents.importFiles(client.id, [source]);
    if (imported?.status !== 'imported') throw new Error('import failed');
    await m.lock();
    const current = join(root, 'current.db');
    cpSync(join(vaultDir, 'vault.db'), current);
    cpSync(join(old, 'vault.db'), join(vaultDir, 'vault.db'));
    expect(await code(m.unlock('王所长', pw('owner password 1')))).toBe('ROLLED_BACK');
    // The right database back: the document added after the old copy still opens.
    cpSync(current, join(vaultDir, 'vault.db'));
    await m.unlock('王所长', pw('owner password 1'));
    expect(new TextDecoder().decode((await m.session().documents.preview(imported.documentId)).data)).toBe('二〇二六年十一月银行对账单');
    await m.close();
  });

  it('someone who never saw the later state cannot tell; the next one who did raises the alarm', async () => {
    const { root, vaultDir, m } = await setup();
    await m.unlock('李会计', pw('accountant pw 1'));
    await m.lock();
    const old = join(root, 'old');
    snapshot(vaultDir, old);
    await m.unlock('王所长', pw('owner password 1'));
    m.session().clients.create(clientInputSchema.parse({ name: '后来新增的客户' }));
    await m.lock();
    cpSync(join(old, 'vault.db'), join(vaultDir, 'vault.db'));
    await m.unlock('李会计', pw('accountant pw 1'));
    await m.lock();
    // The log went on from the old state: where the owner's last seen event stood there is now another one.
    expect(await code(m.unlock('王所长', pw('owner password 1')))).toBe('ROLLED_BACK');
    await m.close();
  });

  it('a vault.key put back alone is refused (the database has seen a later roster)', async () => {
    const { m } = await setupWithOlderKeyPutBack();
    const refusal = await m.unlock('王所长', pw('owner password 1')).catch((e: unknown) => e);
    expect(isVaultError(refusal, 'TAMPERED') || isVaultError(refusal, 'ROLLED_BACK')).toBe(true);
    await m.close();
  });

  it('a vault.key put back right after a roster change is refused to staff who never saw the newer roster too', async () => {
    const { root, vaultDir, m } = await setupWithOlderKeyPutBack();
    // 李会计 on another PC (their own state folder) never saw the newer roster; vault.db did, the moment it was written.
    const elsewhere = new VaultManager({ vaultDir, stateDir: join(root, 'li-state') });
    expect(await code(elsewhere.unlock('李会计', pw('accountant pw 1')))).toBe('TAMPERED');
    await elsewhere.close();
    await m.close();
  });

  it('a refused rollback is recorded once the right vault is back, and leaves the firm’s log verifiable', async () => {
    const { root, vaultDir, m } = await setup();
    const old = join(root, 'old');
    snapshot(vaultDir, old);
    await m.unlock('王所长', pw('owner password 1'));
    await m.session().staff.add('孙会计', 'accountant', pw('accountant pw 2'));
    await m.lock();
    const right = join(root, 'right');
    snapshot(vaultDir, right);
    // The whole folder put back as it was before the roster changed.
    rmSync(vaultDir, { recursive: true });
    snapshot(old, vaultDir);
    expect(await code(m.unlock('王所长', pw('owner password 1')))).toBe('ROLLED_BACK');
    // Nothing was written into the old folder under its older roster…
    rmSync(vaultDir, { recursive: true });
    snapshot(right, vaultDir);
    await m.unlock('王所长', pw('owner password 1'));
    const s = m.session();
    // …the alarm waited on this PC and is in the right vault's log now, which verifies.
    expect(s.audit.listAll({ action: 'vault.rollback' }).map((e) => [e.detail.staffId, e.outcome, e.detail.what])).toEqual([[s.staff.byName('王所长').id, 'denied', 'vault.key']]);
    expect(s.audit.verify().ok).toBe(true);
    await m.close();
  });

  it('events dropped from the end of the audit log are caught by the anchor of whoever saw them', async () => {
    const { vaultDir, m, recovery } = await setup();
    await m.unlock('王所长', pw('owner password 1'));
    m.session().clients.create(clientInputSchema.parse({ name: '福州闽江财税咨询有限公司' }));
    await m.lock();
    // Someone with the common key deletes the last events (the owner's work, the lock).
    const v = await openVault(vaultDir, { recoveryIdentity: recovery }, { stateDir: join(vaultDir, '..', 'other-state') });
    const last = v.repos.audit.last()!.seq;
    v.db.prepare('DELETE FROM audit_log WHERE seq > ?').run(last - 3);
    await v.close();
    expect(await code(m.unlock('王所长', pw('owner password 1')))).toBe('ROLLED_BACK');
    await m.close();
  });

  it('a restore put in place by the owner is a new epoch: staff are told, not refused', async () => {
    const { root, vaultDir, m, recovery } = await setup();
    await m.unlock('李会计', pw('accountant pw 1'));
    await m.lock();
    const older = join(root, 'older');
    snapshot(vaultDir, older);
    await m.unlock('李会计', pw('accountant pw 1'));
    await m.lock();
    await replaceVault(vaultDir, older, { recoveryIdentity: recovery });
    await m.unlock('李会计', pw('accountant pw 1'));
    expect(m.status().notice).toBe('restored');
    await m.close();
  });

  it('an anchor altered by someone else is not trusted: the unlock says so and records it', async () => {
    const { stateDir, m } = await setup();
    await m.unlock('李会计', pw('accountant pw 1'));
    const staffId = m.session().vault.staff.id;
    const vaultId = m.session().vault.vaultId;
    await m.lock();
    const path = join(stateDir, vaultId, `anchor-${staffId}.json`);
    const anchor = JSON.parse(readFileSync(path, 'utf8')) as { rosterVersion: number };
    anchor.rosterVersion = 1;
    writeFileSync(path, JSON.stringify(anchor));
    await m.unlock('李会计', pw('accountant pw 1'));
    expect(m.status().notice).toBe('anchor-forged');
    await m.unlock('王所长', pw('owner password 1'));
    expect(m.session().audit.listAll({ action: 'anchor.forged' }).map((e) => e.staffName)).toEqual(['李会计']);
    await m.close();
  });
});
