import { createHash, randomBytes } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import { z } from 'zod';
import { VaultError, fsError } from '../errors';
import { open, seal } from '../crypto/aead';
import { canonicalJson } from '../crypto/canonical-json';
import { writeFileDurable } from '../fs/durable';
import { isRecoveryIdentity, prepareIdentity, unwrapWithIdentity, type PreparedIdentity } from './age-keys';
import { equalHex } from './client-keys';
import { KEY_BYTES, SALT_BYTES, deriveKek, kdfParamsAcceptable, type KdfParams } from './kdf';
import { wipe } from './keyring';
import { PUBLIC_KEY_BYTES, SEED_BYTES, masterSigningSeed, publicKeyOf, verifySignature } from './signing';

/**
 * vault.key, version 3: who may open the vault, and with what.
 *
 * - The **roster** lists every active staff member (role, age recipient,
 *   Ed25519 signing key, key slot) and the former ones' signing keys. It is
 *   signed by the master signing key and its version only ever increases, so
 *   a slot pasted back in, a role changed or a recipient swapped by someone
 *   without the master key is refused as TAMPERED.
 * - The **signing chain** holds the master signing keys in order: each new
 *   one (after the master key was replaced) is certified by the one before.
 *   The first is the vault's identity, printed on the recovery sheet.
 * - A **slot** per staff member: their age identity sealed with a key from
 *   their password (Argon2id); everything else reaches them as age wraps to
 *   their recipient (the common key of each live version, their signing
 *   seed, and the master key for owners and admins), so that keys can be
 *   replaced without anyone's password.
 * - **Recovery**: the same wraps for the firm's recovery recipient.
 */
export const KEY_FILE_FORMAT = 'zhangdun-vault-key';
export const KEY_FILE_VERSION = 3;

export const ROLES = ['owner', 'admin', 'accountant', 'auditor'] as const;

const hex = (bytes: number) => z.string().regex(new RegExp(`^[0-9a-f]{${bytes * 2}}$`));
const b64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/).max(1 << 16);
const key32 = b64.refine((s) => Buffer.from(s, 'base64').length === PUBLIC_KEY_BYTES);
const ageRecipient = z.string().regex(/^age1[02-9ac-hj-np-z]+$/).max(200);
const versionKey = z.string().regex(/^[1-9][0-9]{0,8}$/);

const memberSchema = z
  .object({
    staffId: hex(16),
    slotId: hex(16),
    /** SHA-256 of the vault id and the normalised name: finds the slot without storing the name. */
    lookup: hex(32),
    role: z.enum(ROLES),
    /** Their age recipient: grants and key wraps are encrypted to it. */
    recipient: ageRecipient,
    /** Their Ed25519 public key: their audit events and records are signed with it. */
    signingKey: key32,
    /**
     * Set by an admin reset: the slot as sealed under the temporary password (its fingerprint) must be resealed
     * by the member (a password of their own) before anything else, and opens nothing after `expiresAt`. Signed
     * with the roster, so it cannot be cleared or extended by editing the file; a reseal changes the fingerprint.
     */
    reset: z
      .object({ by: z.string().max(40), at: z.string().max(40), expiresAt: z.string().max(40), slot: hex(32) })
      .strict()
      .optional(),
    /** Their unlock is refused until an owner or admin lifts it: under the roster's signature, so nobody else can. */
    suspended: z.literal(true).optional(),
    /**
     * The last day their latest confidentiality agreement runs (YYYY-MM-DD). Under the roster's signature, as the
     * unlock's NDA gate reads it: nobody without the master key can extend it.
     */
    ndaExpires: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(),
  })
  .strict();

const retiredSchema = z
  .object({
    staffId: hex(16),
    role: z.enum(ROLES),
    signingKey: key32,
    /** The roster version from which this key signs nothing more (offboarding, a reset). */
    untilRoster: z.number().int().min(1),
  })
  .strict();

const backupSignerSchema = z.object({ key: key32, label: z.string().max(200), addedAt: z.string().max(40) }).strict();

