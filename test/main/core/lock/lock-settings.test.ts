/**
 * Lock settings inside the vault: migration 0030, the repository, the service
 * (policy is owner-only, damaged rows fail strict) and the three new channels
 * through the real router and a real vault.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openEncryptedDatabase, type Db } from '../../../../src/main/core/db/database';
import { MIGRATIONS, migrate, schemaVersion } from '../../../../src/main/core/db/migrate';
import { FALLBACK_POLICY, LockSettingsService } from '../../../../src/main/core/lock/lock-settings-service';
import { SettingsRepo, staffScope } from '../../../../src/main/core/repositories/settings-repo';
import { transact } from '../../../../src/main/core/db/transact';
import { VaultManager } from '../../../../src/main/core/vault/vault-manager';
import { registerHandlers } from '../../../../src/main/ipc/handlers';
import { IpcRouter } from '../../../../src/main/ipc/router';
import { CLIPBOARD_MAX_BYTES, DEFAULT_LOCK_POLICY, DEFAULT_LOCK_SETTINGS, type LockPolicy, type Role } from '../../../../src/shared/domain';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'zd-lockset-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function openDb(): Db {
  const db = openEncryptedDatabase(join(dir, 'v.db'), randomBytes(32));
  migrate(db);
  return db;
}

function addStaff(db: Db, id: string, role: Role): void {
  db.prepare('INSERT INTO staff (id, name, name_key, role, created_at) VALUES (?, ?, ?, ?, ?)').run(id, id, id, role, new Date().toISOString());
}

const STRICT_POLICY: LockPolicy = {
  maxIdleMinutes: 10,
  requireScreenLock: true,
  requireSuspend: true,
  requireUserSwitch: true,
  requireWindowClose: true,
  requireContentProtection: true,
};

describe('migration 0030: settings', () => {
  it('is registered after 0020 and creates the settings table with its constraints', () => {
    expect(MIGRATIONS.map((m) => m.version)).toContain(30);
    expect(MIGRATIONS.findIndex((m) => m.version === 30)).toBeGreaterThan(MIGRATIONS.findIndex((m) => m.version === 20));
    const db = openEncryptedDatabase(join(dir, 'v.db'), randomBytes(32));
    try {
      migrate(db, MIGRATIONS.filter((m) => m.version < 30));
      expect(() => db.prepare('SELECT * FROM settings').all()).toThrow(/no such table/);
      migrate(db);
      expect(schemaVersion(db)).toBeGreaterThanOrEqual(30);
      const insert = db.prepare('INSERT INTO settings (scope, key, value, updated_at) VALUES (?, ?, ?, ?)');
      const at = new Date().toISOString();
      insert.run('policy', 'lock', '{}', at);
      insert.run('staff:abc', 'lock', '{"idleMinutes":5}', at);
      expect(() => insert.run('policy', 'lock', '{}', at)).toThrow(/UNIQUE|PRIMARY/);
      expect(() => insert.run('everyone', 'lock', '{}', at)).toThrow(/CHECK/);
      expect(() => insert.run('staff:', 'lock', '{}', at)).toThrow(/CHECK/);
      expect(() => insert.run('policy', 'other', 'not json', at)).toThrow(/CHECK/);
      expect(() =>
        db.prepare("INSERT INTO settings (scope, key, value, updated_at, updated_by) VALUES ('policy', 'x', '{}', ?, 'nobody')").run(at),
      ).toThrow(/FOREIGN KEY/);
    } finally {
      db.close();
    }
  });
});

describe('SettingsRepo', () => {
  it('round-trips JSON per (scope, key) and overwrites in place', () => {
    const db = openDb();
    try {
      addStaff(db, 'a', 'owner');
      const repo = new SettingsRepo(db);
      expect(repo.get('policy', 'lock')).toBeUndefined();
      repo.set('policy', 'lock', { maxIdleMinutes: 10 }, 'a');
      repo.set(staffScope('a'), 'lock', { idleMinutes: 7 }, 'a');
      repo.set('policy', 'lock', { maxIdleMinutes: 15 }, 'a');
      expect(repo.get('policy', 'lock')).toEqual({ maxIdleMinutes: 15 });
      expect(repo.get('staff:a', 'lock')).toEqual({ idleMinutes: 7 });
      expect(db.prepare('SELECT count(*) AS n FROM settings').get()).toEqual({ n: 2 });
    } finally {
      db.close();
    }
  });
});

describe('LockSettingsService', () => {
  let db: Db;
  beforeEach(() => {
    db = openDb();
    addStaff(db, 'owner1', 'owner');
    addStaff(db, 'acct1', 'accountant');
    addStaff(db, 'acct2', 'accountant');
  });
  afterEach(() => db.close());
  const as = (id: string, role: Role) => new LockSettingsService({ db, staff: { id, role } });

  it('starts from the defaults: every trigger on, 5 minutes, no policy floor', () => {
    expect(as('acct1', 'accountant').view()).toEqual({
      staff: DEFAULT_LOCK_SETTINGS,
      policy: DEFAULT_LOCK_POLICY,
      effective: DEFAULT_LOCK_SETTINGS,
      canEditPolicy: false,
    });
    expect(as('owner1', 'owner').view().canEditPolicy).toBe(true);
  });

  it('staff settings are per staff member; the owner policy applies to everyone and cannot be loosened', () => {
    as('owner1', 'owner').update({ policy: { ...DEFAULT_LOCK_POLICY, maxIdleMinutes: 10, requireSuspend: true } });
    const view = as('acct1', 'accountant').update({ staff: { ...DEFAULT_LOCK_SETTINGS, idleMinutes: 30, lockOnSuspend: false } });
    expect(view.staff).toMatchObject({ idleMinutes: 30, lockOnSuspend: false });
    expect(view.effective).toMatchObject({ idleMinutes: 10, lockOnSuspend: true });
    // Another accountant is untouched by acct1's choices, but bound by the same policy.
    expect(as('acct2', 'accountant').view()).toMatchObject({ staff: DEFAULT_LOCK_SETTINGS, effective: { idleMinutes: 5 } });
  });

  it('only the owner may change the policy; a refused request writes nothing, not even its staff part', () => {
    const acct = as('acct1', 'accountant');
    expect(() => acct.update({ staff: { ...DEFAULT_LOCK_SETTINGS, idleMinutes: 42 }, policy: DEFAULT_LOCK_POLICY })).toThrow(
      expect.objectContaining({ code: 'PERMISSION_DENIED' }) as Error,
    );
    for (const role of ['admin', 'auditor'] as const) {
      expect(() => as('acct1', role).update({ policy: DEFAULT_LOCK_POLICY })).toThrow(
        expect.objectContaining({ code: 'PERMISSION_DENIED' }) as Error,
      );
    }
    expect(acct.view().staff.idleMinutes).toBe(5);
    expect(db.prepare('SELECT count(*) AS n FROM settings').get()).toEqual({ n: 0 });
  });

  it('a damaged policy row enforces the strictest floor, not none', () => {
    new SettingsRepo(db).set('policy', 'lock', { maxIdleMinutes: 'ten' }, 'owner1');
    const view = as('acct1', 'accountant').view();
    expect(view.policy).toEqual(FALLBACK_POLICY);
    expect(view.effective).toMatchObject({ idleLock: true, idleMinutes: 5, lockOnSuspend: true, contentProtection: true });
    new SettingsRepo(db).set('policy', 'lock', null, 'owner1');
    expect(as('acct1', 'accountant').view().policy).toEqual(FALLBACK_POLICY);
  });

  it('a damaged staff row falls back to the defaults (all triggers on)', () => {
    new SettingsRepo(db).set(staffScope('acct1'), 'lock', { idleLock: 'nah' }, 'acct1');
    expect(as('acct1', 'accountant').view().staff).toEqual(DEFAULT_LOCK_SETTINGS);
  });

  it('fields missing from a stored value (written by an older build) take their defaults', () => {
    new SettingsRepo(db).set(staffScope('acct1'), 'lock', { idleMinutes: 8, someFutureField: true }, 'acct1');
    expect(as('acct1', 'accountant').view().staff).toEqual({ ...DEFAULT_LOCK_SETTINGS, idleMinutes: 8 });
  });
});

describe('channels lockSettingsGet / lockSettingsSet / clipboardCopy', () => {
  const sender = { url: 'app://zhangdun/index.html', isTopFrame: true };
  const noDialogs = { pickFiles: async () => null, pickFolder: async () => null, pickSaveTarget: async () => null };
  const pw = (s: string) => Buffer.from(s, 'utf8');

  function wire(manager: VaultManager) {
    const changed = vi.fn();
    const copy = vi.fn(async (_text: string) => ({ clearAfterSeconds: 30 }));
    const router = new IpcRouter({ isTrusted: () => true, locale: () => 'zh-CN' });
    registerHandlers(router, {
      manager,
      appInfo: { version: '0', platform: 'linux' },
      dialogs: noDialogs,
      clipboard: { copy },
      onLockSettingsChanged: changed,
    });
    return { router, changed, copy };
  }

  it('owner sets a policy; an accountant reads it, is refused changing it, and sets only their own settings', async () => {
    // The real router, handlers, service and encrypted database; only "who is signed in" is stood in for,
    // so this does not depend on how staff are added (another issue).
    const db = openDb();
    try {
      addStaff(db, 'owner1', 'owner');
      addStaff(db, 'acct1', 'accountant');
      let staff: { id: string; role: Role } = { id: 'owner1', role: 'owner' };
      // The staff-and-grants checks and audit record around settings (SettingsService) are tested with a real vault
      // in test/main/ipc/access-handlers.test.ts; here they pass through, and LockSettingsService's own owner check decides.
      const vaultOf = () => ({ db, staff, write: <T>(fn: () => T) => transact(db, fn), guard: { require: () => undefined }, audit: { record: () => undefined } });
      const manager = { withSession: async <T>(fn: (s: unknown) => T) => fn({ vault: vaultOf() }) } as unknown as VaultManager;
      const { router, changed } = wire(manager);

      const set = await router.dispatch('lockSettingsSet', { policy: STRICT_POLICY }, sender);
      expect(set).toMatchObject({ ok: true, data: { policy: STRICT_POLICY, canEditPolicy: true } });
      expect(changed).toHaveBeenLastCalledWith(expect.objectContaining({ idleMinutes: 5, contentProtection: true }));

      staff = { id: 'acct1', role: 'accountant' };
      const got = await router.dispatch('lockSettingsGet', {}, sender);
      expect(got).toMatchObject({ ok: true, data: { policy: STRICT_POLICY, canEditPolicy: false } });

      changed.mockClear();
      const denied = await router.dispatch('lockSettingsSet', { policy: DEFAULT_LOCK_POLICY }, sender);
      expect(denied).toMatchObject({ ok: false, error: { code: 'PERMISSION_DENIED' } });
      expect(changed).not.toHaveBeenCalled();

      const loosened = await router.dispatch('lockSettingsSet', { staff: { ...DEFAULT_LOCK_SETTINGS, idleLock: false, idleMinutes: 60, lockOnScreenLock: false } }, sender);
      expect(loosened).toMatchObject({
        ok: true,
        data: { staff: { idleLock: false, idleMinutes: 60 }, effective: { idleLock: true, idleMinutes: 10, lockOnScreenLock: true } },
      });
      expect(changed).toHaveBeenCalledWith(expect.objectContaining({ idleLock: true, idleMinutes: 10 }));
      staff = { id: 'owner1', role: 'owner' };
      expect(await router.dispatch('lockSettingsGet', {}, sender)).toMatchObject({ ok: true, data: { staff: DEFAULT_LOCK_SETTINGS } });
    } finally {
      db.close();
    }
  });

  it('in a real vault the settings are stored encrypted: no field name in any vault file', async () => {
    const manager = new VaultManager({ vaultDir: join(dir, 'vault') });
    try {
      const { router } = wire(manager);
      await manager.create('王老板', pw('owner password'));
      expect(await router.dispatch('lockSettingsSet', { policy: STRICT_POLICY, staff: DEFAULT_LOCK_SETTINGS }, sender)).toMatchObject({ ok: true });
      await manager.lock();
      await manager.unlock('王老板', pw('owner password'));
      expect(await router.dispatch('lockSettingsGet', {}, sender)).toMatchObject({ ok: true, data: { policy: STRICT_POLICY } });
      await manager.lock();
      for (const name of readdirSync(join(dir, 'vault'), { recursive: true, encoding: 'utf8' })) {
        const path = join(dir, 'vault', name);
        if (name.startsWith('blobs') || !statSync(path).isFile()) continue;
        expect(readFileSync(path).includes(Buffer.from('maxIdleMinutes')), name).toBe(false);
      }
    } finally {
      await manager.close();
    }
  });

  it('validates requests from unknown: out-of-range minutes, extra fields, empty set', async () => {
    const manager = new VaultManager({ vaultDir: join(dir, 'vault') });
    const { router } = wire(manager);
    for (const bad of [
      { staff: { ...DEFAULT_LOCK_SETTINGS, idleMinutes: 0 } },
      { staff: { ...DEFAULT_LOCK_SETTINGS, idleMinutes: 241 } },
      { staff: { ...DEFAULT_LOCK_SETTINGS, extra: 1 } },
      { policy: { ...DEFAULT_LOCK_POLICY, maxIdleMinutes: 2.5 } },
      { staff: { idleMinutes: 5 } },
      {},
    ]) {
      expect(await router.dispatch('lockSettingsSet', bad, sender)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    }
  });

  it('settings and clipboard channels answer VAULT_LOCKED while locked; nothing reaches the clipboard', async () => {
    const manager = new VaultManager({ vaultDir: join(dir, 'vault') });
    const { router, copy } = wire(manager);
    expect(await router.dispatch('lockSettingsGet', {}, sender)).toMatchObject({ ok: false, error: { code: 'VAULT_LOCKED' } });
    expect(await router.dispatch('lockSettingsSet', { staff: DEFAULT_LOCK_SETTINGS }, sender)).toMatchObject({ ok: false, error: { code: 'VAULT_LOCKED' } });
    expect(await router.dispatch('clipboardCopy', { text: '91350200MA2XXXXX1X' }, sender)).toMatchObject({ ok: false, error: { code: 'VAULT_LOCKED' } });
    expect(copy).not.toHaveBeenCalled();
  });

  it('clipboardCopy passes text of at most 4 KiB (UTF-8) to the clipboard service', async () => {
    const manager = new VaultManager({ vaultDir: join(dir, 'vault') });
    try {
      const { router, copy } = wire(manager);
      await manager.create('王老板', pw('owner password'));
      expect(await router.dispatch('clipboardCopy', { text: '6222 0212 3456 7890' }, sender)).toEqual({ ok: true, data: { clearAfterSeconds: 30 } });
      expect(copy).toHaveBeenCalledWith('6222 0212 3456 7890');
      const chinese = '账'.repeat(Math.floor(CLIPBOARD_MAX_BYTES / 3)); // 3 bytes each
      expect(await router.dispatch('clipboardCopy', { text: chinese }, sender)).toMatchObject({ ok: true });
      for (const bad of [{ text: '账'.repeat(Math.floor(CLIPBOARD_MAX_BYTES / 3) + 1) }, { text: '' }, { text: 5 }, { text: 'a', extra: 1 }]) {
        expect(await router.dispatch('clipboardCopy', bad, sender)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
      }
      expect(copy).toHaveBeenCalledTimes(2);
    } finally {
      await manager.close();
    }
  });
});
