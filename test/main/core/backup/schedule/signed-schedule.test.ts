/**
 * The backup schedule says where the firm's data goes and to whom it is
 * encrypted, so it is signed by the master key: one changed on disk (a
 * recipient added, the folder redirected), unsigned, or signed by a vault
 * other than the one this user pinned is not trusted.
 */
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCHEDULE_FILE, writeSchedule } from '../../../../../src/main/core/backup/schedule/scheduler';
import { readTrustedSchedule, writeSignedSchedule } from '../../../../../src/main/core/backup/schedule/signed-schedule';
import { newRecoveryIdentity } from '../../../../../src/main/core/keys/age-keys';
import { pinTrust } from '../../../../../src/main/core/vault/anchors';
import { readKeyFile, vaultSigningRoot } from '../../../../../src/main/core/keys/key-file';
import { openVault } from '../../../../../src/main/core/vault/unlock-vault';
import type { BackupScheduleSettings } from '../../../../../src/shared/domain';
import { copyVault, makeVault, openWithRecovery, type TestVault } from '../fixtures';

let root: string;
let template: TestVault;
let other: TestVault;
let n = 0;
const fresh = (name: string) => join(root, `${name}-${++n}`);
const SETTINGS: BackupScheduleSettings = { enabled: true, folder: '/mnt/backup', kind: 'daily', hour: 2, weekday: 1, retention: { daily: 7, weekly: 4, monthly: 12 }, recipients: [] };

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'zd-signed-schedule-'));
  template = await makeVault(join(root, 'firm'), [10]);
  other = await makeVault(join(root, 'other'), [10]);
}, 120_000);
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function signedCopy(): Promise<{ live: TestVault; state: string }> {
  const live = copyVault(template, fresh('live'));
  const owner = await openWithRecovery(live.dir, live.identity);
  try {
    await writeSignedSchedule(owner, SETTINGS, new Date('2026-12-01T09:00:00Z'));
  } finally {
    await owner.close();
  }
  // This user unlocked the vault on this PC before (the root is pinned in their state folder).
  const state = fresh('state');
  await pinTrust(state, live.vaultId, vaultSigningRoot(await readKeyFile(join(live.dir, 'vault.key'))));
  return { live, state };
}

const problem = (p: Promise<unknown>) => p.then(() => 'trusted', (e: { code?: string; values?: { problem?: string } }) => `${e.code}/${e.values?.problem}`);

describe('the signed backup schedule', () => {
  it('one saved with the master key is trusted as it was saved', async () => {
    const { live, state } = await signedCopy();
    expect(await readTrustedSchedule(live.dir, state)).toEqual({ ...SETTINGS, updatedAt: '2026-12-01T09:00:00.000Z' });
  });

  it('a recipient added or the folder redirected on disk is refused; so is one with its signature removed, or never signed', async () => {
    const { live, state } = await signedCopy();
    const path = join(live.dir, SCHEDULE_FILE);
    const saved = readFileSync(path, 'utf8');
    const insider = await newRecoveryIdentity();
    const edit = (change: (json: Record<string, unknown>) => void) => {
      const json = JSON.parse(saved) as Record<string, unknown>;
      change(json);
      writeFileSync(path, JSON.stringify(json));
    };
    edit((j) => (j.recipients = [insider.recipient]));
    expect(await problem(readTrustedSchedule(live.dir, state))).toBe('TAMPERED/signature');
    edit((j) => (j.folder = '/home/insider/usb'));
    expect(await problem(readTrustedSchedule(live.dir, state))).toBe('TAMPERED/signature');
    edit((j) => delete j.signature);
    expect(await problem(readTrustedSchedule(live.dir, state))).toBe('TAMPERED/unsigned');
    await writeSchedule(live.dir, SETTINGS, new Date());
    expect(await problem(readTrustedSchedule(live.dir, state))).toBe('TAMPERED/unsigned');
    writeFileSync(path, saved);
    expect(await problem(readTrustedSchedule(live.dir, state))).toBe('trusted');
  });

  it('a vault.key swapped for another vault’s, with a schedule that vault signed, is not trusted: the user never unlocked that vault here', async () => {
    const { live, state } = await signedCopy();
    const foreign = copyVault(other, fresh('foreign'));
    const owner = await openWithRecovery(foreign.dir, foreign.identity);
    try {
      await writeSignedSchedule(owner, { ...SETTINGS, folder: '/home/insider/usb' }, new Date());
    } finally {
      await owner.close();
    }
    copyFileSync(join(foreign.dir, SCHEDULE_FILE), join(live.dir, SCHEDULE_FILE));
    copyFileSync(join(foreign.dir, 'vault.key'), join(live.dir, 'vault.key'));
    expect(await problem(readTrustedSchedule(live.dir, state))).toBe('TAMPERED/unknown-vault');
  });

  it('only the master key signs it: an accountant’s session cannot', async () => {
    const live = copyVault(template, fresh('live'));
    const owner = await openWithRecovery(live.dir, live.identity);
    const { VaultSession } = await import('../../../../../src/main/core/vault/session');
    const session = new VaultSession(owner, () => 'zh-CN');
    await session.staff.add('李会计', 'accountant', Buffer.from('accountant pw 1'));
    await owner.close();
    const accountant = await openVault(live.dir, { staffName: '李会计', password: Buffer.from('accountant pw 1') }, { stateDir: fresh('state') });
    try {
      await expect(writeSignedSchedule(accountant, SETTINGS, new Date())).rejects.toMatchObject({ code: 'PERMISSION_DENIED' });
    } finally {
      await accountant.close();
    }
  });
});
