/**
 * Statements a vault signs (a backup's manifest, the backup schedule) and how
 * a person tells their own vault from another: the pinned root, the
 * fingerprint on the recovery sheet, the recovery key's binding.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { newRecoveryIdentity } from '../../../../src/main/core/keys/age-keys';
import { vaultSigningRoot, withDigest, type KeyFile } from '../../../../src/main/core/keys/key-file';
import { addBackupSigner, createKeyFile, replaceMaster, type MasterKeys } from '../../../../src/main/core/keys/key-slots';
import { masterSigningSeed, publicKeyOf, signWith } from '../../../../src/main/core/keys/signing';
import {
  checkRecoveryBinding,
  signStatement,
  verifyStatement,
  vaultFingerprint,
  whoseVault,
  withRecoveryBinding,
} from '../../../../src/main/core/keys/vault-statements';
import { thrownCode as code } from '../../../helpers/thrown-code';

const pw = (s: string) => Buffer.from(s, 'utf8');
let file: KeyFile;
let keys: MasterKeys;
let recovery: string;

beforeAll(async () => {
  const r = await newRecoveryIdentity();
  recovery = r.identity;
  const created = await createKeyFile({ staffId: 'a'.repeat(32), staffName: '王所长', password: pw('owner password 1'), recoveryRecipient: r.recipient });
  file = withRecoveryBinding(created.file, recovery);
  keys = { commonKeys: new Map([[1, created.commonKey]]), masterKey: created.masterKey, issuedBy: 'a'.repeat(32) };
});

const masterSigner = () => ({ id: 'master', sign: (data: Buffer) => signWith(masterSigningSeed(keys.masterKey, file.body.vaultId), data) });

describe('signed statements', () => {
  const manifest = { createdAt: '2026-12-02T00:00:00.000Z', entries: [{ name: 'vault.db', sha256: 'ab'.repeat(32) }] };

  it('a statement signed by the master key verifies against the vault.key it came with; any change to it does not', () => {
    const sig = signStatement('backup-manifest', file.body.vaultId, manifest, masterSigner());
    expect(verifyStatement(file, 'backup-manifest', manifest, sig)).toEqual({ signer: 'master', label: null });
    expect(code(() => verifyStatement(file, 'backup-manifest', { ...manifest, createdAt: '2030-01-01T00:00:00.000Z' }, sig))).toBe('TAMPERED');
    // Signed as one kind, it is not another (a schedule signature cannot pass as a backup's).
    expect(code(() => verifyStatement(file, 'backup-schedule', manifest, sig))).toBe('TAMPERED');
  });

  it('after the master key is replaced, the new master signs and the old one no longer does', async () => {
    const newMaster = Buffer.alloc(32, 7);
    const next = await replaceMaster(file, keys, newMaster, new Set(['a'.repeat(32)]));
    const byNew = signStatement('backup-schedule', file.body.vaultId, manifest, { id: 'master', sign: (d) => signWith(masterSigningSeed(newMaster, file.body.vaultId), d) });
    expect(verifyStatement(next, 'backup-schedule', manifest, byNew).signer).toBe('master');
    const byOld = signStatement('backup-schedule', file.body.vaultId, manifest, masterSigner());
    expect(code(() => verifyStatement(next, 'backup-schedule', manifest, byOld))).toBe('TAMPERED');
    // Same root: it is still the same vault to whoever pinned it.
    expect(whoseVault(next, { pinnedRoot: vaultSigningRoot(file) })).toBe('this-vault');
  });

  it('a backup signer endorsed in the roster signs backups (not the schedule); one not in the roster signs nothing', () => {
    const seed = Buffer.alloc(32, 9);
    const endorsed = addBackupSigner(file, keys, { key: publicKeyOf(seed), label: 'office PC' });
    const signer = { id: `backup:${publicKeyOf(seed).toString('base64')}`, sign: (d: Buffer) => signWith(seed, d) };
    const sig = signStatement('backup-manifest', file.body.vaultId, manifest, signer);
    expect(verifyStatement(endorsed, 'backup-manifest', manifest, sig)).toEqual({ signer: 'backup-signer', label: 'office PC' });
    expect(code(() => verifyStatement(file, 'backup-manifest', manifest, sig))).toBe('TAMPERED');
    const onSchedule = signStatement('backup-schedule', file.body.vaultId, manifest, signer);
    expect(code(() => verifyStatement(endorsed, 'backup-schedule', manifest, onSchedule))).toBe('TAMPERED');
  });

  it('a roster altered to list an insider’s own backup signer fails the roster signature', () => {
    const seed = Buffer.alloc(32, 3);
    const forged = withDigest({ ...file.body, roster: { ...file.body.roster, backupSigners: [{ key: publicKeyOf(seed).toString('base64'), label: 'mine', addedAt: '2026-01-01' }] } });
    const sig = signStatement('backup-manifest', file.body.vaultId, manifest, { id: `backup:${publicKeyOf(seed).toString('base64')}`, sign: (d) => signWith(seed, d) });
    expect(code(() => verifyStatement(forged, 'backup-manifest', manifest, sig))).toBe('TAMPERED');
  });
});

describe('whose vault', () => {
  it('the recovery key recognises the vault it was made with, and no other', async () => {
    expect(checkRecoveryBinding(file, recovery)).toBe(true);
    expect(whoseVault(file, { recoveryIdentity: recovery })).toBe('this-vault');
    const other = await newRecoveryIdentity();
    expect(whoseVault(file, { recoveryIdentity: other.identity })).toBe('other-vault');
  });

  it('a vault forged to the firm’s public recovery recipient opens with the recovery key but is not recognised by it', async () => {
    const forged = await createKeyFile({ staffId: 'f'.repeat(32), staffName: 'forger', password: pw('forger password'), recoveryRecipient: file.body.roster.recoveryRecipient });
    // Without a binding: unknown (the fingerprint is shown to compare with the sheet); with one made by another identity: another vault.
    expect(whoseVault(forged.file, { recoveryIdentity: recovery })).toBe('unknown');
    const mine = await newRecoveryIdentity();
    expect(whoseVault(withRecoveryBinding(forged.file, mine.identity), { recoveryIdentity: recovery })).toBe('other-vault');
    // Copying the real vault's binding does not help: it binds the real root, not the forger's.
    const copied = withDigest({ ...forged.file.body, recovery: { ...forged.file.body.recovery, binding: file.body.recovery.binding! } });
    expect(whoseVault(copied, { recoveryIdentity: recovery })).toBe('other-vault');
  });

  it('the fingerprint on the recovery sheet and a pinned root each tell this vault from another', async () => {
    const printed = vaultFingerprint(file);
    expect(printed).toMatch(/^([0-9A-F]{4} ){9}[0-9A-F]{4}$/);
    expect(whoseVault(file, { fingerprint: printed.toLowerCase().replace(/ /g, '-') })).toBe('this-vault');
    const forged = await createKeyFile({ staffId: 'f'.repeat(32), staffName: 'forger', password: pw('forger password'), recoveryRecipient: file.body.roster.recoveryRecipient });
    expect(whoseVault(forged.file, { fingerprint: printed })).toBe('other-vault');
    expect(whoseVault(forged.file, { pinnedRoot: vaultSigningRoot(file) })).toBe('other-vault');
    expect(whoseVault(forged.file, {})).toBe('unknown');
  });

  it('every check that can be made must agree: a vault this person also opened is not the one a different recovery key belongs to', async () => {
    const mine = await newRecoveryIdentity();
    const forged = await createKeyFile({ staffId: 'f'.repeat(32), staffName: 'forger', password: pw('forger password'), recoveryRecipient: file.body.roster.recoveryRecipient });
    const bound = withRecoveryBinding(forged.file, mine.identity);
    // The forger's vault was opened on this PC (its root pinned), but the firm's recovery key is not its own.
    expect(whoseVault(bound, { pinnedRoot: vaultSigningRoot(bound), recoveryIdentity: recovery })).toBe('other-vault');
    expect(whoseVault(bound, { pinnedRoot: vaultSigningRoot(bound), recoveryIdentity: mine.identity })).toBe('this-vault');
    // A fingerprint given that does not match outweighs a pinned root that does.
    expect(whoseVault(file, { pinnedRoot: vaultSigningRoot(file), fingerprint: vaultFingerprint(bound) })).toBe('other-vault');
    expect(whoseVault(file, { pinnedRoot: vaultSigningRoot(file), fingerprint: vaultFingerprint(file), recoveryIdentity: recovery })).toBe('this-vault');
  });
});
