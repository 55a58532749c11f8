import { describe, expect, it } from 'vitest';
import { newRecoveryIdentity } from '../../../../src/main/core/keys/age-keys';
import { recoveryKeyFromFile, recoveryKeyFromText } from '../../../../src/main/core/keys/recovery-key-text';
import { qrRects, recoverySheetPdf, sheetDate } from '../../../../src/main/core/first-run/recovery-sheet';
import { A4 } from '../../../../src/main/core/reports/pdf-writer';
import { readQr } from '../reports/qr-reader';

/** The page's text, decoded from its <UCS-2 hex> strings, in drawing order. */
function pageTexts(pdf: Buffer): string[] {
  const content = pdf.toString('latin1');
  return [...content.matchAll(/<([0-9A-F]+)> Tj/g)].map((m) => Buffer.from(m[1]!, 'hex').swap16().toString('utf16le'));
}

/** The filled rectangles of the page, back into a module grid (origin: the symbol's top-left). */
function qrGridFrom(pdf: Buffer, module: number): boolean[][] {
  const rects = [...pdf.toString('latin1').matchAll(/([\d.]+) ([\d.]+) ([\d.]+) ([\d.]+) re/g)].map((m) => m.slice(1).map(Number) as [number, number, number, number]);
  const left = Math.min(...rects.map((r) => r[0]));
  const top = Math.max(...rects.map((r) => r[1] + r[3]));
  const size = Math.round((top - Math.min(...rects.map((r) => r[1]))) / module);
  const grid = Array.from({ length: size }, () => new Array<boolean>(size).fill(false));
  for (const [x, y, w, h] of rects) {
    const row = Math.round((top - y - h) / module);
    for (let c = Math.round((x - left) / module); c < Math.round((x - left + w) / module); c++) grid[row]![c] = true;
  }
  return grid;
}

describe('recovery sheet', () => {
  it('holds the key (readable back from the file), the vault name, the date and the instructions', async () => {
    const { identity } = await newRecoveryIdentity();
    const date = new Date('2026-03-05T12:00:00Z');
    const pdf = recoverySheetPdf({ recoveryKey: identity, vaultName: '福州鑫源财务', fingerprint: 'ABCD-1234', date });
    expect(pdf.subarray(0, 8).toString('latin1')).toBe('%PDF-1.4');
    const texts = pageTexts(pdf);
    expect(texts).toContain(identity);
    expect(texts).toContain('保险库：福州鑫源财务');
    expect(texts).toContain(`日期：${sheetDate(date)}`);
    expect(sheetDate(date)).toBe('2026年03月05日');
    expect(texts.some((t) => t.includes('离线保存') && t.includes('保险柜'))).toBe(true);
    // The grouped lines give the key back when typed as printed.
    const grouped = texts.slice(texts.indexOf('分组抄写（每组四个字符）：') + 1, texts.indexOf('分组抄写（每组四个字符）：') + 4).join('\n');
    expect(recoveryKeyFromText(grouped)).toBe(identity);
    // Restore and unlock read the key from the file itself.
    expect(recoveryKeyFromFile(pdf)).toBe(identity);
  });

  it('draws a QR code that reads back as the key', async () => {
    const { identity } = await newRecoveryIdentity();
    const pdf = recoverySheetPdf({ recoveryKey: identity, vaultName: 'vault', fingerprint: 'F', date: new Date('2026-01-01T12:00:00Z') });
    expect(readQr(qrGridFrom(pdf, 4.5)).text).toBe(identity);
    const { rects, side } = qrRects(identity, 0, 0, 1);
    expect(side).toBe(37);
    expect(rects.length).toBeGreaterThan(100);
  });

  it('keeps every line on the page (STSong-Light: CJK one em, ASCII half)', async () => {
    const { identity } = await newRecoveryIdentity();
    const pdf = recoverySheetPdf({ recoveryKey: identity, vaultName: '某某代理记账有限公司保险库', fingerprint: 'ABCD-EFGH-IJKL-MNOP', date: new Date() });
    const content = pdf.toString('latin1');
    for (const m of content.matchAll(/\/F1 ([\d.]+) Tf ([\d.]+) ([\d.]+) Td <([0-9A-F]+)> Tj/g)) {
      const [size, x, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
      const text = Buffer.from(m[4]!, 'hex').swap16().toString('utf16le');
      const width = [...text].reduce((w, ch) => w + ((ch.codePointAt(0) ?? 0) < 0x80 ? size / 2 : size), 0);
      expect(x + width, text).toBeLessThanOrEqual(A4.width - 40);
      expect(y, text).toBeGreaterThan(40);
    }
  });
});

describe('recovery key text', () => {
  it('accepts the key pasted with spaces, line breaks, dashes, lower case and full-width characters', async () => {
    const { identity } = await newRecoveryIdentity();
    const body = identity.slice('AGE-SECRET-KEY-1'.length);
    const cases = [
      identity,
      `  ${identity}\n`,
      identity.toLowerCase(),
      `AGE-SECRET-KEY-1\n${body.slice(0, 29)}\r\n${body.slice(29)}`,
      `AGE SECRET KEY 1 ${body.match(/.{1,4}/g)!.join(' ')}`,
      `AGE-SECRET-KEY-1 ${body.match(/.{1,5}/g)!.join('-')}`,
      `恢复密钥：${identity}`,
      identity.replace(/-/g, '\u2014'),
      [...identity].map((ch) => String.fromCodePoint(ch.codePointAt(0)! + 0xfee0)).join(''),
      `# created: 2026-01-01\n# public key: age1xyz\n${identity}\n`,
    ];
    for (const text of cases) expect(recoveryKeyFromText(text), JSON.stringify(text)).toBe(identity);
  });

  it('refuses what is not one whole valid key', async () => {
    const { identity } = await newRecoveryIdentity();
    const last = identity[identity.length - 1]!;
    const typo = identity.slice(0, -1) + (last === 'Q' ? 'P' : 'Q');
    for (const text of ['', 'AGE-SECRET-KEY-1', identity.slice(0, -1), `${identity}Q`, typo, identity.replace('SECRET', 'SECRE'), 'age1qqqq']) {
      expect(recoveryKeyFromText(text), text).toBeNull();
    }
  });

  it('finds the one key in a key file; refuses a file with two; none in other files', async () => {
    const a = (await newRecoveryIdentity()).identity;
    const b = (await newRecoveryIdentity()).identity;
    expect(recoveryKeyFromFile(Buffer.from(`# 账盾恢复密钥\n${a}\n`))).toBe(a);
    expect(recoveryKeyFromFile(Buffer.from(`${a}\n${a}\n`))).toBe(a);
    expect(() => recoveryKeyFromFile(Buffer.from(`${a}\n${b}\n`))).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
    expect(recoveryKeyFromFile(Buffer.from('%PDF-1.4 nothing here'))).toBeNull();
    expect(() => recoveryKeyFromFile(Buffer.alloc(1024 * 1024 + 1))).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
  });
});
