/**
 * Issue 14's findings, replayed the way an insider would: a colleague with
 * write access to the vault folder, their own password, the common key it
 * opens, and the project's own modules to edit vault.key and vault.db. Each
 * attack runs on its own copy of one prepared vault (with its own state
 * folder: the anchors of the people who used it), through the command line
 * plus direct file edits, and must be detected (exit 4) or refused with its
 * documented exit code and a clear message; and nothing is lost for the
 * firm: once the tampering is undone, the owner opens and `check` passes.
 *
 * The backup schedule (finding 5) is run by the app, not the command line:
 * that attack goes through BackupService as the app wires it.
 */
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventHash, genesisHash, signingBytes, type AuditEvent } from '../../../../src/main/core/audit/audit-event';
import { closeDatabase } from '../../../../src/main/core/db/database';
import { BackupService } from '../../../../src/main/core/backup/backup-service';
import { newRecoveryIdentity } from '../../../../src/main/core/keys/age-keys';
import { DEFAULT_KDF } from '../../../../src/main/core/keys/kdf';
import { parseKeyFile, unlockWithPassword, withDigest, writeKeyFile, type KeyFile, type StaffKeys } from '../../../../src/main/core/keys/key-file';
import { Signer } from '../../../../src/main/core/keys/signing';
import { openDatabase } from '../../../../src/main/core/vault/common-key-rotation';
import { vaultPaths } from '../../../../src/main/core/vault/layout';
import { makeRepos } from '../../../../src/main/core/vault/repos';
import { readEffective, throttlePaths } from '../../../../src/main/core/vault/throttle';
import { VaultManager } from '../../../../src/main/core/vault/vault-manager';
import { expectExit, explain, runCli, runMain, useCliTimeouts, type CliOptions, type CliResult } from '../../../helpers/cli';

useCliTimeouts();

const OWNER = '王所长';
const OWNER_PW = 'owner password 1';
const LI = '李会计';
const LI_PW = 'accountant pw 1';
const SUN = '孙会计';
const SUN_PW = 'accountant pw 2';

/** One folder holding a vault, the state folder of the people who use it, the recovery key and a signed head kept aside. */
interface Site {
  dir: string;
  vault: string;
  state: string;
  recovery: string;
  head: string;
}

const siteAt = (dir: string): Site => ({ dir, vault: join(dir, 'vault'), state: join(dir, 'state'), recovery: join(dir, 'recovery.txt'), head: join(dir, 'head.json') });

let root: string;
let template: Site;
let clientId = '';
let liId = '';

const zd = (site: Site, args: string[], options: CliOptions = {}) =>
  runMain(args, { password: OWNER_PW, ...options, env: { ZHANGDUN_STATE_DIR: site.state, ...options.env } });
const asOwner = (site: Site, args: string[], options: CliOptions = {}) => zd(site, [...args, '--vault', site.vault, '--staff', OWNER], options);
const asLi = (site: Site, args: string[]) => zd(site, [...args, '--vault', site.vault, '--staff', LI], { password: LI_PW });

/** A fresh copy of the prepared vault, with its users' state as it stood. */
function copyOf(name: string): Site {
  const dir = join(root, name);
  cpSync(template.dir, dir, { recursive: true });
  return siteAt(dir);
}

const keep = (site: Site, file: 'vault.key' | 'vault.db', as: string) => copyFileSync(join(site.vault, file), join(site.dir, as));
const putBack = (site: Site, from: string, file: 'vault.key' | 'vault.db') => copyFileSync(join(site.dir, from), join(site.vault, file));
const keyFileOf = (path: string): KeyFile => parseKeyFile(readFileSync(path, 'utf8'));

/** Refused with `exit`, saying `text` in Chinese, with no stack trace or raw error. */
function expectRefusal(res: CliResult, exit: number, text: string): void {
  expectExit(res, exit);
  expect(res.stderr + res.stdout, explain(res)).toContain(text);
  expect(res.stderr, explain(res)).not.toMatch(/\bat .+:\d+:\d+|Error:|INTERNAL|发生内部错误/);
}

/** Nothing lost for the firm: the owner opens, every document and the key file check out, the log is whole. */
async function firmIntact(site: Site): Promise<void> {
  const checked = await asOwner(site, ['check']);
  expectExit(checked, 0);
  expect(checked.stdout).toContain('校验通过：2 份资料');
  expectExit(await asOwner(site, ['audit', 'verify', '--anchor', site.head]), 0);
}

