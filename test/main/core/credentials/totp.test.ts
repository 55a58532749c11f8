import { base32nopad } from '@scure/base';
import { describe, expect, it } from 'vitest';
import { parseTotpSeed, totpCode, type TotpSeed } from '../../../../src/main/core/credentials/totp';
import { isVaultError } from '../../../../src/main/core/errors';

const seedOf = (ascii: string, algorithm: TotpSeed['algorithm']): TotpSeed => ({
  secret: base32nopad.encode(Buffer.from(ascii, 'ascii')),
  algorithm,
  digits: 8,
  period: 30,
  issuer: null,
  account: null,
});

// RFC 6238 Appendix B: the seeds are the ASCII digits repeated to the hash's length.
const SEEDS = {
  SHA1: seedOf('12345678901234567890', 'SHA1'),
  SHA256: seedOf('12345678901234567890123456789012', 'SHA256'),
  SHA512: seedOf('1234567890123456789012345678901234567890123456789012345678901234', 'SHA512'),
};

const VECTORS: [number, string, string, string][] = [
  [59, '94287082', '46119246', '90693936'],
  [1111111109, '07081804', '68084774', '25091201'],
  [1111111111, '14050471', '67062674', '99943326'],
  [1234567890, '89005924', '91819424', '93441116'],
  [2000000000, '69279037', '90698825', '38618901'],
  [20000000000, '65353130', '77737706', '47863826'],
];

describe('totpCode', () => {
  it.each(VECTORS)('matches RFC 6238 at T=%d', (time, sha1, sha256, sha512) => {
    expect(totpCode(SEEDS.SHA1, time * 1000).code).toBe(sha1);
    expect(totpCode(SEEDS.SHA256, time * 1000).code).toBe(sha256);
    expect(totpCode(SEEDS.SHA512, time * 1000).code).toBe(sha512);
  });

  it('truncates to 6 digits and says how long the code lasts', () => {
    const seed = { ...SEEDS.SHA1, digits: 6 as const };
    expect(totpCode(seed, 59_000)).toEqual({ code: '287082', remaining: 1, period: 30 });
    expect(totpCode(seed, 60_000).remaining).toBe(30);
    expect(totpCode(seed, 60_999).remaining).toBe(30);
    expect(totpCode(seed, 61_000).remaining).toBe(29);
  });

  it('honours the period', () => {
    const seed = { ...SEEDS.SHA1, period: 60 };
    // With a 60 s step, T=59 is counter 0 and T=1111111109 is counter 18518518.
    expect(totpCode(seed, 59_000).code).toBe(totpCode(SEEDS.SHA1, 0).code);
    expect(totpCode(seed, 1111111109_000).remaining).toBe(60 - (1111111109 % 60));
  });
});

function reasonOf(input: string): unknown {
  try {
    parseTotpSeed(input);
  } catch (err) {
    if (isVaultError(err, 'INVALID_INPUT')) return err.values.reason;
    throw err;
  }
  return 'accepted';
}

