import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { activePayloadCipher, hasNativeChaCha, payloadCipher, usePayloadCipher, type ChunkCipher, type PayloadCipherName } from '../../../../../src/main/core/backup/format/chacha';

const BACKENDS: PayloadCipherName[] = ['native', 'wasm'];

// RFC 8439 section 2.8.2: the AEAD_CHACHA20_POLY1305 example.
const RFC = {
  key: Buffer.from('808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f', 'hex'),
  nonce: Buffer.from('070000004041424344454647', 'hex'),
  aad: Buffer.from('50515253c0c1c2c3c4c5c6c7', 'hex'),
  plain: Buffer.from("Ladies and Gentlemen of the class of '99: If I could offer you only one tip for the future, sunscreen would be it.", 'ascii'),
  cipher: Buffer.from(
    'd31a8d34648e60db7b86afbc53ef7ec2a4aded51296e08fea9e2b5a736ee62d63dbea45e8ca9671282fafb69da92728b' +
      '1a71de0a9e060b2905d6a5b67ecd3b3692ddbd7f2d778b8c9803aee328091b58fab324e4fad675945585808b4831d7bc' +
      '3ff4def08e4b7a9de576d26586cec64b6116',
    'hex',
  ),
  tag: Buffer.from('1ae10b594f09e26a7e902ecbd0600691', 'hex'),
};

const sealed = (c: ChunkCipher, key: Uint8Array, nonce: Uint8Array, plain: Uint8Array, aad?: Uint8Array) => Buffer.concat(c.seal(key, nonce, plain, aad));

afterEach(() => usePayloadCipher(null));

describe('ChaCha20-Poly1305 backends', () => {
  it('this Node has the native cipher, and it is the default', () => {
    expect(hasNativeChaCha()).toBe(true);
    expect(activePayloadCipher()).toBe('native');
    usePayloadCipher('wasm');
    expect(activePayloadCipher()).toBe('wasm');
    usePayloadCipher(null);
    expect(activePayloadCipher()).toBe('native');
  });

  for (const name of BACKENDS) {
    it(`${name}: matches the RFC 8439 AEAD test vector, and refuses it altered`, async () => {
      const c = await payloadCipher(name);
      expect(c.name).toBe(name);
      expect(sealed(c, RFC.key, RFC.nonce, RFC.plain, RFC.aad).toString('hex')).toBe(Buffer.concat([RFC.cipher, RFC.tag]).toString('hex'));
      const good = Buffer.concat([RFC.cipher, RFC.tag]);
      expect(Buffer.from(c.open(RFC.key, RFC.nonce, good, RFC.aad) ?? []).equals(RFC.plain)).toBe(true);
      for (const at of [0, 57, RFC.cipher.length, good.length - 1]) {
        const bad = Buffer.from(good);
        bad[at] = (bad[at] ?? 0) ^ 0x01;
        expect(c.open(RFC.key, RFC.nonce, bad, RFC.aad), `flip at ${at}`).toBeNull();
      }
      expect(c.open(RFC.key, RFC.nonce, good, Buffer.alloc(12))).toBeNull();
      expect(c.open(RFC.key, RFC.nonce, good)).toBeNull();
      expect(c.open(RFC.key, RFC.nonce, good.subarray(0, 15))).toBeNull();
    });
  }

  it('native and wasm seal byte-identical chunks and open each other’s; a wrong nonce or key fails both', async () => {
    const native = await payloadCipher('native');
    const wasm = await payloadCipher('wasm');
    for (const size of [0, 1, 15, 16, 17, 63, 64, 65, 1000, 65_535, 65_536]) {
      const key = randomBytes(32);
      const nonce = randomBytes(12);
      const plain = randomBytes(size);
      const a = sealed(native, key, nonce, plain);
      const b = sealed(wasm, key, nonce, plain);
      expect(a.length).toBe(size + 16);
      expect(a.equals(b), `size ${size}`).toBe(true);
      expect(Buffer.from(wasm.open(key, nonce, a) ?? [1]).equals(plain)).toBe(true);
      expect(Buffer.from(native.open(key, nonce, b) ?? [1]).equals(plain)).toBe(true);
      const otherNonce = Buffer.from(nonce);
      otherNonce[11] = (otherNonce[11] ?? 0) ^ 1;
      expect(native.open(key, otherNonce, a)).toBeNull();
      expect(wasm.open(key, otherNonce, a)).toBeNull();
      expect(native.open(randomBytes(32), nonce, a)).toBeNull();
      expect(wasm.open(randomBytes(32), nonce, a)).toBeNull();
    }
  });
});