/** What the insider's own password opens from vault.key: their identity, signing seed and the common key. */
async function insiderKeys(keyFile: string, name: string, password: string): Promise<{ file: KeyFile; keys: StaffKeys }> {
  const file = keyFileOf(keyFile);
  return { file, keys: await unlockWithPassword(file, name, Buffer.from(password), DEFAULT_KDF) };
}

/** vault.db opened with the common key the insider holds (no password of anyone else, no master key). */
function openWithCommonKey(vaultDb: string, file: KeyFile, keys: StaffKeys) {
  return openDatabase(vaultDb, file.body.vaultId, keys.commonKeys, file.body.roster.commonKeyVersion).db;
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'zd-insider-'));
  template = siteAt(join(root, 'template'));
  mkdirSync(template.dir);
  expectExit(await zd(template, ['init', '--vault', template.vault, '--staff', OWNER, '--recovery-key-out', template.recovery]), 0);
  const added = await asOwner(template, ['staff', 'add', '--name', LI, '--role', 'accountant'], { env: { ZHANGDUN_NEW_PASSWORD: LI_PW } });
  expectExit(added, 0);
  liId = added.stdout.trim();
  expectExit(await asOwner(template, ['staff', 'add', '--name', SUN, '--role', 'accountant'], { env: { ZHANGDUN_NEW_PASSWORD: SUN_PW } }), 0);
  const client = await asOwner(template, ['client', 'add', '--name', '福州闽江财税咨询有限公司', '--notes', '机密备注：客户偷税风险']);
  expectExit(client, 0);
  clientId = client.stdout.trim();
  for (const [name, text] of [['三月对账单.txt', '三月银行对账单'], ['四月对账单.txt', '四月银行对账单']]) {
    writeFileSync(join(template.dir, name!), text!);
    expectExit(await asOwner(template, ['doc', 'import', '--client', clientId, join(template.dir, name!)]), 0);
  }
  expectExit(await asOwner(template, ['grant', '--to', LI, '--client', clientId]), 0);
  // The firm keeps a signed head away from the PC.
  expectExit(await asOwner(template, ['audit', 'head', '--out', template.head]), 0);
  // Both have opened it since: each one's anchor records what they saw.
  expectExit(await asLi(template, ['doc', 'list', '--client', clientId]), 0);
  await firmIntact(template);
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('1. offboarding undone', () => {
  it('an old key slot pasted back, an old vault.key, or the whole old folder: refused, or only the old state she already had', async () => {
    const site = copyOf('offboard');
    // What the accountant keeps before she leaves: her vault.key and vault.db of today.
    keep(site, 'vault.key', 'old.key');
    keep(site, 'vault.db', 'old.db');
    const offboarded = await asOwner(site, ['offboard', '--name', LI, '--handover-to', SUN]);
    expectExit(offboarded, 0);
    expectRefusal(await asLi(site, ['client', 'list']), 3, '员工名或密码不正确');
    keep(site, 'vault.key', 'current.key');
    keep(site, 'vault.db', 'current.db');

    // (a) Her old slot pasted back into today's vault.key, the digest recomputed: not in the signed roster.
    const today = keyFileOf(join(site.vault, 'vault.key'));
    const oldSlot = keyFileOf(join(site.dir, 'old.key')).body.slots.find((s) => s.staffId === liId)!;
    await writeKeyFile(join(site.vault, 'vault.key'), withDigest({ ...today.body, slots: [...today.body.slots, oldSlot] }));
    expectRefusal(await asLi(site, ['client', 'list']), 4, '数据校验失败，文件可能被篡改');
    // Nor can she mark herself active in vault.db: the common key she kept was replaced at the offboarding.
    const { file: oldFile, keys } = await insiderKeys(join(site.dir, 'old.key'), LI, LI_PW);
    expect(() => openWithCommonKey(join(site.vault, 'vault.db'), oldFile, keys)).toThrow(expect.objectContaining({ code: 'TAMPERED' }) as Error);
    putBack(site, 'current.key', 'vault.key');

    // (b) Her old vault.key with today's vault.db: the key it gives opens nothing current.
    putBack(site, 'old.key', 'vault.key');
    expectRefusal(await asLi(site, ['client', 'list']), 4, '数据校验失败，文件可能被篡改');
    expectExit(await asOwner(site, ['client', 'list']), 4);
    putBack(site, 'current.key', 'vault.key');

    // (c) The whole old folder put back (old vault.key and old vault.db): it opens for her, as the copy she
    // kept always did — but the owner, who saw the offboarding, is told the vault was rolled back.
    putBack(site, 'old.key', 'vault.key');
    putBack(site, 'old.db', 'vault.db');
    expectExit(await asLi(site, ['client', 'list']), 0);
    expectRefusal(await asOwner(site, ['client', 'list']), 4, '保险库比您上次打开时看到的更旧：它可能被人换成了旧副本。请先联系所有者核实；所有者或管理员确认原因后可以选择继续打开。（较旧的是员工名册 vault.key）');

    // Undone: today's files back. The owner opens, everything checks, and she is still out.
    putBack(site, 'current.key', 'vault.key');
    putBack(site, 'current.db', 'vault.db');
    await firmIntact(site);
    expectRefusal(await asLi(site, ['client', 'list']), 3, '员工名或密码不正确');
  });
});