describe('parseTotpSeed', () => {
  it('reads a bare seed with spaces, hyphens, lower case and padding', () => {
    const expected = { secret: 'JBSWY3DPEHPK3PXP', algorithm: 'SHA1', digits: 6, period: 30, issuer: null, account: null };
    expect(parseTotpSeed('JBSWY3DPEHPK3PXP')).toEqual(expected);
    expect(parseTotpSeed(' jbsw y3dp ehpk 3pxp ')).toEqual(expected);
    expect(parseTotpSeed('JBSW-Y3DP-EHPK-3PXP')).toEqual(expected);
    expect(parseTotpSeed('GEZDGNBV')).toMatchObject({ secret: 'GEZDGNBV' });
    expect(parseTotpSeed('GEZDGNBVGY======')).toMatchObject({ secret: 'GEZDGNBVGY' });
  });

  it('ignores trailing bits that do not fill a byte, as authenticator apps do', () => {
    expect(parseTotpSeed('JBSWY3DPEHPK3PXPJBSWY3DPEH').secret).toBe('JBSWY3DPEHPK3PXPJBSWY3DPEE');
  });

  it('reads a Google Authenticator URI', () => {
    expect(parseTotpSeed('otpauth://totp/Example:alice@google.com?secret=JBSWY3DPEHPK3PXP&issuer=Example')).toEqual({
      secret: 'JBSWY3DPEHPK3PXP',
      algorithm: 'SHA1',
      digits: 6,
      period: 30,
      issuer: 'Example',
      account: 'alice@google.com',
    });
  });

  it('reads every parameter and percent-decodes the label', () => {
    const uri =
      'otpauth://totp/%E5%B7%A5%E5%95%86%E9%93%B6%E8%A1%8C%3A%20zhang%40example.com?secret=jbswy3dpehpk3pxp&algorithm=sha256&digits=8&period=60';
    expect(parseTotpSeed(uri)).toEqual({
      secret: 'JBSWY3DPEHPK3PXP',
      algorithm: 'SHA256',
      digits: 8,
      period: 60,
      issuer: '工商银行',
      account: 'zhang@example.com',
    });
  });

  it('prefers the issuer parameter to the label prefix and allows a label without one', () => {
    expect(parseTotpSeed('otpauth://totp/Old:bob?secret=JBSWY3DPEHPK3PXP&issuer=New%20Co')).toMatchObject({ issuer: 'New Co', account: 'bob' });
    expect(parseTotpSeed('otpauth://totp/bob?secret=JBSWY3DPEHPK3PXP')).toMatchObject({ issuer: null, account: 'bob' });
    expect(parseTotpSeed('otpauth://totp/?secret=JBSWY3DPEHPK3PXP&algorithm=SHA512&digits=7')).toMatchObject({
      issuer: null,
      account: null,
      algorithm: 'SHA512',
      digits: 7,
    });
    expect(parseTotpSeed('OTPAUTH://TOTP/x?SECRET=JBSWY3DPEHPK3PXP')).toMatchObject({ secret: 'JBSWY3DPEHPK3PXP' });
  });

  it('produces codes that match the seed given bare', () => {
    const fromUri = parseTotpSeed('otpauth://totp/a?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&digits=8');
    expect(totpCode(fromUri, 59_000).code).toBe('94287082');
  });

  it.each([
    ['empty', ''],
    ['empty', '   '],
    ['hotp', 'otpauth://hotp/x?secret=JBSWY3DPEHPK3PXP&counter=1'],
    ['uri', 'otpauth://steam/x?secret=JBSWY3DPEHPK3PXP'],
    ['empty', 'otpauth://totp/x?issuer=a'],
    ['empty', 'otpauth://totp/x?secret='],
    ['uri', 'otpauth://totp/%E0%A4%A?secret=JBSWY3DPEHPK3PXP'],
    ['algorithm', 'otpauth://totp/x?secret=JBSWY3DPEHPK3PXP&algorithm=MD5'],
    ['digits', 'otpauth://totp/x?secret=JBSWY3DPEHPK3PXP&digits=10'],
    ['digits', 'otpauth://totp/x?secret=JBSWY3DPEHPK3PXP&digits=5'],
    ['period', 'otpauth://totp/x?secret=JBSWY3DPEHPK3PXP&period=0'],
    ['period', 'otpauth://totp/x?secret=JBSWY3DPEHPK3PXP&period=301'],
    ['period', 'otpauth://totp/x?secret=JBSWY3DPEHPK3PXP&period=1.5'],
    ['base32', 'JBSWY3DPEHPK3PX1'],
    ['base32', 'JBSWY3DPEHPK3PX!'],
    ['base32', 'JBSWY3DPE'],
    ['too-short', 'JBSWY3D'],
    ['too-long', 'A'.repeat(420)],
    ['too-long', 'A'.repeat(3000)],
  ])('refuses %s (case %#)', (reason, input) => {
    expect(reasonOf(input)).toBe(reason);
  });

  it('never puts the seed in the error', () => {
    try {
      parseTotpSeed('otpauth://totp/x?secret=JBSWY3DPEHPK3PX1');
      expect.unreachable();
    } catch (err) {
      expect(JSON.stringify(err)).not.toContain('JBSWY3');
      expect(String(err)).not.toContain('JBSWY3');
    }
  });
});
