import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isVaultError } from '../../../../src/main/core/errors';
import { VaultManager } from '../../../../src/main/core/vault/vault-manager';
import { IpcRouter } from '../../../../src/main/ipc/router';
import { registerHandlers } from '../../../../src/main/ipc/handlers';
import { CHANNELS } from '../../../../src/shared/channels';
import { clientListSchema } from '../../../../src/shared/contract';

const noDialogs = { pickFiles: async () => null, pickFolder: async () => null, pickSaveTarget: async () => null };
let dir: string;
let manager: VaultManager;
const pw = (s: string) => Buffer.from(s, 'utf8');

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'zd-mgr-'));
  manager = new VaultManager({ vaultDir: join(dir, 'vault') });
});
afterEach(async () => {
  await manager.close();
  rmSync(dir, { recursive: true, force: true });
});

function hashTree(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out[p.slice(root.length)] = createHash('sha256').update(readFileSync(p)).digest('hex');
    }
  };
  walk(root);
  return out;
}

describe('VaultManager', () => {
  it('reports no vault, then creates one, then locks and unlocks', async () => {
    expect(manager.status().state).toBe('none');
    await expect(manager.unlock('张会计', pw('whatever1'))).rejects.toSatisfy((e) => isVaultError(e, 'NO_VAULT'));
    const created = await manager.create('张会计', pw('correct horse'));
    expect(created.recoveryKey).toMatch(/^AGE-SECRET-KEY-1[0-9A-Z]+$/);
    expect(created.status).toMatchObject({ state: 'unlocked', staff: { name: '张会计', role: 'owner' } });
    await expect(manager.create('张会计', pw('correct horse'))).rejects.toSatisfy((e) => isVaultError(e, 'VAULT_EXISTS'));
    expect((await manager.lock()).state).toBe('locked');
    expect((await manager.unlock('张会计', pw('correct horse'))).state).toBe('unlocked');
    // The recovery key is never stored in the vault.
    for (const file of Object.keys(hashTree(join(dir, 'vault')))) {
      expect(readFileSync(join(dir, 'vault', file)).includes(Buffer.from(created.recoveryKey))).toBe(false);
    }
  });

  it('zero-fills every key buffer on lock, and every call after lock is VAULT_LOCKED', async () => {
    await manager.create('张会计', pw('correct horse'));
    const session = manager.session();
    const held = session.vault.keys.snapshot();
    expect(held.length).toBeGreaterThanOrEqual(3);
    expect(held.every((b) => b.some((x) => x !== 0))).toBe(true);
    await manager.lock();
    expect(held.every((b) => b.every((x) => x === 0))).toBe(true);
    expect(() => manager.session()).toThrow(expect.objectContaining({ code: 'VAULT_LOCKED' }) as Error);
    // A reference kept from before the lock is dead too.
    expect(() => session.clients.list(clientListSchema.parse({}))).toThrow(expect.objectContaining({ code: 'VAULT_LOCKED' }) as Error);
  });

  it('zero-fills the password buffer it was given', async () => {
    const password = pw('correct horse');
    await manager.create('张会计', password);
    expect(password.every((x) => x === 0)).toBe(true);
    await manager.lock();
    const again = pw('correct horse');
    await manager.unlock('张会计', again);
    expect(again.every((x) => x === 0)).toBe(true);
  });

  it('changes a password without rewriting the database or blobs', async () => {
    await manager.create('张会计', pw('correct horse'));
    const s = manager.session();
    const client = s.clients.create({ name: '福州测试科技有限公司', creditCode: null, taxpayerType: null, contactPerson: null, phone: null, address: null, bankAccount: null, serviceStart: null, serviceEnd: null, notes: null, label: 'internal' });
    const src = join(dir, 'a.pdf');
    writeFileSync(src, 'PDF bytes');
    await s.documents.importFiles(client.id, [src]);
    await manager.lock();
    const before = hashTree(join(dir, 'vault'));
    const dbBytesBefore = readFileSync(join(dir, 'vault', 'vault.db'));
    await manager.unlock('张会计', pw('correct horse'));
    await manager.session().vault.setPassword(manager.session().vault.staff, pw('new password 2'));
    await manager.lock();
    const after = hashTree(join(dir, 'vault'));
    for (const [file, hash] of Object.entries(before)) {
      // Blobs are byte-identical; vault.db gained audit events but was not re-encrypted (see below).
      if (file.endsWith('vault.key') || file.endsWith('unlock-throttle.json') || file.endsWith('vault.db')) continue;
      expect(after[file], file).toBe(hash);
    }
    // A rekey would rewrite every page; appending a few audit rows leaves most pages as they were.
    const pages = (b: Buffer) => Array.from({ length: b.length / 4096 }, (_, i) => b.subarray(i * 4096, (i + 1) * 4096).toString('hex'));
    const dbBefore = pages(dbBytesBefore);
    const dbAfter = new Set(pages(readFileSync(join(dir, 'vault', 'vault.db'))));
    expect(dbBefore.filter((p) => dbAfter.has(p)).length / dbBefore.length).toBeGreaterThan(0.5);
    expect(after['/vault.key']).not.toBe(before['/vault.key']);
    await expect(manager.unlock('张会计', pw('correct horse'))).rejects.toSatisfy((e) => isVaultError(e, 'WRONG_CREDENTIALS'));
    await manager.unlock('张会计', pw('new password 2'));
    expect(manager.session().documents.list(client.id)).toHaveLength(1);
  });

  it('opens with the recovery identity when every password is lost', async () => {
    const { recoveryKey } = await manager.create('张会计', pw('correct horse'));
    const s = manager.session();
    const client = s.clients.create({ name: '厦门样例贸易有限公司', creditCode: '91350100M000100Y43', taxpayerType: 'small', contactPerson: '王经理', phone: '13812345678', address: null, bankAccount: '6222020200112233445', serviceStart: null, serviceEnd: null, notes: null, label: 'secret' });
    await manager.lock();
    const status = await manager.unlockWithRecovery(recoveryKey);
    expect(status.staff?.role).toBe('owner');
    const got = manager.session().clients.get(client.id);
    expect(got).toMatchObject({ name: '厦门样例贸易有限公司', phoneMasked: '138****5678', bankAccountMasked: '**** **** 3445' });
    expect(JSON.stringify(got)).not.toContain('13812345678');
  });

  it('refuses a second process-level opener while open', async () => {
    await manager.create('张会计', pw('correct horse'));
    const other = new VaultManager({ vaultDir: join(dir, 'vault') });
    await expect(other.unlock('张会计', pw('correct horse'))).rejects.toSatisfy((e) => isVaultError(e, 'VAULT_BUSY'));
  });
});

