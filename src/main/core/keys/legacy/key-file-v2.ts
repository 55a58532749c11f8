import { createHash, createHmac, randomBytes } from 'node:crypto';
import { z } from 'zod';
import { VaultError } from '../../errors';
import { open } from '../../crypto/aead';
import { canonicalJson } from '../../crypto/canonical-json';
import { isRecoveryIdentity, recipientOf, unwrapWithIdentity } from '../age-keys';
import { equalHex } from '../client-keys';
import { DEFAULT_KDF, KEY_BYTES, SALT_BYTES, deriveKek, kdfParamsAcceptable } from '../kdf';
import { slotLookup } from '../key-file';
import { wipe } from '../keyring';
import { deriveSubkey } from '../subkeys';
import { endorsementValid, masterCheck } from './client-fields-v2';

/**
 * Version 2 of vault.key, read only to convert it to version 3 (see
 * vault/upgrade-v3.ts): a common key sealed with each password, the master
 * key wrapped to owners and admins, recipients endorsed by an HMAC under the
 * master key, the whole file MACed with a common-key subkey.
 */
const KEY_FILE_FORMAT = 'zhangdun-vault-key';
const KEY_FILE_VERSION = 2;

const hex = (bytes: number) => z.string().regex(new RegExp(`^[0-9a-f]{${bytes * 2}}$`));
const b64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/);
const ageRecipient = z.string().regex(/^age1[02-9ac-hj-np-z]+$/);

const slotSchema = z
  .object({
    id: hex(16),
    staffId: hex(16),
    /** SHA-256 of the vault id and the normalised staff name: finds the slot without storing the name. */
    lookup: hex(32),
    kdf: z.object({ alg: z.literal('argon2id'), m: z.number(), t: z.number(), p: z.number(), salt: b64 }).strict(),
    /** The staff member's age recipient: grants are encrypted to it. */
    recipient: ageRecipient,
    /** HMAC of (vault id, staff id, recipient) under a master-key subkey: only a master-key holder can make one. */
    endorsement: hex(32),
    /** AES-256-GCM under the password's KEK of {common key, age identity}; AD = the slot's fixed fields. */
    wrappedKey: b64,
    /** Owners and admins: the master key, age-encrypted to `recipient`. */
    wrappedMaster: b64.optional(),
  })
  .strict();

const bodySchema = z
  .object({
    format: z.literal(KEY_FILE_FORMAT),
    version: z.literal(KEY_FILE_VERSION),
    vaultId: hex(16),
    createdAt: z.string(),
    slots: z.array(slotSchema).max(10_000),
    recovery: z
      .object({
        recipient: ageRecipient,
        /** The common key (32 bytes), age-encrypted to the recovery recipient. */
        wrappedKey: b64,
        /** The master key (32 bytes), age-encrypted to the recovery recipient. */
        wrappedMasterKey: b64,
      })
      .strict(),
    masterCheck: hex(32),
  })
  .strict();

const fileSchema = z.object({ body: bodySchema, digest: hex(32), mac: hex(32) }).strict();

export type KeySlot = z.infer<typeof slotSchema>;
export type KeyFileBody = z.infer<typeof bodySchema>;
export type KeyFile = z.infer<typeof fileSchema>;

type SlotFixed = Pick<KeySlot, 'id' | 'staffId' | 'lookup' | 'kdf' | 'recipient'>;

/** What the slot's AES-GCM authenticates: the fields that only change with the password. */
function slotAd(vaultId: string, slot: SlotFixed): Buffer {
  return Buffer.from(
    canonicalJson({ vaultId, id: slot.id, staffId: slot.staffId, lookup: slot.lookup, kdf: slot.kdf, recipient: slot.recipient }),
  );
}

const PAYLOAD_VERSION = 2;

function decodePayload(payload: Buffer): { commonKey: Buffer; identity: string } | null {
  if (payload.length < 1 + KEY_BYTES + 1 || payload[0] !== PAYLOAD_VERSION) return null;
  const identity = payload.subarray(1 + KEY_BYTES).toString('ascii');
  if (!isRecoveryIdentity(identity)) return null;
  return { commonKey: Buffer.from(payload.subarray(1, 1 + KEY_BYTES)), identity };
}

function digestOf(body: KeyFileBody): string {
  return createHash('sha256').update(canonicalJson(body)).digest('hex');
}

function macOf(body: KeyFileBody, commonKey: Buffer): string {
  const macKey = deriveSubkey(commonKey, Buffer.from(body.vaultId, 'hex'), 'headerMac');
  try {
    return createHmac('sha256', macKey).update(canonicalJson(body)).digest('hex');
  } finally {
    wipe(macKey);
  }
}

