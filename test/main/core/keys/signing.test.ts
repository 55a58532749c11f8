/**
 * Ed25519 on libsodium: RFC 8032's test vector, the same signatures as
 * node:crypto's Ed25519 (so everything signed before still verifies), and
 * refusals that never throw.
 */
import { createPrivateKey, sign as nodeSign } from 'node:crypto';
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Signer, publicKeyOf, signWith, verifySignature } from '../../../../src/main/core/keys/signing';

const hex = (s: string) => Buffer.from(s, 'hex');
// RFC 8032 §7.1, TEST 1 (empty message) and TEST 2 (one byte).
const VECTORS = [
  {
    seed: '9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60',
    publicKey: 'd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a',
    message: '',
    signature: 'e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b',
  },
  {
    seed: '4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb',
    publicKey: '3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c',
    message: '72',
    signature: '92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00',
  },
];

describe('Ed25519 signing', () => {
  it.each(VECTORS)('matches RFC 8032 (public key $publicKey)', (v) => {
    expect(publicKeyOf(hex(v.seed)).toString('hex')).toBe(v.publicKey);
    expect(signWith(hex(v.seed), hex(v.message)).toString('hex')).toBe(v.signature);
    const signer = new Signer(hex(v.seed));
    expect(signer.publicKey.toString('hex')).toBe(v.publicKey);
    expect(signer.sign(hex(v.message)).toString('hex')).toBe(v.signature);
    expect(verifySignature(hex(v.publicKey), hex(v.message), hex(v.signature))).toBe(true);
  });

  it('signs exactly as node:crypto does, so what was signed before still verifies', () => {
    for (let i = 0; i < 20; i++) {
      const seed = randomBytes(32);
      const data = randomBytes(i * 37);
      const key = createPrivateKey({ key: Buffer.concat([hex('302e020100300506032b657004220420'), seed]), format: 'der', type: 'pkcs8' });
      const theirs = nodeSign(null, data, key);
      expect(signWith(seed, data).equals(theirs)).toBe(true);
      expect(verifySignature(publicKeyOf(seed), data, theirs)).toBe(true);
    }
  });

  it('refuses, without throwing: a changed message or signature, another key, wrong lengths, a disposed signer', () => {
    const seed = randomBytes(32);
    const data = Buffer.from('zhangdun/v3/roster');
    const signature = signWith(seed, data);
    const publicKey = publicKeyOf(seed);
    expect(verifySignature(publicKey, Buffer.from('zhangdun/v3/rostes'), signature)).toBe(false);
    const flipped = Buffer.from(signature);
    flipped[10]! ^= 1;
    expect(verifySignature(publicKey, data, flipped)).toBe(false);
    expect(verifySignature(publicKeyOf(randomBytes(32)), data, signature)).toBe(false);
    expect(verifySignature(publicKey.subarray(1), data, signature)).toBe(false);
    expect(verifySignature(publicKey, data, signature.subarray(1))).toBe(false);
    expect(verifySignature(Buffer.alloc(32), data, Buffer.alloc(64))).toBe(false);
    const signer = new Signer(seed);
    signer.dispose();
    expect(() => signer.sign(data)).toThrow('signer disposed');
    expect(() => publicKeyOf(Buffer.alloc(31))).toThrow(RangeError);
  });
});
