import { describe, expect, it } from 'vitest';
import { sanitizeFileName } from '../../../../src/main/core/fs/file-names';

describe('sanitizeFileName', () => {
  it.each([
    ['对账单 2024年3月.pdf', '对账单 2024年3月.pdf'],
    ['a/b\\c.pdf', 'a_b_c.pdf'],
    ['../../etc/passwd', '.._.._etc_passwd'],
    ['..', 'document'],
    ['', 'document'],
    ['   ', 'document'],
    ['what?.txt', 'what_.txt'],
    ['a<b>c:"d"|e*.txt', 'a_b_c__d__e_.txt'],
    ['CON', '_CON'],
    ['con.txt', '_con.txt'],
    ['LPT1.pdf', '_LPT1.pdf'],
    ['COM9', '_COM9'],
    ['console.txt', 'console.txt'],
    ['trailing dots...', 'trailing dots'],
    ['tab\there', 'tab_here'],
    ['emoji 😀.png', 'emoji 😀.png'],
  ])('%j → %j', (input, expected) => {
    expect(sanitizeFileName(input)).toBe(expected);
  });

  it('keeps names within 200 bytes without splitting a character, keeping the extension', () => {
    const out = sanitizeFileName(`${'税'.repeat(300)}.pdf`);
    expect(Buffer.byteLength(out)).toBeLessThanOrEqual(200);
    expect(out.endsWith('.pdf')).toBe(true);
    expect(out).not.toContain('\uFFFD');
  });

  it('never yields a separator or a parent reference whatever the input', () => {
    const samples = ['/', '\\', '..\\..\\x', 'a/../b', '\u0000', 'C:\\Windows', '//server/share'];
    for (const s of samples) {
      const out = sanitizeFileName(s);
      expect(out).not.toMatch(/[/\\]/);
      expect(out).not.toBe('..');
      expect(out.length).toBeGreaterThan(0);
    }
  });
});
