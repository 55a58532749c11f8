import { randomBytes } from 'node:crypto';
import { VaultError } from '../errors';
import { newRecoveryIdentity, recipientOf, wrapForRecipient } from './age-keys';
import { DEFAULT_KDF, KEY_BYTES, type KdfParams } from './kdf';
import {
  KEY_FILE_FORMAT,
  KEY_FILE_VERSION,
  chainStatement,
  holdsMaster,
  masterSigningKey,
  rosterBytes,
  sealSlot,
  slotFingerprint,
  slotLookup,
  withDigest,
  type KeyFile,
  type KeyFileBody,
  type KeySlot,
  type Role,
  type Roster,
  type RosterMember,
} from './key-file';
import { inboxPublicKey } from './inbox';
import { wipe } from './keyring';
import { SEED_BYTES, masterSigningSeed, publicKeyOf, signWith } from './signing';

/**
 * Changes to vault.key. Each returns a new KeyFile (the caller writes it);
 * every change to who holds what re-signs the roster with the next version.
 * Only a master-key holder can make them, except a password change, which
 * reseals one's own slot and leaves the roster alone.
 */

/** What a master-key holder brings to a change: the keys it wraps anew, and who is signing. */
export interface MasterKeys {
  /** The common key per live version. */
  commonKeys: ReadonlyMap<number, Buffer>;
  masterKey: Buffer;
  /** Staff id of the signer, or 'recovery'. */
  issuedBy: string;
  now?: Date;
}

const b64 = (buffer: Buffer) => buffer.toString('base64');

async function wrapB64(recipient: string, secret: Buffer): Promise<string> {
  return b64(await wrapForRecipient(recipient, secret));
}

async function wrapCommon(recipient: string, keys: ReadonlyMap<number, Buffer>): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const [version, key] of [...keys].sort((a, b) => a[0] - b[0])) out[String(version)] = await wrapB64(recipient, key);
  return out;
}

/** Signs `roster` with the master key's signing seed. */
function signRoster(roster: Roster, masterKey: Buffer): string {
  const seed = masterSigningSeed(masterKey, roster.vaultId);
  try {
    return b64(signWith(seed, rosterBytes(roster)));
  } finally {
    wipe(seed);
  }
}

/** The next roster version, changed by `change` and signed; the rest of the body as given. */
function resign(body: KeyFileBody, keys: MasterKeys, change: (roster: Roster) => Roster): KeyFile {
  const roster = change({
    ...body.roster,
    version: body.roster.version + 1,
    issuedAt: (keys.now ?? new Date()).toISOString(),
    issuedBy: keys.issuedBy,
  });
  return withDigest({ ...body, roster, rosterSig: signRoster(roster, keys.masterKey) });
}

function assertMasterOf(file: KeyFile, masterKey: Buffer): void {
  const seed = masterSigningSeed(masterKey, file.body.vaultId);
  try {
    if (!publicKeyOf(seed).equals(masterSigningKey(file))) throw new VaultError('TAMPERED', { what: 'master key' });
  } finally {
    wipe(seed);
  }
}

export interface NewMember {
  /** The age identity sealed in their slot. */
  identity: string;
  /** Their Ed25519 seed (wrapped to them in the slot; returned for the creator's own session only). */
  signingSeed: Buffer;
  member: RosterMember;
  slot: KeySlot;
}