describe('2. rollback', () => {
  it('an older vault.db put back (a revoked grant, the client’s old key) is refused to the owner, who would otherwise import into it', async () => {
    const site = copyOf('rollback-db');
    keep(site, 'vault.db', 'old.db');
    expectExit(await asOwner(site, ['revoke', '--from', LI, '--client', clientId]), 0);
    keep(site, 'vault.db', 'current.db');
    putBack(site, 'old.db', 'vault.db');
    writeFileSync(join(site.dir, '五月对账单.txt'), '五月银行对账单');
    const refused = await asOwner(site, ['doc', 'import', '--client', clientId, join(site.dir, '五月对账单.txt')]);
    expectRefusal(refused, 4, '保险库比您上次打开时看到的更旧');
    expect(refused.stderr).toContain('较旧的是审计日志');
    expect(refused.stderr).toContain('--accept-rollback');
    expect(refused.stdout).toBe('');

    putBack(site, 'current.db', 'vault.db');
    await firmIntact(site);
    expectRefusal(await asLi(site, ['doc', 'list', '--client', clientId]), 6, `未找到客户 ${clientId}`);
  });

  it('an older vault.key put back alone is refused to everyone (vault.db has seen a later roster)', async () => {
    const site = copyOf('rollback-key');
    keep(site, 'vault.key', 'old.key');
    expectExit(await asOwner(site, ['staff', 'add', '--name', '赵会计', '--role', 'auditor'], { env: { ZHANGDUN_NEW_PASSWORD: 'auditor pw 1' } }), 0);
    // vault.db learned the roster's version the moment the roster changed: no unlock in between is needed.
    keep(site, 'vault.key', 'current.key');
    putBack(site, 'old.key', 'vault.key');
    expectRefusal(await asOwner(site, ['client', 'list']), 4, 'vault.key 比 vault.db 旧（被回滚了）');
    expectRefusal(await asLi(site, ['client', 'list']), 4, 'vault.key 比 vault.db 旧（被回滚了）');

    putBack(site, 'current.key', 'vault.key');
    await firmIntact(site);
  });
});

