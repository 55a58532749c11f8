import { describe, expect, it, beforeAll } from 'vitest';
import { isVaultError } from '../../../src/main/core/errors';
import { newRecoveryIdentity } from '../../../src/main/core/crypto/recovery';
import {
  createKeyFile,
  parseKeyFile,
  putSlot,
  removeSlot,
  unlockWithPassword,
  unlockWithRecovery,
  type KeyFile,
} from '../../../src/main/core/keyfile';

const pw = (s: string) => Buffer.from(s, 'utf8');
let file: KeyFile;
let vaultKey: Buffer;
let identity: string;

beforeAll(async () => {
  const recovery = await newRecoveryIdentity();
  identity = recovery.identity;
  const created = await createKeyFile({ staffId: 'a'.repeat(32), staffName: '张会计', password: pw('correct horse'), recoveryRecipient: recovery.recipient });
  file = created.file;
  vaultKey = created.vaultKey;
});

const reparse = (f: KeyFile) => parseKeyFile(JSON.stringify(f));
const clone = (f: KeyFile): KeyFile => JSON.parse(JSON.stringify(f)) as KeyFile;

describe('key file', () => {
  it('stores no staff name, only a lookup hash', () => {
    expect(JSON.stringify(file)).not.toContain('张会计');
  });

  it('unlocks with the right password and returns the vault key', async () => {
    const { vaultKey: got, slot } = await unlockWithPassword(reparse(file), '张会计', pw('correct horse'));
    expect(got.equals(vaultKey)).toBe(true);
    expect(slot.staffId).toBe('a'.repeat(32));
  });

  it('refuses a wrong password and an unknown staff member with the same error', async () => {
    const wrong = await unlockWithPassword(file, '张会计', pw('wrong')).catch((e: unknown) => e);
    const unknown = await unlockWithPassword(file, '李会计', pw('correct horse')).catch((e: unknown) => e);
    expect(isVaultError(wrong, 'WRONG_CREDENTIALS')).toBe(true);
    expect(isVaultError(unknown, 'WRONG_CREDENTIALS')).toBe(true);
    expect(String(wrong)).toBe(String(unknown));
  });

  it('opens with the recovery identity and refuses another identity', async () => {
    expect((await unlockWithRecovery(file, identity)).equals(vaultKey)).toBe(true);
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
    const { canonicalJson } = await import('../../../src/main/core/crypto/canonical-json');
    copy.digest = createHash('sha256').update(canonicalJson(copy.body)).digest('hex');
    const parsed = reparse(copy);
    await expect(unlockWithPassword(parsed, '张会计', pw('correct horse'))).rejects.toSatisfy((e) => isVaultError(e, 'TAMPERED'));
    await expect(unlockWithRecovery(parsed, identity)).rejects.toSatisfy((e) => isVaultError(e, 'TAMPERED'));
  });

  it('refuses a key file from a future version and unparsable bytes distinctly', () => {
    const future = clone(file) as unknown as { body: { version: number } };
    future.body.version = 2;
    expect(() => parseKeyFile(JSON.stringify(future))).toThrow(expect.objectContaining({ code: 'FUTURE_VERSION' }) as Error);
    expect(() => parseKeyFile('{not json')).toThrow(expect.objectContaining({ code: 'CORRUPT' }) as Error);
  });

  it('changes a password by rewrapping one slot: the vault key stays the same', async () => {
    const staff = { id: 'a'.repeat(32), name: '张会计' };
    const changed = await putSlot(file, vaultKey, staff, pw('new password 2'));
    expect(changed.body.slots).toHaveLength(1);
    await expect(unlockWithPassword(changed, '张会计', pw('correct horse'))).rejects.toSatisfy((e) => isVaultError(e, 'WRONG_CREDENTIALS'));
    const { vaultKey: again } = await unlockWithPassword(changed, '张会计', pw('new password 2'));
    expect(again.equals(vaultKey)).toBe(true);
    expect(changed.body.recovery).toEqual(file.body.recovery);
  });

  it('adds and removes slots for other staff; names cannot clash', async () => {
    const added = await putSlot(file, vaultKey, { id: 'c'.repeat(32), name: '李出纳' }, pw('another one'));
    expect((await unlockWithPassword(added, '李出纳', pw('another one'))).vaultKey.equals(vaultKey)).toBe(true);
    await expect(putSlot(added, vaultKey, { id: 'd'.repeat(32), name: ' 李出纳 ' }, pw('x'.repeat(9)))).rejects.toSatisfy((e) => isVaultError(e, 'ALREADY_EXISTS'));
    const removed = removeSlot(added, vaultKey, 'c'.repeat(32));
    await expect(unlockWithPassword(removed, '李出纳', pw('another one'))).rejects.toSatisfy((e) => isVaultError(e, 'WRONG_CREDENTIALS'));
  });
});