const tampered = () => new VaultError('TAMPERED', { what: 'vault.key' });

/** Parses and checks everything that can be checked without a key. */
export function parseKeyFileV2(text: string): KeyFile {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new VaultError('CORRUPT', { what: 'vault.key' });
  }
  const parsed = fileSchema.safeParse(raw);
  if (!parsed.success) throw tampered();
  const file = parsed.data;
  if (!equalHex(digestOf(file.body), file.digest)) throw tampered();
  for (const slot of file.body.slots) {
    if (!kdfParamsAcceptable(slot.kdf) || Buffer.from(slot.kdf.salt, 'base64').length !== SALT_BYTES) throw tampered();
  }
  if (new Set(file.body.slots.map((s) => s.staffId)).size !== file.body.slots.length) throw tampered();
  return file;
}

/** Verifies the key-dependent MAC: a file whose digest was recomputed after editing fails here. */
export function verifyKeyFileMac(file: KeyFile, commonKey: Buffer): void {
  if (!equalHex(macOf(file.body, commonKey), file.mac)) throw tampered();
}

/**
 * Checks what only a master-key holder can: the master key is the vault's
 * (not one substituted by someone holding just the common key) and every
 * staff recipient is endorsed by it.
 */
export function verifyMasterBindings(file: KeyFile, masterKey: Buffer): void {
  if (!equalHex(masterCheck(masterKey, file.body.vaultId), file.body.masterCheck)) throw tampered();
  for (const slot of file.body.slots) {
    if (!endorsementValid(masterKey, file.body.vaultId, slot.staffId, slot.recipient, slot.endorsement)) throw tampered();
  }
}

export interface PasswordUnlock {
  commonKey: Buffer;
  /** Only for staff whose slot carries the master key (owners and admins). */
  masterKey: Buffer | null;
  identity: string;
  slot: KeySlot;
}

/**
 * Opens a staff member's slot with their password. Unknown staff and a wrong
 * password are indistinguishable: both cost one derivation and both throw
 * WRONG_CREDENTIALS.
 */
export async function unlockWithPasswordV2(file: KeyFile, staffName: string, password: Buffer): Promise<PasswordUnlock> {
  const lookup = slotLookup(file.body.vaultId, staffName);
  const slot = file.body.slots.find((s) => equalHex(s.lookup, lookup));
  const kdf = slot?.kdf ?? { ...DEFAULT_KDF, salt: randomBytes(SALT_BYTES).toString('base64') };
  const kek = await deriveKek(password, Buffer.from(kdf.salt, 'base64'), kdf);
  let payload: Buffer | null = null;
  try {
    if (!slot) throw new VaultError('WRONG_CREDENTIALS');
    payload = open(kek, Buffer.from(slot.wrappedKey, 'base64'), slotAd(file.body.vaultId, slot));
    if (!payload) throw new VaultError('WRONG_CREDENTIALS');
    const decoded = decodePayload(payload);
    if (!decoded) throw tampered();
    const { commonKey, identity } = decoded;
    let masterKey: Buffer | null = null;
    try {
      verifyKeyFileMac(file, commonKey);
      if ((await recipientOf(identity)) !== slot.recipient) throw tampered();
      if (slot.wrappedMaster) {
        masterKey = await unwrapWithIdentity(identity, Buffer.from(slot.wrappedMaster, 'base64'));
        if (!masterKey || masterKey.length !== KEY_BYTES) throw tampered();
        verifyMasterBindings(file, masterKey);
      }
    } catch (err) {
      wipe(commonKey, masterKey);
      throw err;
    }
    return { commonKey, masterKey, identity, slot };
  } finally {
    wipe(kek, payload);
  }
}

export interface RecoveryUnlock {
  commonKey: Buffer;
  masterKey: Buffer;
}

export async function unlockWithRecoveryV2(file: KeyFile, identity: string): Promise<RecoveryUnlock> {
  const commonKey = await unwrapWithIdentity(identity, Buffer.from(file.body.recovery.wrappedKey, 'base64'));
  if (!commonKey || commonKey.length !== KEY_BYTES) {
    wipe(commonKey);
    throw new VaultError('WRONG_CREDENTIALS');
  }
  let masterKey: Buffer | null = null;
  try {
    verifyKeyFileMac(file, commonKey);
    masterKey = await unwrapWithIdentity(identity, Buffer.from(file.body.recovery.wrappedMasterKey, 'base64'));
    if (!masterKey || masterKey.length !== KEY_BYTES) throw tampered();
    verifyMasterBindings(file, masterKey);
  } catch (err) {
    wipe(commonKey, masterKey);
    throw err;
  }
  return { commonKey, masterKey };
}