describe('3. audit rewritten', () => {
  it('events deleted and the chain re-signed with her own key: the owner is refused, another PC sees the forgery, the kept head does not match', async () => {
    const site = copyOf('audit-resign');
    keep(site, 'vault.db', 'current.db');
    const { file, keys } = await insiderKeys(join(site.vault, 'vault.key'), LI, LI_PW);
    const db = openWithCommonKey(join(site.vault, 'vault.db'), file, keys);
    const signer = new Signer(keys.signingSeed);
    try {
      const repos = makeRepos(db);
      const all = [...repos.audit.iterate()];
      // The grant to her and everything she did.
      const kept = all.filter((e) => e.action !== 'grant' && e.actorId !== liId);
      expect(all.length - kept.length).toBeGreaterThanOrEqual(3);
      db.exec('DELETE FROM audit_log');
      let prev = genesisHash(file.body.vaultId);
      kept.forEach((e, i) => {
        const unsigned = { ...e, seq: i + 1, prev, signer: liId };
        const event: AuditEvent = { ...unsigned, sig: signer.sign(signingBytes(file.body.vaultId, unsigned)) };
        repos.audit.insert(event);
        prev = eventHash(file.body.vaultId, event);
      });
    } finally {
      signer.dispose();
      closeDatabase(db);
    }

    expectRefusal(await asOwner(site, ['audit', 'verify']), 4, '较旧的是审计日志');
    // On a PC that never saw this vault (no anchors): the chain does not hold, nor does the head the firm kept.
    const elsewhere = await zd(site, ['audit', 'verify', '--vault', site.vault, '--identity', site.recovery, '--anchor', site.head], { env: { ZHANGDUN_STATE_DIR: join(site.dir, 'other-pc') } });
    expectExit(elsewhere, 4);
    expect(elsewhere.stdout).toContain('审计日志被篡改：第 1 条事件与员工名册不符');
    expect(elsewhere.stdout).toContain(`审计日志与 ${site.head} 不符`);

    putBack(site, 'current.db', 'vault.db');
    await firmIntact(site);
  });

  it('the last events deleted (no gap to see in the chain): the owner is refused, and the kept head names the missing event', async () => {
    const site = copyOf('audit-tail');
    keep(site, 'vault.db', 'current.db');
    const head = JSON.parse(readFileSync(site.head, 'utf8')) as { seq: number };
    const { file, keys } = await insiderKeys(join(site.vault, 'vault.key'), LI, LI_PW);
    const db = openWithCommonKey(join(site.vault, 'vault.db'), file, keys);
    try {
      db.prepare('DELETE FROM audit_log WHERE seq >= ?').run(head.seq - 1);
    } finally {
      closeDatabase(db);
    }

    expectRefusal(await asOwner(site, ['check']), 4, '较旧的是审计日志');
    const elsewhere = await zd(site, ['audit', 'verify', '--vault', site.vault, '--identity', site.recovery, '--anchor', site.head], { env: { ZHANGDUN_STATE_DIR: join(site.dir, 'other-pc') } });
    expectExit(elsewhere, 4);
    expect(elsewhere.stdout).toContain('审计日志完整');
    // That PC's own unlock (and this verify) went on from where the cut began: the event the head names is gone,
    // or another one stands at its number.
    expect(elsewhere.stdout).toMatch(new RegExp(`审计日志与 .+ 不符：(其中记录的第 ${head.seq} 条事件已不在日志中|日志中的第 ${head.seq} 条事件与链头记录的不是同一条)`));

    putBack(site, 'current.db', 'vault.db');
    await firmIntact(site);
  });
});

describe('6. the unlock throttle', () => {
  it('parallel wrong passwords from several processes all count, deleting the throttle file resets nothing, and each is audited with the name tried', async () => {
    const site = copyOf('throttle');
    const vaultId = keyFileOf(join(site.vault, 'vault.key')).body.vaultId;
    const paths = throttlePaths(vaultPaths(site.vault), site.state, vaultId);
    const env = { ZHANGDUN_STATE_DIR: site.state };
    const attempts = await Promise.all(['wrong 1', 'wrong 2', 'wrong 3', 'wrong 4'].map((password) => runCli(['client', 'list', '--vault', site.vault, '--staff', LI], { password, env })));
    // Each is either tried and wrong (3) or, once three have failed, told to wait (7): never let through, never lost.
    for (const res of attempts) expect([3, 7], explain(res)).toContain(res.code);
    const wrong = attempts.filter((res) => res.code === 3).length;
    expect(wrong).toBeGreaterThanOrEqual(3);
    expect((await readEffective(paths)).failures).toBe(wrong);

    expect((await readEffective(paths)).pending).toHaveLength(wrong);

    // Deleted, the file in the folder takes nothing away from the count, nor from the record: this user's copy keeps both.
    rmSync(paths.folder);
    expect((await readEffective(paths)).failures).toBe(wrong);
    expect((await readEffective(paths)).lastFailureAt).toBeGreaterThan(0);
    expect((await readEffective(paths)).pending).toHaveLength(wrong);

    // The owner's right password (after the wait the throttle asks for) writes every failure to the log.
    let listed: CliResult;
    for (;;) {
      listed = await asOwner(site, ['audit', 'list', '--json', '--action', 'unlock.failed']);
      if (listed.code !== 7) break;
      expect(listed.stderr).toContain('尝试失败次数过多');
      await new Promise((r) => setTimeout(r, 1000));
    }
    expectExit(listed, 0);
    const failed = JSON.parse(listed.stdout) as { detail: { name?: string } }[];
    expect(failed.map((e) => e.detail.name)).toEqual(Array.from({ length: wrong }, () => LI));
    expect(listed.stdout).not.toContain('wrong');
    await firmIntact(site);
  });
});

