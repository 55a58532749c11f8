import { Decrypter, Encrypter, generateX25519Identity, identityToRecipient } from 'age-encryption';

/**
 * The firm's recovery key: an age X25519 identity (AGE-SECRET-KEY-1…). Only its
 * recipient (age1…) is stored in the vault; the identity is shown once.
 */
export async function newRecoveryIdentity(): Promise<{ identity: string; recipient: string }> {
  const identity = await generateX25519Identity();
  return { identity, recipient: await identityToRecipient(identity) };
}

export function isRecoveryIdentity(value: string): boolean {
  return /^AGE-SECRET-KEY-1[02-9AC-HJ-NP-Z]{58}$/.test(value.trim());
}

export async function recipientOf(identity: string): Promise<string> {
  return identityToRecipient(identity.trim());
}

export async function wrapForRecipient(recipient: string, secret: Buffer): Promise<Buffer> {
  const enc = new Encrypter();
  enc.addRecipient(recipient);
  return Buffer.from(await enc.encrypt(new Uint8Array(secret)));
}

/** Returns the unwrapped secret, or null when the identity does not match or the data was altered. */
export async function unwrapWithIdentity(identity: string, wrapped: Buffer): Promise<Buffer | null> {
  const dec = new Decrypter();
  try {
    dec.addIdentity(identity.trim());
    return Buffer.from(await dec.decrypt(new Uint8Array(wrapped)));
  } catch {
    return null;
  }
}
