import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import { z } from 'zod';
import { VaultError, fsError } from './errors';
import { open, seal } from './crypto/aead';
import { canonicalJson } from './crypto/canonical-json';
import { DEFAULT_KDF, KEY_BYTES, SALT_BYTES, deriveKek, kdfParamsAcceptable, type KdfParams } from './crypto/kdf';
import { wipe } from './crypto/keyring';
import { unwrapWithIdentity, wrapForRecipient } from './crypto/recovery';
import { deriveSubkey } from './crypto/subkeys';
import { writeFileDurable } from './fs-durable';

export const KEY_FILE_FORMAT = 'zhangdun-vault-key';
export const KEY_FILE_VERSION = 1;

const hex = (bytes: number) => z.string().regex(new RegExp(`^[0-9a-f]{${bytes * 2}}$`));
const b64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/);

const slotSchema = z
  .object({
    id: hex(16),
    staffId: hex(16),
    /** SHA-256 of the vault id and the normalised staff name: finds the slot without storing the name. */
    lookup: hex(32),
    kdf: z.object({ alg: z.literal('argon2id'), m: z.number(), t: z.number(), p: z.number(), salt: b64 }).strict(),
    wrappedKey: b64,
  })
  .strict();

const bodySchema = z
  .object({
    format: z.literal(KEY_FILE_FORMAT),
    version: z.literal(KEY_FILE_VERSION),
    vaultId: hex(16),
    createdAt: z.string(),
    slots: z.array(slotSchema).max(10_000),
    recovery: z.object({ recipient: z.string().regex(/^age1[02-9ac-hj-np-z]+$/), wrappedKey: b64 }).strict(),
  })
  .strict();

const fileSchema = z.object({ body: bodySchema, digest: hex(32), mac: hex(32) }).strict();

export type KeySlot = z.infer<typeof slotSchema>;
export type KeyFileBody = z.infer<typeof bodySchema>;
export type KeyFile = z.infer<typeof fileSchema>;

export function normaliseStaffName(name: string): string {
  return name.normalize('NFC').trim().toLowerCase();
}

export function slotLookup(vaultId: string, staffName: string): string {
  return createHash('sha256')
    .update(`zhangdun/v1/staff-lookup\0${vaultId}\0${normaliseStaffName(staffName)}`)
    .digest('hex');
}

function slotAd(vaultId: string, slot: Omit<KeySlot, 'wrappedKey'>): Buffer {
  return Buffer.from(canonicalJson({ vaultId, id: slot.id, staffId: slot.staffId, lookup: slot.lookup, kdf: slot.kdf }));
}

function digestOf(body: KeyFileBody): string {
  return createHash('sha256').update(canonicalJson(body)).digest('hex');
}

function macOf(body: KeyFileBody, vaultKey: Buffer): string {
  const macKey = deriveSubkey(vaultKey, Buffer.from(body.vaultId, 'hex'), 'headerMac');
  try {
    return createHmac('sha256', macKey).update(canonicalJson(body)).digest('hex');
  } finally {
    wipe(macKey);
  }
}

function sealBody(body: KeyFileBody, vaultKey: Buffer): KeyFile {
  return { body, digest: digestOf(body), mac: macOf(body, vaultKey) };
}

function equalHex(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Parses and checks everything that can be checked without a key. */
export function parseKeyFile(text: string): KeyFile {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new VaultError('CORRUPT', { what: 'vault.key' });
  }
  const version = (raw as { body?: { version?: unknown } } | null)?.body?.version;
  if (typeof version === 'number' && version > KEY_FILE_VERSION) throw new VaultError('FUTURE_VERSION');
  const parsed = fileSchema.safeParse(raw);
  if (!parsed.success) throw new VaultError('TAMPERED', { what: 'vault.key' });
  const file = parsed.data;
  if (!equalHex(digestOf(file.body), file.digest)) throw new VaultError('TAMPERED', { what: 'vault.key' });
  for (const slot of file.body.slots) {
    if (!kdfParamsAcceptable(slot.kdf) || Buffer.from(slot.kdf.salt, 'base64').length !== SALT_BYTES) {
      throw new VaultError('TAMPERED', { what: 'vault.key' });
    }
  }
  return file;
}

/** Verifies the key-dependent MAC: a file whose digest was recomputed after editing fails here. */
export function verifyKeyFileMac(file: KeyFile, vaultKey: Buffer): void {
  if (!equalHex(macOf(file.body, vaultKey), file.mac)) throw new VaultError('TAMPERED', { what: 'vault.key' });
}

export async function readKeyFile(path: string): Promise<KeyFile> {
  let text: string;
  try {
    text = await fsp.readFile(path, 'utf8');
  } catch (err) {
    const mapped = fsError(err, 'vault.key');
    if (mapped instanceof VaultError && mapped.code === 'NOT_FOUND') throw new VaultError('NO_VAULT');
    throw mapped;
  }
  return parseKeyFile(text);
}

export async function writeKeyFile(path: string, file: KeyFile): Promise<void> {
  await writeFileDurable(path, `${JSON.stringify(file, null, 2)}\n`);
}

