/**
 * The few sodium-native (4.x) functions this code calls (ChaCha20-Poly1305 and
 * Ed25519). @types/sodium-native lacks the IETF ChaCha20-Poly1305 ones. Every output is a caller-provided
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
    /** Ed25519: the public key (32) and secret key (64: seed ‖ public key) of a 32-byte seed. */
    crypto_sign_seed_keypair(pk: Uint8Array, sk: Uint8Array, seed: Uint8Array): void;
    /** Writes the 64-byte signature of `m` into `sig`. */
    crypto_sign_detached(sig: Uint8Array, m: Uint8Array, sk: Uint8Array): void;
    /** True when `sig` is a valid signature of `m` by `pk` (small-order and non-canonical keys and signatures refused). */
    crypto_sign_verify_detached(sig: Uint8Array, m: Uint8Array, pk: Uint8Array): boolean;
  }
  const sodium: SodiumNative;
  export = sodium;
}
