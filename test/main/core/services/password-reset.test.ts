/**
 * Passwords: an admin's reset of a colleague's password (new identity under a
 * temporary password, grants rewrapped, a forced change at the next unlock,
 * expiry, tamper-evidence), changing one's own password, the owner's policy.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unwrapClientKeyWithIdentity } from '../../../../src/main/core/keys/client-keys';
import { DEFAULT_KDF } from '../../../../src/main/core/keys/kdf';
import { parseKeyFile, resetState, unlockWithPassword, withDigest, type KeyFile } from '../../../../src/main/core/keys/key-file';
import { isVaultError } from '../../../../src/main/core/errors';
import { PasswordService } from '../../../../src/main/core/services/password-service';
import { viewPath } from '../../../../src/main/core/view/view-db';
import { vaultPaths } from '../../../../src/main/core/vault/layout';
import { VaultManager } from '../../../../src/main/core/vault/vault-manager';
import type { VaultSession } from '../../../../src/main/core/vault/session';
import { clientInputSchema } from '../../../../src/shared/contract';

const pw = (s: string) => Buffer.from(s, 'utf8');
const OWNER = '张所长';
const ADMIN = '王主管';
const LI = '李会计';
const SUN = '孙会计';
const PASSWORDS: Record<string, string> = { [OWNER]: 'owner password 1', [ADMIN]: 'admin password 1', [LI]: 'accountant pw 1', [SUN]: 'accountant pw 2' };
const LI_NEW = 'Lk9#qv-浙江-Tm4$zr';
const DOC_TEXT = '李会计负责客户的增值税申报表';

let root: string;
let vaultDir: string;
let now = Date.parse('2026-03-02T09:00:00Z');
let m: VaultManager;
const ids: Record<string, string> = {};
let clientBefore: string;
let clientAfter: string;
let docBefore: string;
let keyBeforeReset: KeyFile;
let temporary: string;

function code(fn: () => unknown): Promise<string> {
  return Promise.resolve()
    .then(fn)
    .then(
      () => 'ok',
      (e: unknown) => (isVaultError(e) ? e.code : `unexpected ${String(e)}`),
    );
}

async function as(name: string, password = PASSWORDS[name] ?? ''): Promise<VaultSession> {
  await m.lock();
  await m.unlock(name, pw(password));
  return m.session();
}

const keyFileText = () => readFileSync(vaultPaths(vaultDir).keyFile, 'utf8');
const writeKey = (file: KeyFile) => writeFileSync(vaultPaths(vaultDir).keyFile, `${JSON.stringify(file, null, 2)}\n`);

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'zd-passwords-'));
  vaultDir = join(root, 'vault');
  m = new VaultManager({ vaultDir, stateDir: join(root, 'state'), now: () => now });
  await m.create(OWNER, pw(PASSWORDS[OWNER]!));
  let s = m.session();
  ids[OWNER] = s.vault.staff.id;
  for (const [name, role] of [[ADMIN, 'admin'], [LI, 'accountant'], [SUN, 'accountant']] as const) {
    ids[name] = (await s.staff.add(name, role, pw(PASSWORDS[name]!))).id;
  }
  clientBefore = s.clients.create(clientInputSchema.parse({ name: '福州闽江财税咨询有限公司', bankAccount: '6222021602012345678' })).id;
  const file = join(root, '申报表.txt');
  writeFileSync(file, DOC_TEXT);
  const [imported] = await s.documents.importFiles(clientBefore, [file], {});
  if (imported?.status !== 'imported') throw new Error('import failed');
  docBefore = imported.documentId;
  await s.access.grant(clientBefore, ids[LI]!);
  // Li opens once: their view is made, keyed from their identity.
  s = await as(LI);
  expect(s.clients.list({ query: '', label: null, status: 'active', sort: 'name', offset: 0, limit: 100 }).items.map((c) => c.id)).toEqual([clientBefore]);
  expect(existsSync(viewPath(vaultDir, ids[LI]!))).toBe(true);
  keyBeforeReset = parseKeyFile(keyFileText());

  s = await as(OWNER);
  // The reset's clock is the fake one: the temporary password expires 72 h after it.
  const reset = await new PasswordService(s.vault, () => new Date(now)).reset(ids[LI]!);
  temporary = reset.temporaryPassword;
  expect(reset.expiresAt).toBe(new Date(now + 72 * 3600 * 1000).toISOString());
  // A client made after the reset, granted to Li.
  clientAfter = s.clients.create(clientInputSchema.parse({ name: '厦门鹭岛进出口贸易有限公司' })).id;
  await s.access.grant(clientAfter, ids[LI]!);
  await m.lock();
}, 240_000);

afterAll(async () => {
  await m.close();
  rmSync(root, { recursive: true, force: true });
});

describe('an admin reset', () => {
  it('gives a temporary password of the policy, a new identity, and deletes the old view', () => {
    expect(temporary).toMatch(/^[a-z2-9]{4}(-[a-z2-9]{4}){3,}$/);
    const file = parseKeyFile(keyFileText());
    const before = keyBeforeReset.body.roster.members.find((x) => x.staffId === ids[LI])!;
    const after = file.body.roster.members.find((x) => x.staffId === ids[LI])!;
    expect(after.recipient).not.toBe(before.recipient);
    expect(after.signingKey).not.toBe(before.signingKey);
    expect(after.reset).toMatchObject({ by: ids[OWNER] });
    // The former signing key is retired, so Li's past events still verify.
    expect(file.body.roster.retired.some((r) => r.staffId === ids[LI] && r.signingKey === before.signingKey)).toBe(true);
    expect(resetState(file, ids[LI]!, new Date(now))).toBe('pending');
    expect(existsSync(viewPath(vaultDir, ids[LI]!))).toBe(false);
  });

  it('the old password no longer opens', async () => {
    expect(await code(() => as(LI))).toBe('WRONG_CREDENTIALS');
  });

  it('a copy of vault.key from before the reset and the old password open nothing granted since', async () => {
    const old = await unlockWithPassword(keyBeforeReset, LI, pw(PASSWORDS[LI]!), DEFAULT_KDF);
    const s = await as(OWNER);
    for (const clientId of [clientAfter, clientBefore]) {
      const version = s.vault.repos.clientKeys.currentVersion(clientId)!;
      const row = s.vault.repos.clientKeys.get(clientId, version, ids[LI]!)!;
      expect(row).not.toBeNull();
      // Rewrapped to the new identity (before) or wrapped to it (after): the old identity opens neither.
      expect(await unwrapClientKeyWithIdentity(old.identity, clientId, version, row.wrapped)).toBeNull();
    }
    await m.lock();
  });

  it('cannot be cleared or extended by editing vault.key', async () => {
    const original = keyFileText();
    const file = parseKeyFile(original);
    const edit = (change: (member: KeyFile['body']['roster']['members'][number]) => void) => {
      const body = structuredClone(file.body);
      change(body.roster.members.find((x) => x.staffId === ids[LI])!);
      writeKey(withDigest(body));
    };
    try {
      edit((member) => delete member.reset);
      expect(await code(() => as(LI, temporary))).toBe('TAMPERED');
      edit((member) => (member.reset!.expiresAt = '2099-01-01T00:00:00.000Z'));
      expect(await code(() => as(LI, temporary))).toBe('TAMPERED');
    } finally {
      writeFileSync(vaultPaths(vaultDir).keyFile, original);
    }
  });

  it('expires: after 72 hours the temporary password opens nothing', async () => {
    const at = now;
    try {
      now = at + 72 * 3600 * 1000 + 1000;
      expect(await code(() => as(LI, temporary))).toBe('PASSWORD_EXPIRED');
      expect(m.status().state).toBe('locked');
    } finally {
      now = at;
    }
  });

  it('forces a new password of the policy, then Li reads every granted client with it', async () => {
    let s = await as(OWNER);
    new PasswordService(s.vault).setPolicy({ minLength: 12, minScore: 3 });
    now += 71 * 3600 * 1000;
    const status = await m.unlock(LI, pw(temporary));
    expect(status.mustChangePassword).toBe(true);
    s = m.session();
    // Nothing else is reachable until it is done.
    expect(await code(() => m.withSession((x) => x.clients.list({ query: '', label: null, status: 'active', sort: 'name', offset: 0, limit: 100 })))).toBe('PASSWORD_CHANGE_REQUIRED');
    expect(await code(() => s.clients.list({ query: '', label: null, status: 'active', sort: 'name', offset: 0, limit: 100 }))).toBe('PASSWORD_CHANGE_REQUIRED');
    expect(await code(() => s.documents.read(docBefore, 1000))).toBe('PASSWORD_CHANGE_REQUIRED');
    // The policy holds for the new password.
    expect(await code(() => m.withSession((x) => x.passwords.changeOwn(null, pw('short1')), { duringPasswordChange: true }))).toBe('WEAK_PASSWORD');
    expect(await code(() => m.withSession((x) => x.passwords.changeOwn(null, pw('aaaaaaaaaaaaaaaa')), { duringPasswordChange: true }))).toBe('WEAK_PASSWORD');
    await m.withSession((x) => x.passwords.changeOwn(null, pw(LI_NEW)), { duringPasswordChange: true });
    expect(m.status().mustChangePassword).toBeUndefined();
    expect(resetState(parseKeyFile(keyFileText()), ids[LI]!, new Date(now))).toBe('none');

    // With the new password (and after the reset's expiry: it no longer matters).
    now += 5 * 24 * 3600 * 1000;
    s = await as(LI, LI_NEW);
    expect(m.status().mustChangePassword).toBeUndefined();
    const listed = s.clients.list({ query: '', label: null, status: 'active', sort: 'name', offset: 0, limit: 100 }).items.map((c) => c.id);
    expect(listed.sort()).toEqual([clientBefore, clientAfter].sort());
    expect(s.clients.get(clientBefore).name).toBe('福州闽江财税咨询有限公司');
    expect((await s.documents.read(docBefore, 1000)).toString('utf8')).toBe(DOC_TEXT);
    // The temporary password is gone with the reseal.
    expect(await code(() => as(LI, temporary))).toBe('WRONG_CREDENTIALS');
  });

  it('is audited: who reset whom, the forced change, and the log verifies', async () => {
    const s = await as(OWNER);
    const events = s.audit.listAll({});
    const reset = events.find((e) => e.action === 'password.reset' && e.outcome === 'success');
    expect(reset).toMatchObject({ staffId: ids[OWNER] });
    expect(reset?.detail).toMatchObject({ staffId: ids[LI], grants: 1 });
    const forced = events.find((e) => e.action === 'password.change' && e.staffId === ids[LI]);
    expect(forced?.detail).toMatchObject({ staffId: ids[LI], forced: true });
    expect(s.audit.verify().ok).toBe(true);
  });

  it('admins reset accountants, but not the owner, another admin or themselves', async () => {
    const s = await as(ADMIN);
    const service = new PasswordService(s.vault);
    expect(await code(() => service.reset(ids[OWNER]!))).toBe('PERMISSION_DENIED');
    expect(await code(() => service.reset(ids[ADMIN]!))).toBe('PERMISSION_DENIED');
    const denied = s.audit.listAll({}).filter((e) => e.action === 'password.reset' && e.outcome === 'denied');
    expect(denied.map((e) => e.detail)).toEqual(expect.arrayContaining([expect.objectContaining({ staffId: ids[OWNER] })]));
    const reset = await service.reset(ids[SUN]!);
    expect(reset.name).toBe(SUN);
    // An accountant resets nobody.
    const sun = await as(SUN, reset.temporaryPassword);
    expect(await code(() => new PasswordService(sun.vault).reset(ids[LI]!))).toBe('PASSWORD_CHANGE_REQUIRED');
    await m.lock();
  });
});

describe('changing one’s own password', () => {
  it('needs the current password and the policy; the old password stops working', async () => {
    const s = await as(LI, LI_NEW);
    expect(await code(() => s.passwords.changeOwn(pw('not my password'), pw('Another-长密码-2026!')))).toBe('WRONG_CREDENTIALS');
    expect(await code(() => s.passwords.changeOwn(pw(LI_NEW), pw('password1234')))).toBe('WEAK_PASSWORD');
    await s.passwords.changeOwn(pw(LI_NEW), pw('Another-长密码-2026!'));
    expect(await code(() => as(LI, LI_NEW))).toBe('WRONG_CREDENTIALS');
    const again = await as(LI, 'Another-长密码-2026!');
    expect(again.clients.list({ query: '', label: null, status: 'active', sort: 'name', offset: 0, limit: 100 }).items).toHaveLength(2);
    await m.lock();
  });

  it('the policy also holds for adding staff, and only the owner sets it', async () => {
    let s = await as(OWNER);
    expect(await code(() => s.staff.add('周会计', 'accountant', pw('weakpass')))).toBe('WEAK_PASSWORD');
    s = await as(ADMIN);
    expect(await code(() => new PasswordService(s.vault).setPolicy({ minLength: 8, minScore: 0 }))).toBe('PERMISSION_DENIED');
    await m.lock();
  });
});
