import { describe, expect, it } from 'vitest';
import { printable, printableJson, printableValues } from '../../../src/main/cli/terminal-text';

describe('printable', () => {
  it.each([
    ['福州闽江财税咨询有限公司', '福州闽江财税咨询有限公司'],
    ['银行 对账单 2024年3月 😀.pdf', '银行 对账单 2024年3月 😀.pdf'],
    ['C:\\账套\\凭证.pdf', 'C:\\账套\\凭证.pdf'],
    ['\x1b[31mred\x1b[0m', '\\x1b[31mred\\x1b[0m'],
    ['\x1b]0;pwned\x07', '\\x1b]0;pwned\\x07'],
    ['a\tb\nc\rd\0e', 'a\\x09b\\x0ac\\x0dd\\x00e'],
    ['del\x7f', 'del\\x7f'],
    ['c1 csi \u009b31m', 'c1 csi \\x9b31m'],
    ['invoice\u202efdp.exe', 'invoice\\u202efdp.exe'],
    ['\u2066iso\u2069 \u200e\u200f\u061c', '\\u2066iso\\u2069 \\u200e\\u200f\\u061c'],
    ['line\u2028break\u2029', 'line\\u2028break\\u2029'],
  ])('%j -> %j', (input, expected) => {
    expect(printable(input)).toBe(expected);
  });

  it('leaves nothing a terminal would act on', () => {
    const all = Array.from({ length: 0x2100 }, (_, i) => String.fromCharCode(i)).join('');
    // eslint-disable-next-line no-control-regex
    expect(printable(all)).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
  });

  it('escapes the string values put into a message, and only those', () => {
    expect(printableValues({ name: 'a\x1bb', count: 3, ok: true })).toEqual({ name: 'a\\x1bb', count: 3, ok: true });
  });
});

describe('printableJson', () => {
  it('parses back to the same values, with no raw control or bidi character in the text', () => {
    const value = [{ name: '坏\x1b[31m名字\u202e', note: 'tab\there\u009b\u007f', n: 1 }];
    const text = printableJson(value);
    expect(JSON.parse(text)).toEqual(value);
    // eslint-disable-next-line no-control-regex
    expect(text.replace(/\n/g, '')).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
    expect(text).toContain('\\u202e');
    expect(text).toContain('\\u001b');
  });
});