const rosterSchema = z
  .object({
    vaultId: hex(16),
    /** When the vault was made (kept here, where it is signed). */
    createdAt: z.string().max(40),
    version: z.number().int().min(1),
    /** Changes when a restore starts a new line of history (see anchors). */
    epoch: hex(8),
    issuedAt: z.string().max(40),
    /** Staff id of the master-key holder who signed it, or 'recovery'. */
    issuedBy: z.string().max(40),
    /** The version of the common key vault.db is (to be) keyed with. */
    commonKeyVersion: z.number().int().min(1),
    /** The public half of the inbox derived from that common key (see keys/inbox.ts). */
    inbox: key32,
    members: z.array(memberSchema).max(10_000),
    retired: z.array(retiredSchema).max(100_000),
    recoveryRecipient: ageRecipient,
    /** Keys allowed to sign backups made while the vault is locked (see backup signing). */
    backupSigners: z.array(backupSignerSchema).max(100),
    /** The owner's rule: no unlock (owners excepted) without a valid agreement, after `graceDays` (see shared/staff-compliance.ts). */
    ndaPolicy: z
      .object({ graceDays: z.number().int().min(0).max(365), since: z.string().regex(/^\d{4}-\d{2}-\d{2}$/) })
      .strict()
      .optional(),
  })
  .strict();

const slotSchema = z
  .object({
    id: hex(16),
    staffId: hex(16),
    lookup: hex(32),
    kdf: z.object({ alg: z.literal('argon2id'), m: z.number(), t: z.number(), p: z.number(), salt: b64 }).strict(),
    /** 3: the identity alone; 2: carried over from a version-2 key file (common key ‖ identity, recipient in the AD). */
    payload: z.union([z.literal(2), z.literal(3)]),
    /** AES-256-GCM under the password's KEK; AD = the slot's fixed fields. */
    sealed: b64,
    wraps: z
      .object({
        /** The common key, per live version, age-encrypted to the member's recipient. */
        common: z.record(versionKey, b64),
        /** Their Ed25519 seed, age-encrypted to their recipient. */
        signing: b64,
        /** Owners and admins: the master key, age-encrypted to their recipient. */
        master: b64.optional(),
      })
      .strict(),
  })
  .strict();

/** A master signing key, valid for roster versions from `fromRoster` on (until the next entry's). */
const chainEntrySchema = z.object({ key: key32, fromRoster: z.number().int().min(1), sig: b64.optional() }).strict();

const bodySchema = z
  .object({
    format: z.literal(KEY_FILE_FORMAT),
    version: z.literal(KEY_FILE_VERSION),
    vaultId: hex(16),
    roster: rosterSchema,
    rosterSig: b64,
    signingChain: z.array(chainEntrySchema).min(1).max(1000),
    slots: z.array(slotSchema).max(10_000),
    recovery: z
      .object({
        wraps: z.object({ common: z.record(versionKey, b64), master: b64 }).strict(),
        /** HMAC of the signing root under a key only the recovery identity gives: the firm's recovery key recognises its own vault (keys/vault-statements.ts). */
        binding: hex(32).optional(),
      })
      .strict(),
  })
  .strict();

const fileSchema = z.object({ body: bodySchema, digest: hex(32) }).strict();

export type Role = (typeof ROLES)[number];
export type RosterMember = z.infer<typeof memberSchema>;
export type RetiredKey = z.infer<typeof retiredSchema>;
export type Roster = z.infer<typeof rosterSchema>;
export type KeySlot = z.infer<typeof slotSchema>;
export type ChainEntry = z.infer<typeof chainEntrySchema>;
export type KeyFileBody = z.infer<typeof bodySchema>;
export type KeyFile = z.infer<typeof fileSchema>;

export function normaliseStaffName(name: string): string {
  return name.normalize('NFC').trim().toLowerCase();
}

export function slotLookup(vaultId: string, staffName: string): string {
  return createHash('sha256').update(`zhangdun/v1/staff-lookup\0${vaultId}\0${normaliseStaffName(staffName)}`).digest('hex');
}

export function holdsMaster(role: Role): boolean {
  return role === 'owner' || role === 'admin';
}

const tampered = (what = 'vault.key') => new VaultError('TAMPERED', { what });

function digestOf(body: KeyFileBody): string {
  return createHash('sha256').update(canonicalJson(body)).digest('hex');
}

/** The body with its digest: the digest tells a damaged file from a wrong password before any key is derived. */
export function withDigest(body: KeyFileBody): KeyFile {
  return { body, digest: digestOf(body) };
}

