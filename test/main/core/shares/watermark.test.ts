/** The watermarks alone: a JPEG's pixels change where the words are; what cannot be stamped is said (null), never half done. */
import { decode as decodeJpeg, encode as encodeJpeg } from 'jpeg-js';
import { PDFDocument } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { readSfnt } from '../../../../src/main/core/reports/sfnt';
import { reportFontPath } from '../../../../src/main/core/reports/report-font';
import { renderText } from '../../../../src/main/core/shares/glyph-raster';
import { watermarkImage } from '../../../../src/main/core/shares/watermark-image';
import { watermarkPdf } from '../../../../src/main/core/shares/watermark-pdf';
import { readFileSync } from 'node:fs';

const WORDS = '仅供 某税务局 使用 · 2026-03-10 · 账盾';

describe('image watermark', () => {
  it('darkens a JPEG along the middle row of text and leaves its corners', () => {
    const width = 400;
    const height = 300;
    const jpeg = encodeJpeg({ width, height, data: Buffer.alloc(width * height * 4, 235) }, 95).data;
    const out = watermarkImage(jpeg, WORDS);
    expect(out).not.toBeNull();
    const before = decodeJpeg(jpeg, { useTArray: true });
    const after = decodeJpeg(out!, { useTArray: true });
    expect([after.width, after.height]).toEqual([width, height]);
    const darkest = (y0: number, y1: number) => {
      let min = 255;
      for (let y = y0; y < y1; y++) for (let x = 0; x < width; x++) min = Math.min(min, after.data[(y * width + x) * 4] ?? 255);
      return min;
    };
    expect(darkest(140, 160)).toBeLessThan(160);
    expect(Math.abs((after.data[0] ?? 0) - (before.data[0] ?? 0))).toBeLessThan(6);
  });

  it('returns null for what it cannot decode', () => {
    expect(watermarkImage(Buffer.from('GIF89a not really'), WORDS)).toBeNull();
    expect(watermarkImage(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]), WORDS)).toBeNull();
  });

  it('rasterises Chinese glyphs into a mask with ink inside and none around', () => {
    const font = readSfnt(readFileSync(reportFontPath()));
    const mask = renderText(font, '账盾', 40);
    const ink = mask.alpha.reduce((sum, a) => sum + (a > 128 ? 1 : 0), 0);
    expect(mask.width).toBeGreaterThan(70);
    expect(ink).toBeGreaterThan(mask.width * mask.height * 0.1);
    expect(ink).toBeLessThan(mask.width * mask.height * 0.7);
  });
});

describe('PDF watermark', () => {
  it('adds the words on every page of a PDF made elsewhere (pdf-lib), keeping its page count and sizes', async () => {
    const doc = await PDFDocument.create();
    doc.addPage([595, 842]);
    doc.addPage([842, 595]);
    const out = await watermarkPdf(await doc.save(), WORDS);
    expect(out).not.toBeNull();
    const back = await PDFDocument.load(out!);
    expect(back.getPages().map((p) => [p.getWidth(), p.getHeight()])).toEqual([
      [595, 842],
      [842, 595],
    ]);
  });

  it('returns null for a file that is not a PDF', async () => {
    expect(await watermarkPdf(Buffer.from('%PDF-1.4 truncated'), WORDS)).toBeNull();
  });
});
