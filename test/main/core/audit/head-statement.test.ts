import { cpSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkHead, signHead } from '../../../../src/main/core/audit/head-statement';
import { openVault } from '../../../../src/main/core/vault/unlock-vault';
import { VaultManager } from '../../../../src/main/core/vault/vault-manager';
import { clientInputSchema } from '../../../../src/shared/contract';

const pw = (s: string) => Buffer.from(s, 'utf8');
let root: string;
let vaultDir: string;
let recovery: string;
let m: VaultManager;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'zd-head-'));
  vaultDir = join(root, 'vault');
  m = new VaultManager({ vaultDir, stateDir: join(root, 'state') });
  recovery = (await m.create('王所长', pw('owner password 1'))).recoveryKey;
  m.session().clients.create(clientInputSchema.parse({ name: '福州闽江财税咨询有限公司' }));
});
afterAll(async () => {
  await m.close();
  rmSync(root, { recursive: true, force: true });
});

describe('signed audit heads (zhangdun audit head / audit verify --anchor)', () => {
  it('a head exported now checks out now and after more events', () => {
    const s = m.session();
    const head = signHead(s.vault);
    expect(checkHead(s.vault, head)).toEqual({ ok: true, seq: head.seq });
    s.clients.create(clientInputSchema.parse({ name: '厦门鹭岛贸易有限公司' }));
    expect(checkHead(s.vault, JSON.parse(JSON.stringify(head)))).toEqual({ ok: true, seq: head.seq });
  });

  it('is refused when edited, signed by nobody on the roster, or of another vault', () => {
    const s = m.session();
    const head = signHead(s.vault);
    expect(checkHead(s.vault, { ...head, seq: head.seq - 1 })).toMatchObject({ ok: false, reason: 'signature' });
    expect(checkHead(s.vault, { ...head, signer: 'f'.repeat(32) })).toMatchObject({ ok: false, reason: 'signature' });
    expect(checkHead(s.vault, { ...head, vaultId: 'a'.repeat(32) })).toMatchObject({ ok: false, reason: 'other-vault' });
    expect(checkHead(s.vault, { ...head, extra: 1 })).toMatchObject({ ok: false, reason: 'malformed' });
  });

  it('catches a log whose end was cut off, or that was rebuilt from an earlier point', async () => {
    const s = m.session();
    const head = signHead(s.vault);
    await m.lock();
    const copy = join(root, 'copy');
    cpSync(vaultDir, copy, { recursive: true });
    const v = await openVault(copy, { recoveryIdentity: recovery }, { stateDir: join(root, 'other-state') });
    try {
      v.db.prepare('DELETE FROM audit_log WHERE seq >= ?').run(head.seq - 1);
      expect(checkHead(v, head)).toMatchObject({ ok: false, reason: 'missing' });
      // The log goes on from there: an event stands at that number again, a different one.
      v.audit.record({ action: 'client.list' });
      v.audit.record({ action: 'client.list' });
      expect(checkHead(v, head)).toMatchObject({ ok: false, reason: 'different' });
    } finally {
      await v.close();
    }
    await m.unlock('王所长', pw('owner password 1'));
  });
});

describe('what an import takes', () => {
  it('refuses a symbolic link unless asked to follow it, anything not a regular file, and files over the firm’s limit', async () => {
    const s = m.session();
    const client = s.clients.list({ query: '', label: null, status: 'active', sort: 'name', offset: 0, limit: 10 }).items[0]!;
    const real = join(root, 'real.txt');
    writeFileSync(real, '客户的真实文件');
    const link = join(root, 'link.txt');
    symlinkSync(real, link);
    const fifo = join(root, 'pipe');
    execFileSync('mkfifo', [fifo]);
    const [linked, followed, piped] = [
      ...(await s.documents.importFiles(client.id, [link])),
      ...(await s.documents.importFiles(client.id, [link], { followSymlinks: true })),
      ...(await s.documents.importFiles(client.id, [fifo])),
    ];
    expect(linked).toMatchObject({ status: 'failed', code: 'INVALID_INPUT' });
    expect(followed).toMatchObject({ status: 'imported' });
    expect(piped).toMatchObject({ status: 'failed', code: 'INVALID_INPUT' });
    const settings = new (await import('../../../../src/main/core/services/settings-service')).SettingsService(s.vault);
    expect(settings.importLimit()).toBe(4 * 1024 ** 3);
    settings.setImportLimit(10);
    const big = join(root, 'big.txt');
    writeFileSync(big, '这份文件超过了十个字节的限制');
    const [tooBig] = await s.documents.importFiles(client.id, [big]);
    expect(tooBig).toMatchObject({ status: 'failed', code: 'INVALID_INPUT' });
    expect(s.audit.listAll({ action: 'settings.change' }).at(-1)?.detail).toMatchObject({ setting: 'import-limit', bytes: 10 });
  });
});
