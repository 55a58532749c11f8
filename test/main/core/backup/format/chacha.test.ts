import { createCipheriv, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { chachaOpenInto, chachaSealInto } from '../../../../../src/main/core/crypto/chacha20-poly1305';

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

const seal = (key: Buffer, nonce: Buffer, plain: Buffer, aad: Buffer | null = null) => {
  const out = Buffer.alloc(plain.length + 16);
  chachaSealInto(out, plain, aad, nonce, key);
  return out;
};
const open = (key: Buffer, nonce: Buffer, sealed: Buffer, aad: Buffer | null = null) => {
  const out = Buffer.alloc(Math.max(0, sealed.length - 16), 0xaa);
  return chachaOpenInto(out, sealed, aad, nonce, key) ? out : null;
};

/** OpenSSL's ChaCha20-Poly1305 (plain Node has it; Electron's BoringSSL does not): an independent implementation. */
function opensslSeal(key: Buffer, nonce: Buffer, plain: Buffer): Buffer {
  const cipher = createCipheriv('chacha20-poly1305', key, nonce, { authTagLength: 16 });
  const body = cipher.update(plain);
  cipher.final();
  return Buffer.concat([body, cipher.getAuthTag()]);
}

describe('ChaCha20-Poly1305 (sodium-native)', () => {
  it('matches the RFC 8439 AEAD test vector, and refuses it altered', () => {
    const good = Buffer.concat([RFC.cipher, RFC.tag]);
    expect(seal(RFC.key, RFC.nonce, RFC.plain, RFC.aad).toString('hex')).toBe(good.toString('hex'));
    expect(open(RFC.key, RFC.nonce, good, RFC.aad)?.equals(RFC.plain)).toBe(true);
    for (const at of [0, 57, RFC.cipher.length, good.length - 1]) {
      const bad = Buffer.from(good);
      bad[at] = (bad[at] ?? 0) ^ 0x01;
      expect(open(RFC.key, RFC.nonce, bad, RFC.aad), `flip at ${at}`).toBeNull();
    }
    expect(open(RFC.key, RFC.nonce, good, Buffer.alloc(12))).toBeNull();
    expect(open(RFC.key, RFC.nonce, good)).toBeNull();
    expect(open(RFC.key, RFC.nonce, good.subarray(0, 15))).toBeNull();
  });

  it('seals what OpenSSL seals, at every size around the 64-byte block and the 64 KiB chunk', () => {
    for (const size of [0, 1, 15, 16, 17, 63, 64, 65, 1000, 65_535, 65_536]) {
      const key = randomBytes(32);
      const nonce = randomBytes(12);
      const plain = randomBytes(size);
      const sealed = seal(key, nonce, plain);
      expect(sealed.equals(opensslSeal(key, nonce, plain)), `size ${size}`).toBe(true);
      expect(open(key, nonce, sealed)?.equals(plain), `size ${size}`).toBe(true);
      const otherNonce = Buffer.from(nonce);
      otherNonce[11] = (otherNonce[11] ?? 0) ^ 1;
      expect(open(key, otherNonce, sealed)).toBeNull();
      expect(open(randomBytes(32), nonce, sealed)).toBeNull();
    }
  });

  it('works in place: the plaintext in the slot its ciphertext and tag fill, and back', () => {
    const key = randomBytes(32);
    const nonce = randomBytes(12);
    const plain = randomBytes(65_536);
    const slot = Buffer.alloc(plain.length + 16);
    plain.copy(slot);
    chachaSealInto(slot, slot.subarray(0, plain.length), null, nonce, key);
    expect(slot.equals(opensslSeal(key, nonce, plain))).toBe(true);
    expect(chachaOpenInto(slot.subarray(0, plain.length), slot, null, nonce, key)).toBe(true);
    expect(slot.subarray(0, plain.length).equals(plain)).toBe(true);
  });

  it('leaves no plaintext behind when a chunk does not authenticate, and refuses wrong lengths', () => {
    const key = randomBytes(32);
    const nonce = randomBytes(12);
    const sealed = seal(key, nonce, Buffer.alloc(1000, 0x41));
    sealed[10] = (sealed[10] ?? 0) ^ 1;
    const out = Buffer.alloc(1000, 0xaa);
    expect(chachaOpenInto(out, sealed, null, nonce, key)).toBe(false);
    expect(out.every((b) => b === 0)).toBe(true);
    expect(chachaOpenInto(Buffer.alloc(999), sealed, null, nonce, key)).toBe(false);
    expect(() => chachaSealInto(Buffer.alloc(10), Buffer.alloc(10), null, nonce, key)).toThrow(RangeError);
  });
});
