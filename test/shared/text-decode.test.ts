import { describe, expect, it } from 'vitest';
import { decodeText } from '../../src/shared/delimited-text';

const bytes = (...values: number[]) => new Uint8Array(values);
const utf8 = (text: string) => new TextEncoder().encode(text);

describe('decodeText', () => {
  it('reads UTF-8 without a BOM', () => {
    expect(decodeText(utf8('账盾 ledger'))).toBe('账盾 ledger');
  });

  it('drops a UTF-8 BOM', () => {
    expect(decodeText(new Uint8Array([0xef, 0xbb, 0xbf, ...utf8('凭证')]))).toBe('凭证');
  });

  it('reads UTF-16 LE and BE by their BOM', () => {
    // "A中"
    expect(decodeText(bytes(0xff, 0xfe, 0x41, 0x00, 0x2d, 0x4e))).toBe('A中');
    expect(decodeText(bytes(0xfe, 0xff, 0x00, 0x41, 0x4e, 0x2d))).toBe('A中');
  });

  it('falls back to GB18030 for bytes that are not UTF-8 (older Excel and tax software)', () => {
    // "中文账盾" in GBK.
    expect(decodeText(bytes(0xd6, 0xd0, 0xce, 0xc4, 0xd5, 0xcb, 0xb6, 0xdc))).toBe('中文账盾');
  });

  it('decodes an empty file as empty text', () => {
    expect(decodeText(new Uint8Array(0))).toBe('');
  });
});
