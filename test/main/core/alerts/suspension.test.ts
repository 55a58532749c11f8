/**
 * Suspending a staff member from an alert: their unlock is refused with
 * SUSPENDED until an owner or admin lifts it. The flag lives in the signed
 * roster, so editing vault.key to drop it breaks the signature (TAMPERED),
 * putting back the vault.key from before it is refused (vault.db knows the
 * newer roster), and nothing in vault.db can lift it.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { isVaultError } from '../../../../src/main/core/errors';
import { parseKeyFile, withDigest } from '../../../../src/main/core/keys/key-file';
import { VaultManager } from '../../../../src/main/core/vault/vault-manager';
import { errorMessage } from '../../../../src/shared/messages';

const pw = (s: string) => Buffer.from(s, 'utf8');
const OWNER = ['王所长', 'owner password 1'] as const;
const LI = ['李会计', 'accountant pw 1'] as const;
// Several Argon2id unlocks per test on two shared cores: a cap against a hang, not a speed assertion.
vi.setConfig({ testTimeout: 10 * 60_000 });
const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const code = (p: Promise<unknown>) => p.then(() => 'ok', (e: unknown) => (isVaultError(e) ? e.code : String(e)));

async function setup() {
  const root = mkdtempSync(join(tmpdir(), 'zd-suspend-'));
  made.push(root);
  const vaultDir = join(root, 'vault');
  const m = new VaultManager({ vaultDir, stateDir: join(root, 'state') });
  await m.create(OWNER[0], pw(OWNER[1]));
  const s = m.session();
  const li = await s.staff.add(LI[0], 'accountant', pw(LI[1]));
  const admin = await s.staff.add('赵主管', 'admin', pw('admin password 1'));
  return { root, vaultDir, m, li, admin };
}

describe('suspension', () => {
  it('refuses the suspended staff member’s unlock with a clear message until it is lifted; both recorded', async () => {
    const { m, li } = await setup();
    const before = readFileSync(join(m.vaultDir, 'vault.key'), 'utf8');
    await m.session().alerts.suspend(li.id);
    expect(m.session().vault.keyFile.body.roster.members.find((x) => x.staffId === li.id)?.suspended).toBe(true);
    await m.lock();
    const refused = await m.unlock(LI[0], pw(LI[1])).then(() => null, (e: unknown) => e);
    expect(isVaultError(refused, 'SUSPENDED')).toBe(true);
    expect(errorMessage('SUSPENDED', 'zh-CN')).toBe('您的访问已被暂停，请联系管理员。');
    expect(m.status().state).toBe('locked');
    // A wrong password is still just a wrong password: the suspension is not told to whoever guesses.
    expect(await code(m.unlock(LI[0], pw('not the password')))).toBe('WRONG_CREDENTIALS');
    await m.unlock(OWNER[0], pw(OWNER[1]));
    await m.session().alerts.unsuspend(li.id);
    const s = m.session();
    expect(s.audit.listAll({}).filter((e) => e.action.startsWith('staff.') && e.action.includes('suspend')).map((e) => [e.action, e.detail.staffId])).toEqual([
      ['staff.suspend', li.id],
      ['staff.unsuspend', li.id],
    ]);
    expect(readFileSync(join(m.vaultDir, 'vault.key'), 'utf8')).not.toBe(before);
    await m.lock();
    await m.unlock(LI[0], pw(LI[1]));
    expect(m.status().staff?.name).toBe(LI[0]);
    await m.close();
  });

  it('cannot be undone by editing vault.key, by putting back the one from before, or through vault.db; putting both back is seen', async () => {
    const { root, vaultDir, m, li } = await setup();
    await m.lock();
    const old = join(root, 'old');
    cpSync(vaultDir, old, { recursive: true });
    const keyBefore = readFileSync(join(vaultDir, 'vault.key'), 'utf8');
    await m.unlock(OWNER[0], pw(OWNER[1]));
    await m.session().alerts.suspend(li.id);
    await m.lock();
    const suspendedKey = readFileSync(join(vaultDir, 'vault.key'), 'utf8');

    // 1. The flag taken out of the roster (digest recomputed, as anyone can): the roster's signature no longer holds.
    const file = parseKeyFile(suspendedKey);
    const members = file.body.roster.members.map(({ suspended: _s, ...rest }) => rest);
    writeFileSync(join(vaultDir, 'vault.key'), JSON.stringify(withDigest({ ...file.body, roster: { ...file.body.roster, members } }), null, 2));
    expect(await code(m.unlock(LI[0], pw(LI[1])))).toBe('TAMPERED');

    // 2. Yesterday's vault.key put back: vault.db already knows the newer roster.
    writeFileSync(join(vaultDir, 'vault.key'), keyBefore);
    expect(await code(m.unlock(LI[0], pw(LI[1])))).toBe('TAMPERED');

    // 3. vault.db holds nothing that lifts it (its staff mirror says active all along): the roster still refuses.
    writeFileSync(join(vaultDir, 'vault.key'), suspendedKey);
    expect(await code(m.unlock(LI[0], pw(LI[1])))).toBe('SUSPENDED');

    // 4. Both files put back from before the suspension: that older vault opens for the accountant, but the owner,
    //    who saw the newer one, is refused (ROLLED_BACK) and the alarm waits for the log: not unseen.
    cpSync(join(old, 'vault.key'), join(vaultDir, 'vault.key'));
    cpSync(join(old, 'vault.db'), join(vaultDir, 'vault.db'));
    await m.unlock(LI[0], pw(LI[1]));
    await m.lock();
    expect(await code(m.unlock(OWNER[0], pw(OWNER[1])))).toBe('ROLLED_BACK');
  });

  it('only an owner or admin may suspend, never themselves nor a master-key holder', async () => {
    const { m, li, admin } = await setup();
    const s = m.session();
    expect(await code(s.alerts.suspend(admin.id))).toBe('PERMISSION_DENIED');
    expect(await code(s.alerts.suspend(s.vault.staff.id))).toBe('PERMISSION_DENIED');
    await s.alerts.suspend(li.id);
    await m.lock();
    await m.unlock('赵主管', pw('admin password 1'));
    // An admin lifts or sets it for accountants too.
    await m.session().alerts.unsuspend(li.id);
    await m.session().alerts.suspend(li.id);
    await m.lock();
    await m.unlock(LI[0], pw(LI[1])).catch(() => undefined);
    expect(m.status().state).toBe('locked');
    await m.close();
  });
});
