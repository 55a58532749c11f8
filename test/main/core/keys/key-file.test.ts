import { describe, expect, it, beforeAll } from 'vitest';
import { isVaultError } from '../../../../src/main/core/errors';
import { endorseRecipient } from '../../../../src/main/core/keys/client-keys';
import { newRecoveryIdentity, unwrapWithIdentity } from '../../../../src/main/core/keys/age-keys';
import { addMasterHolder, addSlot, changeSlotPassword, masterHolders, removeSlot, rotateMasterKey } from '../../../../src/main/core/keys/key-slots';
import {
  createKeyFile,
  endorsedRecipient,
  parseKeyFile,
  unlockWithPassword,
  unlockWithRecovery,
  type KeyFile,
} from '../../../../src/main/core/keys/key-file';
import { randomBytes } from 'node:crypto';

const pw = (s: string) => Buffer.from(s, 'utf8');
const OWNER = 'a'.repeat(32);
let file: KeyFile;
let commonKey: Buffer;
let masterKey: Buffer;
let ownerIdentity: string;
let identity: string;

beforeAll(async () => {
  const recovery = await newRecoveryIdentity();
  identity = recovery.identity;
  const created = await createKeyFile({ staffId: OWNER, staffName: '张会计', password: pw('correct horse'), recoveryRecipient: recovery.recipient });
  file = created.file;
  commonKey = created.commonKey;
  masterKey = created.masterKey;
  ownerIdentity = created.identity;
});

const reparse = (f: KeyFile) => parseKeyFile(JSON.stringify(f));
const clone = (f: KeyFile): KeyFile => JSON.parse(JSON.stringify(f)) as KeyFile;