// ---- signatures over the roster and the chain ----

export function rosterBytes(roster: Roster): Buffer {
  return Buffer.from(`zhangdun/v3/roster\0${canonicalJson(roster)}`);
}

export function chainStatement(vaultId: string, index: number, key: string, fromRoster: number): Buffer {
  return Buffer.from(`zhangdun/v3/signing-chain\0${canonicalJson({ vaultId, index, key, fromRoster })}`);
}

/** The current master signing public key: the last of the chain. */
export function masterSigningKey(file: KeyFile): Buffer {
  return Buffer.from(file.body.signingChain[file.body.signingChain.length - 1]!.key, 'base64');
}

/** The vault's identity: the first master signing key (its fingerprint is on the recovery sheet). */
export function vaultSigningRoot(file: KeyFile): Buffer {
  return Buffer.from(file.body.signingChain[0]!.key, 'base64');
}

/**
 * Checks what anyone can check without a password: every link of the
 * signing chain and the roster's signature by its last key. `root`, when
 * pinned (this user has opened the vault before), must be the chain's first
 * key: a vault.key re-signed with keys of someone's own making is refused.
 */
export function verifySignatures(file: KeyFile, pinnedRoot?: Buffer | null): void {
  const { body } = file;
  const chain = body.signingChain;
  if (chain[0]!.sig !== undefined) throw tampered();
  for (let i = 1; i < chain.length; i++) {
    const sig = chain[i]!.sig;
    const entry = chain[i]!;
    if (entry.fromRoster <= chain[i - 1]!.fromRoster) throw tampered('vault.key signing chain');
    if (!sig || !verifySignature(Buffer.from(chain[i - 1]!.key, 'base64'), chainStatement(body.vaultId, i, entry.key, entry.fromRoster), Buffer.from(sig, 'base64'))) {
      throw tampered('vault.key signing chain');
    }
  }
  if (pinnedRoot && !vaultSigningRoot(file).equals(pinnedRoot)) throw tampered('vault.key signed by another vault');
  if (body.roster.vaultId !== body.vaultId) throw tampered();
  if (!verifySignature(masterSigningKey(file), rosterBytes(body.roster), Buffer.from(body.rosterSig, 'base64'))) {
    throw tampered('vault.key roster signature');
  }
}

/** Parses and checks everything that needs no key: schema, digest, KDF bounds, uniqueness, signatures. */
export function parseKeyFile(text: string): KeyFile {
  const file = parseKeyFileUnsigned(text);
  verifySignatures(file);
  return file;
}

/**
 * parseKeyFile without the signatures, for a caller that checks them itself
 * (once, against the pinned root), and meanwhile derives the password's key.
 * Nothing from the file may be trusted until verifySignatures has passed.
 */
export function parseKeyFileUnsigned(text: string): KeyFile {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new VaultError('CORRUPT', { what: 'vault.key' });
  }
  const version = (raw as { body?: { version?: unknown } } | null)?.body?.version;
  if (typeof version === 'number' && version > KEY_FILE_VERSION) throw new VaultError('FUTURE_VERSION');
  if (version === 2) throw new VaultError('UPGRADE_REQUIRED');
  if (typeof version === 'number' && version < 2) throw new VaultError('UNSUPPORTED_VERSION');
  const parsed = fileSchema.safeParse(raw);
  if (!parsed.success) throw tampered();
  const file = parsed.data;
  if (!equalHex(digestOf(file.body), file.digest)) throw tampered();
  const { slots, roster } = file.body;
  for (const slot of slots) {
    if (!kdfParamsAcceptable(slot.kdf) || Buffer.from(slot.kdf.salt, 'base64').length !== SALT_BYTES) throw tampered();
  }
  if (new Set(slots.map((s) => s.staffId)).size !== slots.length) throw tampered();
  if (new Set(roster.members.map((m) => m.staffId)).size !== roster.members.length) throw tampered();
  if (new Set(roster.members.map((m) => m.lookup)).size !== roster.members.length) throw tampered();
  return file;
}

export async function readKeyFile(path: string): Promise<KeyFile> {
  return parseKeyFile(await readKeyFileText(path));
}