/** A fresh identity and signing key for a staff member, sealed under `password`, with every wrap their role gets. */
async function newMember(
  vaultId: string,
  staff: { id: string; name: string; role: Role },
  password: Buffer,
  kdf: KdfParams,
  commonKeys: ReadonlyMap<number, Buffer>,
  masterKey: Buffer | null,
): Promise<NewMember> {
  const { identity, recipient } = await newRecoveryIdentity();
  const signingSeed = randomBytes(SEED_BYTES);
  try {
    const slotId = randomBytes(16).toString('hex');
    const lookup = slotLookup(vaultId, staff.name);
    const wraps: KeySlot['wraps'] = {
      common: await wrapCommon(recipient, commonKeys),
      signing: await wrapB64(recipient, signingSeed),
      ...(holdsMaster(staff.role) && masterKey ? { master: await wrapB64(recipient, masterKey) } : {}),
    };
    const slot = await sealSlot(vaultId, { id: slotId, staffId: staff.id, lookup }, identity, password, kdf, wraps);
    const member: RosterMember = { staffId: staff.id, slotId, lookup, role: staff.role, recipient, signingKey: b64(publicKeyOf(signingSeed)) };
    return { identity, signingSeed, member, slot };
  } catch (err) {
    wipe(signingSeed);
    throw err;
  }
}

export interface CreatedKeyFile {
  file: KeyFile;
  commonKey: Buffer;
  masterKey: Buffer;
  owner: NewMember;
}

/** A new vault's key file: its owner, common key version 1, a master key, the recovery recipient. */
export async function createKeyFile(options: {
  staffId: string;
  staffName: string;
  password: Buffer;
  recoveryRecipient: string;
  kdf?: KdfParams;
  now?: Date;
}): Promise<CreatedKeyFile> {
  const vaultId = randomBytes(16).toString('hex');
  const commonKey = randomBytes(KEY_BYTES);
  const masterKey = randomBytes(KEY_BYTES);
  const now = (options.now ?? new Date()).toISOString();
  try {
    const commonKeys = new Map([[1, commonKey]]);
    const owner = await newMember(vaultId, { id: options.staffId, name: options.staffName, role: 'owner' }, options.password, options.kdf ?? DEFAULT_KDF, commonKeys, masterKey);
    const seed = masterSigningSeed(masterKey, vaultId);
    const root = b64(publicKeyOf(seed));
    wipe(seed);
    const roster: Roster = {
      vaultId,
      createdAt: now,
      version: 1,
      epoch: randomBytes(8).toString('hex'),
      issuedAt: now,
      issuedBy: options.staffId,
      commonKeyVersion: 1,
      inbox: b64(inboxPublicKey(commonKey, vaultId)),
      members: [owner.member],
      retired: [],
      recoveryRecipient: options.recoveryRecipient,
      backupSigners: [],
    };
    const body: KeyFileBody = {
      format: KEY_FILE_FORMAT,
      version: KEY_FILE_VERSION,
      vaultId,
      roster,
      rosterSig: signRoster(roster, masterKey),
      signingChain: [{ key: root, fromRoster: 1 }],
      slots: [owner.slot],
      recovery: {
        wraps: {
          common: await wrapCommon(options.recoveryRecipient, commonKeys),
          master: await wrapB64(options.recoveryRecipient, masterKey),
        },
      },
    };
    return { file: withDigest(body), commonKey, masterKey, owner };
  } catch (err) {
    wipe(commonKey, masterKey);
    throw err;
  }
}

/** Adds a staff member: their own slot (sealed under `password`) and roster entry. */
export async function addStaff(
  file: KeyFile,
  keys: MasterKeys,
  staff: { id: string; name: string; role: Role },
  password: Buffer,
  kdf: KdfParams = DEFAULT_KDF,
): Promise<{ file: KeyFile; member: RosterMember }> {
  assertMasterOf(file, keys.masterKey);
  const { body } = file;
  const lookup = slotLookup(body.vaultId, staff.name);
  if (body.roster.members.some((m) => m.lookup === lookup || m.staffId === staff.id) || body.slots.some((s) => s.lookup === lookup)) {
    throw new VaultError('ALREADY_EXISTS', { what: staff.name });
  }
  const added = await newMember(body.vaultId, staff, password, kdf, keys.commonKeys, keys.masterKey);
  wipe(added.signingSeed);
  const next = resign({ ...body, slots: [...body.slots, added.slot] }, keys, (r) => ({ ...r, members: [...r.members, added.member] }));
  return { file: next, member: added.member };
}

