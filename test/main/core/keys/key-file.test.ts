import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { canonicalJson } from '../../../../src/main/core/crypto/canonical-json';
import { isVaultError } from '../../../../src/main/core/errors';
import { newRecoveryIdentity, wrapForRecipient } from '../../../../src/main/core/keys/age-keys';
import { DEFAULT_KDF } from '../../../../src/main/core/keys/kdf';
import {
  chainStatement,
  parseKeyFile,
  rosterBytes,
  unlockWithPassword,
  unlockWithRecovery,
  verifySignatures,
  vaultSigningRoot,
  withDigest,
  type KeyFile,
} from '../../../../src/main/core/keys/key-file';
import {
  addStaff,
  beginCommonKeyRotation,
  changePassword,
  createKeyFile,
  finishCommonKeyRotation,
  masterHolders,
  removeStaff,
  replaceMaster,
  setRole,
  type MasterKeys,
} from '../../../../src/main/core/keys/key-slots';
import { publicKeyOf, signWith } from '../../../../src/main/core/keys/signing';

const pw = (s: string) => Buffer.from(s, 'utf8');
const OWNER = 'a'.repeat(32);
const LI = 'b'.repeat(32);
const ZHAO = 'c'.repeat(32);
let file: KeyFile;
let commonKey: Buffer;
let masterKey: Buffer;
let ownerIdentity: string;
let recovery: string;
let keys: MasterKeys;

const open = (f: KeyFile, name: string, password: string) => unlockWithPassword(f, name, pw(password), DEFAULT_KDF);
const reparse = (f: KeyFile) => parseKeyFile(JSON.stringify(f));
const clone = (f: KeyFile): KeyFile => JSON.parse(JSON.stringify(f)) as KeyFile;
/** What someone without the master key can do to the file: edit it and recompute the digest. */
const redigest = (f: KeyFile): KeyFile => withDigest(f.body);
const code = async (p: Promise<unknown>) => p.then(() => 'ok', (e: unknown) => (isVaultError(e) ? `${e.code}${e.values.what ? `: ${e.values.what}` : ''}` : String(e)));

beforeAll(async () => {
  const rk = await newRecoveryIdentity();
  recovery = rk.identity;
  const created = await createKeyFile({ staffId: OWNER, staffName: '张会计', password: pw('correct horse'), recoveryRecipient: rk.recipient });
  file = created.file;
  commonKey = created.commonKey;
  masterKey = created.masterKey;
  ownerIdentity = created.owner.identity;
  keys = { commonKeys: new Map([[1, commonKey]]), masterKey, issuedBy: OWNER };
});