/** The raw text; a missing vault.key is NO_VAULT (the caller decides whether other files make it damage). */
export async function readKeyFileText(path: string): Promise<string> {
  try {
    return await fsp.readFile(path, 'utf8');
  } catch (err) {
    const mapped = fsError(err, 'vault.key');
    if (mapped instanceof VaultError && mapped.code === 'NOT_FOUND') throw new VaultError('NO_VAULT', { path });
    throw mapped;
  }
}

export async function writeKeyFile(path: string, file: KeyFile): Promise<void> {
  await writeFileDurable(path, `${JSON.stringify(file, null, 2)}\n`);
}

// ---- slots ----

type SlotFixed = Pick<KeySlot, 'id' | 'staffId' | 'lookup' | 'kdf'>;

/** What a slot's AES-GCM authenticates: the fields that change only with the password (and, for v2 payloads, the recipient). */
function slotAd(vaultId: string, slot: SlotFixed, payload: 2 | 3, recipient: string): Buffer {
  const fields = { vaultId, id: slot.id, staffId: slot.staffId, lookup: slot.lookup, kdf: slot.kdf };
  return Buffer.from(canonicalJson(payload === 2 ? { ...fields, recipient } : fields));
}

const PAYLOAD_V3 = 3;

function decodePayload(payload: Buffer, version: 2 | 3): string | null {
  const offset = version === 2 ? 1 + KEY_BYTES : 1;
  if (payload.length <= offset || payload[0] !== version) return null;
  const identity = payload.subarray(offset).toString('ascii');
  return isRecoveryIdentity(identity) ? identity : null;
}

/** A slot sealing `identity` under `password` (fresh salt); the wraps are the caller's. */
export async function sealSlot(
  vaultId: string,
  fixed: { id: string; staffId: string; lookup: string },
  identity: string,
  password: Buffer,
  kdf: KdfParams,
  wraps: KeySlot['wraps'],
): Promise<KeySlot> {
  const salt = randomBytes(SALT_BYTES);
  const kek = await deriveKek(password, salt, kdf);
  const payload = Buffer.concat([Buffer.from([PAYLOAD_V3]), Buffer.from(identity, 'ascii')]);
  try {
    const slot: SlotFixed = { ...fixed, kdf: { alg: 'argon2id', m: kdf.m, t: kdf.t, p: kdf.p, salt: salt.toString('base64') } };
    return { ...slot, payload: 3, sealed: seal(kek, payload, slotAd(vaultId, slot, 3, '')).toString('base64'), wraps };
  } finally {
    wipe(kek, payload);
  }
}

/** What a reset pins in the roster: the slot exactly as sealed under the temporary password (any reseal changes it). */
export function slotFingerprint(vaultId: string, slot: Pick<KeySlot, 'id' | 'staffId' | 'kdf' | 'sealed'>): string {
  return createHash('sha256').update(`zhangdun/v3/reset-slot\0${canonicalJson({ vaultId, id: slot.id, staffId: slot.staffId, kdf: slot.kdf, sealed: slot.sealed })}`).digest('hex');
}

/**
 * Where a member's reset stands: 'none' (no reset, or they have set their own password since), 'pending' (their
 * slot is still the one sealed under the temporary password: they must set a new one first) or 'expired'.
 */
export function resetState(file: KeyFile, staffId: string, now: Date): 'none' | 'pending' | 'expired' {
  const member = file.body.roster.members.find((m) => m.staffId === staffId);
  const slot = file.body.slots.find((s) => s.staffId === staffId);
  if (!member?.reset || !slot || !equalHex(member.reset.slot, slotFingerprint(file.body.vaultId, slot))) return 'none';
  const expires = Date.parse(member.reset.expiresAt);
  return Number.isFinite(expires) && now.getTime() < expires ? 'pending' : 'expired';
}

// ---- unlocking ----

/** What a staff member's password opens. Every Buffer is the caller's to track and wipe. */
export interface StaffKeys {
  identity: string;
  /** The common key per version this member holds (one; two while it is being replaced). */
  commonKeys: Map<number, Buffer>;
  signingSeed: Buffer;
  /** Owners and admins only. */
  masterKey: Buffer | null;
  member: RosterMember;
  slot: KeySlot;
}