describe('7. the smaller findings', () => {
  it('control characters in names are printed escaped, by a real process, in lists and messages', async () => {
    const site = copyOf('names');
    const evil = join(site.dir, '发票\x1b]0;pwned\x07\u202efdp.exe');
    writeFileSync(evil, '伪装的文件');
    const imported = await asOwner(site, ['doc', 'import', '--client', clientId, evil, evil]);
    expectExit(imported, 0);
    expect(imported.stderr).toContain('发票\\x1b]0;pwned\\x07\\u202efdp.exe');
    const listed = await runCli(['doc', 'list', '--vault', site.vault, '--staff', OWNER, '--client', clientId], { password: OWNER_PW, env: { ZHANGDUN_STATE_DIR: site.state } });
    expectExit(listed, 0);
    expect(listed.stdout).toContain('发票\\x1b]0;pwned\\x07\\u202efdp.exe');
    // eslint-disable-next-line no-control-regex
    expect(listed.stdout + imported.stderr).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
  });

  it('a symbolic link given to doc import is refused (exit 2) and nothing is imported', async () => {
    const site = copyOf('symlink');
    const shadow = join(site.dir, 'shadow');
    writeFileSync(shadow, 'root:$6$secret-hash:19000:0:99999:7:::\n');
    const link = join(site.dir, '对账单.pdf');
    symlinkSync(shadow, link);
    const res = await asOwner(site, ['doc', 'import', '--client', clientId, link]);
    expectRefusal(res, 2, `${link}：这是一个符号链接，没有跟随它导入`);
    expect(res.stdout).toBe('');
    const docs = JSON.parse((await asOwner(site, ['doc', 'list', '--client', clientId, '--json'])).stdout) as { name: string }[];
    expect(docs.map((d) => d.name)).not.toContain('对账单.pdf');
    await firmIntact(site);
  });

  it('a vault.key missing beside vault.db is damage (exit 4), not an empty folder', async () => {
    const site = copyOf('no-key');
    renameSync(join(site.vault, 'vault.key'), join(site.dir, 'vault.key.away'));
    expectRefusal(await asOwner(site, ['client', 'list']), 4, '数据已损坏：vault.key 不见了');
    expectRefusal(await zd(site, ['check', '--vault', site.vault, '--identity', site.recovery]), 4, '数据已损坏：vault.key 不见了');
    renameSync(join(site.dir, 'vault.key.away'), join(site.vault, 'vault.key'));
    await firmIntact(site);
  });

  it('restoring onto an existing folder, the live vault included, exits 8 and leaves it alone', async () => {
    const site = copyOf('restore');
    const backup = join(site.dir, 'firm.zdbk');
    expectExit(await zd(site, ['backup', 'create', '--vault', site.vault, '--out', backup]), 0);
    const before = readdirSync(site.vault).sort();
    for (const to of [site.vault, site.dir]) {
      expectRefusal(await zd(site, ['backup', 'restore', backup, '--identity', site.recovery, '--to', to]), 8, `${to} 已存在且不是空文件夹，没有恢复到那里`);
    }
    expect(readdirSync(site.vault).sort()).toEqual(before);
    await firmIntact(site);
  });
});