async function makeSlot(
  vaultId: string,
  vaultKey: Buffer,
  staffId: string,
  staffName: string,
  password: Buffer,
  kdf: KdfParams,
): Promise<KeySlot> {
  const salt = randomBytes(SALT_BYTES);
  const kek = await deriveKek(password, salt, kdf);
  try {
    const partial = {
      id: randomBytes(16).toString('hex'),
      staffId,
      lookup: slotLookup(vaultId, staffName),
      kdf: { alg: 'argon2id' as const, m: kdf.m, t: kdf.t, p: kdf.p, salt: salt.toString('base64') },
    };
    return { ...partial, wrappedKey: seal(kek, vaultKey, slotAd(vaultId, partial)).toString('base64') };
  } finally {
    wipe(kek);
  }
}

export interface NewKeyFile {
  file: KeyFile;
  vaultKey: Buffer;
}

export async function createKeyFile(options: {
  staffId: string;
  staffName: string;
  password: Buffer;
  recoveryRecipient: string;
  kdf?: KdfParams;
  now?: Date;
}): Promise<NewKeyFile> {
  const vaultId = randomBytes(16).toString('hex');
  const vaultKey = randomBytes(KEY_BYTES);
  const slot = await makeSlot(vaultId, vaultKey, options.staffId, options.staffName, options.password, options.kdf ?? DEFAULT_KDF);
  // age has no associated data; the header MAC (checked after unwrapping) binds the wrap to this vault.
  const recoveryWrapped = await wrapForRecipient(options.recoveryRecipient, vaultKey);
  const body: KeyFileBody = {
    format: KEY_FILE_FORMAT,
    version: KEY_FILE_VERSION,
    vaultId,
    createdAt: (options.now ?? new Date()).toISOString(),
    slots: [slot],
    recovery: {
      recipient: options.recoveryRecipient,
      wrappedKey: recoveryWrapped.toString('base64'),
    },
  };
  return { file: sealBody(body, vaultKey), vaultKey };
}

export interface PasswordUnlock {
  vaultKey: Buffer;
  slot: KeySlot;
}

/**
 * Unwraps the vault key with a staff member's password. Unknown staff and a
 * wrong password are indistinguishable: both cost one derivation and both
 * throw WRONG_CREDENTIALS.
 */
export async function unlockWithPassword(file: KeyFile, staffName: string, password: Buffer): Promise<PasswordUnlock> {
  const lookup = slotLookup(file.body.vaultId, staffName);
  const slot = file.body.slots.find((s) => equalHex(s.lookup, lookup));
  const kdf = slot?.kdf ?? { ...DEFAULT_KDF, salt: randomBytes(SALT_BYTES).toString('base64') };
  const kek = await deriveKek(password, Buffer.from(kdf.salt, 'base64'), kdf);
  try {
    if (!slot) throw new VaultError('WRONG_CREDENTIALS');
    const vaultKey = open(kek, Buffer.from(slot.wrappedKey, 'base64'), slotAd(file.body.vaultId, slot));
    if (!vaultKey || vaultKey.length !== KEY_BYTES) throw new VaultError('WRONG_CREDENTIALS');
    try {
      verifyKeyFileMac(file, vaultKey);
    } catch (err) {
      wipe(vaultKey);
      throw err;
    }
    return { vaultKey, slot };
  } finally {
    wipe(kek);
  }
}

export async function unlockWithRecovery(file: KeyFile, identity: string): Promise<Buffer> {
  const vaultKey = await unwrapWithIdentity(identity, Buffer.from(file.body.recovery.wrappedKey, 'base64'));
  if (!vaultKey || vaultKey.length !== KEY_BYTES) throw new VaultError('WRONG_CREDENTIALS');
  try {
    verifyKeyFileMac(file, vaultKey);
  } catch (err) {
    wipe(vaultKey);
    throw err;
  }
  return vaultKey;
}

/** Adds a key slot (new staff member), or replaces the staff member's slot (password change). */
export async function putSlot(
  file: KeyFile,
  vaultKey: Buffer,
  staff: { id: string; name: string },
  password: Buffer,
  kdf: KdfParams = DEFAULT_KDF,
): Promise<KeyFile> {
  verifyKeyFileMac(file, vaultKey);
  const lookup = slotLookup(file.body.vaultId, staff.name);
  const clash = file.body.slots.find((s) => s.lookup === lookup && s.staffId !== staff.id);
  if (clash) throw new VaultError('ALREADY_EXISTS', { what: staff.name });
  const slot = await makeSlot(file.body.vaultId, vaultKey, staff.id, staff.name, password, kdf);
  const slots = [...file.body.slots.filter((s) => s.staffId !== staff.id), slot];
  return sealBody({ ...file.body, slots }, vaultKey);
}

export function removeSlot(file: KeyFile, vaultKey: Buffer, staffId: string): KeyFile {
  verifyKeyFileMac(file, vaultKey);
  return sealBody({ ...file.body, slots: file.body.slots.filter((s) => s.staffId !== staffId) }, vaultKey);
}