describe('key file', () => {
  it('stores no staff name, only a lookup hash; common and master key are distinct', () => {
    expect(JSON.stringify(file)).not.toContain('张会计');
    expect(commonKey.equals(masterKey)).toBe(false);
  });

  it('unlocks the owner with the right password: common key, own identity, and the master key', async () => {
    const got = await unlockWithPassword(reparse(file), '张会计', pw('correct horse'));
    expect(got.commonKey.equals(commonKey)).toBe(true);
    expect(got.masterKey?.equals(masterKey)).toBe(true);
    expect(got.identity).toBe(ownerIdentity);
    expect(got.slot.staffId).toBe(OWNER);
  });

  it('refuses a wrong password and an unknown staff member with the same error', async () => {
    const wrong = await unlockWithPassword(file, '张会计', pw('wrong')).catch((e: unknown) => e);
    const unknown = await unlockWithPassword(file, '李会计', pw('correct horse')).catch((e: unknown) => e);
    expect(isVaultError(wrong, 'WRONG_CREDENTIALS')).toBe(true);
    expect(isVaultError(unknown, 'WRONG_CREDENTIALS')).toBe(true);
    expect(String(wrong)).toBe(String(unknown));
  });

  it('opens with the recovery identity (common and master key) and refuses another identity', async () => {
    const got = await unlockWithRecovery(file, identity);
    expect(got.commonKey.equals(commonKey)).toBe(true);
    expect(got.masterKey.equals(masterKey)).toBe(true);
    const other = await newRecoveryIdentity();
    await expect(unlockWithRecovery(file, other.identity)).rejects.toSatisfy((e) => isVaultError(e, 'WRONG_CREDENTIALS'));
  });

  it.each([
    ['lowering memory', (f: KeyFile) => { f.body.slots[0]!.kdf.m = 1024; }],
    ['raising iterations', (f: KeyFile) => { f.body.slots[0]!.kdf.t = 4; }],
    ['changing lanes', (f: KeyFile) => { f.body.slots[0]!.kdf.p = 1; }],
    ['changing the salt', (f: KeyFile) => { f.body.slots[0]!.kdf.salt = Buffer.alloc(16, 7).toString('base64'); }],
    ['changing the recovery recipient', (f: KeyFile) => { f.body.recovery.recipient = 'age1qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq'; }],
    ['changing the vault id', (f: KeyFile) => { f.body.vaultId = 'b'.repeat(32); }],
    ['changing a staff recipient', (f: KeyFile) => { f.body.slots[0]!.recipient = 'age1qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq'; }],
    ['adding a field', (f: KeyFile) => { (f.body as unknown as Record<string, unknown>).extra = 1; }],
  ])('reads an edit (%s) as tampered, not as a wrong password', async (_name, edit) => {
    const copy = clone(file);
    edit(copy);
    expect(() => reparse(copy)).toThrow(expect.objectContaining({ code: 'TAMPERED' }) as Error);
  });

  it('reads an edit with a recomputed digest as tampered once the key is known', async () => {
    const copy = clone(file);
    copy.body.createdAt = '2000-01-01T00:00:00.000Z';
    const { createHash } = await import('node:crypto');
    const { canonicalJson } = await import('../../../../src/main/core/crypto/canonical-json');
    copy.digest = createHash('sha256').update(canonicalJson(copy.body)).digest('hex');
    const parsed = reparse(copy);
    await expect(unlockWithPassword(parsed, '张会计', pw('correct horse'))).rejects.toSatisfy((e) => isVaultError(e, 'TAMPERED'));
    await expect(unlockWithRecovery(parsed, identity)).rejects.toSatisfy((e) => isVaultError(e, 'TAMPERED'));
  });

  it('refuses a key file from a future version, from the pre-release single-key format, and unparsable bytes distinctly', () => {
    const future = clone(file) as unknown as { body: { version: number } };
    future.body.version = 3;
    expect(() => parseKeyFile(JSON.stringify(future))).toThrow(expect.objectContaining({ code: 'FUTURE_VERSION' }) as Error);
    future.body.version = 1;
    expect(() => parseKeyFile(JSON.stringify(future))).toThrow(expect.objectContaining({ code: 'UNSUPPORTED_VERSION' }) as Error);
    expect(() => parseKeyFile('{not json')).toThrow(expect.objectContaining({ code: 'CORRUPT' }) as Error);
  });

  it('changes a password by resealing one slot: keys, identity, recipient and master wrap stay', async () => {
    const changed = await changeSlotPassword(file, commonKey, { staffId: OWNER, identity: ownerIdentity }, '张会计', pw('new password 2'));
    expect(changed.body.slots).toHaveLength(1);
    expect(changed.body.slots[0]?.recipient).toBe(file.body.slots[0]?.recipient);
    await expect(unlockWithPassword(changed, '张会计', pw('correct horse'))).rejects.toSatisfy((e) => isVaultError(e, 'WRONG_CREDENTIALS'));
    const again = await unlockWithPassword(changed, '张会计', pw('new password 2'));
    expect(again.commonKey.equals(commonKey)).toBe(true);
    expect(again.masterKey?.equals(masterKey)).toBe(true);
    expect(changed.body.recovery).toEqual(file.body.recovery);
  });

  it('adds slots for other staff with their own identity; only admins get the master key; names cannot clash', async () => {
    const keys = { commonKey, masterKey };
    const { file: withAccountant } = await addSlot(file, keys, { id: 'c'.repeat(32), name: '李出纳' }, pw('another one'), { holdsMaster: false });
    const accountant = await unlockWithPassword(withAccountant, '李出纳', pw('another one'));
    expect(accountant.commonKey.equals(commonKey)).toBe(true);
    expect(accountant.masterKey).toBeNull();
    expect(accountant.identity).not.toBe(ownerIdentity);
    const { file: withAdmin } = await addSlot(withAccountant, keys, { id: 'd'.repeat(32), name: '王主管' }, pw('admin pass 1'), { holdsMaster: true });
    expect((await unlockWithPassword(withAdmin, '王主管', pw('admin pass 1'))).masterKey?.equals(masterKey)).toBe(true);
    expect(masterHolders(withAdmin)).toEqual(new Set([OWNER, 'd'.repeat(32)]));
    await expect(addSlot(withAdmin, keys, { id: 'e'.repeat(32), name: ' 李出纳 ' }, pw('x'.repeat(9)), { holdsMaster: false })).rejects.toSatisfy((e) => isVaultError(e, 'ALREADY_EXISTS'));
    const removed = removeSlot(withAdmin, commonKey, 'c'.repeat(32));
    await expect(unlockWithPassword(removed, '李出纳', pw('another one'))).rejects.toSatisfy((e) => isVaultError(e, 'WRONG_CREDENTIALS'));
  });

  it('refuses a recipient swapped by someone holding only the common key (grants cannot be redirected)', async () => {
    const { file: withAccountant } = await addSlot(file, { commonKey, masterKey }, { id: 'c'.repeat(32), name: '李出纳' }, pw('another one'), { holdsMaster: false });
    const attacker = await newRecoveryIdentity();
    const forged = clone(withAccountant);
    const slot = forged.body.slots.find((s) => s.staffId === 'c'.repeat(32))!;
    slot.recipient = attacker.recipient;
    // Re-MACed with the common key, which every staff member has.
    const { createHash, createHmac } = await import('node:crypto');
    const { canonicalJson } = await import('../../../../src/main/core/crypto/canonical-json');
    const { deriveSubkey } = await import('../../../../src/main/core/keys/subkeys');
    forged.digest = createHash('sha256').update(canonicalJson(forged.body)).digest('hex');
    forged.mac = createHmac('sha256', deriveSubkey(commonKey, Buffer.from(forged.body.vaultId, 'hex'), 'headerMac')).update(canonicalJson(forged.body)).digest('hex');
    expect(() => endorsedRecipient(reparse(forged), masterKey, 'c'.repeat(32))).toThrow(expect.objectContaining({ code: 'TAMPERED' }) as Error);
    // An owner unlocking notices at once.
    await expect(unlockWithPassword(reparse(forged), '张会计', pw('correct horse'))).rejects.toSatisfy((e) => isVaultError(e, 'TAMPERED'));
    // A forged endorsement needs the master key.
    slot.endorsement = endorseRecipient(randomBytes(32), forged.body.vaultId, slot.staffId, slot.recipient);
    expect(() => endorsedRecipient(forged, masterKey, 'c'.repeat(32))).toThrow(expect.objectContaining({ code: 'TAMPERED' }) as Error);
  });

  it('promotes with a master wrap to the endorsed recipient, and replaces the master key for the remaining holders', async () => {
    const keys = { commonKey, masterKey };
    const { file: f1 } = await addSlot(file, keys, { id: 'c'.repeat(32), name: '李出纳' }, pw('another one'), { holdsMaster: false });
    const promoted = await addMasterHolder(f1, keys, 'c'.repeat(32));
    expect((await unlockWithPassword(promoted, '李出纳', pw('another one'))).masterKey?.equals(masterKey)).toBe(true);
    const next = randomBytes(32);
    const rotated = await rotateMasterKey(promoted, { commonKey, oldMasterKey: masterKey, newMasterKey: next }, new Set([OWNER]));
    expect(masterHolders(rotated)).toEqual(new Set([OWNER]));
    expect((await unlockWithPassword(rotated, '李出纳', pw('another one'))).masterKey).toBeNull();
    expect((await unlockWithPassword(rotated, '张会计', pw('correct horse'))).masterKey?.equals(next)).toBe(true);
    expect((await unlockWithRecovery(rotated, identity)).masterKey.equals(next)).toBe(true);
    // The old recovery wrap of the master key is gone.
    expect(await unwrapWithIdentity(identity, Buffer.from(rotated.body.recovery.wrappedMasterKey, 'base64'))).toEqual(next);
  });
});