async function unwrapKey(identity: string | PreparedIdentity, wrapped: string, length: number): Promise<Buffer> {
  const key = await unwrapWithIdentity(identity, Buffer.from(wrapped, 'base64'));
  if (!key || key.length !== length) {
    wipe(key);
    throw tampered();
  }
  return key;
}

async function unwrapCommonKeys(identity: string | PreparedIdentity, wraps: Record<string, string>): Promise<Map<number, Buffer>> {
  const out = new Map<number, Buffer>();
  try {
    for (const [version, wrapped] of Object.entries(wraps)) out.set(Number(version), await unwrapKey(identity, wrapped, KEY_BYTES));
  } catch (err) {
    for (const key of out.values()) wipe(key);
    throw err;
  }
  return out;
}

/** The master key must be the one whose signing key ends the chain: a substituted master key is refused. */
function checkMasterKey(file: KeyFile, masterKey: Buffer): void {
  const seed = masterSigningSeed(masterKey, file.body.vaultId);
  try {
    if (!publicKeyOf(seed).equals(masterSigningKey(file))) throw tampered('master key');
  } finally {
    wipe(seed);
  }
}

/**
 * Opens a staff member's slot with their password and checks it against the
 * signed roster. Unknown staff and a wrong password cost the same
 * derivation and throw the same WRONG_CREDENTIALS; a slot the roster does
 * not list (pasted back in after an offboarding) is TAMPERED.
 */
/**
 * `whileDeriving` runs while Argon2id works on its own threads (checking the
 * file's signatures there costs the unlock no time); if it throws, that is
 * the answer, once the derivation has ended and its key is wiped.
 */
export async function unlockWithPassword(
  file: KeyFile,
  staffName: string,
  password: Buffer,
  defaultKdf: KdfParams,
  whileDeriving?: () => Promise<void>,
): Promise<StaffKeys> {
  const { vaultId, roster } = file.body;
  const lookup = slotLookup(vaultId, staffName);
  const slot = file.body.slots.find((s) => equalHex(s.lookup, lookup));
  const kdf = slot?.kdf ?? { ...defaultKdf, salt: randomBytes(SALT_BYTES).toString('base64') };
  const deriving = deriveKek(password, Buffer.from(kdf.salt, 'base64'), kdf);
  if (whileDeriving) {
    try {
      await whileDeriving();
    } catch (err) {
      await deriving.then((kek) => wipe(kek), () => undefined);
      throw err;
    }
  }
  const kek = await deriving;
  let payload: Buffer | null = null;
  try {
    if (!slot) throw new VaultError('WRONG_CREDENTIALS');
    const member = roster.members.find((m) => m.staffId === slot.staffId);
    payload = open(kek, Buffer.from(slot.sealed, 'base64'), slotAd(vaultId, slot, slot.payload, member?.recipient ?? ''));
    if (!payload) throw new VaultError('WRONG_CREDENTIALS');
    // The password is right: from here on, anything that does not fit is tampering, not a wrong password.
    if (!member || member.slotId !== slot.id || member.lookup !== slot.lookup) throw tampered('vault.key: a key slot the signed roster does not list');
    const identity = decodePayload(payload, slot.payload);
    if (!identity) throw tampered();
    // Made ready once: the recipient check and every unwrap below use it.
    const prepared = await prepareIdentity(identity);
    if (prepared.recipient !== member.recipient) throw tampered();
    return await unwrapMemberKeys(file, identity, prepared, member, slot);
  } finally {
    wipe(kek, payload);
  }
}

async function unwrapMemberKeys(file: KeyFile, identity: string, prepared: PreparedIdentity, member: RosterMember, slot: KeySlot): Promise<StaffKeys> {
  const commonKeys = await unwrapCommonKeys(prepared, slot.wraps.common);
  let signingSeed: Buffer | null = null;
  let masterKey: Buffer | null = null;
  try {
    if (!commonKeys.has(file.body.roster.commonKeyVersion)) throw tampered('vault.key: no common key of the current version');
    signingSeed = await unwrapKey(prepared, slot.wraps.signing, SEED_BYTES);
    if (!publicKeyOf(signingSeed).equals(Buffer.from(member.signingKey, 'base64'))) throw tampered('vault.key signing key');
    if (slot.wraps.master !== undefined) {
      if (!holdsMaster(member.role)) throw tampered('vault.key: a master key for a role without one');
      masterKey = await unwrapKey(prepared, slot.wraps.master, KEY_BYTES);
      checkMasterKey(file, masterKey);
    } else if (holdsMaster(member.role)) {
      throw tampered('vault.key: no master key for an owner or admin');
    }
    return { identity, commonKeys, signingSeed, masterKey, member, slot };
  } catch (err) {
    for (const key of commonKeys.values()) wipe(key);
    wipe(signingSeed, masterKey);
    throw err;
  }
}

