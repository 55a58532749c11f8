import { describe, expect, it } from 'vitest';
import { DEFAULT_KDF, KDF_CEILING, KDF_FLOOR, argon2id, deriveKek, kdfParamsAcceptable } from '../../../../src/main/core/keys/kdf';
import { isVaultError } from '../../../../src/main/core/errors';

describe('argon2id', () => {
  it('matches the RFC 9106 §5.3 Argon2id test vector', async () => {
    const tag = await argon2id(Buffer.alloc(32, 0x01), Buffer.alloc(16, 0x02), { m: 32, t: 3, p: 4 }, {
      secret: Buffer.alloc(8, 0x03),
      associatedData: Buffer.alloc(12, 0x04),
      hashLength: 32,
    });
    expect(tag.toString('hex')).toBe('0d640df58d78766c08c037a34a8b53c9d01ef0452d75b65eb52520e96b01e659');
  });

  it('defaults to at least RFC 9106 second recommendation', () => {
    expect(DEFAULT_KDF.m).toBeGreaterThanOrEqual(64 * 1024);
    expect(DEFAULT_KDF.t).toBeGreaterThanOrEqual(3);
    expect(DEFAULT_KDF.p).toBeGreaterThanOrEqual(4);
    expect(kdfParamsAcceptable(DEFAULT_KDF)).toBe(true);
  });

  it.each([
    [{ m: KDF_FLOOR.m - 1, t: 3, p: 4 }, false],
    [{ m: 65536, t: 2, p: 4 }, false],
    [{ m: 65536, t: 3, p: 0 }, false],
    [{ m: KDF_CEILING.m + 1, t: 3, p: 4 }, false],
    [{ m: 65536, t: KDF_CEILING.t + 1, p: 4 }, false],
    [{ m: 65536, t: 3, p: 65 }, false],
    [{ m: 65536.5, t: 3, p: 4 }, false],
    [{ m: 131072, t: 4, p: 4 }, true],
  ])('bounds %o → %s', (params, ok) => {
    expect(kdfParamsAcceptable(params)).toBe(ok);
  });

  it('refuses to derive with parameters outside the bounds', async () => {
    await expect(deriveKek(Buffer.from('pw'), Buffer.alloc(16), { m: 1024, t: 1, p: 1 })).rejects.toSatisfy((e) => isVaultError(e, 'TAMPERED'));
    await expect(deriveKek(Buffer.from('pw'), Buffer.alloc(8), DEFAULT_KDF)).rejects.toSatisfy((e) => isVaultError(e, 'TAMPERED'));
  });
});