/**
 * Gives a staff member a new identity, signing key and password (an admin
 * reset, or the owner after opening with the recovery key). Their former
 * signing key is retired; grants to their former recipient must be rewrapped
 * by the caller. `temporary` (an admin reset): the password is a temporary
 * one, and the signed roster pins the slot it seals until `expiresAt` — the
 * member must reseal it under a password of their own before anything else.
 */
export async function resetStaff(
  file: KeyFile,
  keys: MasterKeys,
  staff: { id: string; name: string },
  password: Buffer,
  kdf: KdfParams = DEFAULT_KDF,
  temporary?: { expiresAt: Date },
): Promise<{ file: KeyFile; member: RosterMember; identity: string; signingSeed: Buffer }> {
  assertMasterOf(file, keys.masterKey);
  const { body } = file;
  const current = body.roster.members.find((m) => m.staffId === staff.id);
  if (!current) throw new VaultError('NOT_FOUND', { what: 'staff' });
  const lookup = slotLookup(body.vaultId, staff.name);
  if (body.roster.members.some((m) => m.lookup === lookup && m.staffId !== staff.id)) throw new VaultError('ALREADY_EXISTS', { what: staff.name });
  const fresh = await newMember(body.vaultId, { ...staff, role: current.role }, password, kdf, keys.commonKeys, keys.masterKey);
  const member: RosterMember = temporary
    ? {
        ...fresh.member,
        reset: {
          by: keys.issuedBy,
          at: (keys.now ?? new Date()).toISOString(),
          expiresAt: temporary.expiresAt.toISOString(),
          slot: slotFingerprint(body.vaultId, fresh.slot),
        },
      }
    : fresh.member;
  const slots = [...body.slots.filter((s) => s.staffId !== staff.id), fresh.slot];
  const next = resign({ ...body, slots }, keys, (r) => ({
    ...r,
    // A new password does not lift a suspension, nor change the agreement on file.
    members: r.members.map((m) =>
      m.staffId === staff.id
        ? { ...member, ...(current.suspended ? { suspended: true as const } : {}), ...(current.ndaExpires ? { ndaExpires: current.ndaExpires } : {}) }
        : m,
    ),
    retired: [...r.retired, { staffId: staff.id, role: current.role, signingKey: current.signingKey, untilRoster: r.version }],
  }));
  return { file: next, member, identity: fresh.identity, signingSeed: fresh.signingSeed };
}

/** Removes a staff member (offboarding): slot and roster entry go; their signing key is retired, so their past events still verify. */
export function removeStaff(file: KeyFile, keys: MasterKeys, staffId: string): KeyFile {
  assertMasterOf(file, keys.masterKey);
  const { body } = file;
  const member = body.roster.members.find((m) => m.staffId === staffId);
  const slots = body.slots.filter((s) => s.staffId !== staffId);
  return resign({ ...body, slots }, keys, (r) => ({
    ...r,
    members: r.members.filter((m) => m.staffId !== staffId),
    retired: member ? [...r.retired, { staffId, role: member.role, signingKey: member.signingKey, untilRoster: r.version }] : r.retired,
  }));
}

/** A new role: promotion gives the slot the master key, demotion takes it away (the caller then replaces the master key). */
export async function setRole(file: KeyFile, keys: MasterKeys, staffId: string, role: Role): Promise<KeyFile> {
  assertMasterOf(file, keys.masterKey);
  const { body } = file;
  const member = body.roster.members.find((m) => m.staffId === staffId);
  const slot = body.slots.find((s) => s.staffId === staffId);
  if (!member || !slot) throw new VaultError('NOT_FOUND', { what: 'staff' });
  const { master: _old, ...otherWraps } = slot.wraps;
  void _old;
  const wraps = holdsMaster(role) ? { ...otherWraps, master: await wrapB64(member.recipient, keys.masterKey) } : otherWraps;
  const slots = body.slots.map((s) => (s.staffId === staffId ? { ...s, wraps } : s));
  return resign({ ...body, slots }, keys, (r) => ({ ...r, members: r.members.map((m) => (m.staffId === staffId ? { ...m, role } : m)) }));
}

