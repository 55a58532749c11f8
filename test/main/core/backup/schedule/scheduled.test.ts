import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyBackup } from '../../../../../src/main/core/backup/read-backup';
import { backupFileName } from '../../../../../src/main/core/backup/schedule/retention';
import { STATUS_FILE, needsAttention, readBackupStatus, runScheduledBackup } from '../../../../../src/main/core/backup/schedule/scheduled-backup';
import { APP_VERSION, copyVault, makeVault, openWithRecovery, type TestVault } from '../fixtures';

const CST = 480;
const local = (y: number, mo: number, d: number, h = 0, mi = 0) => new Date(Date.UTC(y, mo - 1, d, h, mi) - CST * 60_000);

let root: string;
let template: TestVault;
let n = 0;
const fresh = (name: string) => join(root, `${name}-${++n}`);

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'zd-backup-sched-'));
  template = await makeVault(root, [100_000, 3]);
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('runScheduledBackup', () => {
  it('writes a verified backup, applies retention to this vault’s backups only, and records success without secrets', async () => {
    const live = copyVault(template, fresh('live'));
    const outDir = fresh('out');
    mkdirSync(outDir);
    const mine = (d: Date) => join(outDir, backupFileName(live.vaultId, d, CST));
    // Older backups of this vault (contents do not matter to retention), another vault's, and a stranger file.
    const old = [local(2025, 3, 8, 2), local(2025, 3, 9, 2), local(2025, 3, 9, 14), local(2025, 2, 20, 2)].map(mine);
    for (const path of old) writeFileSync(path, 'old');
    const otherVault = join(outDir, backupFileName('ffffffff000000000000000000000000', local(2025, 1, 1, 2), CST));
    writeFileSync(otherVault, 'other');
    writeFileSync(join(outDir, 'notes.txt'), 'keep me');

    const now = local(2025, 3, 10, 2);
    const status = await runScheduledBackup({
      vaultDir: live.dir,
      outDir,
      retention: { daily: 2, weekly: 0, monthly: 2 },
      appVersion: APP_VERSION,
      now: () => now,
      offsetMinutes: CST,
    });
    const written = mine(now);
    expect(status).toMatchObject({ version: 1, consecutiveFailures: 0, lastAttempt: { ok: true, file: written, deleted: 2 }, lastSuccess: { file: written } });
    expect((await verifyBackup(written, { identity: live.identity })).vaultId).toBe(live.vaultId);
    // Kept: today and 9 Mar 14:00 (daily 2), plus 20 Feb (monthly); deleted: 9 Mar 02:00 and 8 Mar.
    expect(readdirSync(outDir).sort()).toEqual(
      [written, mine(local(2025, 3, 9, 14)), mine(local(2025, 2, 20, 2)), otherVault, join(outDir, 'notes.txt')].map((p) => p.slice(outDir.length + 1)).sort(),
    );
    const text = readFileSync(join(live.dir, STATUS_FILE), 'utf8');
    expect(await readBackupStatus(live.dir)).toEqual(status);
    expect(text).not.toMatch(/AGE-SECRET-KEY|wrappedKey|password/i);
    expect(needsAttention(status, { kind: 'daily', hour: 2 }, now)).toBeNull();
  });

  it('records a failure (and keeps the last success) instead of skipping silently, then recovers', async () => {
    const live = copyVault(template, fresh('live'));
    const outDir = fresh('out');
    const retention = { daily: 7, weekly: 4, monthly: 12 };
    const first = await runScheduledBackup({ vaultDir: live.dir, outDir, retention, appVersion: APP_VERSION, now: () => local(2025, 3, 9, 2), offsetMinutes: CST });
    expect(first.lastAttempt?.ok).toBe(true);

    // The vault is open (in this process): a copy at rest is impossible.
    const vault = await openWithRecovery(live.dir, live.identity);
    try {
      const failed = await runScheduledBackup({ vaultDir: live.dir, outDir, retention, appVersion: APP_VERSION, now: () => local(2025, 3, 10, 2), offsetMinutes: CST });
      expect(failed).toMatchObject({ lastAttempt: { ok: false, code: 'VAULT_BUSY', file: null }, lastSuccess: first.lastSuccess, consecutiveFailures: 1 });
      expect(needsAttention(await readBackupStatus(live.dir), { kind: 'daily', hour: 2 }, local(2025, 3, 10, 9))).toBe('failed');
      expect(readdirSync(outDir).filter((f) => f.includes('20250310'))).toEqual([]);

      // With the open vault handed over (the app unlocked), the snapshot path works.
      const recovered = await runScheduledBackup({ vaultDir: live.dir, outDir, vault, retention, appVersion: APP_VERSION, now: () => local(2025, 3, 10, 3), offsetMinutes: CST });
      expect(recovered).toMatchObject({ lastAttempt: { ok: true }, consecutiveFailures: 0 });
    } finally {
      await vault.close();
    }
  });

  it('records a missing vault as a failure too', async () => {
    const dir = fresh('no-vault');
    mkdirSync(dir);
    const status = await runScheduledBackup({ vaultDir: dir, outDir: fresh('out'), retention: { daily: 1, weekly: 0, monthly: 0 }, appVersion: APP_VERSION });
    expect(status).toMatchObject({ lastAttempt: { ok: false, code: 'NO_VAULT' }, lastSuccess: null, consecutiveFailures: 1 });
    expect(existsSync(join(dir, STATUS_FILE))).toBe(true);
  });

  it('removes .partial files left by a killed run once they are stale, and only those', async () => {
    const live = copyVault(template, fresh('live'));
    const outDir = fresh('out');
    mkdirSync(outDir);
    const stale = join(outDir, `${backupFileName(live.vaultId, local(2025, 3, 1, 2), CST)}.partial-0a1b2c3d4e5f`);
    const recent = join(outDir, `${backupFileName(live.vaultId, local(2025, 3, 2, 2), CST)}.partial-abcdef012345`);
    writeFileSync(stale, 'x');
    writeFileSync(recent, 'x');
    const twoHoursAgo = (Date.now() - 2 * 3_600_000) / 1000;
    utimesSync(stale, twoHoursAgo, twoHoursAgo);
    await runScheduledBackup({ vaultDir: live.dir, outDir, retention: { daily: 1, weekly: 0, monthly: 0 }, appVersion: APP_VERSION });
    expect(existsSync(stale)).toBe(false);
    expect(existsSync(recent)).toBe(true);
  });
});
