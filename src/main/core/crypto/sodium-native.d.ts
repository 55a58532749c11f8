/**
 * The few sodium-native (4.x) functions this code calls. @types/sodium-native
 * lacks the IETF ChaCha20-Poly1305 ones. Every output is a caller-provided
 * buffer; the combined forms may work in place (output starting where the
 * input starts).
 */
declare module 'sodium-native' {
  interface SodiumNative {
    readonly crypto_aead_chacha20poly1305_ietf_ABYTES: number;
    readonly crypto_aead_chacha20poly1305_ietf_KEYBYTES: number;
    readonly crypto_aead_chacha20poly1305_ietf_NPUBBYTES: number;
    /** Writes ciphertext ‖ tag into `c` (message length + ABYTES); returns the bytes written. `nsec` must be null. */
    crypto_aead_chacha20poly1305_ietf_encrypt(c: Uint8Array, m: Uint8Array, ad: Uint8Array | null, nsec: null, npub: Uint8Array, k: Uint8Array): number;
    /** Writes the plaintext into `m` (ciphertext length − ABYTES); throws when the tag does not verify. */
    crypto_aead_chacha20poly1305_ietf_decrypt(m: Uint8Array, nsec: null, c: Uint8Array, ad: Uint8Array | null, npub: Uint8Array, k: Uint8Array): number;
  }
  const sodium: SodiumNative;
  export = sodium;
}
