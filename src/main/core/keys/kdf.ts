import argon2 from 'argon2';
import { VaultError } from '../errors';

/** Argon2id cost parameters, stored per staff member so they can be raised later. */
export interface KdfParams {
  /** Memory in KiB. */
  m: number;
  /** Iterations. */
  t: number;
  /** Lanes. */
  p: number;
}

/** RFC 9106 §4, second recommended option: 64 MiB, 3 passes, 4 lanes. */
export const DEFAULT_KDF: Readonly<KdfParams> = Object.freeze({ m: 64 * 1024, t: 3, p: 4 });

/** Anything weaker than this is refused as tampering (an attacker lowering the cost). */
export const KDF_FLOOR: Readonly<KdfParams> = Object.freeze({ m: 64 * 1024, t: 3, p: 1 });

/** Anything above this is refused too: a header that would make unlock hang or exhaust memory. */
export const KDF_CEILING: Readonly<KdfParams> = Object.freeze({ m: 4 * 1024 * 1024, t: 64, p: 64 });

export const SALT_BYTES = 16;
export const KEY_BYTES = 32;

export function kdfParamsAcceptable(params: KdfParams): boolean {
  const fields = ['m', 't', 'p'] as const;
  return fields.every(
    (f) => Number.isSafeInteger(params[f]) && params[f] >= KDF_FLOOR[f] && params[f] <= KDF_CEILING[f],
  );
}

/**
 * Derives a 256-bit key-encryption key from a password held in a Buffer.
 * The caller owns the password buffer and zero-fills it afterwards.
 */
export async function deriveKek(password: Buffer, salt: Buffer, params: KdfParams): Promise<Buffer> {
  if (!kdfParamsAcceptable(params)) throw new VaultError('TAMPERED', { what: 'kdf' });
  if (salt.length !== SALT_BYTES) throw new VaultError('TAMPERED', { what: 'kdf' });
  return argon2id(password, salt, params);
}

/** Bare Argon2id (no bounds check): used by deriveKek, the RFC test vector and the benchmark baseline. */
export function argon2id(
  password: Buffer,
  salt: Buffer,
  params: KdfParams,
  extra: { secret?: Buffer; associatedData?: Buffer; hashLength?: number } = {},
): Promise<Buffer> {
  return argon2.hash(password, {
    type: argon2.argon2id,
    raw: true,
    salt,
    memoryCost: params.m,
    timeCost: params.t,
    parallelism: params.p,
    hashLength: extra.hashLength ?? KEY_BYTES,
    version: 0x13,
    ...(extra.secret ? { secret: extra.secret } : {}),
    ...(extra.associatedData ? { associatedData: extra.associatedData } : {}),
  });
}