describe('4. a forged backup', () => {
  it('a backup of another vault, encrypted to the firm’s public recovery recipient, is named as another vault’s by verify and refused by restore (exit 4); accepted anyway, the firm’s key opens no vault in it', async () => {
    const site = copyOf('forged-backup');
    const forger = join(site.dir, 'forger');
    expectExit(await zd(site, ['init', '--vault', forger, '--staff', '伪造者', '--recovery-key-out', join(site.dir, 'forger-recovery.txt')]), 0);
    const recipient = keyFileOf(join(site.vault, 'vault.key')).body.roster.recoveryRecipient;
    const forged = join(site.dir, 'forged.zdbk');
    // Made as the forger vault's owner, so signed with its master key: a valid signature, of another vault.
    expectExit(await zd(site, ['backup', 'create', '--vault', forger, '--staff', '伪造者', '--out', forged, '--recipient', recipient]), 0);
    const verified = await zd(site, ['backup', 'verify', forged, '--identity', site.recovery]);
    expectRefusal(verified, 4, '备份文件本身完好，但无法确认出自本保险库');
    expect(verified.stdout).toContain('签名：另一个保险库');
    const restored = join(site.dir, 'restored');
    expectRefusal(await zd(site, ['backup', 'restore', forged, '--identity', site.recovery, '--to', restored]), 4, '由另一个保险库签名');
    expect(readdirSync(site.dir)).not.toContain('restored');
    expectRefusal(await zd(site, ['backup', 'restore', forged, '--identity', site.recovery, '--to', restored, '--accept-unsigned']), 3, `${site.recovery} 中的恢复密钥打不开这个保险库`);
    expect(readdirSync(site.dir)).not.toContain('restored');
    await firmIntact(site);
  });

  it('a backup of the firm’s own folder made by an insider (no key that signs) is “not signed”: refused unless the owner accepts it, and restoring it anyway says so', async () => {
    const site = copyOf('unsigned-backup');
    // The insider copies the folder at rest with their own state (no backup signer endorsed for them).
    const insiderState = join(site.dir, 'insider-state');
    const copy = join(site.dir, 'copy.zdbk');
    expectExit(await zd(site, ['backup', 'create', '--vault', site.vault, '--out', copy], { env: { ZHANGDUN_STATE_DIR: insiderState } }), 0);
    const verified = await zd(site, ['backup', 'verify', copy, '--identity', site.recovery]);
    expectRefusal(verified, 4, '备份文件本身完好，但无法确认出自本保险库');
    expect(verified.stdout).toContain('没有签名');
    expect(verified.stdout).toMatch(/签名指纹：\S+/);
    const restored = join(site.dir, 'restored');
    expectRefusal(await zd(site, ['backup', 'restore', copy, '--identity', site.recovery, '--to', restored]), 4, '没有签名');
    expect(readdirSync(site.dir)).not.toContain('restored');
    // The owner, knowing where it came from, accepts it: restored, and told again what it is.
    const accepted = await zd(site, ['backup', 'restore', copy, '--identity', site.recovery, '--to', restored, '--accept-unsigned']);
    expectExit(accepted, 0);
    expect(accepted.stderr).toContain('注意：这个备份不是本保险库签名的（没有签名），是按 --accept-unsigned 恢复的');
    // A backup the firm makes itself is “this vault”.
    const own = join(site.dir, 'own.zdbk');
    expectExit(await asOwner(site, ['backup', 'create', '--out', own]), 0);
    const ownVerified = await zd(site, ['backup', 'verify', own, '--identity', site.recovery]);
    expectExit(ownVerified, 0);
    expect(ownVerified.stdout).toContain('签名：本保险库（主密钥）');
    await firmIntact(site);
  });
});

describe('5. a hijacked backup schedule', () => {
  it('the folder redirected and a recipient added in backup-schedule.json: the app does not run it and says what it now says', async () => {
    const site = copyOf('schedule');
    const usb = join(site.dir, 'insider-usb');
    const office = join(site.dir, 'office-backups');
    mkdirSync(usb);
    mkdirSync(office);
    const manager = new VaultManager({ vaultDir: site.vault, stateDir: site.state });
    const service = new BackupService({ manager, appVersion: '0.0.0-test', offsetMinutes: () => 480 });
    await manager.unlock(OWNER, Buffer.from(OWNER_PW));
    await service.setSchedule({ enabled: true, folder: office, kind: 'daily', hour: 2, weekday: 1, retention: { daily: 7, weekly: 4, monthly: 12 }, recipients: [] });
    await manager.lock();
    // The insider edits the file in the folder.
    const path = join(site.vault, 'backup-schedule.json');
    const insiderRecipient = (await newRecoveryIdentity()).recipient;
    const json = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
    writeFileSync(path, JSON.stringify({ ...json, folder: usb, recipients: [insiderRecipient] }));
    expect(await service.scheduler.tick()).toBe('invalid-schedule');
    await manager.unlock(OWNER, Buffer.from(OWNER_PW));
    try {
      expect(await service.status()).toMatchObject({ attention: 'schedule-unsigned', schedule: null, untrustedSchedule: { folder: usb, recipients: [insiderRecipient] } });
    } finally {
      await manager.close();
    }
    expect(readdirSync(usb)).toEqual([]);
    expect(readdirSync(office)).toEqual([]);
  });
});