describe('locking while work is in flight', () => {
  it('cancels a running import cleanly: no row, no orphan blob, no temp file, and the caller gets VAULT_LOCKED', async () => {
    await manager.create('张会计', pw('correct horse'));
    const client = manager.session().clients.create({ name: '甲', creditCode: null, taxpayerType: null, contactPerson: null, phone: null, address: null, bankAccount: null, serviceStart: null, serviceEnd: null, notes: null, label: 'internal' });
    const big = join(dir, 'big.bin');
    writeFileSync(big, Buffer.alloc(64 * 1024 * 1024, 7));
    const running = manager.withSession((s) => s.documents.importFiles(client.id, [big])).then(() => null, (e: unknown) => e);
    await new Promise((r) => setTimeout(r, 30));
    await manager.lock();
    expect(isVaultError(await running, 'VAULT_LOCKED')).toBe(true);
    await manager.unlock('张会计', pw('correct horse'));
    expect(manager.session().documents.list(client.id)).toEqual([]);
    expect(await manager.session().vault.blobs.list()).toEqual([]);
    expect(readdirSync(join(dir, 'vault', 'blobs', '.tmp'))).toEqual([]);
  });

  it('drops the result of a read that finishes after the lock', async () => {
    await manager.create('张会计', pw('correct horse'));
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => (release = r));
    const pending = manager
      .withSession(async (s) => {
        await gate;
        return s.vault.staff.name;
      })
      .then(() => null, (e: unknown) => e);
    const locking = manager.lock();
    release();
    await locking;
    expect(isVaultError(await pending, 'VAULT_LOCKED')).toBe(true);
  });
});

describe('registerHandlers', () => {
  it('registers exactly the contract channels', () => {
    const router = new IpcRouter({ isTrusted: () => true, locale: () => 'zh-CN' });
    registerHandlers(router, { manager, appInfo: { version: '0', platform: 'linux' }, dialogs: noDialogs });
    expect(router.channels().sort()).toEqual([...CHANNELS].sort());
  });

  it('answers VAULT_LOCKED for data channels while locked', async () => {
    const router = new IpcRouter({ isTrusted: () => true, locale: () => 'zh-CN' });
    registerHandlers(router, { manager, appInfo: { version: '0', platform: 'linux' }, dialogs: noDialogs });
    const res = await router.dispatch('clientList', {}, { url: 'app://zhangdun/', isTopFrame: true });
    expect(res).toMatchObject({ ok: false, error: { code: 'VAULT_LOCKED' } });
  });
});
