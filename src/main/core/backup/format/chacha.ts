import { createCipheriv, createDecipheriv, getCiphers } from 'node:crypto';
import { createRequire } from 'node:module';

/**
 * ChaCha20-Poly1305 (RFC 8439, 12-byte nonce, 16-byte tag) for the age
 * payload, from one of two backends: Node's OpenSSL when it has the cipher
 * (plain Node: the CLI, tests, the benchmark), otherwise libsodium compiled to
 * WebAssembly (Electron's BoringSSL has no 'chacha20-poly1305' for
 * createCipheriv). Both compute the same function; the tests hold them to
 * each other and to RFC 8439.
 */

export type PayloadCipherName = 'native' | 'wasm';

export interface ChunkCipher {
  readonly name: PayloadCipherName;
  /** Encrypts one chunk: the ciphertext and then the 16-byte tag, as parts to write in that order. */
  seal(key: Uint8Array, nonce: Uint8Array, plain: Uint8Array, aad?: Uint8Array): Uint8Array[];
  /** Decrypts ciphertext ‖ tag; null when it does not authenticate. */
  open(key: Uint8Array, nonce: Uint8Array, sealed: Uint8Array, aad?: Uint8Array): Uint8Array | null;
}

export const TAG_BYTES = 16;
const ALGORITHM = 'chacha20-poly1305';

let nativeAvailable: boolean | undefined;

/** Whether this runtime's node:crypto has ChaCha20-Poly1305 (checked once). */
export function hasNativeChaCha(): boolean {
  nativeAvailable ??= getCiphers().includes(ALGORITHM);
  return nativeAvailable;
}

const nativeCipher: ChunkCipher = {
  name: 'native',
  seal(key, nonce, plain, aad) {
    const cipher = createCipheriv(ALGORITHM, key, nonce, { authTagLength: TAG_BYTES });
    if (aad) cipher.setAAD(aad, { plaintextLength: plain.length });
    const body = cipher.update(plain);
    cipher.final();
    return [body, cipher.getAuthTag()];
  },
  open(key, nonce, sealed, aad) {
    if (sealed.length < TAG_BYTES) return null;
    const split = sealed.length - TAG_BYTES;
    const decipher = createDecipheriv(ALGORITHM, key, nonce, { authTagLength: TAG_BYTES });
    decipher.setAuthTag(sealed.subarray(split));
    if (aad) decipher.setAAD(aad, { plaintextLength: split });
    const plain = decipher.update(sealed.subarray(0, split));
    try {
      decipher.final();
    } catch {
      plain.fill(0);
      return null;
    }
    return plain;
  },
};

let wasmCipher: Promise<ChunkCipher> | undefined;

/**
 * libsodium is loaded (about 1 MB of JavaScript and WebAssembly, ~85 ms) only
 * when first needed, with require(): the app's bundle is CommonJS, and
 * require() from an asar archive is the well-trodden path, unlike import().
 */
function loadWasmCipher(): Promise<ChunkCipher> {
  wasmCipher ??= (async () => {
    const sodium = createRequire(__filename)('libsodium-wrappers') as typeof import('libsodium-wrappers').default;
    await sodium.ready;
    return {
      name: 'wasm',
      seal: (key, nonce, plain, aad) => [sodium.crypto_aead_chacha20poly1305_ietf_encrypt(plain, aad ?? null, null, nonce, key)],
      open(key, nonce, sealed, aad) {
        if (sealed.length < TAG_BYTES) return null;
        try {
          return sodium.crypto_aead_chacha20poly1305_ietf_decrypt(null, sealed, aad ?? null, nonce, key);
        } catch {
          return null;
        }
      },
    } satisfies ChunkCipher;
  })();
  wasmCipher.catch(() => {
    wasmCipher = undefined;
  });
  return wasmCipher;
}

let forced: PayloadCipherName | null = null;

/** Forces a backend (tests, the benchmark); null goes back to the automatic choice. */
export function usePayloadCipher(name: PayloadCipherName | null): void {
  if (name === 'native' && !hasNativeChaCha()) throw new Error('this runtime has no native chacha20-poly1305');
  forced = name;
}

/** The backend payloadCipher() hands out: the forced one, else native where it exists. */
export function activePayloadCipher(): PayloadCipherName {
  return forced ?? (hasNativeChaCha() ? 'native' : 'wasm');
}

export async function payloadCipher(name: PayloadCipherName = activePayloadCipher()): Promise<ChunkCipher> {
  switch (name) {
    case 'native':
      if (!hasNativeChaCha()) throw new Error('this runtime has no native chacha20-poly1305');
      return nativeCipher;
    case 'wasm':
      return loadWasmCipher();
    default: {
      const never: never = name;
      throw new Error(`unknown cipher ${String(never)}`);
    }
  }
}