describe('key file, version 3', () => {
  it('stores no staff name, only a lookup hash; common and master key are distinct; the roster is signed', () => {
    expect(JSON.stringify(file)).not.toContain('张会计');
    expect(commonKey.equals(masterKey)).toBe(false);
    expect(file.body.roster).toMatchObject({ version: 1, commonKeyVersion: 1, members: [expect.objectContaining({ staffId: OWNER, role: 'owner' })] });
    expect(() => verifySignatures(reparse(file), vaultSigningRoot(file))).not.toThrow();
  });

  it('unlocks the owner with the right password: common key, own identity, signing key, master key', async () => {
    const got = await open(reparse(file), '张会计', 'correct horse');
    expect(got.commonKeys.get(1)?.equals(commonKey)).toBe(true);
    expect(got.masterKey?.equals(masterKey)).toBe(true);
    expect(got.identity).toBe(ownerIdentity);
    expect(publicKeyOf(got.signingSeed).toString('base64')).toBe(got.member.signingKey);
    expect(got.member.staffId).toBe(OWNER);
  });

  it('refuses a wrong password and an unknown staff member with the same error', async () => {
    expect(await code(open(file, '张会计', 'wrong'))).toBe('WRONG_CREDENTIALS');
    expect(await code(open(file, '李会计', 'correct horse'))).toBe('WRONG_CREDENTIALS');
  });

  it('opens with the recovery identity (common and master key) and refuses another identity', async () => {
    const got = await unlockWithRecovery(file, recovery);
    expect(got.commonKeys.get(1)?.equals(commonKey)).toBe(true);
    expect(got.masterKey.equals(masterKey)).toBe(true);
    const other = await newRecoveryIdentity();
    expect(await code(unlockWithRecovery(file, other.identity))).toBe('WRONG_CREDENTIALS');
  });

  it.each([
    ['lowering memory', (f: KeyFile) => { f.body.slots[0]!.kdf.m = 1024; }],
    ['changing the recovery recipient', (f: KeyFile) => { f.body.roster.recoveryRecipient = 'age1qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq'; }],
    ['changing the vault id', (f: KeyFile) => { f.body.vaultId = 'd'.repeat(32); }],
    ['changing a staff recipient', (f: KeyFile) => { f.body.roster.members[0]!.recipient = 'age1qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq'; }],
    ['promoting oneself', (f: KeyFile) => { f.body.roster.members[0]!.role = 'admin'; }],
    ['adding a field', (f: KeyFile) => { (f.body as unknown as Record<string, unknown>).extra = 1; }],
  ])('reads an edit (%s) as tampered, digest recomputed or not', (_name, edit) => {
    const copy = clone(file);
    edit(copy);
    expect(() => reparse(copy)).toThrow(expect.objectContaining({ code: 'TAMPERED' }) as Error);
    expect(() => reparse(redigest(copy))).toThrow(expect.objectContaining({ code: 'TAMPERED' }) as Error);
  });

  it('refuses a roster re-signed with a signing key of someone else’s making, once the vault’s identity is pinned', () => {
    const forged = clone(file);
    const seed = randomBytes(32);
    forged.body.signingChain = [{ key: publicKeyOf(seed).toString('base64'), fromRoster: 1 }];
    forged.body.roster = { ...forged.body.roster, version: 99 };
    forged.body.rosterSig = signWith(seed, rosterBytes(forged.body.roster)).toString('base64');
    // Self-consistent, so it parses; against the pinned identity it is another vault.
    const parsed = reparse(redigest(forged));
    expect(() => verifySignatures(parsed, vaultSigningRoot(file))).toThrow(expect.objectContaining({ code: 'TAMPERED' }) as Error);
  });

  describe('staff', () => {
    let withStaff: KeyFile;

    beforeAll(async () => {
      const a = await addStaff(file, keys, { id: LI, name: '李会计', role: 'accountant' }, pw('li password'));
      const b = await addStaff(a.file, keys, { id: ZHAO, name: '赵管理', role: 'admin' }, pw('zhao password'));
      withStaff = b.file;
    });

    it('gives each new member their own identity and signing key; only admins get the master key; names cannot clash', async () => {
      expect(withStaff.body.roster.version).toBe(3);
      const li = await open(reparse(withStaff), '李会计', 'li password');
      expect(li.masterKey).toBeNull();
      expect(li.commonKeys.get(1)?.equals(commonKey)).toBe(true);
      expect(li.identity).not.toBe(ownerIdentity);
      const zhao = await open(withStaff, '赵管理', 'zhao password');
      expect(zhao.masterKey?.equals(masterKey)).toBe(true);
      expect(masterHolders(withStaff)).toEqual(new Set([OWNER, ZHAO]));
      expect(await code(addStaff(withStaff, keys, { id: 'e'.repeat(32), name: ' 李会计 ', role: 'auditor' }, pw('x password')))).toContain('ALREADY_EXISTS');
    });

    it('refuses a key slot pasted back after its member was removed (offboarding undone), even with the digest recomputed', async () => {
      const removed = removeStaff(withStaff, keys, LI);
      expect(removed.body.roster.retired).toEqual([expect.objectContaining({ staffId: LI, untilRoster: 4 })]);
      expect(await code(open(removed, '李会计', 'li password'))).toBe('WRONG_CREDENTIALS');
      const pasted = clone(removed);
      pasted.body.slots.push(withStaff.body.slots.find((s) => s.staffId === LI)!);
      expect(await code(open(reparse(redigest(pasted)), '李会计', 'li password'))).toContain('TAMPERED');
      // Putting the old roster back too: its signature holds, but it is older than the one already seen (anchors), and
      // the common key was replaced at the offboarding (see the common-key tests).
    });

    it('changes a password by resealing one slot: same identity and wraps; the roster is untouched', async () => {
      const li = await open(withStaff, '李会计', 'li password');
      const changed = await changePassword(withStaff, { staffId: LI, identity: li.identity }, pw('li new password'));
      expect(changed.body.roster).toEqual(withStaff.body.roster);
      expect(await code(open(changed, '李会计', 'li password'))).toBe('WRONG_CREDENTIALS');
      const again = await open(reparse(changed), '李会计', 'li new password');
      expect(again.identity).toBe(li.identity);
    });

    it('promotes with a master wrap and demotes without one, each a new signed roster', async () => {
      const promoted = await setRole(withStaff, keys, LI, 'admin');
      expect((await open(promoted, '李会计', 'li password')).masterKey?.equals(masterKey)).toBe(true);
      const demoted = await setRole(promoted, keys, LI, 'accountant');
      expect((await open(demoted, '李会计', 'li password')).masterKey).toBeNull();
      expect(demoted.body.roster.version).toBe(withStaff.body.roster.version + 2);
    });

    it('refuses a slot given a master wrap by someone without the master key (role unchanged in the roster)', async () => {
      const forged = clone(withStaff);
      const li = forged.body.roster.members.find((m) => m.staffId === LI)!;
      forged.body.slots.find((s) => s.staffId === LI)!.wraps.master = (await wrapForRecipient(li.recipient, randomBytes(32))).toString('base64');
      expect(await code(open(reparse(redigest(forged)), '李会计', 'li password'))).toContain('TAMPERED');
    });

    it('replaces the master key: the new signing key is certified by the old, the old key no longer opens anything as master', async () => {
      const newMaster = randomBytes(32);
      const replaced = await replaceMaster(withStaff, keys, newMaster, new Set([OWNER]));
      expect(replaced.body.signingChain).toHaveLength(2);
      expect(replaced.body.signingChain[1]!.fromRoster).toBe(replaced.body.roster.version);
      expect(() => verifySignatures(reparse(replaced), vaultSigningRoot(file))).not.toThrow();
      expect((await open(replaced, '张会计', 'correct horse')).masterKey?.equals(newMaster)).toBe(true);
      // 赵管理 is not among the holders any more.
      expect((await code(open(replaced, '赵管理', 'zhao password')))).toContain('TAMPERED');
      expect((await unlockWithRecovery(replaced, recovery)).masterKey.equals(newMaster)).toBe(true);
      // A chain link certified by someone else's key is refused.
      const bent = clone(replaced);
      const seed = randomBytes(32);
      bent.body.signingChain[1] = { key: publicKeyOf(seed).toString('base64'), fromRoster: bent.body.signingChain[1]!.fromRoster, sig: signWith(seed, chainStatement(bent.body.vaultId, 1, publicKeyOf(seed).toString('base64'), 2)).toString('base64') };
      expect(() => reparse(redigest(bent))).toThrow(expect.objectContaining({ code: 'TAMPERED' }) as Error);
    });

    it('replaces the common key: the new version reaches remaining members and the recovery key, never a removed one', async () => {
      const removed = removeStaff(withStaff, keys, LI);
      const next = randomBytes(32);
      const { file: begun, version } = await beginCommonKeyRotation(removed, keys, next);
      expect(version).toBe(2);
      const during = await open(begun, '赵管理', 'zhao password');
      expect([...during.commonKeys.keys()].sort()).toEqual([1, 2]);
      const finished = finishCommonKeyRotation(begun);
      const after = await open(reparse(finished), '赵管理', 'zhao password');
      expect([...after.commonKeys.keys()]).toEqual([2]);
      expect(after.commonKeys.get(2)?.equals(next)).toBe(true);
      expect([...(await unlockWithRecovery(finished, recovery)).commonKeys.keys()]).toEqual([2]);
      expect(JSON.stringify(finished.body.slots.map((s) => s.staffId))).not.toContain(LI);
    });
  });

  it('refuses a substituted master key in the recovery wraps', async () => {
    const forged = clone(file);
    forged.body.recovery.wraps.master = (await wrapForRecipient(file.body.roster.recoveryRecipient, randomBytes(32))).toString('base64');
    expect(await code(unlockWithRecovery(reparse(redigest(forged)), recovery))).toContain('TAMPERED');
  });

  it('refuses a substituted signing seed in a slot', async () => {
    const forged = clone(file);
    const owner = forged.body.roster.members[0]!;
    forged.body.slots[0]!.wraps.signing = (await wrapForRecipient(owner.recipient, randomBytes(32))).toString('base64');
    expect(await code(open(reparse(redigest(forged)), '张会计', 'correct horse'))).toContain('TAMPERED');
  });

  it('canonical JSON of the roster is what is signed (sorted keys at every level)', () => {
    expect(rosterBytes(file.body.roster).toString()).toBe(`zhangdun/v3/roster\0${canonicalJson(file.body.roster)}`);
  });
});
