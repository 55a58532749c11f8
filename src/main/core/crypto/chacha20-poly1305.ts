import sodium from 'sodium-native';

/**
 * ChaCha20-Poly1305 (RFC 8439: 32-byte key, 12-byte nonce, 16-byte tag) from
 * libsodium's native build (sodium-native, an N-API addon shipped prebuilt,
 * so the same code runs under Node and inside Electron, whose BoringSSL has
 * no chacha20-poly1305 for createCipheriv). It writes into buffers the caller
 * owns, in place if asked: no cipher object and no output allocation per call.
 */

export const CHACHA_KEY_BYTES = 32;
export const CHACHA_NONCE_BYTES = 12;
export const CHACHA_TAG_BYTES = 16;

/**
 * Seals `plain` into `out`: ciphertext, then the tag (`out` is exactly 16 bytes longer than `plain`).
 * `out` may start where `plain` starts (in place).
 */
export function chachaSealInto(out: Uint8Array, plain: Uint8Array, ad: Uint8Array | null, nonce: Uint8Array, key: Uint8Array): void {
  if (out.length !== plain.length + CHACHA_TAG_BYTES) throw new RangeError('sealed length must be plain length + 16');
  sodium.crypto_aead_chacha20poly1305_ietf_encrypt(out, plain, ad, null, nonce, key);
}

/**
 * Opens ciphertext ‖ tag into `out` (16 bytes shorter; may start where `sealed` starts). Returns false, with
 * `out` zero-filled, when it does not authenticate under this key, nonce and associated data.
 */
export function chachaOpenInto(out: Uint8Array, sealed: Uint8Array, ad: Uint8Array | null, nonce: Uint8Array, key: Uint8Array): boolean {
  if (sealed.length < CHACHA_TAG_BYTES || out.length !== sealed.length - CHACHA_TAG_BYTES) return false;
  try {
    sodium.crypto_aead_chacha20poly1305_ietf_decrypt(out, null, sealed, ad, nonce, key);
    return true;
  } catch {
    // libsodium throws "could not verify data"; it has already zeroed `out`.
    out.fill(0);
    return false;
  }
}
