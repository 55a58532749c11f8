import { VaultError } from '../errors';
import { endorseRecipient, masterCheck } from './client-keys';
import { DEFAULT_KDF, type KdfParams } from './kdf';
import { newRecoveryIdentity, wrapForRecipient } from './age-keys';
import {
  endorsedRecipient,
  makeSlot,
  sealBody,
  slotLookup,
  verifyKeyFileMac,
  verifyMasterBindings,
  type KeyFile,
  type KeySlot,
} from './key-file';

/**
 * Changes to the slots of vault.key: staff added and removed, passwords,
 * promotion to the master key, and replacing the master key. Each returns a
 * new, re-MACed KeyFile; the caller writes it.
 */

/**
 * Adds a key slot for a new staff member with a fresh age identity. Needs the
 * master key (to endorse the recipient); `holdsMaster` also gives the slot the master key.
 */
export async function addSlot(
  file: KeyFile,
  keys: { commonKey: Buffer; masterKey: Buffer },
  staff: { id: string; name: string },
  password: Buffer,
  options: { holdsMaster: boolean; kdf?: KdfParams },
): Promise<{ file: KeyFile; recipient: string }> {
  verifyKeyFileMac(file, keys.commonKey);
  const lookup = slotLookup(file.body.vaultId, staff.name);
  if (file.body.slots.some((s) => s.lookup === lookup || s.staffId === staff.id)) throw new VaultError('ALREADY_EXISTS', { what: staff.name });
  const { identity } = await newRecoveryIdentity();
  const slot = await makeSlot(file.body.vaultId, keys, staff, password, options.kdf ?? DEFAULT_KDF, identity, null, options.holdsMaster);
  return { file: sealBody({ ...file.body, slots: [...file.body.slots, slot] }, keys.commonKey), recipient: slot.recipient };
}

/**
 * A new password for a staff member's own slot: same identity, recipient,
 * endorsement and master wrap; new salt and KEK. Nothing else changes.
 */
export async function changeSlotPassword(
  file: KeyFile,
  commonKey: Buffer,
  own: { staffId: string; identity: string },
  staffName: string,
  password: Buffer,
  kdf: KdfParams = DEFAULT_KDF,
): Promise<KeyFile> {
  verifyKeyFileMac(file, commonKey);
  const current = file.body.slots.find((s) => s.staffId === own.staffId);
  if (!current) throw new VaultError('NOT_FOUND', { what: 'staff' });
  const lookup = slotLookup(file.body.vaultId, staffName);
  if (file.body.slots.some((s) => s.lookup === lookup && s.staffId !== own.staffId)) throw new VaultError('ALREADY_EXISTS', { what: staffName });
  const slot = await makeSlot(
    file.body.vaultId,
    { commonKey, masterKey: null },
    { id: own.staffId, name: staffName },
    password,
    kdf,
    own.identity,
    current,
    current.wrappedMaster !== undefined,
  );
  if (slot.recipient !== current.recipient) throw new VaultError('TAMPERED', { what: 'vault.key' });
  const slots = file.body.slots.map((s) => (s.staffId === own.staffId ? slot : s));
  return sealBody({ ...file.body, slots }, commonKey);
}

/**
 * Makes a staff member's slot anew with a fresh identity (a forgotten
 * password, or the owner after opening with the recovery key). Their old
 * recipient is gone: grants to it must be rewrapped by the caller.
 */
export async function replaceSlot(
  file: KeyFile,
  keys: { commonKey: Buffer; masterKey: Buffer },
  staff: { id: string; name: string },
  password: Buffer,
  options: { holdsMaster: boolean; kdf?: KdfParams },
): Promise<{ file: KeyFile; recipient: string }> {
  const without = removeSlot(file, keys.commonKey, staff.id);
  return addSlot(without, keys, staff, password, options);
}

export function removeSlot(file: KeyFile, commonKey: Buffer, staffId: string): KeyFile {
  verifyKeyFileMac(file, commonKey);
  return sealBody({ ...file.body, slots: file.body.slots.filter((s) => s.staffId !== staffId) }, commonKey);
}

/** Gives a staff member's slot the master key (promotion to admin): an age wrap to their endorsed recipient. */
export async function addMasterHolder(file: KeyFile, keys: { commonKey: Buffer; masterKey: Buffer }, staffId: string): Promise<KeyFile> {
  verifyKeyFileMac(file, keys.commonKey);
  const recipient = endorsedRecipient(file, keys.masterKey, staffId);
  const wrappedMaster = (await wrapForRecipient(recipient, keys.masterKey)).toString('base64');
  const slots = file.body.slots.map((s) => (s.staffId === staffId ? { ...s, wrappedMaster } : s));
  return sealBody({ ...file.body, slots }, keys.commonKey);
}

/**
 * Replaces the master key: wrapped anew for `holders` and the recovery
 * recipient, every endorsement re-made under it, every other master wrap dropped.
 */
export async function rotateMasterKey(
  file: KeyFile,
  keys: { commonKey: Buffer; oldMasterKey: Buffer; newMasterKey: Buffer },
  holders: ReadonlySet<string>,
): Promise<KeyFile> {
  verifyKeyFileMac(file, keys.commonKey);
  verifyMasterBindings(file, keys.oldMasterKey);
  const { vaultId } = file.body;
  const slots: KeySlot[] = [];
  for (const slot of file.body.slots) {
    const { wrappedMaster: _dropped, ...rest } = slot;
    void _dropped;
    const next: KeySlot = { ...rest, endorsement: endorseRecipient(keys.newMasterKey, vaultId, slot.staffId, slot.recipient) };
    if (holders.has(slot.staffId)) next.wrappedMaster = (await wrapForRecipient(slot.recipient, keys.newMasterKey)).toString('base64');
    slots.push(next);
  }
  const recovery = {
    ...file.body.recovery,
    wrappedMasterKey: (await wrapForRecipient(file.body.recovery.recipient, keys.newMasterKey)).toString('base64'),
  };
  return sealBody({ ...file.body, slots, recovery, masterCheck: masterCheck(keys.newMasterKey, vaultId) }, keys.commonKey);
}

/** The staff ids whose slots carry the master key. */
export function masterHolders(file: KeyFile): Set<string> {
  return new Set(file.body.slots.filter((s) => s.wrappedMaster !== undefined).map((s) => s.staffId));
}