export interface RecoveryKeys {
  commonKeys: Map<number, Buffer>;
  masterKey: Buffer;
}

/** Opens with the firm's recovery identity: every common key version and the master key. */
export async function unlockWithRecovery(file: KeyFile, identity: string): Promise<RecoveryKeys> {
  if (!isRecoveryIdentity(identity)) throw new VaultError('WRONG_CREDENTIALS');
  const prepared = await prepareIdentity(identity);
  if (prepared.recipient !== file.body.roster.recoveryRecipient) throw new VaultError('WRONG_CREDENTIALS');
  const commonKeys = await unwrapCommonKeys(prepared, file.body.recovery.wraps.common);
  let masterKey: Buffer | null = null;
  try {
    if (!commonKeys.has(file.body.roster.commonKeyVersion)) throw tampered('vault.key: no common key of the current version');
    masterKey = await unwrapKey(prepared, file.body.recovery.wraps.master, KEY_BYTES);
    checkMasterKey(file, masterKey);
    return { commonKeys, masterKey };
  } catch (err) {
    for (const key of commonKeys.values()) wipe(key);
    wipe(masterKey);
    throw err;
  }
}

/** The roster entry of a staff member, or NOT_FOUND. */
export function memberOf(file: KeyFile, staffId: string): RosterMember {
  const member = file.body.roster.members.find((m) => m.staffId === staffId);
  if (!member) throw new VaultError('NOT_FOUND', { what: 'staff' });
  return member;
}

/** What an audit event or record says about who signed it. */
export interface SignedBy {
  /** A staff id; 'master' (a session opened with the recovery key); or 'legacy:<id>' for events carried over from version 2. */
  signer: string;
  /** Whom the event is about: a member signs only their own events (or ones without an actor, such as failed unlocks). */
  actorId: string | null;
  rosterVersion: number;
}

function chainKeyAt(file: KeyFile, rosterVersion: number): Buffer[] {
  const entries = file.body.signingChain.filter((e) => e.fromRoster <= rosterVersion);
  const entry = entries[entries.length - 1];
  return entry ? [Buffer.from(entry.key, 'base64')] : [];
}

function memberKeysAt(file: KeyFile, staffId: string, rosterVersion: number, masterOnly: boolean): Buffer[] {
  const keys: Buffer[] = [];
  const { roster } = file.body;
  const member = roster.members.find((m) => m.staffId === staffId);
  if (member && rosterVersion <= roster.version && (!masterOnly || holdsMaster(member.role))) keys.push(Buffer.from(member.signingKey, 'base64'));
  for (const r of roster.retired) {
    if (r.staffId === staffId && rosterVersion < r.untilRoster && (!masterOnly || holdsMaster(r.role))) keys.push(Buffer.from(r.signingKey, 'base64'));
  }
  return keys;
}

/**
 * The public keys that may have signed an event: the signer's key valid at
 * its roster version, and only where the signer may speak for the actor — a
 * member for themselves (or for nobody, such as a failed unlock), the master
 * key for anyone, an owner or admin for events carried over at a conversion.
 * Empty when no key could have.
 */
export function signerKeysFor(file: KeyFile, by: SignedBy): Buffer[] {
  if (by.signer === 'master') return chainKeyAt(file, by.rosterVersion);
  if (by.signer.startsWith('legacy:')) {
    const upgrader = by.signer.slice('legacy:'.length);
    return upgrader === 'master' ? chainKeyAt(file, by.rosterVersion) : memberKeysAt(file, upgrader, by.rosterVersion, true);
  }
  if (by.actorId !== null && by.actorId !== by.signer) return [];
  return memberKeysAt(file, by.signer, by.rosterVersion, false);
}

export type { KdfParams };
