/**
 * The NDA gate with a fake clock: an accountant with a valid agreement
 * unlocks (reminded near expiry), in the grace period unlocks with a
 * reminder, past it is refused with NDA_REQUIRED and a clear message; the
 * owner is never locked out. The expiry and the rule live in the signed
 * roster: editing vault.key breaks its signature.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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
const ZHAO = ['赵主管', 'admin password 1'] as const;
// Several Argon2id unlocks per test on two shared cores: a cap against a hang, not a speed assertion.
vi.setConfig({ testTimeout: 10 * 60_000 });
const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const code = (p: Promise<unknown>) => p.then(() => 'ok', (e: unknown) => (isVaultError(e) ? e.code : String(e)));
/** Noon local time on a calendar day: the gate counts local days. */
const at = (y: number, m: number, d: number) => new Date(y, m - 1, d, 12).getTime();

async function setup() {
  const root = mkdtempSync(join(tmpdir(), 'zd-nda-'));
  made.push(root);
  const clock = { now: at(2026, 1, 5) };
  const vaultDir = join(root, 'vault');
  const m = new VaultManager({ vaultDir, stateDir: join(root, 'state'), now: () => clock.now });
  await m.create(OWNER[0], pw(OWNER[1]));
  const s = m.session();
  const li = await s.staff.add(LI[0], 'accountant', pw(LI[1]));
  const zhao = await s.staff.add(ZHAO[0], 'admin', pw(ZHAO[1]));
  return { root, vaultDir, m, li, zhao, clock };
}