/**
 * A new password for one's own slot: same identity, so every wrap stays;
 * new salt and KEK. Needs no master key, and the roster is untouched.
 */
export async function changePassword(
  file: KeyFile,
  own: { staffId: string; identity: string },
  password: Buffer,
  kdf: KdfParams = DEFAULT_KDF,
): Promise<KeyFile> {
  const { body } = file;
  const slot = body.slots.find((s) => s.staffId === own.staffId);
  const member = body.roster.members.find((m) => m.staffId === own.staffId);
  if (!slot || !member) throw new VaultError('NOT_FOUND', { what: 'staff' });
  if ((await recipientOf(own.identity)) !== member.recipient) throw new VaultError('TAMPERED', { what: 'vault.key' });
  const resealed = await sealSlot(body.vaultId, { id: slot.id, staffId: slot.staffId, lookup: slot.lookup }, own.identity, password, kdf, slot.wraps);
  return withDigest({ ...body, slots: body.slots.map((s) => (s.staffId === own.staffId ? resealed : s)) });
}

/**
 * Replaces the master key (a master-key holder left or was demoted): the new
 * signing key is certified by the old one at the end of the chain; the new
 * master key is wrapped for `holders` and the recovery recipient; the roster
 * is signed with the new key.
 */
export async function replaceMaster(file: KeyFile, keys: MasterKeys, newMasterKey: Buffer, holders: ReadonlySet<string>): Promise<KeyFile> {
  assertMasterOf(file, keys.masterKey);
  const { body } = file;
  const newSeed = masterSigningSeed(newMasterKey, body.vaultId);
  const oldSeed = masterSigningSeed(keys.masterKey, body.vaultId);
  try {
    const key = b64(publicKeyOf(newSeed));
    const index = body.signingChain.length;
    // The roster this change signs is the first the new key is valid for.
    const fromRoster = body.roster.version + 1;
    const signingChain = [...body.signingChain, { key, fromRoster, sig: b64(signWith(oldSeed, chainStatement(body.vaultId, index, key, fromRoster))) }];
    const slots: KeySlot[] = [];
    for (const slot of body.slots) {
      const member = body.roster.members.find((m) => m.staffId === slot.staffId);
      const { master: _dropped, ...wraps } = slot.wraps;
      void _dropped;
      slots.push({ ...slot, wraps: member && holders.has(slot.staffId) ? { ...wraps, master: await wrapB64(member.recipient, newMasterKey) } : wraps });
    }
    const recovery = { ...body.recovery, wraps: { ...body.recovery.wraps, master: await wrapB64(body.roster.recoveryRecipient, newMasterKey) } };
    return resign({ ...body, signingChain, slots, recovery }, { ...keys, masterKey: newMasterKey }, (r) => r);
  } finally {
    wipe(newSeed, oldSeed);
  }
}

/**
 * First step of replacing the common key: the new version is wrapped for
 * every member and the recovery recipient next to the current one, and the
 * roster names it as the version vault.db is to be keyed with. Someone
 * removed before this never receives it.
 */
export async function beginCommonKeyRotation(file: KeyFile, keys: MasterKeys, newKey: Buffer): Promise<{ file: KeyFile; version: number }> {
  assertMasterOf(file, keys.masterKey);
  const { body } = file;
  const version = Math.max(...Object.keys(body.recovery.wraps.common).map(Number), body.roster.commonKeyVersion) + 1;
  const single = new Map([[version, newKey]]);
  const slots: KeySlot[] = [];
  for (const slot of body.slots) {
    const member = body.roster.members.find((m) => m.staffId === slot.staffId);
    if (!member) continue;
    slots.push({ ...slot, wraps: { ...slot.wraps, common: { ...slot.wraps.common, ...(await wrapCommon(member.recipient, single)) } } });
  }
  const recovery = {
    ...body.recovery,
    wraps: { ...body.recovery.wraps, common: { ...body.recovery.wraps.common, ...(await wrapCommon(body.roster.recoveryRecipient, single)) } },
  };
  return { file: resign({ ...body, slots, recovery }, keys, (r) => ({ ...r, commonKeyVersion: version, inbox: b64(inboxPublicKey(newKey, body.vaultId)) })), version };
}

