import { describe, expect, it } from 'vitest';
import { dataCodewords, encodeQr, formatBits, QR_BLOCKS, reedSolomon, versionBits, versionFor } from '../../../../src/main/core/reports/qr-code';
import { readQr } from './qr-reader';

const KEY = 'AGE-SECRET-KEY-1QQZ2FHGZ5KKMS2ELQ4Y0NMWJUJ60G2WRW5W53YX6VMCF7DZW3UFSD5ZA9D';

describe('QR encoder', () => {
  it('has the standard codeword totals for versions 1–10 at both levels', () => {
    const totals = [26, 44, 70, 100, 134, 172, 196, 242, 292, 346];
    for (const level of ['M', 'Q'] as const) {
      QR_BLOCKS[level].forEach((spec, i) => {
        const blocks = spec.groups.reduce((n, [count]) => n + count, 0);
        expect(dataCodewords(i + 1, level) + blocks * spec.ec, `${i + 1}-${level}`).toBe(totals[i]);
      });
    }
  });

  it('computes the Reed–Solomon codewords of the standard example (HELLO WORLD, 1-M)', () => {
    const data = [32, 91, 11, 120, 209, 114, 220, 77, 67, 64, 236, 17, 236, 17, 236, 17];
    expect(reedSolomon(data, 10)).toEqual([196, 35, 39, 119, 235, 215, 231, 226, 93, 23]);
  });

  it('computes the format and version words of the standard tables', () => {
    expect(formatBits('M', 0)).toBe(0b101010000010010);
    expect(formatBits('Q', 0)).toBe(0b011010101011111);
    expect(formatBits('M', 5)).toBe(0b100000011001110);
    expect(versionBits(7)).toBe(0x07c94);
    expect(versionBits(10)).toBe(0x0a4d3);
  });

  it('puts a 74-character recovery key in a version 5-M symbol', () => {
    expect(KEY).toHaveLength(74);
    expect(versionFor(74, 'M')).toBe(5);
    expect(versionFor(74, 'Q')).toBe(6);
    const qr = encodeQr(KEY);
    expect(qr.version).toBe(5);
    expect(qr.size).toBe(37);
    expect(qr.modules).toHaveLength(37);
  });

  it('reads back as the same text with every mask, at M and Q', () => {
    for (const level of ['M', 'Q'] as const) {
      for (let mask = 0; mask < 8; mask++) {
        const qr = encodeQr(KEY, { level, mask });
        expect(readQr(qr.modules)).toEqual({ version: qr.version, level, mask, text: KEY });
      }
    }
  });

  it('reads back across versions, including those with version information (7+) and the 16-bit length (10)', () => {
    for (const length of [1, 14, 30, 60, 100, 130, 160, 200, 213]) {
      const text = 'x'.repeat(length - 1) + 'Z';
      const qr = encodeQr(text);
      expect(readQr(qr.modules).text, `${length} bytes, version ${qr.version}`).toBe(text);
    }
    expect(encodeQr('y'.repeat(200)).version).toBe(10);
    expect(encodeQr('中文恢复密钥').version).toBe(2); // 18 UTF-8 bytes: more than 1-M's 14
    expect(readQr(encodeQr('中文恢复密钥').modules).text).toBe('中文恢复密钥');
  });

  it('draws the three finder patterns and the timing lines', () => {
    const { modules, size } = encodeQr(KEY);
    const finderRow = [true, true, true, true, true, true, true, false];
    for (const [x0, y0] of [[0, 0], [size - 7, 0], [0, size - 7]] as const) {
      for (let i = 0; i < 7; i++) {
        expect(modules[y0]![x0 + i]).toBe(true);
        expect(modules[y0 + 6]![x0 + i]).toBe(true);
        expect(modules[y0 + i]![x0]).toBe(true);
      }
      expect(modules[y0 + 1]![x0 + 1]).toBe(false);
      expect(modules[y0 + 3]![x0 + 3]).toBe(true);
    }
    expect(modules[0]!.slice(0, 8)).toEqual(finderRow);
    for (let i = 8; i < size - 8; i++) {
      expect(modules[6]![i]).toBe(i % 2 === 0);
      expect(modules[i]![6]).toBe(i % 2 === 0);
    }
  });

  it('refuses text longer than version 10 holds', () => {
    expect(() => encodeQr('z'.repeat(214))).toThrow(RangeError);
  });

  it('a damaged symbol fails the reader’s checks (the reader can fail)', () => {
    const qr = encodeQr(KEY, { mask: 2 });
    const x = qr.size - 1;
    const y = qr.size - 1;
    qr.modules[y]![x] = !qr.modules[y]![x];
    expect(() => readQr(qr.modules)).toThrow(/syndrome/);
  });
});