describe('NDA gate', () => {
  it('valid → unlocks; near expiry → reminded; in grace → unlocks with a reminder; past grace → NDA_REQUIRED; the owner never', async () => {
    const { m, li, clock } = await setup();
    const s = m.session();
    await s.compliance.recordNda({ staffId: li.id, signedOn: '2026-01-05', expiresOn: '2026-06-30', policyVersion: 'v1', scanPath: null });
    await s.compliance.setPolicy({ required: true, graceDays: 14 });
    await m.lock();

    // Valid, months to go: nothing to say.
    clock.now = at(2026, 3, 1);
    await m.unlock(LI[0], pw(LI[1]));
    expect(m.status().nda).toBeUndefined();
    await m.lock();

    // 30 days before: the accountant is reminded.
    clock.now = at(2026, 5, 31);
    await m.unlock(LI[0], pw(LI[1]));
    expect(m.status().nda?.own).toMatchObject({ state: 'valid', expires: '2026-06-30', daysLeft: 30 });
    await m.lock();

    // Expired, within the 14 days of grace: unlocks, told the deadline.
    clock.now = at(2026, 7, 14);
    await m.unlock(LI[0], pw(LI[1]));
    expect(m.status().nda?.own).toMatchObject({ state: 'grace', deadline: '2026-07-14', daysLeft: 0 });
    await m.lock();

    // The day after: refused, with the deadline in the message; the vault stays locked.
    clock.now = at(2026, 7, 15);
    const refused = await m.unlock(LI[0], pw(LI[1])).then(() => null, (e: unknown) => e);
    expect(isVaultError(refused, 'NDA_REQUIRED')).toBe(true);
    expect(errorMessage('NDA_REQUIRED', 'zh-CN', (refused as { values: Record<string, string> }).values)).toBe(
      '您的保密协议已过期或尚未登记（宽限期已于 2026-07-14 结束），无法解锁。请签署新的保密协议并请管理员登记。',
    );
    expect(m.status().state).toBe('locked');
    // A wrong password is still only a wrong password: the gate is not told to whoever guesses.
    expect(await code(m.unlock(LI[0], pw('not the password')))).toBe('WRONG_CREDENTIALS');

    // The owner has no agreement and is never locked out; they are told who needs one.
    clock.now = at(2031, 1, 1);
    await m.unlock(OWNER[0], pw(OWNER[1]));
    expect(m.status().state).toBe('unlocked');
    expect(m.status().nda).toEqual({ attention: 2 });
    const view = m.session().compliance.view();
    expect(view.staff.map((x) => [x.name, x.standing.state])).toEqual([
      [OWNER[0], 'exempt'],
      [LI[0], 'blocked'],
      [ZHAO[0], 'blocked'],
    ]);
    // A new agreement recorded: the accountant is back.
    await m.session().compliance.recordNda({ staffId: li.id, signedOn: '2031-01-01', expiresOn: '2032-12-31', policyVersion: null, scanPath: null });
    await m.lock();
    await m.unlock(LI[0], pw(LI[1]));
    expect(m.status().staff?.name).toBe(LI[0]);
    await m.lock();

    // The rule switched off: nobody is refused, whatever the dates.
    await m.unlock(OWNER[0], pw(OWNER[1]));
    await m.session().compliance.setPolicy({ required: false, graceDays: 14 });
    await m.lock();
    await m.unlock(ZHAO[0], pw(ZHAO[1]));
    expect(m.status().state).toBe('unlocked');
    await m.lock();
    const actions = (await (async () => {
      await m.unlock(OWNER[0], pw(OWNER[1]));
      return m.session().audit.listAll({}).filter((e) => e.action === 'staff.nda' || (e.action === 'settings.change' && e.detail.setting === 'nda-policy'));
    })()).map((e) => [e.action, e.staffName, e.detail.staffId ?? e.detail.required]);
    expect(actions).toEqual([
      ['staff.nda', OWNER[0], li.id],
      ['settings.change', OWNER[0], true],
      ['staff.nda', OWNER[0], li.id],
      ['settings.change', OWNER[0], false],
    ]);
    await m.close();
  });

  it('cannot be lifted by editing vault.key: the expiry and the rule are under the roster’s signature', async () => {
    const { vaultDir, m, li, clock } = await setup();
    const s = m.session();
    await s.compliance.recordNda({ staffId: li.id, signedOn: '2025-01-01', expiresOn: '2025-12-31', policyVersion: null, scanPath: null });
    await s.compliance.setPolicy({ required: true, graceDays: 0 });
    await m.lock();
    clock.now = at(2026, 2, 1);
    expect(await code(m.unlock(LI[0], pw(LI[1])))).toBe('NDA_REQUIRED');
    const blocked = readFileSync(join(vaultDir, 'vault.key'), 'utf8');

    // The expiry pushed out in the roster (digest recomputed, as anyone can): the roster's signature no longer holds.
    const file = parseKeyFile(blocked);
    const members = file.body.roster.members.map((x) => (x.staffId === li.id ? { ...x, ndaExpires: '2099-12-31' } : x));
    writeFileSync(join(vaultDir, 'vault.key'), JSON.stringify(withDigest({ ...file.body, roster: { ...file.body.roster, members } }), null, 2));
    expect(await code(m.unlock(LI[0], pw(LI[1])))).toBe('TAMPERED');
    // The rule taken out: the same.
    const { ndaPolicy: _p, ...roster } = file.body.roster;
    void _p;
    writeFileSync(join(vaultDir, 'vault.key'), JSON.stringify(withDigest({ ...file.body, roster }), null, 2));
    expect(await code(m.unlock(LI[0], pw(LI[1])))).toBe('TAMPERED');
    writeFileSync(join(vaultDir, 'vault.key'), blocked);
    expect(await code(m.unlock(LI[0], pw(LI[1])))).toBe('NDA_REQUIRED');
    await m.close();
  });

  it('only owners and admins record, never for themselves nor a more senior role; the owner alone sets the rule', async () => {
    const { m, li, zhao } = await setup();
    const s = m.session();
    const ownerId = s.vault.staff.id;
    const nda = (staffId: string) => ({ staffId, signedOn: '2026-01-05', expiresOn: '2027-01-04', policyVersion: null, scanPath: null });
    expect(await code(s.compliance.recordNda(nda(ownerId)))).toBe('PERMISSION_DENIED');
    await s.compliance.recordNda(nda(zhao.id));
    await m.lock();
    await m.unlock(ZHAO[0], pw(ZHAO[1]));
    const z = m.session();
    expect(await code(z.compliance.recordNda(nda(zhao.id)))).toBe('PERMISSION_DENIED');
    expect(await code(z.compliance.recordNda(nda(ownerId)))).toBe('PERMISSION_DENIED');
    expect(await code(z.compliance.setPolicy({ required: true, graceDays: 7 }))).toBe('PERMISSION_DENIED');
    z.compliance.recordTraining({ staffId: li.id, heldOn: '2026-01-10', topic: '客户信息保密', note: '全员' });
    z.compliance.acknowledgePolicy({ staffId: li.id, version: '2026版', acknowledgedOn: '2026-01-10' });
    await m.lock();
    await m.unlock(LI[0], pw(LI[1]));
    expect(() => m.session().compliance.view()).toThrow(/PERMISSION_DENIED/);
    expect(() => m.session().compliance.recordTraining({ staffId: li.id, heldOn: '2026-01-10', topic: 'x', note: '' })).toThrow(/PERMISSION_DENIED/);
    await m.close();
  });
});