/** Last step: only the wraps of the current common key version remain. Needs no key. */
export function finishCommonKeyRotation(file: KeyFile): KeyFile {
  const { body } = file;
  const keep = String(body.roster.commonKeyVersion);
  const only = (wraps: Record<string, string>) => (wraps[keep] === undefined ? wraps : { [keep]: wraps[keep] });
  return withDigest({
    ...body,
    slots: body.slots.map((s) => ({ ...s, wraps: { ...s.wraps, common: only(s.wraps.common) } })),
    recovery: { ...body.recovery, wraps: { ...body.recovery.wraps, common: only(body.recovery.wraps.common) } },
  });
}

/** Suspends a staff member's access, or lifts it: the roster is re-signed, so only a master-key holder can do either. */
export function setSuspended(file: KeyFile, keys: MasterKeys, staffId: string, suspended: boolean): KeyFile {
  return withMember(file, keys, staffId, ({ suspended: _was, ...rest }) => (suspended ? { ...rest, suspended: true as const } : rest));
}

/** The roster re-signed with one member changed by `change` (NOT_FOUND when not on it): a master-key holder only. */
function withMember(file: KeyFile, keys: MasterKeys, staffId: string, change: (member: RosterMember) => RosterMember): KeyFile {
  assertMasterOf(file, keys.masterKey);
  if (!file.body.roster.members.some((m) => m.staffId === staffId)) throw new VaultError('NOT_FOUND', { what: 'staff' });
  return resign(file.body, keys, (r) => ({ ...r, members: r.members.map((m) => (m.staffId === staffId ? change(m) : m)) }));
}

/** The last day of a staff member's agreement on file (null: none), under the roster's signature. */
export function setNdaExpires(file: KeyFile, keys: MasterKeys, staffId: string, expires: string | null): KeyFile {
  return withMember(file, keys, staffId, ({ ndaExpires: _was, ...rest }) => (expires ? { ...rest, ndaExpires: expires } : rest));
}

/** The owner's rule that a valid agreement is needed to unlock (null: off), under the roster's signature. */
export function setNdaPolicy(file: KeyFile, keys: MasterKeys, policy: { graceDays: number; since: string } | null): KeyFile {
  assertMasterOf(file, keys.masterKey);
  return resign(file.body, keys, (r) => {
    const { ndaPolicy: _was, ...rest } = r;
    void _was;
    return policy ? { ...rest, ndaPolicy: policy } : rest;
  });
}

/** A new line of history (after a restore, or an owner accepting a rollback): anchors from before it are reset, with notice. */
export function newEpoch(file: KeyFile, keys: MasterKeys): KeyFile {
  assertMasterOf(file, keys.masterKey);
  return resign(file.body, keys, (r) => ({ ...r, epoch: randomBytes(8).toString('hex') }));
}

/** Re-signs the roster with one more backup signer (the key scheduled backups at rest sign with). */
export function addBackupSigner(file: KeyFile, keys: MasterKeys, signer: { key: Buffer; label: string }): KeyFile {
  assertMasterOf(file, keys.masterKey);
  const addedAt = (keys.now ?? new Date()).toISOString();
  return resign(file.body, keys, (r) => ({ ...r, backupSigners: [...r.backupSigners.filter((s) => s.label !== signer.label), { key: b64(signer.key), label: signer.label, addedAt }] }));
}

/** The staff ids whose slots carry the master key. */
export function masterHolders(file: KeyFile): Set<string> {
  return new Set(file.body.slots.filter((s) => s.wraps.master !== undefined).map((s) => s.staffId));
}
